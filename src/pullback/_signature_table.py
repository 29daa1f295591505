"""torch's argument-parser signatures (function's, method's; None where torch has no such form or
writes it in Python), as libtorch_python keeps them. Written by tools/torch_signatures.py from
torch 2.13.0: do not edit by hand."""

SIGNATURES = {
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
    'cumsum': (
        (
            'cumsum(Tensor input, int64_t dim, *, ScalarType? dtype=None, Tensor out=None)',
        ),
        (
            'cumsum(int64_t dim, *, ScalarType? dtype=None)',
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
    'gather': (
        (
            'gather(Tensor input, int64_t dim, Tensor index, *, bool sparse_grad=False, Tensor out=None)',
        ),
        (
            'gather(int64_t dim, Tensor index, *, bool sparse_grad=False)',
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
    'kthvalue': (
        (
            'kthvalue(Tensor input, SymInt k, int64_t dim=-1, bool keepdim=False, *, TensorList[2] out=None)',
        ),
        (
            'kthvalue(SymInt k, int64_t dim=-1, bool keepdim=False)',
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
    'logcumsumexp': (
        (
            'logcumsumexp(Tensor input, int64_t dim, *, Tensor out=None)',
        ),
        (
            'logcumsumexp(int64_t dim)',
        ),
    ),
    'logsumexp': (
        (
            'logsumexp(Tensor input, IntArrayRef[1] dim, bool keepdim=False, *, Tensor out=None)',
        ),
        (
            'logsumexp(IntArrayRef[1] dim, bool keepdim=False)',
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
    'nonzero': (
        (
            'nonzero(Tensor input, *, bool as_tuple=False, Tensor out=None)',
        ),
        (
            'nonzero()',
            'nonzero(*, bool as_tuple)',
        ),
    ),
    'one_hot': (
        (
            'one_hot(Tensor input, int64_t num_classes=-1)',
        ),
        None,
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
    'renorm': (
        (
            'renorm(Tensor input, Scalar p, int64_t dim, Scalar maxnorm, *, Tensor out=None)',
        ),
        (
            'renorm(Scalar p, int64_t dim, Scalar maxnorm)',
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
    'roll': (
        (
            'roll(Tensor input, SymIntArrayRef[1] shifts, IntArrayRef[1] dims=None)',
        ),
        (
            'roll(SymIntArrayRef[1] shifts, IntArrayRef[1] dims=None)',
        ),
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
    'swapdims': (
        (
            'swapdims(Tensor input, int64_t dim0, int64_t dim1)',
        ),
        (
            'swapdims(int64_t dim0, int64_t dim1)',
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
    'tril': (
        (
            'tril(Tensor input, SymInt diagonal=0, *, Tensor out=None)',
        ),
        (
            'tril(SymInt diagonal=0)',
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
}
