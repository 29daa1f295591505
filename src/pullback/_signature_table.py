"""torch's argument-parser signatures (function's, method's; None where torch has no such form or
writes it in Python), as libtorch_python keeps them. Written by tools/torch_signatures.py from
torch 2.13.0: do not edit by hand."""

SIGNATURES = {
    'add': (
        (
            'add(Tensor input, Tensor other, *, Scalar alpha=1, Tensor out=None)',
            'add(Tensor input, Scalar alpha, Tensor other, *, Tensor out=None)|deprecated',
        ),
        (
            'add(Tensor other, *, Scalar alpha=1)',
            'add(Scalar alpha, Tensor other)|deprecated',
        ),
    ),
    'add_': (
        None,
        (
            'add_(Tensor other, *, Scalar alpha=1)',
            'add_(Scalar alpha, Tensor other)|deprecated',
        ),
    ),
    'all': (
        (
            'all(Tensor input, *, Tensor out=None)',
            'all(Tensor input, IntArrayRef? dim=None, bool keepdim=False, *, Tensor out=None)',
            'all(Tensor input, int64_t dim, bool keepdim=False, *, Tensor out=None)',
        ),
        (
            'all()',
            'all(IntArrayRef? dim=None, bool keepdim=False)',
            'all(int64_t dim, bool keepdim=False)',
        ),
    ),
    'allclose': (
        (
            'allclose(Tensor input, Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)',
        ),
        (
            'allclose(Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)',
        ),
    ),
    'amax': (
        (
            'amax(Tensor input, IntArrayRef[1] dim=None, bool keepdim=False, *, Tensor out=None)',
        ),
        (
            'amax(IntArrayRef[1] dim=None, bool keepdim=False)',
        ),
    ),
    'amin': (
        (
            'amin(Tensor input, IntArrayRef[1] dim=None, bool keepdim=False, *, Tensor out=None)',
        ),
        (
            'amin(IntArrayRef[1] dim=None, bool keepdim=False)',
        ),
    ),
    'aminmax': (
        (
            'aminmax(Tensor input, *, int64_t? dim=None, bool keepdim=False, TensorList[2] out=None)',
        ),
        (
            'aminmax(*, int64_t? dim=None, bool keepdim=False)',
        ),
    ),
    'any': (
        (
            'any(Tensor input, *, Tensor out=None)',
            'any(Tensor input, IntArrayRef? dim=None, bool keepdim=False, *, Tensor out=None)',
            'any(Tensor input, int64_t dim, bool keepdim=False, *, Tensor out=None)',
        ),
        (
            'any()',
            'any(IntArrayRef? dim=None, bool keepdim=False)',
            'any(int64_t dim, bool keepdim=False)',
        ),
    ),
    'arange': (
        (
            'arange(Scalar end, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'arange(Scalar start, Scalar end, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'arange(Scalar start, Scalar end, Scalar step=1, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'arctan2': (
        (
            'arctan2(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'arctan2(Tensor other)',
        ),
    ),
    'arctan2_': (
        None,
        (
            'arctan2_(Tensor other)',
        ),
    ),
    'argmax': (
        (
            'argmax(Tensor input, int64_t? dim=None, bool keepdim=False, *, Tensor out=None)',
        ),
        (
            'argmax(int64_t? dim=None, bool keepdim=False)',
        ),
    ),
    'argmin': (
        (
            'argmin(Tensor input, int64_t? dim=None, bool keepdim=False, *, Tensor out=None)',
        ),
        (
            'argmin(int64_t? dim=None, bool keepdim=False)',
        ),
    ),
    'argsort': (
        (
            'argsort(Tensor input, *, bool stable, int64_t dim=-1, bool descending=False, Tensor out=None)',
            'argsort(Tensor input, int64_t dim=-1, bool descending=False)',
        ),
        (
            'argsort(*, bool stable, int64_t dim=-1, bool descending=False)',
            'argsort(int64_t dim=-1, bool descending=False)',
        ),
    ),
    'atan2': (
        (
            'atan2(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'atan2(Tensor other)',
        ),
    ),
    'atan2_': (
        None,
        (
            'atan2_(Tensor other)',
        ),
    ),
    'bernoulli': (
        (
            'bernoulli(Tensor input, *, Generator? generator=None, Tensor out=None)',
            'bernoulli(Tensor input, double p, *, Generator? generator=None)',
        ),
        (
            'bernoulli(*, Generator? generator=None)',
            'bernoulli(double p, *, Generator? generator=None)',
        ),
    ),
    'bernoulli_': (
        None,
        (
            'bernoulli_(Tensor p, *, Generator? generator=None)',
            'bernoulli_(double p=0.5, *, Generator? generator=None)',
        ),
    ),
    'bitwise_and': (
        (
            'bitwise_and(Tensor input, Tensor other, *, Tensor out=None)',
            'bitwise_and(Scalar self, Tensor other)',
            'bitwise_and(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'bitwise_and(Tensor other)',
            'bitwise_and(Scalar other)',
        ),
    ),
    'bitwise_and_': (
        None,
        (
            'bitwise_and_(Tensor other)',
            'bitwise_and_(Scalar other)',
        ),
    ),
    'bitwise_left_shift': (
        (
            'bitwise_left_shift(Tensor input, Tensor other, *, Tensor out=None)',
            'bitwise_left_shift(Scalar self, Tensor other)',
            'bitwise_left_shift(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'bitwise_left_shift(Tensor other)',
            'bitwise_left_shift(Scalar other)',
        ),
    ),
    'bitwise_left_shift_': (
        None,
        (
            'bitwise_left_shift_(Tensor other)',
            'bitwise_left_shift_(Scalar other)',
        ),
    ),
    'bitwise_or': (
        (
            'bitwise_or(Tensor input, Tensor other, *, Tensor out=None)',
            'bitwise_or(Scalar self, Tensor other)',
            'bitwise_or(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'bitwise_or(Tensor other)',
            'bitwise_or(Scalar other)',
        ),
    ),
    'bitwise_or_': (
        None,
        (
            'bitwise_or_(Tensor other)',
            'bitwise_or_(Scalar other)',
        ),
    ),
    'bitwise_right_shift': (
        (
            'bitwise_right_shift(Tensor input, Tensor other, *, Tensor out=None)',
            'bitwise_right_shift(Scalar self, Tensor other)',
            'bitwise_right_shift(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'bitwise_right_shift(Tensor other)',
            'bitwise_right_shift(Scalar other)',
        ),
    ),
    'bitwise_right_shift_': (
        None,
        (
            'bitwise_right_shift_(Tensor other)',
            'bitwise_right_shift_(Scalar other)',
        ),
    ),
    'bitwise_xor': (
        (
            'bitwise_xor(Tensor input, Tensor other, *, Tensor out=None)',
            'bitwise_xor(Scalar self, Tensor other)',
            'bitwise_xor(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'bitwise_xor(Tensor other)',
            'bitwise_xor(Scalar other)',
        ),
    ),
    'bitwise_xor_': (
        None,
        (
            'bitwise_xor_(Tensor other)',
            'bitwise_xor_(Scalar other)',
        ),
    ),
    'bmm': (
        (
            'bmm(Tensor input, Tensor mat2, *, Tensor out=None)',
            'bmm(Tensor input, Tensor mat2, ScalarType out_dtype, *, Tensor out=None)',
        ),
        (
            'bmm(Tensor mat2)',
        ),
    ),
    'cat': (
        (
            'cat(TensorList tensors, int64_t dim=0, *, Tensor out=None)',
        ),
        None,
    ),
    'chunk': (
        (
            'chunk(Tensor input, int64_t chunks, int64_t dim=0)',
        ),
        (
            'chunk(int64_t chunks, int64_t dim=0)',
        ),
    ),
    'clamp': (
        (
            'clamp(Tensor input, Tensor? min=None, Tensor? max=None, *, Tensor out=None)',
            'clamp(Tensor input, Scalar? min=None, Scalar? max=None, *, Tensor out=None)',
        ),
        (
            'clamp(Tensor? min=None, Tensor? max=None)',
            'clamp(Scalar? min=None, Scalar? max=None)',
        ),
    ),
    'clamp_': (
        (
            'clamp_(Tensor input, Tensor? min=None, Tensor? max=None)',
            'clamp_(Tensor input, Scalar? min=None, Scalar? max=None)',
        ),
        (
            'clamp_(Tensor? min=None, Tensor? max=None)',
            'clamp_(Scalar? min=None, Scalar? max=None)',
        ),
    ),
    'clamp_max': (
        (
            'clamp_max(Tensor input, Tensor max, *, Tensor out=None)',
            'clamp_max(Tensor input, Scalar max, *, Tensor out=None)',
        ),
        (
            'clamp_max(Tensor max)',
            'clamp_max(Scalar max)',
        ),
    ),
    'clamp_max_': (
        (
            'clamp_max_(Tensor input, Tensor max)',
            'clamp_max_(Tensor input, Scalar max)',
        ),
        (
            'clamp_max_(Tensor max)',
            'clamp_max_(Scalar max)',
        ),
    ),
    'clamp_min': (
        (
            'clamp_min(Tensor input, Tensor min, *, Tensor out=None)',
            'clamp_min(Tensor input, Scalar min, *, Tensor out=None)',
        ),
        (
            'clamp_min(Tensor min)',
            'clamp_min(Scalar min)',
        ),
    ),
    'clamp_min_': (
        (
            'clamp_min_(Tensor input, Tensor min)',
            'clamp_min_(Tensor input, Scalar min)',
        ),
        (
            'clamp_min_(Tensor min)',
            'clamp_min_(Scalar min)',
        ),
    ),
    'clip': (
        (
            'clip(Tensor input, Tensor? min=None, Tensor? max=None, *, Tensor out=None)',
            'clip(Tensor input, Scalar? min=None, Scalar? max=None, *, Tensor out=None)',
        ),
        (
            'clip(Tensor? min=None, Tensor? max=None)',
            'clip(Scalar? min=None, Scalar? max=None)',
        ),
    ),
    'clip_': (
        (
            'clip_(Tensor input, Tensor? min=None, Tensor? max=None)',
            'clip_(Tensor input, Scalar? min=None, Scalar? max=None)',
        ),
        (
            'clip_(Tensor? min=None, Tensor? max=None)',
            'clip_(Scalar? min=None, Scalar? max=None)',
        ),
    ),
    'concat': (
        (
            'concat(TensorList tensors, int64_t dim=0, *, Tensor out=None)',
        ),
        None,
    ),
    'concatenate': (
        (
            'concatenate(TensorList tensors, int64_t dim=0, *, Tensor out=None)',
        ),
        None,
    ),
    'copysign': (
        (
            'copysign(Tensor input, Tensor other, *, Tensor out=None)',
            'copysign(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'copysign(Tensor other)',
            'copysign(Scalar other)',
        ),
    ),
    'copysign_': (
        None,
        (
            'copysign_(Tensor other)',
            'copysign_(Scalar other)',
        ),
    ),
    'count_nonzero': (
        (
            'count_nonzero(Tensor input, int64_t? dim=None)',
            'count_nonzero(Tensor input, IntArrayRef dim)',
        ),
        (
            'count_nonzero(int64_t? dim=None)',
            'count_nonzero(IntArrayRef dim)',
        ),
    ),
    'cummax': (
        (
            'cummax(Tensor input, int64_t dim, *, TensorList[2] out=None)',
        ),
        (
            'cummax(int64_t dim)',
        ),
    ),
    'cummin': (
        (
            'cummin(Tensor input, int64_t dim, *, TensorList[2] out=None)',
        ),
        (
            'cummin(int64_t dim)',
        ),
    ),
    'cumprod': (
        (
            'cumprod(Tensor input, int64_t dim, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        (
            'cumprod(int64_t dim, *, ScalarType? dtype=None)',
        ),
    ),
    'cumprod_': (
        None,
        (
            'cumprod_(int64_t dim, *, ScalarType? dtype=None)',
        ),
    ),
    'cumsum': (
        (
            'cumsum(Tensor input, int64_t dim, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        (
            'cumsum(int64_t dim, *, ScalarType? dtype=None)',
        ),
    ),
    'cumsum_': (
        None,
        (
            'cumsum_(int64_t dim, *, ScalarType? dtype=None)',
        ),
    ),
    'diag': (
        (
            'diag(Tensor input, int64_t diagonal=0, *, Tensor out=None)',
        ),
        (
            'diag(int64_t diagonal=0)',
        ),
    ),
    'diagonal': (
        (
            'diagonal(Tensor input, int64_t offset=0, int64_t dim1=0, int64_t dim2=1)',
        ),
        (
            'diagonal(int64_t offset=0, int64_t dim1=0, int64_t dim2=1)',
        ),
    ),
    'diff': (
        (
            'diff(Tensor input, int64_t n=1, int64_t dim=-1, Tensor? prepend=None, Tensor? append=None, *, Tensor out=None)',
        ),
        (
            'diff(int64_t n=1, int64_t dim=-1, Tensor? prepend=None, Tensor? append=None)',
        ),
    ),
    'dist': (
        (
            'dist(Tensor input, Tensor other, Scalar p=2)',
        ),
        (
            'dist(Tensor other, Scalar p=2)',
        ),
    ),
    'div': (
        (
            'div(Tensor input, Tensor other, *, Tensor out=None)',
            'div(Tensor input, Tensor other, *, c10::string_view? rounding_mode, Tensor out=None)',
            'div(Tensor input, Scalar other, *, c10::string_view? rounding_mode)',
        ),
        (
            'div(Tensor other)',
            'div(Tensor other, *, c10::string_view? rounding_mode)',
            'div(Scalar other, *, c10::string_view? rounding_mode)',
        ),
    ),
    'div_': (
        None,
        (
            'div_(Tensor other)',
            'div_(Tensor other, *, c10::string_view? rounding_mode)',
            'div_(Scalar other, *, c10::string_view? rounding_mode)',
        ),
    ),
    'divide': (
        (
            'divide(Tensor input, Tensor other, *, Tensor out=None)',
            'divide(Tensor input, Tensor other, *, c10::string_view? rounding_mode, Tensor out=None)',
            'divide(Tensor input, Scalar other)',
            'divide(Tensor input, Scalar other, *, c10::string_view? rounding_mode)',
        ),
        (
            'divide(Tensor other)',
            'divide(Tensor other, *, c10::string_view? rounding_mode)',
            'divide(Scalar other)',
            'divide(Scalar other, *, c10::string_view? rounding_mode)',
        ),
    ),
    'divide_': (
        None,
        (
            'divide_(Tensor other)',
            'divide_(Tensor other, *, c10::string_view? rounding_mode)',
            'divide_(Scalar other)',
            'divide_(Scalar other, *, c10::string_view? rounding_mode)',
        ),
    ),
    'dot': (
        (
            'dot(Tensor input, Tensor tensor, *, Tensor out=None)',
        ),
        (
            'dot(Tensor tensor)',
        ),
    ),
    'empty': (
        (
            'empty(SymIntArrayRef size, *, MemoryFormat? memory_format=None, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'empty_like': (
        (
            'empty_like(Tensor input, *, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'eq': (
        (
            'eq(Tensor input, Tensor other, *, Tensor out=None)',
            'eq(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'eq(Tensor other)',
            'eq(Scalar other)',
        ),
    ),
    'eq_': (
        None,
        (
            'eq_(Tensor other)',
            'eq_(Scalar other)',
        ),
    ),
    'equal': (
        (
            'equal(Tensor input, Tensor other)',
        ),
        (
            'equal(Tensor other)',
        ),
    ),
    'expand': (
        None,
        (
            'expand(SymIntArrayRef size, *, bool implicit=False)',
        ),
    ),
    'eye': (
        (
            'eye(SymInt n, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'eye(SymInt n, SymInt m, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'fill': (
        (
            'fill(Tensor input, Tensor value)',
            'fill(Tensor input, Scalar value)',
        ),
        None,
    ),
    'fill_': (
        (
            'fill_(Tensor input, Tensor value)',
            'fill_(Tensor input, Scalar value)',
        ),
        (
            'fill_(Tensor value)',
            'fill_(Scalar value)',
        ),
    ),
    'flatten': (
        (
            'flatten(Tensor input, int64_t start_dim=0, int64_t end_dim=-1)',
        ),
        (
            'flatten(int64_t start_dim=0, int64_t end_dim=-1)',
        ),
    ),
    'flip': (
        (
            'flip(Tensor input, IntArrayRef dims)',
        ),
        (
            'flip(IntArrayRef dims)',
        ),
    ),
    'float_power': (
        (
            'float_power(Tensor input, Tensor exponent, *, Tensor out=None)',
            'float_power(Scalar self, Tensor exponent, *, Tensor out=None)',
            'float_power(Tensor input, Scalar exponent, *, Tensor out=None)',
        ),
        (
            'float_power(Tensor exponent)',
            'float_power(Scalar exponent)',
        ),
    ),
    'float_power_': (
        None,
        (
            'float_power_(Tensor exponent)',
            'float_power_(Scalar exponent)',
        ),
    ),
    'floor_divide': (
        (
            'floor_divide(Tensor input, Tensor other, *, Tensor out=None)',
            'floor_divide(Tensor input, Scalar other)',
        ),
        (
            'floor_divide(Tensor other)',
            'floor_divide(Scalar other)',
        ),
    ),
    'floor_divide_': (
        None,
        (
            'floor_divide_(Tensor other)',
            'floor_divide_(Scalar other)',
        ),
    ),
    'fmax': (
        (
            'fmax(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'fmax(Tensor other)',
        ),
    ),
    'fmin': (
        (
            'fmin(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'fmin(Tensor other)',
        ),
    ),
    'fmod': (
        (
            'fmod(Tensor input, Tensor other, *, Tensor out=None)',
            'fmod(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'fmod(Tensor other)',
            'fmod(Scalar other)',
        ),
    ),
    'fmod_': (
        None,
        (
            'fmod_(Tensor other)',
            'fmod_(Scalar other)',
        ),
    ),
    'full': (
        (
            'full(SymIntArrayRef size, Scalar fill_value, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'full_like': (
        (
            'full_like(Tensor input, Scalar fill_value, *, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'gather': (
        (
            'gather(Tensor input, int64_t dim, Tensor index, *, bool sparse_grad=False, Tensor out=None)',
        ),
        (
            'gather(int64_t dim, Tensor index, *, bool sparse_grad=False)',
        ),
    ),
    'gcd': (
        (
            'gcd(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'gcd(Tensor other)',
        ),
    ),
    'gcd_': (
        (
            'gcd_(Tensor input, Tensor other)',
        ),
        (
            'gcd_(Tensor other)',
        ),
    ),
    'ge': (
        (
            'ge(Tensor input, Tensor other, *, Tensor out=None)',
            'ge(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'ge(Tensor other)',
            'ge(Scalar other)',
        ),
    ),
    'ge_': (
        None,
        (
            'ge_(Tensor other)',
            'ge_(Scalar other)',
        ),
    ),
    'greater': (
        (
            'greater(Tensor input, Tensor other, *, Tensor out=None)',
            'greater(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'greater(Tensor other)',
            'greater(Scalar other)',
        ),
    ),
    'greater_': (
        None,
        (
            'greater_(Tensor other)',
            'greater_(Scalar other)',
        ),
    ),
    'greater_equal': (
        (
            'greater_equal(Tensor input, Tensor other, *, Tensor out=None)',
            'greater_equal(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'greater_equal(Tensor other)',
            'greater_equal(Scalar other)',
        ),
    ),
    'greater_equal_': (
        None,
        (
            'greater_equal_(Tensor other)',
            'greater_equal_(Scalar other)',
        ),
    ),
    'gt': (
        (
            'gt(Tensor input, Tensor other, *, Tensor out=None)',
            'gt(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'gt(Tensor other)',
            'gt(Scalar other)',
        ),
    ),
    'gt_': (
        None,
        (
            'gt_(Tensor other)',
            'gt_(Scalar other)',
        ),
    ),
    'heaviside': (
        (
            'heaviside(Tensor input, Tensor values, *, Tensor out=None)',
        ),
        (
            'heaviside(Tensor values)',
        ),
    ),
    'heaviside_': (
        None,
        (
            'heaviside_(Tensor values)',
        ),
    ),
    'histc': (
        (
            'histc(Tensor input, int64_t bins=100, Scalar min=0, Scalar max=0, *, Tensor out=None)',
        ),
        (
            'histc(int64_t bins=100, Scalar min=0, Scalar max=0)',
        ),
    ),
    'histogram': (
        (
            'histogram(Tensor input, Tensor bins, *, Tensor? weight=None, bool density=False, TensorList[2] out=None)',
            'histogram(Tensor input, int64_t bins=100, *, ArrayRef<double>? range=None, Tensor? weight=None, bool density=False, TensorList[2] out=None)',
        ),
        (
            'histogram(Tensor bins, *, Tensor? weight=None, bool density=False)',
            'histogram(int64_t bins=100, *, ArrayRef<double>? range=None, Tensor? weight=None, bool density=False)',
        ),
    ),
    'hypot': (
        (
            'hypot(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'hypot(Tensor other)',
        ),
    ),
    'hypot_': (
        None,
        (
            'hypot_(Tensor other)',
        ),
    ),
    'igamma': (
        (
            'igamma(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'igamma(Tensor other)',
        ),
    ),
    'igamma_': (
        None,
        (
            'igamma_(Tensor other)',
        ),
    ),
    'igammac': (
        (
            'igammac(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'igammac(Tensor other)',
        ),
    ),
    'igammac_': (
        None,
        (
            'igammac_(Tensor other)',
        ),
    ),
    'index_select': (
        (
            'index_select(Tensor input, int64_t dim, Tensor index, *, Tensor out=None)',
        ),
        (
            'index_select(int64_t dim, Tensor index)',
        ),
    ),
    'inner': (
        (
            'inner(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'inner(Tensor other)',
        ),
    ),
    'isclose': (
        (
            'isclose(Tensor input, Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)',
        ),
        (
            'isclose(Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)',
        ),
    ),
    'kron': (
        (
            'kron(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'kron(Tensor other)',
        ),
    ),
    'kthvalue': (
        (
            'kthvalue(Tensor input, SymInt k, int64_t dim=-1, bool keepdim=False, *, TensorList[2] out=None)',
        ),
        (
            'kthvalue(SymInt k, int64_t dim=-1, bool keepdim=False)',
        ),
    ),
    'lcm': (
        (
            'lcm(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'lcm(Tensor other)',
        ),
    ),
    'lcm_': (
        (
            'lcm_(Tensor input, Tensor other)',
        ),
        (
            'lcm_(Tensor other)',
        ),
    ),
    'ldexp': (
        (
            'ldexp(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'ldexp(Tensor other)',
        ),
    ),
    'ldexp_': (
        (
            'ldexp_(Tensor input, Tensor other)',
        ),
        (
            'ldexp_(Tensor other)',
        ),
    ),
    'le': (
        (
            'le(Tensor input, Tensor other, *, Tensor out=None)',
            'le(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'le(Tensor other)',
            'le(Scalar other)',
        ),
    ),
    'le_': (
        None,
        (
            'le_(Tensor other)',
            'le_(Scalar other)',
        ),
    ),
    'lerp': (
        (
            'lerp(Tensor input, Tensor end, Tensor weight, *, Tensor out=None)',
            'lerp(Tensor input, Tensor end, Scalar weight, *, Tensor out=None)',
        ),
        (
            'lerp(Tensor end, Tensor weight)',
            'lerp(Tensor end, Scalar weight)',
        ),
    ),
    'lerp_': (
        None,
        (
            'lerp_(Tensor end, Tensor weight)',
            'lerp_(Tensor end, Scalar weight)',
        ),
    ),
    'less': (
        (
            'less(Tensor input, Tensor other, *, Tensor out=None)',
            'less(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'less(Tensor other)',
            'less(Scalar other)',
        ),
    ),
    'less_': (
        None,
        (
            'less_(Tensor other)',
            'less_(Scalar other)',
        ),
    ),
    'less_equal': (
        (
            'less_equal(Tensor input, Tensor other, *, Tensor out=None)',
            'less_equal(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'less_equal(Tensor other)',
            'less_equal(Scalar other)',
        ),
    ),
    'less_equal_': (
        None,
        (
            'less_equal_(Tensor other)',
            'less_equal_(Scalar other)',
        ),
    ),
    'linspace': (
        (
            'linspace(Tensor start, Tensor end, int64_t steps, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'linspace(Scalar start, Tensor end, int64_t steps, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'linspace(Tensor start, Scalar end, int64_t steps, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'linspace(Scalar start, Scalar end, int64_t steps, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'log_softmax': (
        (
            'log_softmax(Tensor input, int64_t dim, ScalarType? dtype=None, *, Tensor out=None)',
        ),
        (
            'log_softmax(int64_t dim, ScalarType? dtype=None)',
        ),
    ),
    'logaddexp': (
        (
            'logaddexp(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'logaddexp(Tensor other)',
        ),
    ),
    'logaddexp2': (
        (
            'logaddexp2(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'logaddexp2(Tensor other)',
        ),
    ),
    'logcumsumexp': (
        (
            'logcumsumexp(Tensor input, int64_t dim, *, Tensor out=None)',
        ),
        (
            'logcumsumexp(int64_t dim)',
        ),
    ),
    'logical_and': (
        (
            'logical_and(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'logical_and(Tensor other)',
        ),
    ),
    'logical_and_': (
        None,
        (
            'logical_and_(Tensor other)',
        ),
    ),
    'logical_or': (
        (
            'logical_or(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'logical_or(Tensor other)',
        ),
    ),
    'logical_or_': (
        None,
        (
            'logical_or_(Tensor other)',
        ),
    ),
    'logical_xor': (
        (
            'logical_xor(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'logical_xor(Tensor other)',
        ),
    ),
    'logical_xor_': (
        None,
        (
            'logical_xor_(Tensor other)',
        ),
    ),
    'logspace': (
        (
            'logspace(Tensor start, Tensor end, int64_t steps, double base=10.0, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'logspace(Scalar start, Tensor end, int64_t steps, double base=10.0, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'logspace(Tensor start, Scalar end, int64_t steps, double base=10.0, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'logspace(Scalar start, Scalar end, int64_t steps, double base=10.0, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'logsumexp': (
        (
            'logsumexp(Tensor input, IntArrayRef[1] dim, bool keepdim=False, *, Tensor out=None)',
        ),
        (
            'logsumexp(IntArrayRef[1] dim, bool keepdim=False)',
        ),
    ),
    'lt': (
        (
            'lt(Tensor input, Tensor other, *, Tensor out=None)',
            'lt(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'lt(Tensor other)',
            'lt(Scalar other)',
        ),
    ),
    'lt_': (
        None,
        (
            'lt_(Tensor other)',
            'lt_(Scalar other)',
        ),
    ),
    'matmul': (
        (
            'matmul(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'matmul(Tensor other)',
        ),
    ),
    'max': (
        (
            'max(Tensor input, *, Tensor out=None)',
            'max(Tensor input, Tensor other, *, Tensor out=None)',
            'max(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)',
        ),
        (
            'max()',
            'max(Tensor other)',
            'max(int64_t dim, bool keepdim=False)',
        ),
    ),
    'maximum': (
        (
            'maximum(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'maximum(Tensor other)',
        ),
    ),
    'mean': (
        (
            'mean(Tensor input, *, ScalarType? dtype=None, Tensor out=None)',
            'mean(Tensor input, IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        (
            'mean(*, ScalarType? dtype=None)',
            'mean(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)',
        ),
    ),
    'median': (
        (
            'median(Tensor input)',
            'median(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)',
        ),
        (
            'median()',
            'median(int64_t dim, bool keepdim=False)',
        ),
    ),
    'min': (
        (
            'min(Tensor input, *, Tensor out=None)',
            'min(Tensor input, Tensor other, *, Tensor out=None)',
            'min(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)',
        ),
        (
            'min()',
            'min(Tensor other)',
            'min(int64_t dim, bool keepdim=False)',
        ),
    ),
    'minimum': (
        (
            'minimum(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'minimum(Tensor other)',
        ),
    ),
    'mm': (
        (
            'mm(Tensor input, Tensor mat2, *, Tensor out=None)',
            'mm(Tensor input, Tensor mat2, ScalarType out_dtype, *, Tensor out=None)',
        ),
        (
            'mm(Tensor mat2)',
        ),
    ),
    'mode': (
        (
            'mode(Tensor input, int64_t dim=-1, bool keepdim=False, *, TensorList[2] out=None)',
        ),
        (
            'mode(int64_t dim=-1, bool keepdim=False)',
        ),
    ),
    'moveaxis': (
        (
            'moveaxis(Tensor input, int64_t source, int64_t destination)',
            'moveaxis(Tensor input, IntArrayRef source, IntArrayRef destination)',
        ),
        (
            'moveaxis(int64_t source, int64_t destination)',
            'moveaxis(IntArrayRef source, IntArrayRef destination)',
        ),
    ),
    'movedim': (
        (
            'movedim(Tensor input, int64_t source, int64_t destination)',
            'movedim(Tensor input, IntArrayRef source, IntArrayRef destination)',
        ),
        (
            'movedim(int64_t source, int64_t destination)',
            'movedim(IntArrayRef source, IntArrayRef destination)',
        ),
    ),
    'msort': (
        (
            'msort(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'mul': (
        (
            'mul(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'mul(Tensor other)',
        ),
    ),
    'mul_': (
        None,
        (
            'mul_(Tensor other)',
        ),
    ),
    'multiply': (
        (
            'multiply(Tensor input, Tensor other, *, Tensor out=None)',
            'multiply(Tensor input, Scalar other)',
        ),
        (
            'multiply(Tensor other)',
            'multiply(Scalar other)',
        ),
    ),
    'multiply_': (
        None,
        (
            'multiply_(Tensor other)',
            'multiply_(Scalar other)',
        ),
    ),
    'mv': (
        (
            'mv(Tensor input, Tensor vec, *, Tensor out=None)',
        ),
        (
            'mv(Tensor vec)',
        ),
    ),
    'nanmean': (
        (
            'nanmean(Tensor input, IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        (
            'nanmean(IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
        ),
    ),
    'nanmedian': (
        (
            'nanmedian(Tensor input)',
            'nanmedian(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)',
        ),
        (
            'nanmedian()',
            'nanmedian(int64_t dim, bool keepdim=False)',
        ),
    ),
    'nanquantile': (
        (
            'nanquantile(Tensor input, Tensor q, int64_t? dim=None, bool keepdim=False, *, c10::string_view interpolation="linear", Tensor out=None)',
            'nanquantile(Tensor input, double q, int64_t? dim=None, bool keepdim=False, *, c10::string_view interpolation="linear", Tensor out=None)',
        ),
        (
            'nanquantile(Tensor q, int64_t? dim=None, bool keepdim=False, *, c10::string_view interpolation="linear")',
            'nanquantile(double q, int64_t? dim=None, bool keepdim=False, *, c10::string_view interpolation="linear")',
        ),
    ),
    'nansum': (
        (
            'nansum(Tensor input, IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        (
            'nansum(IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',
        ),
    ),
    'narrow': (
        (
            'narrow(Tensor input, int64_t dim, Tensor start, SymInt length)',
            'narrow(Tensor input, int64_t dim, SymInt start, SymInt length)',
        ),
        (
            'narrow(int64_t dim, Tensor start, SymInt length)',
            'narrow(int64_t dim, SymInt start, SymInt length)',
        ),
    ),
    'ne': (
        (
            'ne(Tensor input, Tensor other, *, Tensor out=None)',
            'ne(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'ne(Tensor other)',
            'ne(Scalar other)',
        ),
    ),
    'ne_': (
        None,
        (
            'ne_(Tensor other)',
            'ne_(Scalar other)',
        ),
    ),
    'new_empty': (
        None,
        (
            'new_empty(SymIntArrayRef size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
    ),
    'new_full': (
        None,
        (
            'new_full(SymIntArrayRef size, Scalar fill_value, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
    ),
    'new_ones': (
        None,
        (
            'new_ones(SymIntArrayRef size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
    ),
    'new_zeros': (
        None,
        (
            'new_zeros(SymIntArrayRef size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
    ),
    'nextafter': (
        (
            'nextafter(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'nextafter(Tensor other)',
        ),
    ),
    'nextafter_': (
        None,
        (
            'nextafter_(Tensor other)',
        ),
    ),
    'nonzero': (
        (
            'nonzero(Tensor input, *, bool as_tuple=False, Tensor out=None)',
        ),
        (
            'nonzero()',
            'nonzero(*, bool as_tuple)',
        ),
    ),
    'not_equal': (
        (
            'not_equal(Tensor input, Tensor other, *, Tensor out=None)',
            'not_equal(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'not_equal(Tensor other)',
            'not_equal(Scalar other)',
        ),
    ),
    'not_equal_': (
        None,
        (
            'not_equal_(Tensor other)',
            'not_equal_(Scalar other)',
        ),
    ),
    'one_hot': (
        (
            'one_hot(Tensor input, int64_t num_classes=-1)',
        ),
        None,
    ),
    'ones': (
        (
            'ones(SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'ones_like': (
        (
            'ones_like(Tensor input, *, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'outer': (
        (
            'outer(Tensor input, Tensor vec2, *, Tensor out=None)',
        ),
        (
            'outer(Tensor vec2)',
        ),
    ),
    'permute': (
        (
            'permute(Tensor input, IntArrayRef dims)',
        ),
        (
            'permute(IntArrayRef dims)',
        ),
    ),
    'pow': (
        (
            'pow(Tensor input, Tensor exponent, *, Tensor out=None)',
            'pow(Scalar self, Tensor exponent, *, Tensor out=None)',
            'pow(Tensor input, Scalar exponent, *, Tensor out=None)',
        ),
        (
            'pow(Tensor exponent)',
            'pow(Scalar exponent)',
        ),
    ),
    'pow_': (
        None,
        (
            'pow_(Tensor exponent)',
            'pow_(Scalar exponent)',
        ),
    ),
    'prod': (
        (
            'prod(Tensor input, *, ScalarType? dtype=None)',
            'prod(Tensor input, int64_t dim, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        (
            'prod(*, ScalarType? dtype=None)',
            'prod(int64_t dim, bool keepdim=False, *, ScalarType? dtype=None)',
        ),
    ),
    'quantile': (
        (
            'quantile(Tensor input, Tensor q, int64_t? dim=None, bool keepdim=False, *, c10::string_view interpolation="linear", Tensor out=None)',
            'quantile(Tensor input, double q, int64_t? dim=None, bool keepdim=False, *, c10::string_view interpolation="linear", Tensor out=None)',
        ),
        (
            'quantile(Tensor q, int64_t? dim=None, bool keepdim=False, *, c10::string_view interpolation="linear")',
            'quantile(double q, int64_t? dim=None, bool keepdim=False, *, c10::string_view interpolation="linear")',
        ),
    ),
    'rand': (
        (
            'rand(SymIntArrayRef size, *, Generator? generator, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'rand(SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'rand_like': (
        (
            'rand_like(Tensor input, *, Generator? generator, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'rand_like(Tensor input, *, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'randint': (
        (
            'randint(SymInt high, SymIntArrayRef size, *, Generator? generator, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randint(SymInt high, SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randint(SymInt low, SymInt high, SymIntArrayRef size, *, Generator? generator, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randint(SymInt low, SymInt high, SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'randint_like': (
        (
            'randint_like(Tensor input, SymInt low, SymInt high, *, Generator? generator, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randint_like(Tensor input, SymInt low, SymInt high, *, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randint_like(Tensor input, Tensor high, *, Generator? generator, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randint_like(Tensor input, Tensor high, *, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randint_like(Tensor input, SymInt high, *, Generator? generator, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randint_like(Tensor input, SymInt high, *, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'randn': (
        (
            'randn(SymIntArrayRef size, *, Generator? generator, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randn(SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'randn_like': (
        (
            'randn_like(Tensor input, *, Generator? generator, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randn_like(Tensor input, *, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'randperm': (
        (
            'randperm(SymInt n, *, Generator? generator, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randperm(SymInt n, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'remainder': (
        (
            'remainder(Tensor input, Tensor other, *, Tensor out=None)',
            'remainder(Scalar self, Tensor other)',
            'remainder(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'remainder(Tensor other)',
            'remainder(Scalar other)',
        ),
    ),
    'remainder_': (
        None,
        (
            'remainder_(Tensor other)',
            'remainder_(Scalar other)',
        ),
    ),
    'renorm': (
        (
            'renorm(Tensor input, Scalar p, int64_t dim, Scalar maxnorm, *, Tensor out=None)',
        ),
        (
            'renorm(Scalar p, int64_t dim, Scalar maxnorm)',
        ),
    ),
    'renorm_': (
        None,
        (
            'renorm_(Scalar p, int64_t dim, Scalar maxnorm)',
        ),
    ),
    'repeat': (
        None,
        (
            'repeat(SymIntArrayRef repeats)',
        ),
    ),
    'repeat_interleave': (
        (
            'repeat_interleave(Tensor input, Tensor repeats, int64_t? dim=None, *, SymInt? output_size=None)',
            'repeat_interleave(Tensor repeats, *, SymInt? output_size=None)',
            'repeat_interleave(Tensor input, SymInt repeats, int64_t? dim=None, *, SymInt? output_size=None)',
        ),
        (
            'repeat_interleave(Tensor repeats, int64_t? dim=None, *, SymInt? output_size=None)',
            'repeat_interleave(SymInt repeats, int64_t? dim=None, *, SymInt? output_size=None)',
        ),
    ),
    'requires_grad_': (
        None,
        (
            'requires_grad_(bool requires_grad=True)',
        ),
    ),
    'reshape': (
        (
            'reshape(Tensor input, SymIntArrayRef shape)',
        ),
        (
            'reshape(SymIntArrayRef shape)',
        ),
    ),
    'roll': (
        (
            'roll(Tensor input, SymIntArrayRef[1] shifts, IntArrayRef[1] dims=None)',
        ),
        (
            'roll(SymIntArrayRef[1] shifts, IntArrayRef[1] dims=None)',
        ),
    ),
    'rsub': (
        (
            'rsub(Tensor input, Tensor other, *, Scalar alpha=1)',
            'rsub(Tensor input, Scalar other, Scalar alpha=1)',
        ),
        None,
    ),
    'select': (
        (
            'select(Tensor input, int64_t dim, SymInt index)',
        ),
        (
            'select(int64_t dim, SymInt index)',
        ),
    ),
    'softmax': (
        (
            'softmax(Tensor input, int64_t dim, ScalarType? dtype=None, *, Tensor out=None)',
        ),
        (
            'softmax(int64_t dim, ScalarType? dtype=None)',
        ),
    ),
    'sort': (
        (
            'sort(Tensor input, *, bool? stable, int64_t dim=-1, bool descending=False, TensorList[2] out=None)',
            'sort(Tensor input, int64_t dim=-1, bool descending=False, *, TensorList[2] out=None)',
        ),
        (
            'sort(*, bool? stable, int64_t dim=-1, bool descending=False)',
            'sort(int64_t dim=-1, bool descending=False)',
        ),
    ),
    'special_xlog1py': (
        (
            'special_xlog1py(Tensor input, Tensor other, *, Tensor out=None)',
            'special_xlog1py(Scalar self, Tensor other, *, Tensor out=None)',
            'special_xlog1py(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        None,
    ),
    'special_xlogy': (
        (
            'special_xlogy(Tensor input, Tensor other, *, Tensor out=None)',
            'special_xlogy(Scalar self, Tensor other, *, Tensor out=None)',
            'special_xlogy(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        None,
    ),
    'special_zeta': (
        (
            'special_zeta(Tensor input, Tensor other, *, Tensor out=None)',
            'special_zeta(Scalar self, Tensor other, *, Tensor out=None)',
            'special_zeta(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        None,
    ),
    'split_with_sizes': (
        (
            'split_with_sizes(Tensor input, SymIntArrayRef split_sizes, int64_t dim=0)',
        ),
        (
            'split_with_sizes(SymIntArrayRef split_sizes, int64_t dim=0)',
        ),
    ),
    'squeeze': (
        (
            'squeeze(Tensor input)',
            'squeeze(Tensor input, int64_t dim)',
            'squeeze(Tensor input, IntArrayRef dim)',
        ),
        (
            'squeeze()',
            'squeeze(int64_t dim)',
            'squeeze(IntArrayRef dim)',
        ),
    ),
    'squeeze_': (
        None,
        (
            'squeeze_()',
            'squeeze_(int64_t dim)',
            'squeeze_(IntArrayRef dim)',
        ),
    ),
    'stack': (
        (
            'stack(TensorList tensors, int64_t dim=0, *, Tensor out=None)',
        ),
        None,
    ),
    'std': (
        (
            'std(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False, *, Tensor out=None)',
            'std(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False, Tensor out=None)',
            'std(Tensor input, bool unbiased=True)',
        ),
        (
            'std(IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)',
            'std(IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)',
            'std(bool unbiased=True)',
        ),
    ),
    'std_mean': (
        (
            'std_mean(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)',
            'std_mean(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)',
            'std_mean(Tensor input, bool unbiased=True)',
        ),
        None,
    ),
    'sub': (
        (
            'sub(Tensor input, Tensor other, *, Scalar alpha=1, Tensor out=None)',
            'sub(Tensor input, Scalar alpha, Tensor other, *, Tensor out=None)|deprecated',
        ),
        (
            'sub(Tensor other, *, Scalar alpha=1)',
            'sub(Scalar alpha, Tensor other)|deprecated',
        ),
    ),
    'sub_': (
        None,
        (
            'sub_(Tensor other, *, Scalar alpha=1)',
            'sub_(Scalar alpha, Tensor other)|deprecated',
        ),
    ),
    'subtract': (
        (
            'subtract(Tensor input, Tensor other, *, Scalar alpha=1, Tensor out=None)',
            'subtract(Tensor input, Scalar other, Scalar alpha=1)',
        ),
        (
            'subtract(Tensor other, *, Scalar alpha=1)',
            'subtract(Scalar other, Scalar alpha=1)',
        ),
    ),
    'subtract_': (
        None,
        (
            'subtract_(Tensor other, *, Scalar alpha=1)',
            'subtract_(Scalar other, Scalar alpha=1)',
        ),
    ),
    'sum': (
        (
            'sum(Tensor input, *, ScalarType? dtype=None)',
            'sum(Tensor input, IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        (
            'sum(*, ScalarType? dtype=None)',
            'sum(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)',
        ),
    ),
    'swapaxes': (
        (
            'swapaxes(Tensor input, int64_t axis0, int64_t axis1)',
        ),
        (
            'swapaxes(int64_t axis0, int64_t axis1)',
        ),
    ),
    'swapaxes_': (
        None,
        (
            'swapaxes_(int64_t axis0, int64_t axis1)',
        ),
    ),
    'swapdims': (
        (
            'swapdims(Tensor input, int64_t dim0, int64_t dim1)',
        ),
        (
            'swapdims(int64_t dim0, int64_t dim1)',
        ),
    ),
    'swapdims_': (
        None,
        (
            'swapdims_(int64_t dim0, int64_t dim1)',
        ),
    ),
    'tensor_split': (
        (
            'tensor_split(Tensor input, SymIntArrayRef indices, int64_t dim=0)',
            'tensor_split(Tensor input, Tensor tensor_indices_or_sections, int64_t dim=0)',
            'tensor_split(Tensor input, SymInt sections, int64_t dim=0)',
        ),
        (
            'tensor_split(SymIntArrayRef indices, int64_t dim=0)',
            'tensor_split(Tensor tensor_indices_or_sections, int64_t dim=0)',
            'tensor_split(SymInt sections, int64_t dim=0)',
        ),
    ),
    'tile': (
        (
            'tile(Tensor input, SymIntArrayRef dims)',
        ),
        (
            'tile(SymIntArrayRef dims)',
        ),
    ),
    'topk': (
        (
            'topk(Tensor input, SymInt k, int64_t dim=-1, bool largest=True, bool sorted=True, *, TensorList[2] out=None)',
        ),
        (
            'topk(SymInt k, int64_t dim=-1, bool largest=True, bool sorted=True)',
        ),
    ),
    'trace': (
        (
            'trace(Tensor input)',
        ),
        None,
    ),
    'transpose': (
        (
            'transpose(Tensor input, int64_t dim0, int64_t dim1)',
        ),
        (
            'transpose(int64_t dim0, int64_t dim1)',
        ),
    ),
    'transpose_': (
        None,
        (
            'transpose_(int64_t dim0, int64_t dim1)',
        ),
    ),
    'tril': (
        (
            'tril(Tensor input, SymInt diagonal=0, *, Tensor out=None)',
        ),
        (
            'tril(SymInt diagonal=0)',
        ),
    ),
    'tril_': (
        None,
        (
            'tril_(SymInt diagonal=0)',
        ),
    ),
    'triu': (
        (
            'triu(Tensor input, SymInt diagonal=0, *, Tensor out=None)',
        ),
        (
            'triu(SymInt diagonal=0)',
        ),
    ),
    'triu_': (
        None,
        (
            'triu_(SymInt diagonal=0)',
        ),
    ),
    'true_divide': (
        (
            'true_divide(Tensor input, Tensor other, *, Tensor out=None)',
            'true_divide(Tensor input, Scalar other)',
        ),
        (
            'true_divide(Tensor other)',
            'true_divide(Scalar other)',
        ),
    ),
    'true_divide_': (
        None,
        (
            'true_divide_(Tensor other)',
            'true_divide_(Scalar other)',
        ),
    ),
    'unbind': (
        (
            'unbind(Tensor input, int64_t dim=0)',
        ),
        (
            'unbind(int64_t dim=0)',
        ),
    ),
    'unsqueeze': (
        (
            'unsqueeze(Tensor input, int64_t dim)',
        ),
        (
            'unsqueeze(int64_t dim)',
        ),
    ),
    'unsqueeze_': (
        None,
        (
            'unsqueeze_(int64_t dim)',
        ),
    ),
    'var': (
        (
            'var(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False, *, Tensor out=None)',
            'var(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False, Tensor out=None)',
            'var(Tensor input, bool unbiased=True)',
        ),
        (
            'var(IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)',
            'var(IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)',
            'var(bool unbiased=True)',
        ),
    ),
    'var_mean': (
        (
            'var_mean(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)',
            'var_mean(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)',
            'var_mean(Tensor input, bool unbiased=True)',
        ),
        None,
    ),
    'view': (
        None,
        (
            'view(ScalarType dtype)',
            'view(SymIntArrayRef size)',
        ),
    ),
    'xlogy': (
        (
            'xlogy(Tensor input, Tensor other, *, Tensor out=None)',
            'xlogy(Scalar self, Tensor other, *, Tensor out=None)',
            'xlogy(Tensor input, Scalar other, *, Tensor out=None)',
        ),
        (
            'xlogy(Tensor other)',
            'xlogy(Scalar other)',
        ),
    ),
    'xlogy_': (
        (
            'xlogy_(Tensor input, Tensor other)',
            'xlogy_(Tensor input, Scalar other)',
        ),
        (
            'xlogy_(Tensor other)',
            'xlogy_(Scalar other)',
        ),
    ),
    'zeros': (
        (
            'zeros(SymIntArrayRef size, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'zeros_like': (
        (
            'zeros_like(Tensor input, *, MemoryFormat? memory_format=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
}
