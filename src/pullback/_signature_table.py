"""torch's argument-parser signatures (function's, method's; None where torch has no such form or
writes it in Python), as libtorch_python keeps them. Written by tools/torch_signatures.py from
torch 2.13.0: do not edit by hand."""

SIGNATURES = {
    'TensorBase.unflatten': (
        None,
        (
            'unflatten(int64_t dim, SymIntArrayRef sizes)',
        ),
    ),
    '_VF._lu_with_info': (
        (
            '_lu_with_info(Tensor input, bool pivot=True, bool check_errors=True)',
        ),
        None,
    ),
    '_VF._unique2': (
        (
            '_unique2(Tensor input, bool sorted=True, bool return_inverse=False, bool return_counts=False)',
        ),
        None,
    ),
    '_VF.cdist': (
        (
            'cdist(Tensor x1, Tensor x2, double p=2, int64_t? compute_mode=None)',
        ),
        None,
    ),
    '_VF.meshgrid': (
        (
            'meshgrid(TensorList tensors)',
            'meshgrid(TensorList tensors, *, c10::string_view indexing)',
        ),
        None,
    ),
    '_VF.split': (
        (
            'split(Tensor input, SymInt split_size, int64_t dim=0)',
            'split(Tensor input, SymIntArrayRef split_size, int64_t dim=0)',
        ),
        None,
    ),
    '_VF.tensordot': (
        (
            'tensordot(Tensor input, Tensor other, IntArrayRef dims_self, IntArrayRef dims_other, *, Tensor out=None)',
        ),
        None,
    ),
    '_VF.unique_consecutive': (
        (
            'unique_consecutive(Tensor input, bool return_inverse=False, bool return_counts=False, int64_t? dim=None)',
        ),
        None,
    ),
    '_VF.unique_dim': (
        (
            'unique_dim(Tensor input, int64_t dim, bool sorted=True, bool return_inverse=False, bool return_counts=False)',
        ),
        None,
    ),
    '_upsample_bicubic2d_aa': (
        (
            '_upsample_bicubic2d_aa(Tensor input, SymIntArrayRef? output_size, bool align_corners, ArrayRef<double>? scale_factors)',
            '_upsample_bicubic2d_aa(Tensor input, SymIntArrayRef[2] output_size, bool align_corners, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    '_upsample_bilinear2d_aa': (
        (
            '_upsample_bilinear2d_aa(Tensor input, SymIntArrayRef? output_size, bool align_corners, ArrayRef<double>? scale_factors)',
            '_upsample_bilinear2d_aa(Tensor input, SymIntArrayRef[2] output_size, bool align_corners, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    '_upsample_lanczos2d_aa': (
        (
            '_upsample_lanczos2d_aa(Tensor input, SymIntArrayRef? output_size, bool align_corners, ArrayRef<double>? scale_factors)',
            '_upsample_lanczos2d_aa(Tensor input, SymIntArrayRef[2] output_size, bool align_corners, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    '_upsample_nearest_exact1d': (
        (
            '_upsample_nearest_exact1d(Tensor input, SymIntArrayRef? output_size, ArrayRef<double>? scale_factors)',
            '_upsample_nearest_exact1d(Tensor input, SymIntArrayRef[1] output_size, double? scales=None, *, Tensor out=None)',
        ),
        None,
    ),
    '_upsample_nearest_exact2d': (
        (
            '_upsample_nearest_exact2d(Tensor input, SymIntArrayRef? output_size, ArrayRef<double>? scale_factors)',
            '_upsample_nearest_exact2d(Tensor input, SymIntArrayRef[2] output_size, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    '_upsample_nearest_exact3d': (
        (
            '_upsample_nearest_exact3d(Tensor input, SymIntArrayRef? output_size, ArrayRef<double>? scale_factors)',
            '_upsample_nearest_exact3d(Tensor input, SymIntArrayRef[3] output_size, double? scales_d=None, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    'abs': (
        (
            'abs(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'abs_': (
        (
            'abs_(Tensor input)',
        ),
        None,
    ),
    'absolute': (
        (
            'absolute(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'acos': (
        (
            'acos(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'acos_': (
        (
            'acos_(Tensor input)',
        ),
        None,
    ),
    'acosh': (
        (
            'acosh(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'acosh_': (
        (
            'acosh_(Tensor input)',
        ),
        None,
    ),
    'adaptive_avg_pool1d': (
        (
            'adaptive_avg_pool1d(Tensor input, IntArrayRef[1] output_size)',
        ),
        None,
    ),
    'adaptive_avg_pool2d': (
        (
            'adaptive_avg_pool2d(Tensor input, SymIntArrayRef[2] output_size, *, Tensor out=None)',
        ),
        None,
    ),
    'adaptive_avg_pool3d': (
        (
            'adaptive_avg_pool3d(Tensor input, SymIntArrayRef[3] output_size, *, Tensor out=None)',
        ),
        None,
    ),
    'adaptive_max_pool1d': (
        (
            'adaptive_max_pool1d(Tensor input, IntArrayRef[1] output_size)',
        ),
        None,
    ),
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
    'addbmm': (
        (
            'addbmm(Tensor input, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
            'addbmm(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
            'addbmm(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',
            'addbmm(Scalar beta, Tensor input, Scalar alpha, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',
            'addbmm(Scalar beta, Tensor input, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',
        ),
        (
            'addbmm(Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
            'addbmm(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
            'addbmm(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',
            'addbmm(Scalar beta, Tensor input, Scalar alpha, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',
            'addbmm(Scalar beta, Tensor input, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',
        ),
    ),
    'addbmm_': (
        None,
        (
            'addbmm_(Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
            'addbmm_(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
            'addbmm_(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',
        ),
    ),
    'addcdiv': (
        (
            'addcdiv(Tensor input, Tensor tensor1, Tensor tensor2, *, Scalar value=1, Tensor out=None)',
            'addcdiv(Tensor input, Scalar value, Tensor tensor1, Tensor tensor2, *, Tensor out=None)|deprecated',
        ),
        (
            'addcdiv(Tensor tensor1, Tensor tensor2, *, Scalar value=1)',
            'addcdiv(Scalar value, Tensor tensor1, Tensor tensor2)|deprecated',
        ),
    ),
    'addcdiv_': (
        None,
        (
            'addcdiv_(Tensor tensor1, Tensor tensor2, *, Scalar value=1)',
            'addcdiv_(Scalar value, Tensor tensor1, Tensor tensor2)|deprecated',
        ),
    ),
    'addcmul': (
        (
            'addcmul(Tensor input, Tensor tensor1, Tensor tensor2, *, Scalar value=1, Tensor out=None)',
            'addcmul(Tensor input, Scalar value, Tensor tensor1, Tensor tensor2, *, Tensor out=None)|deprecated',
        ),
        (
            'addcmul(Tensor tensor1, Tensor tensor2, *, Scalar value=1)',
            'addcmul(Scalar value, Tensor tensor1, Tensor tensor2)|deprecated',
        ),
    ),
    'addcmul_': (
        None,
        (
            'addcmul_(Tensor tensor1, Tensor tensor2, *, Scalar value=1)',
            'addcmul_(Scalar value, Tensor tensor1, Tensor tensor2)|deprecated',
        ),
    ),
    'addmm': (
        (
            'addmm(Tensor input, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
            'addmm(Tensor input, Tensor mat1, Tensor mat2, ScalarType out_dtype, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
            'addmm(Scalar beta, Scalar alpha, Tensor mat1, Tensor mat2)|deprecated',
            'addmm(Scalar beta, Tensor mat1, Tensor mat2)|deprecated',
            'addmm(Scalar beta, Tensor input, Scalar alpha, Tensor mat1, Tensor mat2, *, Tensor out=None)|deprecated',
            'addmm(Scalar beta, Tensor input, Tensor mat1, Tensor mat2, *, Tensor out=None)|deprecated',
        ),
        (
            'addmm(Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)',
            'addmm(Scalar beta, Scalar alpha, Tensor mat1, Tensor mat2)|deprecated',
            'addmm(Scalar beta, Tensor mat1, Tensor mat2)|deprecated',
            'addmm(Scalar beta, Tensor input, Scalar alpha, Tensor mat1, Tensor mat2, *, Tensor out=None)|deprecated',
            'addmm(Scalar beta, Tensor input, Tensor mat1, Tensor mat2, *, Tensor out=None)|deprecated',
        ),
    ),
    'addmm_': (
        None,
        (
            'addmm_(Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)',
            'addmm_(Scalar beta, Scalar alpha, Tensor mat1, Tensor mat2)|deprecated',
            'addmm_(Scalar beta, Tensor mat1, Tensor mat2)|deprecated',
        ),
    ),
    'addmv': (
        (
            'addmv(Tensor input, Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
            'addmv(Scalar beta, Scalar alpha, Tensor mat, Tensor vec)|deprecated',
            'addmv(Scalar beta, Tensor mat, Tensor vec)|deprecated',
            'addmv(Scalar beta, Tensor input, Scalar alpha, Tensor mat, Tensor vec, *, Tensor out=None)|deprecated',
            'addmv(Scalar beta, Tensor input, Tensor mat, Tensor vec, *, Tensor out=None)|deprecated',
        ),
        (
            'addmv(Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1)',
            'addmv(Scalar beta, Scalar alpha, Tensor mat, Tensor vec)|deprecated',
            'addmv(Scalar beta, Tensor mat, Tensor vec)|deprecated',
            'addmv(Scalar beta, Tensor input, Scalar alpha, Tensor mat, Tensor vec, *, Tensor out=None)|deprecated',
            'addmv(Scalar beta, Tensor input, Tensor mat, Tensor vec, *, Tensor out=None)|deprecated',
        ),
    ),
    'addmv_': (
        (
            'addmv_(Tensor input, Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1)',
            'addmv_(Scalar beta, Scalar alpha, Tensor mat, Tensor vec)|deprecated',
            'addmv_(Scalar beta, Tensor mat, Tensor vec)|deprecated',
            'addmv_(Scalar beta, Tensor input, Scalar alpha, Tensor mat, Tensor vec)|deprecated',
            'addmv_(Scalar beta, Tensor input, Tensor mat, Tensor vec)|deprecated',
        ),
        (
            'addmv_(Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1)',
            'addmv_(Scalar beta, Scalar alpha, Tensor mat, Tensor vec)|deprecated',
            'addmv_(Scalar beta, Tensor mat, Tensor vec)|deprecated',
            'addmv_(Scalar beta, Tensor input, Scalar alpha, Tensor mat, Tensor vec)|deprecated',
            'addmv_(Scalar beta, Tensor input, Tensor mat, Tensor vec)|deprecated',
        ),
    ),
    'addr': (
        (
            'addr(Tensor input, Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
            'addr(Scalar beta, Scalar alpha, Tensor vec1, Tensor vec2)|deprecated',
            'addr(Scalar beta, Tensor vec1, Tensor vec2)|deprecated',
            'addr(Scalar beta, Tensor input, Scalar alpha, Tensor vec1, Tensor vec2, *, Tensor out=None)|deprecated',
            'addr(Scalar beta, Tensor input, Tensor vec1, Tensor vec2, *, Tensor out=None)|deprecated',
        ),
        (
            'addr(Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1)',
            'addr(Scalar beta, Scalar alpha, Tensor vec1, Tensor vec2)|deprecated',
            'addr(Scalar beta, Tensor vec1, Tensor vec2)|deprecated',
            'addr(Scalar beta, Tensor input, Scalar alpha, Tensor vec1, Tensor vec2, *, Tensor out=None)|deprecated',
            'addr(Scalar beta, Tensor input, Tensor vec1, Tensor vec2, *, Tensor out=None)|deprecated',
        ),
    ),
    'addr_': (
        None,
        (
            'addr_(Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1)',
            'addr_(Scalar beta, Scalar alpha, Tensor vec1, Tensor vec2)|deprecated',
            'addr_(Scalar beta, Tensor vec1, Tensor vec2)|deprecated',
        ),
    ),
    'adjoint': (
        (
            'adjoint(Tensor input)',
        ),
        None,
    ),
    'affine_grid_generator': (
        (
            'affine_grid_generator(Tensor theta, SymIntArrayRef size, bool align_corners)',
        ),
        None,
    ),
    'alias_copy': (
        (
            'alias_copy(Tensor input, *, Tensor out=None)',
        ),
        None,
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
    'alpha_dropout': (
        (
            'alpha_dropout(Tensor input, double p, bool train)',
        ),
        None,
    ),
    'alpha_dropout_': (
        (
            'alpha_dropout_(Tensor input, double p, bool train)',
        ),
        None,
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
    'angle': (
        (
            'angle(Tensor input, *, Tensor out=None)',
        ),
        None,
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
    'arccos': (
        (
            'arccos(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'arccos_': (
        (
            'arccos_(Tensor input)',
        ),
        None,
    ),
    'arccosh': (
        (
            'arccosh(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'arccosh_': (
        (
            'arccosh_(Tensor input)',
        ),
        None,
    ),
    'arcsin': (
        (
            'arcsin(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'arcsin_': (
        (
            'arcsin_(Tensor input)',
        ),
        None,
    ),
    'arcsinh': (
        (
            'arcsinh(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'arcsinh_': (
        (
            'arcsinh_(Tensor input)',
        ),
        None,
    ),
    'arctan': (
        (
            'arctan(Tensor input, *, Tensor out=None)',
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
    'arctan_': (
        (
            'arctan_(Tensor input)',
        ),
        None,
    ),
    'arctanh': (
        (
            'arctanh(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'arctanh_': (
        (
            'arctanh_(Tensor input)',
        ),
        None,
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
    'argwhere': (
        (
            'argwhere(Tensor input)',
        ),
        None,
    ),
    'as_strided': (
        (
            'as_strided(Tensor input, SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',
        ),
        (
            'as_strided(SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',
        ),
    ),
    'as_strided_': (
        (
            'as_strided_(Tensor input, SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',
        ),
        (
            'as_strided_(SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',
        ),
    ),
    'as_strided_copy': (
        (
            'as_strided_copy(Tensor input, SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None, *, Tensor out=None)',
        ),
        None,
    ),
    'as_strided_scatter': (
        (
            'as_strided_scatter(Tensor input, Tensor src, SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',
        ),
        (
            'as_strided_scatter(Tensor src, SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',
        ),
    ),
    'as_subclass': (
        None,
        (
            'as_subclass(PyObject* cls)',
        ),
    ),
    'as_tensor': (
        (
            'as_tensor(PyObject* data, *, ScalarType dtype=None, Device? device=None)',
        ),
        None,
    ),
    'asarray': (
        (
            'asarray(PyObject* obj, *, ScalarType? dtype=None, Device? device=None, bool? copy=None, bool? requires_grad=None)',
        ),
        None,
    ),
    'asin': (
        (
            'asin(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'asin_': (
        (
            'asin_(Tensor input)',
        ),
        None,
    ),
    'asinh': (
        (
            'asinh(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'asinh_': (
        (
            'asinh_(Tensor input)',
        ),
        None,
    ),
    'atan': (
        (
            'atan(Tensor input, *, Tensor out=None)',
        ),
        None,
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
    'atan_': (
        (
            'atan_(Tensor input)',
        ),
        None,
    ),
    'atanh': (
        (
            'atanh(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'atanh_': (
        (
            'atanh_(Tensor input)',
        ),
        None,
    ),
    'avg_pool1d': (
        (
            'avg_pool1d(Tensor input, IntArrayRef[1] kernel_size, IntArrayRef[1] stride=None, IntArrayRef[1] padding=0, bool ceil_mode=False, bool count_include_pad=True)',
        ),
        None,
    ),
    'avg_pool2d': (
        (
            'avg_pool2d(Tensor input, IntArrayRef[2] kernel_size, IntArrayRef[2] stride=None, IntArrayRef[2] padding=0, bool ceil_mode=False, bool count_include_pad=True, int64_t? divisor_override=None, *, Tensor out=None)',
        ),
        None,
    ),
    'avg_pool3d': (
        (
            'avg_pool3d(Tensor input, IntArrayRef[3] kernel_size, IntArrayRef[3] stride=None, IntArrayRef[3] padding=0, bool ceil_mode=False, bool count_include_pad=True, int64_t? divisor_override=None, *, Tensor out=None)',
        ),
        None,
    ),
    'baddbmm': (
        (
            'baddbmm(Tensor input, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
            'baddbmm(Tensor input, Tensor batch1, Tensor batch2, ScalarType out_dtype, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
            'baddbmm(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
            'baddbmm(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',
            'baddbmm(Scalar beta, Tensor input, Scalar alpha, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',
            'baddbmm(Scalar beta, Tensor input, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',
        ),
        (
            'baddbmm(Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
            'baddbmm(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
            'baddbmm(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',
            'baddbmm(Scalar beta, Tensor input, Scalar alpha, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',
            'baddbmm(Scalar beta, Tensor input, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',
        ),
    ),
    'baddbmm_': (
        None,
        (
            'baddbmm_(Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
            'baddbmm_(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
            'baddbmm_(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',
        ),
    ),
    'bartlett_window': (
        (
            'bartlett_window(int64_t window_length, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'bartlett_window(int64_t window_length, bool periodic, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'batch_norm': (
        (
            'batch_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool training, double momentum, double eps, bool cudnn_enabled)',
        ),
        None,
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
    'bilinear': (
        (
            'bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None)',
        ),
        None,
    ),
    'binary_cross_entropy': (
        (
            'binary_cross_entropy(Tensor input, Tensor target, Tensor? weight=None, int64_t reduction=at::Reduction::Mean, *, Tensor out=None)',
        ),
        None,
    ),
    'binary_cross_entropy_with_logits': (
        (
            'binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight=None, Tensor? pos_weight=None, int64_t reduction=at::Reduction::Mean)',
        ),
        None,
    ),
    'bincount': (
        (
            'bincount(Tensor input, Tensor? weights=None, SymInt minlength=0)',
        ),
        (
            'bincount(Tensor? weights=None, SymInt minlength=0)',
        ),
    ),
    'binomial': (
        (
            'binomial(Tensor count, Tensor prob, Generator? generator=None)',
        ),
        None,
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
    'bitwise_not': (
        (
            'bitwise_not(Tensor input, *, Tensor out=None)',
        ),
        None,
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
    'blackman_window': (
        (
            'blackman_window(int64_t window_length, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'blackman_window(int64_t window_length, bool periodic, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
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
    'bool': (
        None,
        (
            'bool(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'broadcast_to': (
        (
            'broadcast_to(Tensor input, SymIntArrayRef size)',
        ),
        (
            'broadcast_to(SymIntArrayRef size)',
        ),
    ),
    'bucketize': (
        (
            'bucketize(Tensor input, Tensor boundaries, *, bool out_int32=False, bool right=False, Tensor out=None)',
            'bucketize(Scalar self, Tensor boundaries, *, bool out_int32=False, bool right=False)',
        ),
        None,
    ),
    'byte': (
        None,
        (
            'byte(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'can_cast': (
        (
            'can_cast(ScalarType from_, ScalarType to)',
        ),
        None,
    ),
    'cat': (
        (
            'cat(TensorList tensors, int64_t dim=0, *, Tensor out=None)',
        ),
        None,
    ),
    'cauchy_': (
        None,
        (
            'cauchy_(double median=0, double sigma=1, *, Generator? generator=None)',
        ),
    ),
    'ceil': (
        (
            'ceil(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'ceil_': (
        (
            'ceil_(Tensor input)',
        ),
        None,
    ),
    'celu': (
        (
            'celu(Tensor input, Scalar alpha=1.0)',
        ),
        None,
    ),
    'celu_': (
        (
            'celu_(Tensor input, Scalar alpha=1.0)',
        ),
        None,
    ),
    'channel_shuffle': (
        (
            'channel_shuffle(Tensor input, SymInt groups)',
        ),
        None,
    ),
    'char': (
        None,
        (
            'char(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'cholesky': (
        (
            'cholesky(Tensor input, bool upper=False, *, Tensor out=None)',
        ),
        (
            'cholesky(bool upper=False)',
        ),
    ),
    'cholesky_inverse': (
        (
            'cholesky_inverse(Tensor input, bool upper=False, *, Tensor out=None)',
        ),
        (
            'cholesky_inverse(bool upper=False)',
        ),
    ),
    'cholesky_solve': (
        (
            'cholesky_solve(Tensor input, Tensor input2, bool upper=False, *, Tensor out=None)',
        ),
        (
            'cholesky_solve(Tensor input2, bool upper=False)',
        ),
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
    'clone': (
        (
            'clone(Tensor input, *, MemoryFormat? memory_format=None)',
        ),
        (
            'clone(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'col2im': (
        (
            'col2im(Tensor input, SymIntArrayRef[2] output_size, IntArrayRef[2] kernel_size, IntArrayRef[2] dilation, IntArrayRef[2] padding, IntArrayRef[2] stride, *, Tensor out=None)',
        ),
        None,
    ),
    'column_stack': (
        (
            'column_stack(TensorList tensors, *, Tensor out=None)',
        ),
        None,
    ),
    'combinations': (
        (
            'combinations(Tensor input, int64_t r=2, bool with_replacement=False)',
        ),
        None,
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
    'conj': (
        (
            'conj(Tensor input)',
        ),
        None,
    ),
    'conj_physical': (
        (
            'conj_physical(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'conj_physical_': (
        (
            'conj_physical_(Tensor input)',
        ),
        None,
    ),
    'constant_pad_nd': (
        (
            'constant_pad_nd(Tensor input, SymIntArrayRef pad, Scalar value=0)',
        ),
        None,
    ),
    'contiguous': (
        None,
        (
            'contiguous(*, MemoryFormat memory_format=contiguous_format)',
        ),
    ),
    'conv1d': (
        (
            'conv1d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[1] stride=1, SymIntArrayRef[1] padding=0, SymIntArrayRef[1] dilation=1, SymInt groups=1)',
            'conv1d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[1] stride=1, c10::string_view padding="valid", SymIntArrayRef[1] dilation=1, SymInt groups=1)',
        ),
        None,
    ),
    'conv2d': (
        (
            'conv2d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[2] stride=1, SymIntArrayRef[2] padding=0, SymIntArrayRef[2] dilation=1, SymInt groups=1)',
            'conv2d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[2] stride=1, c10::string_view padding="valid", SymIntArrayRef[2] dilation=1, SymInt groups=1)',
        ),
        None,
    ),
    'conv3d': (
        (
            'conv3d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[3] stride=1, SymIntArrayRef[3] padding=0, SymIntArrayRef[3] dilation=1, SymInt groups=1)',
            'conv3d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[3] stride=1, c10::string_view padding="valid", SymIntArrayRef[3] dilation=1, SymInt groups=1)',
        ),
        None,
    ),
    'conv_tbc': (
        (
            'conv_tbc(Tensor input, Tensor weight, Tensor bias, int64_t pad=0)',
        ),
        None,
    ),
    'conv_transpose1d': (
        (
            'conv_transpose1d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[1] stride=1, SymIntArrayRef[1] padding=0, SymIntArrayRef[1] output_padding=0, SymInt groups=1, SymIntArrayRef[1] dilation=1)',
        ),
        None,
    ),
    'conv_transpose2d': (
        (
            'conv_transpose2d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[2] stride=1, SymIntArrayRef[2] padding=0, SymIntArrayRef[2] output_padding=0, SymInt groups=1, SymIntArrayRef[2] dilation=1)',
        ),
        None,
    ),
    'conv_transpose3d': (
        (
            'conv_transpose3d(Tensor input, Tensor weight, Tensor? bias=None, SymIntArrayRef[3] stride=1, SymIntArrayRef[3] padding=0, SymIntArrayRef[3] output_padding=0, SymInt groups=1, SymIntArrayRef[3] dilation=1)',
        ),
        None,
    ),
    'convolution': (
        (
            'convolution(Tensor input, Tensor weight, Tensor? bias, SymIntArrayRef stride, SymIntArrayRef padding, SymIntArrayRef dilation, bool transposed, SymIntArrayRef output_padding, SymInt groups)',
        ),
        None,
    ),
    'copy_': (
        None,
        (
            'copy_(Tensor other, bool non_blocking=False)',
            'copy_(Tensor other, bool async=False)|deprecated',
        ),
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
    'corrcoef': (
        (
            'corrcoef(Tensor input)',
        ),
        None,
    ),
    'cos': (
        (
            'cos(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'cos_': (
        (
            'cos_(Tensor input)',
        ),
        None,
    ),
    'cosh': (
        (
            'cosh(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'cosh_': (
        (
            'cosh_(Tensor input)',
        ),
        None,
    ),
    'cosine_embedding_loss': (
        (
            'cosine_embedding_loss(Tensor input1, Tensor input2, Tensor target, double margin=0.0, int64_t reduction=at::Reduction::Mean)',
        ),
        None,
    ),
    'cosine_similarity': (
        (
            'cosine_similarity(Tensor x1, Tensor x2, int64_t dim=1, double eps=1e-08)',
        ),
        None,
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
    'cov': (
        (
            'cov(Tensor input, *, int64_t correction=1, Tensor? fweights=None, Tensor? aweights=None)',
        ),
        (
            'cov(*, int64_t correction=1, Tensor? fweights=None, Tensor? aweights=None)',
        ),
    ),
    'cpu': (
        None,
        (
            'cpu(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'cross': (
        (
            'cross(Tensor input, Tensor other, int64_t? dim=None, *, Tensor out=None)',
        ),
        (
            'cross(Tensor other, int64_t? dim=None)',
        ),
    ),
    'cross_entropy_loss': (
        (
            'cross_entropy_loss(Tensor input, Tensor target, Tensor? weight=None, int64_t reduction=at::Reduction::Mean, SymInt ignore_index=-100, double label_smoothing=0.0)',
        ),
        None,
    ),
    'ctc_loss': (
        (
            'ctc_loss(Tensor log_probs, Tensor targets, IntArrayRef input_lengths, IntArrayRef target_lengths, int64_t blank=0, int64_t reduction=at::Reduction::Mean, bool zero_infinity=False)',
            'ctc_loss(Tensor log_probs, Tensor targets, Tensor input_lengths, Tensor target_lengths, int64_t blank=0, int64_t reduction=at::Reduction::Mean, bool zero_infinity=False)',
        ),
        None,
    ),
    'cuda': (
        None,
        (
            'cuda(Device? device=None, bool non_blocking=False, *, MemoryFormat? memory_format=None)',
            'cuda(Device? device=None, bool async=False, *, MemoryFormat? memory_format=None)|deprecated',
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
    'cumulative_trapezoid': (
        (
            'cumulative_trapezoid(Tensor y, Tensor x, *, int64_t dim=-1)',
            'cumulative_trapezoid(Tensor y, *, Scalar dx=1, int64_t dim=-1)',
        ),
        None,
    ),
    'deg2rad': (
        (
            'deg2rad(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'deg2rad_': (
        (
            'deg2rad_(Tensor input)',
        ),
        None,
    ),
    'det': (
        (
            'det(Tensor input)',
        ),
        None,
    ),
    'detach': (
        (
            'detach(Tensor input)',
        ),
        None,
    ),
    'detach_': (
        (
            'detach_(Tensor input)',
        ),
        None,
    ),
    'detach_copy': (
        (
            'detach_copy(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'diag': (
        (
            'diag(Tensor input, int64_t diagonal=0, *, Tensor out=None)',
        ),
        (
            'diag(int64_t diagonal=0)',
        ),
    ),
    'diag_embed': (
        (
            'diag_embed(Tensor input, int64_t offset=0, int64_t dim1=-2, int64_t dim2=-1)',
        ),
        (
            'diag_embed(int64_t offset=0, int64_t dim1=-2, int64_t dim2=-1)',
        ),
    ),
    'diagflat': (
        (
            'diagflat(Tensor input, int64_t offset=0)',
        ),
        (
            'diagflat(int64_t offset=0)',
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
    'diagonal_copy': (
        (
            'diagonal_copy(Tensor input, int64_t offset=0, int64_t dim1=0, int64_t dim2=1, *, Tensor out=None)',
        ),
        None,
    ),
    'diagonal_scatter': (
        (
            'diagonal_scatter(Tensor input, Tensor src, int64_t offset=0, int64_t dim1=0, int64_t dim2=1)',
        ),
        (
            'diagonal_scatter(Tensor src, int64_t offset=0, int64_t dim1=0, int64_t dim2=1)',
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
    'digamma': (
        (
            'digamma(Tensor input, *, Tensor out=None)',
        ),
        None,
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
    'double': (
        None,
        (
            'double(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'dropout': (
        (
            'dropout(Tensor input, double p, bool train)',
        ),
        None,
    ),
    'dropout_': (
        (
            'dropout_(Tensor input, double p, bool train)',
        ),
        None,
    ),
    'dsplit': (
        (
            'dsplit(Tensor input, int64_t sections)',
            'dsplit(Tensor input, IntArrayRef indices)',
        ),
        (
            'dsplit(int64_t sections)',
            'dsplit(IntArrayRef indices)',
        ),
    ),
    'dstack': (
        (
            'dstack(TensorList tensors, *, Tensor out=None)',
        ),
        None,
    ),
    'elu': (
        (
            'elu(Tensor input, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1, *, Tensor out=None)',
        ),
        None,
    ),
    'elu_': (
        (
            'elu_(Tensor input, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1)',
        ),
        None,
    ),
    'embedding': (
        (
            'embedding(Tensor weight, Tensor indices, SymInt padding_idx=-1, bool scale_grad_by_freq=False, bool sparse=False)',
        ),
        None,
    ),
    'embedding_bag': (
        (
            'embedding_bag(Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq, int64_t mode, bool sparse, Tensor? per_sample_weights, bool include_last_offset, int64_t? padding_idx)',
            'embedding_bag(Tensor weight, Tensor indices, Tensor offsets, bool scale_grad_by_freq=False, int64_t mode=0, bool sparse=False, Tensor? per_sample_weights=None, bool include_last_offset=False)',
        ),
        None,
    ),
    'embedding_renorm_': (
        (
            'embedding_renorm_(Tensor input, Tensor indices, double max_norm, double norm_type)',
        ),
        None,
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
    'empty_permuted': (
        (
            'empty_permuted(SymIntArrayRef size, IntArrayRef physical_layout, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'empty_strided': (
        (
            'empty_strided(SymIntArrayRef size, SymIntArrayRef stride, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
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
    'erf': (
        (
            'erf(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'erf_': (
        (
            'erf_(Tensor input)',
        ),
        None,
    ),
    'erfc': (
        (
            'erfc(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'erfc_': (
        (
            'erfc_(Tensor input)',
        ),
        None,
    ),
    'erfinv': (
        (
            'erfinv(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'exp': (
        (
            'exp(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'exp2': (
        (
            'exp2(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'exp2_': (
        (
            'exp2_(Tensor input)',
        ),
        None,
    ),
    'exp_': (
        (
            'exp_(Tensor input)',
        ),
        None,
    ),
    'expand': (
        None,
        (
            'expand(SymIntArrayRef size, *, bool implicit=False)',
        ),
    ),
    'expand_as': (
        None,
        (
            'expand_as(Tensor other)',
        ),
    ),
    'expand_copy': (
        (
            'expand_copy(Tensor input, SymIntArrayRef size, *, bool implicit=False, Tensor out=None)',
        ),
        None,
    ),
    'expm1': (
        (
            'expm1(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'expm1_': (
        (
            'expm1_(Tensor input)',
        ),
        None,
    ),
    'exponential_': (
        None,
        (
            'exponential_(double lambd=1, *, Generator? generator=None)',
        ),
    ),
    'eye': (
        (
            'eye(SymInt n, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'eye(SymInt n, SymInt m, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'feature_alpha_dropout': (
        (
            'feature_alpha_dropout(Tensor input, double p, bool train)',
        ),
        None,
    ),
    'feature_alpha_dropout_': (
        (
            'feature_alpha_dropout_(Tensor input, double p, bool train)',
        ),
        None,
    ),
    'feature_dropout': (
        (
            'feature_dropout(Tensor input, double p, bool train)',
        ),
        None,
    ),
    'feature_dropout_': (
        (
            'feature_dropout_(Tensor input, double p, bool train)',
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
    'fill_diagonal_': (
        None,
        (
            'fill_diagonal_(Scalar fill_value, bool wrap=False)',
        ),
    ),
    'fix': (
        (
            'fix(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'fix_': (
        (
            'fix_(Tensor input)',
        ),
        None,
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
    'fliplr': (
        (
            'fliplr(Tensor input)',
        ),
        None,
    ),
    'flipud': (
        (
            'flipud(Tensor input)',
        ),
        None,
    ),
    'float': (
        None,
        (
            'float(*, MemoryFormat? memory_format=None)',
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
    'floor': (
        (
            'floor(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'floor_': (
        (
            'floor_(Tensor input)',
        ),
        None,
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
    'frac': (
        (
            'frac(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'frac_': (
        (
            'frac_(Tensor input)',
        ),
        None,
    ),
    'fractional_max_pool2d': (
        (
            'fractional_max_pool2d(Tensor input, IntArrayRef[2] kernel_size, IntArrayRef[2] output_size, Tensor random_samples, *, TensorList[2] out=None)',
        ),
        None,
    ),
    'fractional_max_pool3d': (
        (
            'fractional_max_pool3d(Tensor input, IntArrayRef[3] kernel_size, IntArrayRef[3] output_size, Tensor random_samples, *, TensorList[2] out=None)',
        ),
        None,
    ),
    'frexp': (
        (
            'frexp(Tensor input, *, TensorList[2] out=None)',
        ),
        None,
    ),
    'frobenius_norm': (
        (
            'frobenius_norm(Tensor input, IntArrayRef[1] dim, bool keepdim=False, *, Tensor out=None)',
        ),
        None,
    ),
    'frombuffer': (
        (
            'frombuffer(PyObject* buffer, *, ScalarType dtype, int64_t count=-1, int64_t offset=0, bool requires_grad=False)',
        ),
        None,
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
    'gelu': (
        (
            'gelu(Tensor input, *, c10::string_view approximate="none", Tensor out=None)',
        ),
        None,
    ),
    'geometric_': (
        None,
        (
            'geometric_(double p, *, Generator? generator=None)',
        ),
    ),
    'geqrf': (
        (
            'geqrf(Tensor input, *, TensorList[2] out=None)',
        ),
        None,
    ),
    'ger': (
        (
            'ger(Tensor input, Tensor vec2, *, Tensor out=None)',
        ),
        (
            'ger(Tensor vec2)',
        ),
    ),
    'get_autocast_dtype': (
        (
            'get_autocast_dtype(std::string_view device_type)',
        ),
        None,
    ),
    'get_device': (
        (
            'get_device(Tensor input)',
        ),
        None,
    ),
    'glu': (
        (
            'glu(Tensor input, int64_t dim=-1, *, Tensor out=None)',
        ),
        None,
    ),
    'gradient': (
        (
            'gradient(Tensor input, *, IntArrayRef dim, int64_t edge_order=1)',
            'gradient(Tensor input, *, Scalar spacing, IntArrayRef dim, int64_t edge_order=1)',
            'gradient(Tensor input, *, Scalar? spacing=None, int64_t? dim=None, int64_t edge_order=1)',
            'gradient(Tensor input, *, ScalarList spacing, int64_t? dim=None, int64_t edge_order=1)',
            'gradient(Tensor input, *, ScalarList spacing, IntArrayRef dim, int64_t edge_order=1)',
            'gradient(Tensor input, *, TensorList spacing, int64_t? dim=None, int64_t edge_order=1)',
            'gradient(Tensor input, *, TensorList spacing, IntArrayRef dim, int64_t edge_order=1)',
        ),
        None,
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
    'grid_sampler': (
        (
            'grid_sampler(Tensor input, Tensor grid, int64_t interpolation_mode, int64_t padding_mode, bool align_corners)',
        ),
        None,
    ),
    'grid_sampler_2d': (
        (
            'grid_sampler_2d(Tensor input, Tensor grid, int64_t interpolation_mode, int64_t padding_mode, bool align_corners)',
        ),
        None,
    ),
    'grid_sampler_3d': (
        (
            'grid_sampler_3d(Tensor input, Tensor grid, int64_t interpolation_mode, int64_t padding_mode, bool align_corners)',
        ),
        None,
    ),
    'group_norm': (
        (
            'group_norm(Tensor input, int64_t num_groups, Tensor? weight=None, Tensor? bias=None, double eps=1e-05, bool cudnn_enabled=True)',
        ),
        None,
    ),
    'gru': (
        (
            'gru(Tensor data, Tensor batch_sizes, Tensor hx, TensorList params, bool has_biases, int64_t num_layers, double dropout, bool train, bool bidirectional)',
            'gru(Tensor input, Tensor hx, TensorList params, bool has_biases, int64_t num_layers, double dropout, bool train, bool bidirectional, bool batch_first)',
        ),
        None,
    ),
    'gru_cell': (
        (
            'gru_cell(Tensor input, Tensor hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih=None, Tensor? b_hh=None)',
        ),
        None,
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
    'half': (
        None,
        (
            'half(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'hamming_window': (
        (
            'hamming_window(int64_t window_length, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'hamming_window(int64_t window_length, bool periodic, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'hamming_window(int64_t window_length, bool periodic, double alpha, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'hamming_window(int64_t window_length, bool periodic, double alpha, double beta, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'hann_window': (
        (
            'hann_window(int64_t window_length, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'hann_window(int64_t window_length, bool periodic, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'hardshrink': (
        (
            'hardshrink(Tensor input, Scalar lambd=0.5, *, Tensor out=None)',
        ),
        (
            'hardshrink(Scalar lambd=0.5)',
        ),
    ),
    'hardtanh_': (
        (
            'hardtanh_(Tensor input, Scalar min_val=-1, Scalar max_val=1)',
        ),
        None,
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
    'hinge_embedding_loss': (
        (
            'hinge_embedding_loss(Tensor input, Tensor target, double margin=1.0, int64_t reduction=at::Reduction::Mean)',
        ),
        None,
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
    'histogramdd': (
        (
            'histogramdd(Tensor input, int64_t bins, ArrayRef<double>? range=None, Tensor? weight=None, bool density=False)',
            'histogramdd(Tensor input, IntArrayRef bins, ArrayRef<double>? range=None, Tensor? weight=None, bool density=False)',
            'histogramdd(Tensor input, TensorList bins, ArrayRef<double>? range=None, Tensor? weight=None, bool density=False)',
        ),
        None,
    ),
    'hsplit': (
        (
            'hsplit(Tensor input, int64_t sections)',
            'hsplit(Tensor input, IntArrayRef indices)',
        ),
        (
            'hsplit(int64_t sections)',
            'hsplit(IntArrayRef indices)',
        ),
    ),
    'hstack': (
        (
            'hstack(TensorList tensors, *, Tensor out=None)',
        ),
        None,
    ),
    'huber_loss': (
        (
            'huber_loss(Tensor input, Tensor target, int64_t reduction=at::Reduction::Mean, double delta=1.0, *, Tensor out=None)',
        ),
        None,
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
    'i0': (
        (
            'i0(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'i0_': (
        (
            'i0_(Tensor input)',
        ),
        None,
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
    'im2col': (
        (
            'im2col(Tensor input, IntArrayRef[2] kernel_size, IntArrayRef[2] dilation, IntArrayRef[2] padding, IntArrayRef[2] stride, *, Tensor out=None)',
        ),
        None,
    ),
    'imag': (
        (
            'imag(Tensor input)',
        ),
        None,
    ),
    'index_add': (
        (
            'index_add(Tensor input, int64_t dim, Tensor index, Tensor source, *, Scalar alpha=1, Tensor out=None)',
        ),
        (
            'index_add(int64_t dim, Tensor index, Tensor source, *, Scalar alpha=1)',
        ),
    ),
    'index_add_': (
        None,
        (
            'index_add_(int64_t dim, Tensor index, Tensor source, *, Scalar alpha=1)',
        ),
    ),
    'index_copy': (
        (
            'index_copy(Tensor input, int64_t dim, Tensor index, Tensor source, *, Tensor out=None)',
        ),
        (
            'index_copy(int64_t dim, Tensor index, Tensor source)',
        ),
    ),
    'index_copy_': (
        None,
        (
            'index_copy_(int64_t dim, Tensor index, Tensor source)',
        ),
    ),
    'index_fill': (
        (
            'index_fill(Tensor input, int64_t dim, Tensor index, Tensor value)',
            'index_fill(Tensor input, int64_t dim, Tensor index, Scalar value)',
        ),
        (
            'index_fill(int64_t dim, Tensor index, Tensor value)',
            'index_fill(int64_t dim, Tensor index, Scalar value)',
        ),
    ),
    'index_fill_': (
        None,
        (
            'index_fill_(int64_t dim, Tensor index, Tensor value)',
            'index_fill_(int64_t dim, Tensor index, Scalar value)',
        ),
    ),
    'index_put': (
        (
            'index_put(Tensor input, c10::List<::std::optional<Tensor>> indices, Tensor values, bool accumulate=False)',
        ),
        (
            'index_put(c10::List<::std::optional<Tensor>> indices, Tensor values, bool accumulate=False)',
        ),
    ),
    'index_put_': (
        (
            'index_put_(Tensor input, c10::List<::std::optional<Tensor>> indices, Tensor values, bool accumulate=False)',
        ),
        (
            'index_put_(c10::List<::std::optional<Tensor>> indices, Tensor values, bool accumulate=False)',
        ),
    ),
    'index_reduce': (
        (
            'index_reduce(Tensor input, int64_t dim, Tensor index, Tensor source, c10::string_view reduce, *, bool include_self=True, Tensor out=None)',
        ),
        (
            'index_reduce(int64_t dim, Tensor index, Tensor source, c10::string_view reduce, *, bool include_self=True)',
        ),
    ),
    'index_reduce_': (
        None,
        (
            'index_reduce_(int64_t dim, Tensor index, Tensor source, c10::string_view reduce, *, bool include_self=True)',
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
    'instance_norm': (
        (
            'instance_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool use_input_stats, double momentum, double eps, bool cudnn_enabled)',
        ),
        None,
    ),
    'int': (
        None,
        (
            'int(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'inverse': (
        (
            'inverse(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'is_autocast_enabled': (
        (
            'is_autocast_enabled(std::string_view device_type)',
            'is_autocast_enabled()',
        ),
        None,
    ),
    'is_complex': (
        (
            'is_complex(Tensor input)',
        ),
        None,
    ),
    'is_conj': (
        (
            'is_conj(Tensor input)',
        ),
        None,
    ),
    'is_contiguous': (
        None,
        (
            'is_contiguous(*, MemoryFormat memory_format=contiguous_format)',
        ),
    ),
    'is_floating_point': (
        (
            'is_floating_point(Tensor input)',
        ),
        None,
    ),
    'is_inference': (
        (
            'is_inference(Tensor input)',
        ),
        None,
    ),
    'is_neg': (
        (
            'is_neg(Tensor input)',
        ),
        None,
    ),
    'is_nonzero': (
        (
            'is_nonzero(Tensor input)',
        ),
        None,
    ),
    'is_pinned': (
        None,
        (
            'is_pinned(Device? device=None)',
        ),
    ),
    'is_same_size': (
        (
            'is_same_size(Tensor input, Tensor other)',
        ),
        (
            'is_same_size(Tensor other)',
        ),
    ),
    'is_set_to': (
        None,
        (
            'is_set_to(Tensor tensor)',
        ),
    ),
    'is_signed': (
        (
            'is_signed(Tensor input)',
        ),
        None,
    ),
    'isclose': (
        (
            'isclose(Tensor input, Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)',
        ),
        (
            'isclose(Tensor other, double rtol=1e-05, double atol=1e-08, bool equal_nan=False)',
        ),
    ),
    'isfinite': (
        (
            'isfinite(Tensor input)',
        ),
        None,
    ),
    'isin': (
        (
            'isin(Tensor elements, Tensor test_elements, *, bool assume_unique=False, bool invert=False, Tensor out=None)',
            'isin(Scalar element, Tensor test_elements, *, bool assume_unique=False, bool invert=False, Tensor out=None)',
            'isin(Tensor elements, Scalar test_element, *, bool assume_unique=False, bool invert=False, Tensor out=None)',
        ),
        None,
    ),
    'isinf': (
        (
            'isinf(Tensor input)',
        ),
        None,
    ),
    'isnan': (
        (
            'isnan(Tensor input)',
        ),
        None,
    ),
    'isneginf': (
        (
            'isneginf(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'isposinf': (
        (
            'isposinf(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'isreal': (
        (
            'isreal(Tensor input)',
        ),
        None,
    ),
    'kaiser_window': (
        (
            'kaiser_window(int64_t window_length, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'kaiser_window(int64_t window_length, bool periodic, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'kaiser_window(int64_t window_length, bool periodic, double beta, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'kl_div': (
        (
            'kl_div(Tensor input, Tensor target, int64_t reduction=at::Reduction::Mean, *, bool log_target=False)',
        ),
        None,
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
    'layer_norm': (
        (
            'layer_norm(Tensor input, SymIntArrayRef normalized_shape, Tensor? weight=None, Tensor? bias=None, double eps=1e-05, bool cudnn_enable=True)',
        ),
        None,
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
    'leaky_relu': (
        (
            'leaky_relu(Tensor input, Scalar negative_slope=0.01, *, Tensor out=None)',
        ),
        None,
    ),
    'leaky_relu_': (
        (
            'leaky_relu_(Tensor input, Scalar negative_slope=0.01)',
        ),
        None,
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
    'lgamma': (
        (
            'lgamma(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_cholesky': (
        (
            'linalg_cholesky(Tensor input, *, bool upper=False, Tensor out=None)',
        ),
        None,
    ),
    'linalg_cholesky_ex': (
        (
            'linalg_cholesky_ex(Tensor input, *, bool upper=False, bool check_errors=False, TensorList[2] out=None)',
        ),
        None,
    ),
    'linalg_cond': (
        (
            'linalg_cond(Tensor input, Scalar? p=None, *, Tensor out=None)',
            'linalg_cond(Tensor input, c10::string_view p, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_cross': (
        (
            'linalg_cross(Tensor input, Tensor other, *, int64_t dim=-1, Tensor out=None)',
        ),
        None,
    ),
    'linalg_det': (
        (
            'linalg_det(Tensor A, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_diagonal': (
        (
            'linalg_diagonal(Tensor A, *, int64_t offset=0, int64_t dim1=-2, int64_t dim2=-1)',
        ),
        None,
    ),
    'linalg_eig': (
        (
            'linalg_eig(Tensor input, *, TensorList[2] out=None)',
        ),
        None,
    ),
    'linalg_eigh': (
        (
            'linalg_eigh(Tensor input, c10::string_view UPLO="L", *, TensorList[2] out=None)',
        ),
        None,
    ),
    'linalg_eigvals': (
        (
            'linalg_eigvals(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_eigvalsh': (
        (
            'linalg_eigvalsh(Tensor input, c10::string_view UPLO="L", *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_householder_product': (
        (
            'linalg_householder_product(Tensor input, Tensor tau, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_inv': (
        (
            'linalg_inv(Tensor A, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_inv_ex': (
        (
            'linalg_inv_ex(Tensor A, *, bool check_errors=False, TensorList[2] out=None)',
        ),
        None,
    ),
    'linalg_ldl_factor': (
        (
            'linalg_ldl_factor(Tensor input, *, bool hermitian=False, TensorList[2] out=None)',
        ),
        None,
    ),
    'linalg_ldl_factor_ex': (
        (
            'linalg_ldl_factor_ex(Tensor input, *, bool hermitian=False, bool check_errors=False, TensorList[3] out=None)',
        ),
        None,
    ),
    'linalg_ldl_solve': (
        (
            'linalg_ldl_solve(Tensor LD, Tensor pivots, Tensor B, *, bool hermitian=False, Tensor out=None)',
        ),
        None,
    ),
    'linalg_lstsq': (
        (
            'linalg_lstsq(Tensor input, Tensor b, double? rcond=None, *, c10::string_view? driver=None, TensorList[4] out=None)',
        ),
        None,
    ),
    'linalg_lu': (
        (
            'linalg_lu(Tensor A, *, bool pivot=True, TensorList[3] out=None)',
        ),
        None,
    ),
    'linalg_lu_factor': (
        (
            'linalg_lu_factor(Tensor A, *, bool pivot=True, TensorList[2] out=None)',
        ),
        None,
    ),
    'linalg_lu_factor_ex': (
        (
            'linalg_lu_factor_ex(Tensor A, *, bool pivot=True, bool check_errors=False, TensorList[3] out=None)',
        ),
        None,
    ),
    'linalg_lu_solve': (
        (
            'linalg_lu_solve(Tensor LU, Tensor pivots, Tensor B, *, bool left=True, bool adjoint=False, Tensor out=None)',
        ),
        None,
    ),
    'linalg_matmul': (
        (
            'linalg_matmul(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_matrix_exp': (
        (
            'linalg_matrix_exp(Tensor input)',
        ),
        None,
    ),
    'linalg_matrix_norm': (
        (
            'linalg_matrix_norm(Tensor input, Scalar ord, IntArrayRef dim={-2,-1}, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
            'linalg_matrix_norm(Tensor input, c10::string_view ord="fro", IntArrayRef dim={-2,-1}, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        None,
    ),
    'linalg_matrix_power': (
        (
            'linalg_matrix_power(Tensor input, int64_t n, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_matrix_rank': (
        (
            'linalg_matrix_rank(Tensor input, *, Tensor? atol=None, Tensor? rtol=None, bool hermitian=False, Tensor out=None)',
            'linalg_matrix_rank(Tensor input, *, double? atol=None, double? rtol=None, bool hermitian=False, Tensor out=None)',
            'linalg_matrix_rank(Tensor input, Tensor tol, bool hermitian=False, *, Tensor out=None)',
            'linalg_matrix_rank(Tensor input, double tol, bool hermitian=False, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_multi_dot': (
        (
            'linalg_multi_dot(TensorList tensors, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_norm': (
        (
            'linalg_norm(Tensor input, Scalar? ord=None, IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
            'linalg_norm(Tensor input, c10::string_view ord, IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        None,
    ),
    'linalg_pinv': (
        (
            'linalg_pinv(Tensor input, *, Tensor? atol=None, Tensor? rtol=None, bool hermitian=False, Tensor out=None)',
            'linalg_pinv(Tensor input, *, double? atol=None, double? rtol=None, bool hermitian=False, Tensor out=None)',
            'linalg_pinv(Tensor input, Tensor rcond, bool hermitian=False, *, Tensor out=None)',
            'linalg_pinv(Tensor input, double rcond, bool hermitian=False, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_qr': (
        (
            'linalg_qr(Tensor A, c10::string_view mode="reduced", *, TensorList[2] out=None)',
        ),
        None,
    ),
    'linalg_slogdet': (
        (
            'linalg_slogdet(Tensor A, *, TensorList[2] out=None)',
        ),
        None,
    ),
    'linalg_solve': (
        (
            'linalg_solve(Tensor A, Tensor B, *, bool left=True, Tensor out=None)',
        ),
        None,
    ),
    'linalg_solve_ex': (
        (
            'linalg_solve_ex(Tensor A, Tensor B, *, bool left=True, bool check_errors=False, TensorList[2] out=None)',
        ),
        None,
    ),
    'linalg_solve_triangular': (
        (
            'linalg_solve_triangular(Tensor input, Tensor B, *, bool upper, bool left=True, bool unitriangular=False, Tensor out=None)',
        ),
        None,
    ),
    'linalg_svd': (
        (
            'linalg_svd(Tensor A, bool full_matrices=True, *, c10::string_view? driver=None, TensorList[3] out=None)',
        ),
        None,
    ),
    'linalg_svdvals': (
        (
            'linalg_svdvals(Tensor A, *, c10::string_view? driver=None, Tensor out=None)',
        ),
        None,
    ),
    'linalg_tensorinv': (
        (
            'linalg_tensorinv(Tensor input, int64_t ind=2, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_tensorsolve': (
        (
            'linalg_tensorsolve(Tensor input, Tensor other, IntArrayRef? dims=None, *, Tensor out=None)',
        ),
        None,
    ),
    'linalg_vander': (
        (
            'linalg_vander(Tensor x, *, SymInt? N=None)',
        ),
        None,
    ),
    'linalg_vecdot': (
        (
            'linalg_vecdot(Tensor x, Tensor y, *, int64_t dim=-1, Tensor out=None)',
        ),
        None,
    ),
    'linalg_vector_norm': (
        (
            'linalg_vector_norm(Tensor input, Scalar ord=2, IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        None,
    ),
    'linear': (
        (
            'linear(Tensor input, Tensor weight, Tensor? bias=None, *, Tensor out=None)',
        ),
        None,
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
    'log': (
        (
            'log(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'log10': (
        (
            'log10(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'log10_': (
        (
            'log10_(Tensor input)',
        ),
        None,
    ),
    'log1p': (
        (
            'log1p(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'log1p_': (
        (
            'log1p_(Tensor input)',
        ),
        None,
    ),
    'log2': (
        (
            'log2(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'log2_': (
        (
            'log2_(Tensor input)',
        ),
        None,
    ),
    'log_': (
        (
            'log_(Tensor input)',
        ),
        None,
    ),
    'log_normal_': (
        None,
        (
            'log_normal_(double mean=1, double std=2, *, Generator? generator=None)',
        ),
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
    'logdet': (
        (
            'logdet(Tensor input)',
        ),
        None,
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
    'logical_not': (
        (
            'logical_not(Tensor input, *, Tensor out=None)',
        ),
        None,
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
    'logit': (
        (
            'logit(Tensor input, double? eps=None, *, Tensor out=None)',
        ),
        (
            'logit(double? eps=None)',
        ),
    ),
    'logit_': (
        (
            'logit_(Tensor input, double? eps=None)',
        ),
        (
            'logit_(double? eps=None)',
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
    'long': (
        None,
        (
            'long(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'lstm': (
        (
            'lstm(Tensor data, Tensor batch_sizes, TensorList hx, TensorList params, bool has_biases, int64_t num_layers, double dropout, bool train, bool bidirectional)',
            'lstm(Tensor input, TensorList hx, TensorList params, bool has_biases, int64_t num_layers, double dropout, bool train, bool bidirectional, bool batch_first)',
        ),
        None,
    ),
    'lstm_cell': (
        (
            'lstm_cell(Tensor input, TensorList hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih=None, Tensor? b_hh=None)',
        ),
        None,
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
    'lu_solve': (
        (
            'lu_solve(Tensor input, Tensor LU_data, Tensor LU_pivots, *, Tensor out=None)',
        ),
        (
            'lu_solve(Tensor LU_data, Tensor LU_pivots)',
        ),
    ),
    'lu_unpack': (
        (
            'lu_unpack(Tensor LU_data, Tensor LU_pivots, bool unpack_data=True, bool unpack_pivots=True, *, TensorList[3] out=None)',
        ),
        None,
    ),
    'map2_': (
        None,
        (
            'map2_(Tensor x, Tensor y, PyObject* callable)',
        ),
    ),
    'map_': (
        None,
        (
            'map_(Tensor other, PyObject* callable)',
        ),
    ),
    'margin_ranking_loss': (
        (
            'margin_ranking_loss(Tensor input1, Tensor input2, Tensor target, double margin=0.0, int64_t reduction=at::Reduction::Mean)',
        ),
        None,
    ),
    'masked_fill': (
        (
            'masked_fill(Tensor input, Tensor mask, Tensor value)',
            'masked_fill(Tensor input, Tensor mask, Scalar value)',
        ),
        (
            'masked_fill(Tensor mask, Tensor value)',
            'masked_fill(Tensor mask, Scalar value)',
        ),
    ),
    'masked_fill_': (
        None,
        (
            'masked_fill_(Tensor mask, Tensor value)',
            'masked_fill_(Tensor mask, Scalar value)',
        ),
    ),
    'masked_scatter': (
        (
            'masked_scatter(Tensor input, Tensor mask, Tensor source)',
        ),
        (
            'masked_scatter(Tensor mask, Tensor source)',
        ),
    ),
    'masked_scatter_': (
        None,
        (
            'masked_scatter_(Tensor mask, Tensor source)',
        ),
    ),
    'masked_select': (
        (
            'masked_select(Tensor input, Tensor mask, *, Tensor out=None)',
        ),
        (
            'masked_select(Tensor mask)',
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
    'matrix_exp': (
        (
            'matrix_exp(Tensor input)',
        ),
        None,
    ),
    'matrix_power': (
        (
            'matrix_power(Tensor input, int64_t n, *, Tensor out=None)',
        ),
        (
            'matrix_power(int64_t n)',
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
    'max_pool1d': (
        (
            'max_pool1d(Tensor input, IntArrayRef[1] kernel_size, IntArrayRef[1] stride=None, IntArrayRef[1] padding=0, IntArrayRef[1] dilation=1, bool ceil_mode=False)',
        ),
        None,
    ),
    'max_pool1d_with_indices': (
        (
            'max_pool1d_with_indices(Tensor input, IntArrayRef[1] kernel_size, IntArrayRef[1] stride=None, IntArrayRef[1] padding=0, IntArrayRef[1] dilation=1, bool ceil_mode=False)',
        ),
        None,
    ),
    'max_pool2d': (
        (
            'max_pool2d(Tensor input, IntArrayRef[2] kernel_size, IntArrayRef[2] stride=None, IntArrayRef[2] padding=0, IntArrayRef[2] dilation=1, bool ceil_mode=False)',
        ),
        None,
    ),
    'max_pool2d_with_indices': (
        (
            'max_pool2d_with_indices(Tensor input, IntArrayRef[2] kernel_size, IntArrayRef[2] stride=None, IntArrayRef[2] padding=0, IntArrayRef[2] dilation=1, bool ceil_mode=False, *, TensorList[2] out=None)',
        ),
        None,
    ),
    'max_pool3d': (
        (
            'max_pool3d(Tensor input, IntArrayRef[3] kernel_size, IntArrayRef[3] stride=None, IntArrayRef[3] padding=0, IntArrayRef[3] dilation=1, bool ceil_mode=False)',
        ),
        None,
    ),
    'max_pool3d_with_indices': (
        (
            'max_pool3d_with_indices(Tensor input, IntArrayRef[3] kernel_size, IntArrayRef[3] stride=None, IntArrayRef[3] padding=0, IntArrayRef[3] dilation=1, bool ceil_mode=False, *, TensorList[2] out=None)',
        ),
        None,
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
    'multi_margin_loss': (
        (
            'multi_margin_loss(Tensor input, Tensor target, Scalar p=1, Scalar margin=1, Tensor? weight=None, int64_t reduction=at::Reduction::Mean, *, Tensor out=None)',
        ),
        None,
    ),
    'multinomial': (
        (
            'multinomial(Tensor input, SymInt num_samples, bool replacement=False, *, Generator? generator=None, Tensor out=None)',
        ),
        (
            'multinomial(SymInt num_samples, bool replacement=False, *, Generator? generator=None)',
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
    'mvlgamma': (
        (
            'mvlgamma(Tensor input, int64_t p, *, Tensor out=None)',
        ),
        (
            'mvlgamma(int64_t p)',
        ),
    ),
    'mvlgamma_': (
        None,
        (
            'mvlgamma_(int64_t p)',
        ),
    ),
    'nan_to_num': (
        (
            'nan_to_num(Tensor input, double? nan=None, double? posinf=None, double? neginf=None, *, Tensor out=None)',
        ),
        (
            'nan_to_num(double? nan=None, double? posinf=None, double? neginf=None)',
        ),
    ),
    'nan_to_num_': (
        (
            'nan_to_num_(Tensor input, double? nan=None, double? posinf=None, double? neginf=None)',
        ),
        (
            'nan_to_num_(double? nan=None, double? posinf=None, double? neginf=None)',
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
    'narrow_copy': (
        (
            'narrow_copy(Tensor input, int64_t dim, SymInt start, SymInt length, *, Tensor out=None)',
        ),
        (
            'narrow_copy(int64_t dim, SymInt start, SymInt length)',
        ),
    ),
    'native_batch_norm': (
        (
            'native_batch_norm(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool training, double momentum, double eps, *, TensorList[3] out=None)',
        ),
        None,
    ),
    'native_channel_shuffle': (
        (
            'native_channel_shuffle(Tensor input, SymInt groups)',
        ),
        None,
    ),
    'native_dropout': (
        (
            'native_dropout(Tensor input, double p, bool? train)',
        ),
        None,
    ),
    'native_group_norm': (
        (
            'native_group_norm(Tensor input, Tensor? weight, Tensor? bias, SymInt N, SymInt C, SymInt HxW, int64_t group, double eps)',
        ),
        None,
    ),
    'native_layer_norm': (
        (
            'native_layer_norm(Tensor input, SymIntArrayRef normalized_shape, Tensor? weight, Tensor? bias, double eps)',
        ),
        None,
    ),
    'native_norm': (
        (
            'native_norm(Tensor input, Scalar p=2)',
            'native_norm(Tensor input, Scalar? p, IntArrayRef[1] dim, bool keepdim, ScalarType? dtype)',
        ),
        None,
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
    'neg': (
        (
            'neg(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'neg_': (
        (
            'neg_(Tensor input)',
        ),
        None,
    ),
    'negative': (
        (
            'negative(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'negative_': (
        (
            'negative_(Tensor input)',
        ),
        None,
    ),
    'new': (
        None,
        (
            'new(*, Device? device=None)',
            'new(Storage storage)',
            'new(Tensor other)',
            'new(SymIntArrayRef size, *, Device? device=None)',
            'new(PyObject* data, *, Device? device=None)',
            'new(Tensor other, *, Device? device=None)|hidden',
            'new(*, int64_t cdata)|hidden',
        ),
    ),
    'new_empty': (
        None,
        (
            'new_empty(SymIntArrayRef size, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
    ),
    'new_empty_strided': (
        None,
        (
            'new_empty_strided(SymIntArrayRef size, SymIntArrayRef stride, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
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
    'new_tensor': (
        None,
        (
            'new_tensor(PyObject* data, *, ScalarType dtype=None, Device? device=None, bool requires_grad=False)',
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
    'nll_loss_nd': (
        (
            'nll_loss_nd(Tensor input, Tensor target, Tensor? weight=None, int64_t reduction=at::Reduction::Mean, SymInt ignore_index=-100)',
        ),
        None,
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
    'nonzero_static': (
        (
            'nonzero_static(Tensor input, *, SymInt size, int64_t fill_value=-1, Tensor out=None)',
        ),
        (
            'nonzero_static(*, SymInt size, int64_t fill_value=-1)',
        ),
    ),
    'norm_except_dim': (
        (
            'norm_except_dim(Tensor v, int64_t pow=2, int64_t dim=0)',
        ),
        None,
    ),
    'normal': (
        (
            'normal(Tensor mean, Tensor std, *, Generator? generator=None, Tensor out=None)',
            'normal(Tensor mean, double std=1, *, Generator? generator=None, Tensor out=None)',
            'normal(double mean, Tensor std, *, Generator? generator=None, Tensor out=None)',
            'normal(double mean, double std, SymIntArrayRef size, *, Generator? generator=None, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'normal_': (
        None,
        (
            'normal_(double mean=0, double std=1, *, Generator? generator=None)',
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
    'nuclear_norm': (
        (
            'nuclear_norm(Tensor input, IntArrayRef[2] dim, bool keepdim=False, *, Tensor out=None)',
            'nuclear_norm(Tensor input, bool keepdim=False, *, Tensor out=None)',
        ),
        None,
    ),
    'numel': (
        (
            'numel(Tensor input)',
        ),
        None,
    ),
    'numpy': (
        None,
        (
            'numpy(*, bool force=False)',
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
    'orgqr': (
        (
            'orgqr(Tensor input, Tensor input2, *, Tensor out=None)',
        ),
        (
            'orgqr(Tensor input2)',
        ),
    ),
    'ormqr': (
        (
            'ormqr(Tensor input, Tensor input2, Tensor input3, bool left=True, bool transpose=False, *, Tensor out=None)',
        ),
        (
            'ormqr(Tensor input2, Tensor input3, bool left=True, bool transpose=False)',
        ),
    ),
    'outer': (
        (
            'outer(Tensor input, Tensor vec2, *, Tensor out=None)',
        ),
        (
            'outer(Tensor vec2)',
        ),
    ),
    'pad': (
        (
            'pad(Tensor input, SymIntArrayRef pad, c10::string_view mode="constant", double? value=None)',
        ),
        None,
    ),
    'pad_sequence': (
        (
            'pad_sequence(TensorList sequences, bool batch_first=False, double padding_value=0.0, c10::string_view padding_side="right")',
        ),
        None,
    ),
    'pairwise_distance': (
        (
            'pairwise_distance(Tensor x1, Tensor x2, double p=2, double eps=1e-06, bool keepdim=False)',
        ),
        None,
    ),
    'pdist': (
        (
            'pdist(Tensor input, double p=2)',
        ),
        None,
    ),
    'permute': (
        (
            'permute(Tensor input, IntArrayRef dims)',
        ),
        (
            'permute(IntArrayRef dims)',
        ),
    ),
    'permute_copy': (
        (
            'permute_copy(Tensor input, IntArrayRef dims, *, Tensor out=None)',
        ),
        None,
    ),
    'pin_memory': (
        None,
        (
            'pin_memory(Device? device=None)',
        ),
    ),
    'pinverse': (
        (
            'pinverse(Tensor input, double rcond=1e-15)',
        ),
        (
            'pinverse(double rcond=1e-15)',
        ),
    ),
    'pixel_shuffle': (
        (
            'pixel_shuffle(Tensor input, int64_t upscale_factor)',
        ),
        None,
    ),
    'pixel_unshuffle': (
        (
            'pixel_unshuffle(Tensor input, int64_t downscale_factor)',
        ),
        None,
    ),
    'poisson': (
        (
            'poisson(Tensor input, Generator? generator=None)',
        ),
        None,
    ),
    'poisson_nll_loss': (
        (
            'poisson_nll_loss(Tensor input, Tensor target, bool log_input, bool full, double eps, int64_t reduction)',
        ),
        None,
    ),
    'polygamma': (
        (
            'polygamma(int64_t n, Tensor input, *, Tensor out=None)',
        ),
        (
            'polygamma(int64_t n)',
        ),
    ),
    'polygamma_': (
        None,
        (
            'polygamma_(int64_t n)',
        ),
    ),
    'positive': (
        (
            'positive(Tensor input)',
        ),
        None,
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
    'prelu': (
        (
            'prelu(Tensor input, Tensor weight)',
        ),
        (
            'prelu(Tensor weight)',
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
    'promote_types': (
        (
            'promote_types(ScalarType type1, ScalarType type2)',
        ),
        None,
    ),
    'put': (
        (
            'put(Tensor input, Tensor index, Tensor source, bool accumulate=False)',
        ),
        (
            'put(Tensor index, Tensor source, bool accumulate=False)',
        ),
    ),
    'put_': (
        None,
        (
            'put_(Tensor index, Tensor source, bool accumulate=False)',
        ),
    ),
    'qr': (
        (
            'qr(Tensor input, bool some=True, *, TensorList[2] out=None)',
        ),
        (
            'qr(bool some=True)',
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
    'rad2deg': (
        (
            'rad2deg(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'rad2deg_': (
        (
            'rad2deg_(Tensor input)',
        ),
        None,
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
    'random_': (
        None,
        (
            'random_(*, Generator? generator=None)',
            'random_(int64_t from, int64_t? to, *, Generator? generator=None)',
            'random_(int64_t to, *, Generator? generator=None)',
        ),
    ),
    'randperm': (
        (
            'randperm(SymInt n, *, Generator? generator, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
            'randperm(SymInt n, *, Tensor out=None, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'range': (
        (
            'range(Scalar start, Scalar end, Scalar step=1, *, Tensor out=None, ScalarType dtype=None, Layout layout=torch.strided, Device device=None, bool requires_grad=False)',
        ),
        None,
    ),
    'ravel': (
        (
            'ravel(Tensor input)',
        ),
        None,
    ),
    'real': (
        (
            'real(Tensor input)',
        ),
        None,
    ),
    'reciprocal': (
        (
            'reciprocal(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'reciprocal_': (
        (
            'reciprocal_(Tensor input)',
        ),
        None,
    ),
    'relu': (
        (
            'relu(Tensor input)',
        ),
        None,
    ),
    'relu_': (
        (
            'relu_(Tensor input)',
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
    'reshape_as': (
        None,
        (
            'reshape_as(Tensor other)',
        ),
    ),
    'resize_': (
        None,
        (
            'resize_(SymIntArrayRef size, *, MemoryFormat? memory_format=None)',
        ),
    ),
    'resize_as_': (
        (
            'resize_as_(Tensor input, Tensor the_template, *, MemoryFormat? memory_format=None)',
        ),
        (
            'resize_as_(Tensor the_template, *, MemoryFormat? memory_format=None)',
        ),
    ),
    'resolve_conj': (
        (
            'resolve_conj(Tensor input)',
        ),
        None,
    ),
    'resolve_neg': (
        (
            'resolve_neg(Tensor input)',
        ),
        None,
    ),
    'result_type': (
        (
            'result_type(Tensor tensor, Tensor other)',
            'result_type(Scalar scalar, Tensor tensor)',
            'result_type(Tensor tensor, Scalar other)',
            'result_type(Scalar scalar1, Scalar scalar2)',
        ),
        None,
    ),
    'rms_norm': (
        (
            'rms_norm(Tensor input, SymIntArrayRef normalized_shape, Tensor? weight=None, double? eps=None)',
        ),
        None,
    ),
    'rnn_relu': (
        (
            'rnn_relu(Tensor data, Tensor batch_sizes, Tensor hx, TensorList params, bool has_biases, int64_t num_layers, double dropout, bool train, bool bidirectional)',
            'rnn_relu(Tensor input, Tensor hx, TensorList params, bool has_biases, int64_t num_layers, double dropout, bool train, bool bidirectional, bool batch_first)',
        ),
        None,
    ),
    'rnn_relu_cell': (
        (
            'rnn_relu_cell(Tensor input, Tensor hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih=None, Tensor? b_hh=None)',
        ),
        None,
    ),
    'rnn_tanh': (
        (
            'rnn_tanh(Tensor data, Tensor batch_sizes, Tensor hx, TensorList params, bool has_biases, int64_t num_layers, double dropout, bool train, bool bidirectional)',
            'rnn_tanh(Tensor input, Tensor hx, TensorList params, bool has_biases, int64_t num_layers, double dropout, bool train, bool bidirectional, bool batch_first)',
        ),
        None,
    ),
    'rnn_tanh_cell': (
        (
            'rnn_tanh_cell(Tensor input, Tensor hx, Tensor w_ih, Tensor w_hh, Tensor? b_ih=None, Tensor? b_hh=None)',
        ),
        None,
    ),
    'roll': (
        (
            'roll(Tensor input, SymIntArrayRef[1] shifts, IntArrayRef[1] dims=None)',
        ),
        (
            'roll(SymIntArrayRef[1] shifts, IntArrayRef[1] dims=None)',
        ),
    ),
    'rot90': (
        (
            'rot90(Tensor input, int64_t k=1, IntArrayRef dims={0,1})',
        ),
        (
            'rot90(int64_t k=1, IntArrayRef dims={0,1})',
        ),
    ),
    'round': (
        (
            'round(Tensor input, *, Tensor out=None)',
            'round(Tensor input, *, int64_t decimals, Tensor out=None)',
        ),
        (
            'round()',
            'round(*, int64_t decimals)',
        ),
    ),
    'round_': (
        (
            'round_(Tensor input)',
            'round_(Tensor input, *, int64_t decimals)',
        ),
        (
            'round_()',
            'round_(*, int64_t decimals)',
        ),
    ),
    'row_stack': (
        (
            'row_stack(TensorList tensors, *, Tensor out=None)',
        ),
        None,
    ),
    'rrelu': (
        (
            'rrelu(Tensor input, Scalar lower=0.125, Scalar upper=0.3333333333333333, bool training=False, Generator? generator=None)',
        ),
        None,
    ),
    'rrelu_': (
        (
            'rrelu_(Tensor input, Scalar lower=0.125, Scalar upper=0.3333333333333333, bool training=False, Generator? generator=None)',
        ),
        None,
    ),
    'rsqrt': (
        (
            'rsqrt(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'rsqrt_': (
        (
            'rsqrt_(Tensor input)',
        ),
        None,
    ),
    'rsub': (
        (
            'rsub(Tensor input, Tensor other, *, Scalar alpha=1)',
            'rsub(Tensor input, Scalar other, Scalar alpha=1)',
        ),
        None,
    ),
    'scalar_tensor': (
        (
            'scalar_tensor(Scalar s, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'scaled_dot_product_attention': (
        (
            'scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask=None, double dropout_p=0.0, bool is_causal=False, *, double? scale=None, bool enable_gqa=False)',
        ),
        None,
    ),
    'scatter': (
        (
            'scatter(Tensor input, int64_t dim, Tensor index, Tensor src, *, Tensor out=None)',
            'scatter(Tensor input, int64_t dim, Tensor index, Tensor src, *, c10::string_view reduce, Tensor out=None)',
            'scatter(Tensor input, int64_t dim, Tensor index, Scalar value, *, Tensor out=None)',
            'scatter(Tensor input, int64_t dim, Tensor index, Scalar value, *, c10::string_view reduce, Tensor out=None)',
        ),
        (
            'scatter(int64_t dim, Tensor index, Tensor src)',
            'scatter(int64_t dim, Tensor index, Tensor src, *, c10::string_view reduce)',
            'scatter(int64_t dim, Tensor index, Scalar value)',
            'scatter(int64_t dim, Tensor index, Scalar value, *, c10::string_view reduce)',
        ),
    ),
    'scatter_': (
        None,
        (
            'scatter_(int64_t dim, Tensor index, Tensor src)',
            'scatter_(int64_t dim, Tensor index, Tensor src, *, c10::string_view reduce)',
            'scatter_(int64_t dim, Tensor index, Scalar value)',
            'scatter_(int64_t dim, Tensor index, Scalar value, *, c10::string_view reduce)',
        ),
    ),
    'scatter_add': (
        (
            'scatter_add(Tensor input, int64_t dim, Tensor index, Tensor src, *, Tensor out=None)',
        ),
        (
            'scatter_add(int64_t dim, Tensor index, Tensor src)',
        ),
    ),
    'scatter_add_': (
        None,
        (
            'scatter_add_(int64_t dim, Tensor index, Tensor src)',
        ),
    ),
    'scatter_reduce': (
        (
            'scatter_reduce(Tensor input, int64_t dim, Tensor index, Tensor src, c10::string_view reduce, *, bool include_self=True, Tensor out=None)',
        ),
        (
            'scatter_reduce(int64_t dim, Tensor index, Tensor src, c10::string_view reduce, *, bool include_self=True)',
        ),
    ),
    'scatter_reduce_': (
        None,
        (
            'scatter_reduce_(int64_t dim, Tensor index, Tensor src, c10::string_view reduce, *, bool include_self=True)',
        ),
    ),
    'searchsorted': (
        (
            'searchsorted(Tensor sorted_sequence, Tensor input, *, bool out_int32=False, bool right=False, c10::string_view? side=None, Tensor? sorter=None, Tensor out=None)',
            'searchsorted(Tensor sorted_sequence, Scalar self, *, bool out_int32=False, bool right=False, c10::string_view? side=None, Tensor? sorter=None, Tensor out=None)',
        ),
        None,
    ),
    'segment_reduce': (
        (
            'segment_reduce(Tensor data, c10::string_view reduce, *, Tensor? lengths=None, Tensor? indices=None, Tensor? offsets=None, int64_t axis=0, bool unsafe=False, Scalar? initial=None)',
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
    'select_copy': (
        (
            'select_copy(Tensor input, int64_t dim, SymInt index, *, Tensor out=None)',
        ),
        None,
    ),
    'select_scatter': (
        (
            'select_scatter(Tensor input, Tensor src, int64_t dim, SymInt index)',
        ),
        (
            'select_scatter(Tensor src, int64_t dim, SymInt index)',
        ),
    ),
    'selu': (
        (
            'selu(Tensor input)',
        ),
        None,
    ),
    'selu_': (
        (
            'selu_(Tensor input)',
        ),
        None,
    ),
    'set_': (
        None,
        (
            'set_()',
            'set_(Storage source)',
            'set_(Storage source, SymInt storage_offset, SymIntArrayRef size, SymIntArrayRef stride=None)',
            'set_(Tensor source)',
            'set_(Tensor source, SymInt storage_offset, SymIntArrayRef size, SymIntArrayRef stride=None)',
        ),
    ),
    'set_anomaly_enabled': (
        (
            'set_anomaly_enabled(bool enabled, bool check_nan=True)',
        ),
        None,
    ),
    'set_autocast_dtype': (
        (
            'set_autocast_dtype(std::string_view device_type, ScalarType dtype)',
        ),
        None,
    ),
    'set_autocast_enabled': (
        (
            'set_autocast_enabled(std::string_view device_type, bool enabled)',
            'set_autocast_enabled(bool enabled)',
        ),
        None,
    ),
    'sgn': (
        (
            'sgn(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'short': (
        None,
        (
            'short(*, MemoryFormat? memory_format=None)',
        ),
    ),
    'sigmoid': (
        (
            'sigmoid(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'sigmoid_': (
        (
            'sigmoid_(Tensor input)',
        ),
        None,
    ),
    'sign': (
        (
            'sign(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'signbit': (
        (
            'signbit(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'sin': (
        (
            'sin(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'sin_': (
        (
            'sin_(Tensor input)',
        ),
        None,
    ),
    'sinc': (
        (
            'sinc(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'sinc_': (
        (
            'sinc_(Tensor input)',
        ),
        None,
    ),
    'sinh': (
        (
            'sinh(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'sinh_': (
        (
            'sinh_(Tensor input)',
        ),
        None,
    ),
    'size': (
        None,
        (
            'size(int64_t? dim=None)',
        ),
    ),
    'slice_copy': (
        (
            'slice_copy(Tensor input, int64_t dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1, *, Tensor out=None)',
        ),
        None,
    ),
    'slice_inverse': (
        (
            'slice_inverse(Tensor input, Tensor src, int64_t dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1)',
        ),
        (
            'slice_inverse(Tensor src, int64_t dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1)',
        ),
    ),
    'slice_scatter': (
        (
            'slice_scatter(Tensor input, Tensor src, int64_t dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1, *, Tensor out=None)',
        ),
        (
            'slice_scatter(Tensor src, int64_t dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1)',
        ),
    ),
    'slogdet': (
        (
            'slogdet(Tensor input, *, TensorList[2] out=None)',
        ),
        None,
    ),
    'smooth_l1_loss': (
        (
            'smooth_l1_loss(Tensor input, Tensor target, int64_t reduction=at::Reduction::Mean, double beta=1.0, *, Tensor out=None)',
        ),
        None,
    ),
    'softmax': (
        (
            'softmax(Tensor input, int64_t dim, ScalarType? dtype=None, *, Tensor out=None)',
        ),
        (
            'softmax(int64_t dim, ScalarType? dtype=None)',
        ),
    ),
    'softplus': (
        (
            'softplus(Tensor input, Scalar beta=1, Scalar threshold=20, *, Tensor out=None)',
        ),
        None,
    ),
    'softshrink': (
        (
            'softshrink(Tensor input, Scalar lambd=0.5, *, Tensor out=None)',
        ),
        None,
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
    'special_airy_ai': (
        (
            'special_airy_ai(Tensor x, *, Tensor out=None)',
        ),
        None,
    ),
    'special_bessel_j0': (
        (
            'special_bessel_j0(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_bessel_j1': (
        (
            'special_bessel_j1(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_bessel_y0': (
        (
            'special_bessel_y0(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_bessel_y1': (
        (
            'special_bessel_y1(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_chebyshev_polynomial_t': (
        (
            'special_chebyshev_polynomial_t(Tensor x, Tensor n, *, Tensor out=None)',
            'special_chebyshev_polynomial_t(Scalar x, Tensor n, *, Tensor out=None)',
            'special_chebyshev_polynomial_t(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_chebyshev_polynomial_u': (
        (
            'special_chebyshev_polynomial_u(Tensor x, Tensor n, *, Tensor out=None)',
            'special_chebyshev_polynomial_u(Scalar x, Tensor n, *, Tensor out=None)',
            'special_chebyshev_polynomial_u(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_chebyshev_polynomial_v': (
        (
            'special_chebyshev_polynomial_v(Tensor x, Tensor n, *, Tensor out=None)',
            'special_chebyshev_polynomial_v(Scalar x, Tensor n, *, Tensor out=None)',
            'special_chebyshev_polynomial_v(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_chebyshev_polynomial_w': (
        (
            'special_chebyshev_polynomial_w(Tensor x, Tensor n, *, Tensor out=None)',
            'special_chebyshev_polynomial_w(Scalar x, Tensor n, *, Tensor out=None)',
            'special_chebyshev_polynomial_w(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_digamma': (
        (
            'special_digamma(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_entr': (
        (
            'special_entr(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_erf': (
        (
            'special_erf(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_erfc': (
        (
            'special_erfc(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_erfcx': (
        (
            'special_erfcx(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_erfinv': (
        (
            'special_erfinv(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_exp2': (
        (
            'special_exp2(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_expit': (
        (
            'special_expit(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_expm1': (
        (
            'special_expm1(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_gammainc': (
        (
            'special_gammainc(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        None,
    ),
    'special_gammaincc': (
        (
            'special_gammaincc(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        None,
    ),
    'special_gammaln': (
        (
            'special_gammaln(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_hermite_polynomial_h': (
        (
            'special_hermite_polynomial_h(Tensor x, Tensor n, *, Tensor out=None)',
            'special_hermite_polynomial_h(Scalar x, Tensor n, *, Tensor out=None)',
            'special_hermite_polynomial_h(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_hermite_polynomial_he': (
        (
            'special_hermite_polynomial_he(Tensor x, Tensor n, *, Tensor out=None)',
            'special_hermite_polynomial_he(Scalar x, Tensor n, *, Tensor out=None)',
            'special_hermite_polynomial_he(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_i0': (
        (
            'special_i0(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_i0e': (
        (
            'special_i0e(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_i1': (
        (
            'special_i1(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_i1e': (
        (
            'special_i1e(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_laguerre_polynomial_l': (
        (
            'special_laguerre_polynomial_l(Tensor x, Tensor n, *, Tensor out=None)',
            'special_laguerre_polynomial_l(Scalar x, Tensor n, *, Tensor out=None)',
            'special_laguerre_polynomial_l(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_legendre_polynomial_p': (
        (
            'special_legendre_polynomial_p(Tensor x, Tensor n, *, Tensor out=None)',
            'special_legendre_polynomial_p(Scalar x, Tensor n, *, Tensor out=None)',
            'special_legendre_polynomial_p(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_log1p': (
        (
            'special_log1p(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_log_ndtr': (
        (
            'special_log_ndtr(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_log_softmax': (
        (
            'special_log_softmax(Tensor input, int64_t dim, *, ScalarType? dtype=None)',
        ),
        None,
    ),
    'special_logit': (
        (
            'special_logit(Tensor input, double? eps=None, *, Tensor out=None)',
        ),
        None,
    ),
    'special_logsumexp': (
        (
            'special_logsumexp(Tensor input, IntArrayRef[1] dim, bool keepdim=False, *, Tensor out=None)',
        ),
        None,
    ),
    'special_modified_bessel_i0': (
        (
            'special_modified_bessel_i0(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_modified_bessel_i1': (
        (
            'special_modified_bessel_i1(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_modified_bessel_k0': (
        (
            'special_modified_bessel_k0(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_modified_bessel_k1': (
        (
            'special_modified_bessel_k1(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_multigammaln': (
        (
            'special_multigammaln(Tensor input, int64_t p, *, Tensor out=None)',
        ),
        None,
    ),
    'special_ndtr': (
        (
            'special_ndtr(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_ndtri': (
        (
            'special_ndtri(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_polygamma': (
        (
            'special_polygamma(int64_t n, Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_psi': (
        (
            'special_psi(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_round': (
        (
            'special_round(Tensor input, *, int64_t decimals=0, Tensor out=None)',
        ),
        None,
    ),
    'special_scaled_modified_bessel_k0': (
        (
            'special_scaled_modified_bessel_k0(Tensor x, *, Tensor out=None)',
        ),
        None,
    ),
    'special_scaled_modified_bessel_k1': (
        (
            'special_scaled_modified_bessel_k1(Tensor x, *, Tensor out=None)',
        ),
        None,
    ),
    'special_shifted_chebyshev_polynomial_t': (
        (
            'special_shifted_chebyshev_polynomial_t(Tensor x, Tensor n, *, Tensor out=None)',
            'special_shifted_chebyshev_polynomial_t(Scalar x, Tensor n, *, Tensor out=None)',
            'special_shifted_chebyshev_polynomial_t(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_shifted_chebyshev_polynomial_u': (
        (
            'special_shifted_chebyshev_polynomial_u(Tensor x, Tensor n, *, Tensor out=None)',
            'special_shifted_chebyshev_polynomial_u(Scalar x, Tensor n, *, Tensor out=None)',
            'special_shifted_chebyshev_polynomial_u(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_shifted_chebyshev_polynomial_v': (
        (
            'special_shifted_chebyshev_polynomial_v(Tensor x, Tensor n, *, Tensor out=None)',
            'special_shifted_chebyshev_polynomial_v(Scalar x, Tensor n, *, Tensor out=None)',
            'special_shifted_chebyshev_polynomial_v(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_shifted_chebyshev_polynomial_w': (
        (
            'special_shifted_chebyshev_polynomial_w(Tensor x, Tensor n, *, Tensor out=None)',
            'special_shifted_chebyshev_polynomial_w(Scalar x, Tensor n, *, Tensor out=None)',
            'special_shifted_chebyshev_polynomial_w(Tensor x, Scalar n, *, Tensor out=None)',
        ),
        None,
    ),
    'special_sinc': (
        (
            'special_sinc(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'special_softmax': (
        (
            'special_softmax(Tensor input, int64_t dim, ScalarType? dtype=None)',
        ),
        None,
    ),
    'special_spherical_bessel_j0': (
        (
            'special_spherical_bessel_j0(Tensor x, *, Tensor out=None)',
        ),
        None,
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
    'split_copy': (
        (
            'split_copy(Tensor input, SymInt split_size, int64_t dim=0, *, TensorList out=None)',
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
    'split_with_sizes_copy': (
        (
            'split_with_sizes_copy(Tensor input, SymIntArrayRef split_sizes, int64_t dim=0, *, TensorList out=None)',
        ),
        None,
    ),
    'sqrt': (
        (
            'sqrt(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'sqrt_': (
        (
            'sqrt_(Tensor input)',
        ),
        None,
    ),
    'square': (
        (
            'square(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'square_': (
        (
            'square_(Tensor input)',
        ),
        None,
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
    'squeeze_copy': (
        (
            'squeeze_copy(Tensor input, *, Tensor out=None)',
            'squeeze_copy(Tensor input, int64_t dim, *, Tensor out=None)',
            'squeeze_copy(Tensor input, IntArrayRef dim, *, Tensor out=None)',
        ),
        None,
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
    'stride': (
        None,
        (
            'stride(int64_t? dim=None)',
        ),
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
    'sum_to_size': (
        None,
        (
            'sum_to_size(SymIntArrayRef size)',
        ),
    ),
    'svd': (
        (
            'svd(Tensor input, bool some=True, bool compute_uv=True, *, TensorList[3] out=None)',
        ),
        (
            'svd(bool some=True, bool compute_uv=True)',
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
    't': (
        (
            't(Tensor input)',
        ),
        None,
    ),
    't_copy': (
        (
            't_copy(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'take': (
        (
            'take(Tensor input, Tensor index, *, Tensor out=None)',
        ),
        (
            'take(Tensor index)',
        ),
    ),
    'take_along_dim': (
        (
            'take_along_dim(Tensor input, Tensor indices, int64_t? dim=None, *, Tensor out=None)',
        ),
        (
            'take_along_dim(Tensor indices, int64_t? dim=None)',
        ),
    ),
    'tan': (
        (
            'tan(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'tan_': (
        (
            'tan_(Tensor input)',
        ),
        None,
    ),
    'tanh': (
        (
            'tanh(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'tanh_': (
        (
            'tanh_(Tensor input)',
        ),
        None,
    ),
    'tensor': (
        (
            'tensor(PyObject* data, *, ScalarType dtype=None, Device? device=None, bool pin_memory=False, bool requires_grad=False)',
        ),
        None,
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
    'threshold': (
        (
            'threshold(Tensor input, Scalar threshold, Scalar value, *, Tensor out=None)',
        ),
        None,
    ),
    'threshold_': (
        (
            'threshold_(Tensor input, Scalar threshold, Scalar value)',
        ),
        None,
    ),
    'tile': (
        (
            'tile(Tensor input, SymIntArrayRef dims)',
        ),
        (
            'tile(SymIntArrayRef dims)',
        ),
    ),
    'to': (
        None,
        (
            'to(Device device=None, ScalarType dtype=None, bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)',
            'to(ScalarType dtype, bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)',
            'to(Tensor tensor, bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)',
        ),
    ),
    'to_dense': (
        None,
        (
            'to_dense(ScalarType? dtype=None, *, bool? masked_grad=None)',
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
    'transpose_copy': (
        (
            'transpose_copy(Tensor input, int64_t dim0, int64_t dim1, *, Tensor out=None)',
        ),
        None,
    ),
    'trapezoid': (
        (
            'trapezoid(Tensor y, Tensor x, *, int64_t dim=-1)',
            'trapezoid(Tensor y, *, Scalar dx=1, int64_t dim=-1)',
        ),
        None,
    ),
    'trapz': (
        (
            'trapz(Tensor y, *, double dx=1, int64_t dim=-1)',
            'trapz(Tensor y, Tensor x, *, int64_t dim=-1)',
        ),
        None,
    ),
    'triangular_solve': (
        (
            'triangular_solve(Tensor input, Tensor A, bool upper=True, bool transpose=False, bool unitriangular=False, *, TensorList[2] out=None)',
        ),
        (
            'triangular_solve(Tensor A, bool upper=True, bool transpose=False, bool unitriangular=False)',
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
    'tril_indices': (
        (
            'tril_indices(int64_t row, int64_t col, int64_t offset=0, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
    ),
    'triplet_margin_loss': (
        (
            'triplet_margin_loss(Tensor anchor, Tensor positive, Tensor negative, double margin=1.0, double p=2, double eps=1e-06, bool swap=False, int64_t reduction=at::Reduction::Mean)',
        ),
        None,
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
    'triu_indices': (
        (
            'triu_indices(int64_t row, int64_t col, int64_t offset=0, *, ScalarType? dtype=None, Layout? layout=None, Device? device=None, bool? pin_memory=False, bool? requires_grad=False)',
        ),
        None,
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
    'trunc': (
        (
            'trunc(Tensor input, *, Tensor out=None)',
        ),
        None,
    ),
    'trunc_': (
        (
            'trunc_(Tensor input)',
        ),
        None,
    ),
    'type': (
        None,
        (
            'type(PyObject* dtype=None, bool non_blocking=False, *, MemoryFormat? memory_format=None)',
            'type(PyObject* dtype=None, bool async=False, *, MemoryFormat? memory_format=None)|deprecated',
        ),
    ),
    'type_as': (
        None,
        (
            'type_as(Tensor other)',
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
    'unbind_copy': (
        (
            'unbind_copy(Tensor input, int64_t dim=0, *, TensorList out=None)',
        ),
        None,
    ),
    'unflatten': (
        (
            'unflatten(Tensor input, int64_t dim, SymIntArrayRef sizes)',
        ),
        None,
    ),
    'unfold': (
        None,
        (
            'unfold(int64_t dimension, int64_t size, int64_t step)',
        ),
    ),
    'unfold_copy': (
        (
            'unfold_copy(Tensor input, int64_t dimension, int64_t size, int64_t step, *, Tensor out=None)',
        ),
        None,
    ),
    'uniform_': (
        None,
        (
            'uniform_(double from=0, double to=1, *, Generator? generator=None)',
        ),
    ),
    'unsafe_chunk': (
        (
            'unsafe_chunk(Tensor input, int64_t chunks, int64_t dim=0)',
        ),
        (
            'unsafe_chunk(int64_t chunks, int64_t dim=0)',
        ),
    ),
    'unsafe_split': (
        (
            'unsafe_split(Tensor input, SymInt split_size, int64_t dim=0)',
        ),
        (
            'unsafe_split(SymInt split_size, int64_t dim=0)',
        ),
    ),
    'unsafe_split_with_sizes': (
        (
            'unsafe_split_with_sizes(Tensor input, SymIntArrayRef split_sizes, int64_t dim=0)',
        ),
        (
            'unsafe_split_with_sizes(SymIntArrayRef split_sizes, int64_t dim=0)',
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
    'unsqueeze_copy': (
        (
            'unsqueeze_copy(Tensor input, int64_t dim, *, Tensor out=None)',
        ),
        None,
    ),
    'upsample_bicubic2d': (
        (
            'upsample_bicubic2d(Tensor input, SymIntArrayRef? output_size, bool align_corners, ArrayRef<double>? scale_factors)',
            'upsample_bicubic2d(Tensor input, SymIntArrayRef[2] output_size, bool align_corners, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    'upsample_bilinear2d': (
        (
            'upsample_bilinear2d(Tensor input, SymIntArrayRef? output_size, bool align_corners, ArrayRef<double>? scale_factors)',
            'upsample_bilinear2d(Tensor input, SymIntArrayRef[2] output_size, bool align_corners, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    'upsample_linear1d': (
        (
            'upsample_linear1d(Tensor input, SymIntArrayRef? output_size, bool align_corners, ArrayRef<double>? scale_factors)',
            'upsample_linear1d(Tensor input, SymIntArrayRef[1] output_size, bool align_corners, double? scales=None, *, Tensor out=None)',
        ),
        None,
    ),
    'upsample_nearest1d': (
        (
            'upsample_nearest1d(Tensor input, SymIntArrayRef? output_size, ArrayRef<double>? scale_factors)',
            'upsample_nearest1d(Tensor input, SymIntArrayRef[1] output_size, double? scales=None, *, Tensor out=None)',
        ),
        None,
    ),
    'upsample_nearest2d': (
        (
            'upsample_nearest2d(Tensor input, SymIntArrayRef? output_size, ArrayRef<double>? scale_factors)',
            'upsample_nearest2d(Tensor input, SymIntArrayRef[2] output_size, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    'upsample_nearest3d': (
        (
            'upsample_nearest3d(Tensor input, SymIntArrayRef? output_size, ArrayRef<double>? scale_factors)',
            'upsample_nearest3d(Tensor input, SymIntArrayRef[3] output_size, double? scales_d=None, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    'upsample_trilinear3d': (
        (
            'upsample_trilinear3d(Tensor input, SymIntArrayRef? output_size, bool align_corners, ArrayRef<double>? scale_factors)',
            'upsample_trilinear3d(Tensor input, SymIntArrayRef[3] output_size, bool align_corners, double? scales_d=None, double? scales_h=None, double? scales_w=None, *, Tensor out=None)',
        ),
        None,
    ),
    'vander': (
        (
            'vander(Tensor x, int64_t? N=None, bool increasing=False)',
        ),
        None,
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
    'vdot': (
        (
            'vdot(Tensor input, Tensor other, *, Tensor out=None)',
        ),
        (
            'vdot(Tensor other)',
        ),
    ),
    'view': (
        None,
        (
            'view(ScalarType dtype)',
            'view(SymIntArrayRef size)',
        ),
    ),
    'view_as': (
        None,
        (
            'view_as(Tensor other)',
        ),
    ),
    'view_copy': (
        (
            'view_copy(Tensor input, ScalarType dtype, *, Tensor out=None)',
            'view_copy(Tensor input, SymIntArrayRef size, *, Tensor out=None)',
        ),
        None,
    ),
    'vsplit': (
        (
            'vsplit(Tensor input, int64_t sections)',
            'vsplit(Tensor input, IntArrayRef indices)',
        ),
        (
            'vsplit(int64_t sections)',
            'vsplit(IntArrayRef indices)',
        ),
    ),
    'vstack': (
        (
            'vstack(TensorList tensors, *, Tensor out=None)',
        ),
        None,
    ),
    'where': (
        (
            'where(Tensor condition)',
            'where(Tensor condition, Tensor input, Tensor other, *, Tensor out=None)',
            'where(Tensor condition, Scalar self, Tensor other)',
            'where(Tensor condition, Tensor input, Scalar other)',
            'where(Tensor condition, Scalar self, Scalar other)',
        ),
        (
            'where(Tensor condition, Tensor other)',
            'where(Tensor condition, Scalar other)',
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
    'zero_': (
        (
            'zero_(Tensor input)',
        ),
        None,
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

# the kernels among them (torch._C._nn's; torch._C._VariableFunctions' as _VF.<name>), which torch's
# Python-level functions hand their arguments to
KERNELS = frozenset({'TensorBase.unflatten', '_VF._lu_with_info', '_VF._unique2', '_VF.cdist', '_VF.meshgrid', '_VF.split', '_VF.tensordot', '_VF.unique_consecutive', '_VF.unique_dim', '_upsample_bicubic2d_aa', '_upsample_bilinear2d_aa', '_upsample_lanczos2d_aa', '_upsample_nearest_exact1d', '_upsample_nearest_exact2d', '_upsample_nearest_exact3d', 'adaptive_avg_pool2d', 'adaptive_avg_pool3d', 'binary_cross_entropy', 'col2im', 'cross_entropy_loss', 'elu', 'fractional_max_pool2d', 'fractional_max_pool3d', 'glu', 'huber_loss', 'im2col', 'leaky_relu', 'max_pool2d_with_indices', 'max_pool3d_with_indices', 'multi_margin_loss', 'nll_loss_nd', 'pad', 'pad_sequence', 'smooth_l1_loss', 'upsample_bicubic2d', 'upsample_bilinear2d', 'upsample_linear1d', 'upsample_nearest1d', 'upsample_nearest2d', 'upsample_nearest3d', 'upsample_trilinear3d'})
