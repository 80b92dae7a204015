#!/usr/bin/env python3
"""Generates the API sweep (tests/test_api.c runs it) from nd's installed headers.

Every function the headers mark ND_API is called
  - once with valid arguments (which must succeed: that proves the arguments
    of the other calls valid but for the one changed),
  - once per pointer parameter with NULL there (which must fail with a
    status and a message, unless the header documents NULL as accepted:
    OPTIONAL below; then the call must succeed),
  - once per integer parameter (and enum) per extreme value: 0, -1,
    INT64_MIN, INT64_MAX, INT_MIN, INT_MAX as fit the type (which must
    succeed or fail cleanly: status and message agree; UBSan and ASan
    watch the rest).
The headers are run through the C preprocessor first (ND_API turned into a
marker), so the ufuncs declared through ops.def are seen as the compiler
sees them. A parameter type with no factory below, or a function neither
handled nor in SKIP, stops the build with its name.

usage: gen_api_test.py OUT DEPFILE CC [CC args...] -- HEADER...
"""
import re
import subprocess
import sys

# ---- parameters the headers document as accepting NULL (call must succeed) --
OPTIONAL = {
    # "out may be NULL (a new array is returned)": ufunc.h, reduce.h, manip.h,
    # linalg.h, random.h, expr.h
    ('*', 'out'): 'out may be NULL: a new array',
    ('*', 'status'): 'core.h, reduce.h: status NULL: not reported',
    ('nd_broadcast_arrays', 'out'): None,  # not optional: n result slots
    ('nd_select', 'deflt'): "select.h: NULL = NumPy's default 0",
    ('nd_piecewise', 'user'): 'select.h: passed through to the functions',
    ('nd_intersect1d', 'ind1'): 'select.h: NULL = no indices',
    ('nd_intersect1d', 'ind2'): 'select.h: NULL = no indices',
    ('nd_mintypecode', 'typeset'): 'select.h: NULL = "GDFgdf"',
    ('nd_meshgrid', 'out'): None,
    ('nd_nonzero', 'out'): None,
    ('nd_where1', 'out'): None,
    ('nd_retain', 'a'): 'core.h: NULL-safe',
    ('nd_release', 'a'): 'core.h: NULL-safe',
    ('nd_iter_free', 'it'): 'freeing NULL is a no-op, as free()',
    ('nd_expr_free', 'e'): 'freeing NULL is a no-op, as free()',
    ('nd_npz_close', 'z'): 'freeing NULL is a no-op, as free()',
    ('nd_rng_free', 'g'): 'freeing NULL is a no-op, as free()',
    ('nd_rng_save', 'buf'): 'random.h: buf NULL asks for the size only',
    ('nd_wrap', 'strides'): 'core.h: strides NULL = C order',
    ('nd_perror', 'prefix'): 'core.h: NULL prints the message alone',
    ('nd_error_set', 'msg'): "core.h: NULL: the status's name",
    ('nd_wrap', 'release'): 'core.h: memory the caller keeps',
    ('nd_wrap', 'ctx'): 'core.h: ctx is passed to release as it is',
    ('nd_wrap_readonly', 'strides'): 'core.h: as nd_wrap',
    ('nd_wrap_readonly', 'release'): 'core.h: as nd_wrap',
    ('nd_wrap_readonly', 'ctx'): 'core.h: as nd_wrap',
    ('nd_transpose', 'axes'): 'view.h: NULL = reverse',
    ('nd_clip', 'lo'): 'ufunc.h: lo or hi may be NULL',
    ('nd_clip', 'hi'): 'ufunc.h: lo or hi may be NULL',
    ('nd_copyto', 'where'): 'manip.h: where may be NULL (everywhere)',
    ('nd_ufunc_reduce_full', 'where'): 'stats.h: NULL = every element',
    ('nd_ufunc_reduce_full', 'initial'): 'stats.h: NULL = none',
    ('nd_mean_full', 'where'): 'stats.h: NULL = every element',
    ('nd_loadtxt', 'opts'): 'io.h: a zeroed struct (or NULL) gives defaults',
    ('nd_savetxt', 'opts'): 'io.h: zeroed (or NULL) gives defaults',
    ('nd_searchsorted', 'sorter'): 'sort.h: sorter optional',
    ('nd_unique', 'index'): 'sort.h: the pointers that are not NULL',
    ('nd_einsum', 'optimize'): 'einsum.h: NULL = none (left to right)',
    ('nd_cond', 'p'): 'linalg.h: NULL = the 2-norm (NumPy\'s None)',
    ('nd_tensorsolve', 'axes'): 'linalg.h: NULL with naxes 0 (the sweep\'s naxes)',
    ('nd_einsum_path', 'optimize'): 'einsum.h: NULL = greedy',
    ('nd_einsum_path', 'path'): 'einsum.h: may be NULL when not wanted',
    ('nd_einsum_path', 'report'): 'einsum.h: may be NULL when not wanted',
    ('nd_unique', 'inverse'): 'sort.h: the pointers that are not NULL',
    ('nd_unique', 'counts'): 'sort.h: the pointers that are not NULL',
    ('nd_bincount', 'weights'): 'sort.h: weights NULL: none',
    ('nd_histogram', 'range'): "sort.h: range NULL: a's min and max",
    ('nd_histogram', 'weights'): 'sort.h: weights optional',
    ('nd_histogram', 'edges'): 'sort.h: edges may be NULL',
    ('nd_npz_names', 'n'): 'io.h: n may be NULL',
    ('nd_iscomplexobj', 'a'): 'stats.h: NULL is false',
    ('nd_isrealobj', 'a'): 'stats.h: NULL is false',
    ('nd_average', 'weights'): 'stats.h: weights NULL: the mean',
    ('nd_average', 'wsum'): 'stats.h: wsum may be NULL',
    ('nd_cov', 'y'): 'stats.h: y optional',
    ('nd_cov', 'fweights'): 'stats.h: fweights optional',
    ('nd_cov', 'aweights'): 'stats.h: aweights optional',
    ('nd_corrcoef', 'y'): 'stats.h: y optional',
    ('nd_nan_to_num', 'posinf'): "stats.h: NULL: the dtype's largest",
    ('nd_nan_to_num', 'neginf'): "stats.h: NULL: the dtype's most negative",
    ('nd_histogram_bin_edges', 'range'): "stats.h: range NULL: a's min and max",
    ('nd_histogram2d', 'range'): 'stats.h: range optional',
    ('nd_histogram2d', 'weights'): 'stats.h: weights optional',
    ('nd_histogram2d', 'xedges'): 'stats.h: may be NULL',
    ('nd_histogram2d', 'yedges'): 'stats.h: may be NULL',
    ('nd_histogramdd', 'range'): 'stats.h: range optional',
    ('nd_histogramdd', 'weights'): 'stats.h: weights optional',
    ('nd_histogramdd', 'edges'): 'stats.h: may be NULL',
    ('nd_histogram_edges', 'weights'): 'sort.h: weights optional',
    ('nd_eigh', 'v'): 'linalg.h: v NULL gives eigvalsh',
    ('nd_eig', 'v'): 'linalg.h: v NULL gives eigvals',
    ('nd_lstsq', 'x'): 'linalg.h: any output pointer may be NULL',
    ('nd_lstsq', 'residuals'): 'linalg.h: any output pointer may be NULL',
    ('nd_lstsq', 'rank'): 'linalg.h: any output pointer may be NULL',
    ('nd_lstsq', 's'): 'linalg.h: any output pointer may be NULL',
    ('nd_norm', 'ord'): "linalg.h: NULL is NumPy's None",
    ('nd_choice', 'a'): 'random.h: a NULL: arange(pop_size)',
    ('nd_choice', 'p'): 'random.h: p may be NULL',
    ('nd_multivariate_hypergeometric', 'method'): 'random.h: NULL = "marginals"',
    ('nd_multivariate_normal', 'method'): 'random.h: NULL = "svd"',
    ('nd_multivariate_normal', 'check_valid'): 'random.h: NULL = "warn"',
    ('nd_tensordot', 'axes_a'): 'linalg.h: axes_a NULL: integer form',
    ('nd_index_get', 'idx'): None,
    # signal.h / poly.h: NULL is NumPy's None
    ('nd_convolve', 'mode'): 'signal.h: NULL = "full"',
    ('nd_correlate', 'mode'): 'signal.h: NULL = "valid"',
    ('nd_diff', 'prepend'): 'signal.h: NULL = none',
    ('nd_diff', 'append'): 'signal.h: NULL = none',
    ('nd_ediff1d', 'to_end'): 'signal.h: NULL = none',
    ('nd_ediff1d', 'to_begin'): 'signal.h: NULL = none',
    ('nd_gradient', 'spacing'): 'signal.h: may be NULL when nspacing is 0',
    ('nd_gradient', 'axes'): 'signal.h: NULL = every axis',
    ('nd_trapz', 'x'): 'signal.h: NULL = the step dx',
    ('nd_interp', 'left'): 'signal.h: NULL = fp[0]',
    ('nd_interp', 'right'): 'signal.h: NULL = fp[-1]',
    ('nd_polyint', 'k'): 'poly.h: NULL = zeros',
    ('nd_polyfit', 'w'): 'poly.h: NULL = no weights',
    ('nd_polyfit', 'V'): 'poly.h: may be NULL when cov is NONE',
    ('nd_polyfit', 'residuals'): 'poly.h: full outputs may be NULL',
    ('nd_polyfit', 'rank'): 'poly.h: full outputs may be NULL',
    ('nd_polyfit', 'sv'): 'poly.h: full outputs may be NULL',
    ('nd_polyfit', 'rcond_used'): 'poly.h: full outputs may be NULL',
    ('nd_polynomial_fit', 'w'): 'poly.h: NULL = no weights',
    ('nd_polynomial_fit', 'residuals'): 'poly.h: full outputs may be NULL',
    ('nd_polynomial_fit', 'rank'): 'poly.h: full outputs may be NULL',
    ('nd_polynomial_fit', 'sv'): 'poly.h: full outputs may be NULL',
    ('nd_polynomial_fit', 'rcond_used'): 'poly.h: full outputs may be NULL',
    ('nd_polynomial_int', 'k'): 'poly.h: k may be NULL when nk is 0 (the sweep passes nk 0)',
    # fft.h: norm NULL is "backward"; s NULL the input's lengths, axes NULL
    # the last axes (fftshift: every axis)
    ('nd_fft', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_ifft', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_rfft', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_irfft', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_hfft', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_ihfft', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_fft2', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_ifft2', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_rfft2', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_irfft2', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_fftn', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_ifftn', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_rfftn', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_irfftn', 'norm'): 'fft.h: NULL = "backward"',
    ('nd_fft2', 's'): 'fft.h: NULL = the input lengths',
    ('nd_fft2', 'axes'): 'fft.h: NULL = the last axes',
    ('nd_ifft2', 's'): 'fft.h: NULL = the input lengths',
    ('nd_ifft2', 'axes'): 'fft.h: NULL = the last axes',
    ('nd_rfft2', 's'): 'fft.h: NULL = the input lengths',
    ('nd_rfft2', 'axes'): 'fft.h: NULL = the last axes',
    ('nd_irfft2', 's'): 'fft.h: NULL = the input lengths',
    ('nd_irfft2', 'axes'): 'fft.h: NULL = the last axes',
    ('nd_fftn', 's'): 'fft.h: NULL = the input lengths',
    ('nd_fftn', 'axes'): 'fft.h: NULL = the last axes',
    ('nd_ifftn', 's'): 'fft.h: NULL = the input lengths',
    ('nd_ifftn', 'axes'): 'fft.h: NULL = the last axes',
    ('nd_rfftn', 's'): 'fft.h: NULL = the input lengths',
    ('nd_rfftn', 'axes'): 'fft.h: NULL = the last axes',
    ('nd_irfftn', 's'): 'fft.h: NULL = the input lengths',
    ('nd_irfftn', 'axes'): 'fft.h: NULL = the last axes',
    ('nd_fftshift', 'axes'): 'fft.h: NULL = every axis',
    ('nd_ifftshift', 'axes'): 'fft.h: NULL = every axis',
    # helpers.h: result slots (not optional) and a callback's ctx (passed as it is)
    ('nd_tril_indices', 'out'): None, ('nd_triu_indices', 'out'): None,
    ('nd_tril_indices_from', 'out'): None, ('nd_triu_indices_from', 'out'): None,
    ('nd_diag_indices', 'out'): None, ('nd_diag_indices_from', 'out'): None,
    ('nd_mask_indices', 'out'): None, ('nd_ix_', 'out'): None, ('nd_unravel_index', 'out'): None,
    ('nd_fromfunction', 'ctx'): 'helpers.h: passed to fn as it is',
    ('nd_mask_indices', 'ctx'): 'helpers.h: passed to fn as it is',
    ('nd_apply_along_axis', 'ctx'): 'helpers.h: passed to fn as it is',
    ('nd_apply_over_axes', 'ctx'): 'helpers.h: passed to fn as it is',
}

# ---- integer parameters that count entries of a caller's buffer -------------
# The callee cannot check a count against the memory behind a pointer, so a
# huge positive count is the caller's broken promise (NumPy has no such
# call). Only 0 and the negative extremes are swept for these.
CALLER_SIZED = {
    ('nd_concatenate', 'n'), ('nd_stack', 'n'), ('nd_hstack', 'n'), ('nd_vstack', 'n'),
    ('nd_dstack', 'n'), ('nd_broadcast_arrays', 'n'), ('nd_lexsort', 'n'),
    ('nd_savez', 'n'), ('nd_broadcast_shapes', 'n'), ('nd_rng_spawn', 'n'),
    ('nd_rng_new_key', 'nkey'), ('nd_expr_compile', 'nvars'), ('nd_eval', 'nvars'),
    ('nd_partition', 'nkth'), ('nd_argpartition', 'nkth'), ('nd_split_at', 'nidx'),
    ('nd_index_get', 'n'), ('nd_index_set', 'n'),
    ('nd_array_split', 'sections'),  # writes `sections` parts
    ('nd_npy_from_bytes', 'len'), ('nd_npz_from_bytes', 'len'), ('nd_rng_load', 'len'),
    ('nd_fftn', 'ns'), ('nd_ifftn', 'ns'), ('nd_rfftn', 'ns'), ('nd_irfftn', 'ns'),
    ('nd_fftn', 'naxes'), ('nd_ifftn', 'naxes'), ('nd_rfftn', 'naxes'), ('nd_irfftn', 'naxes'),
    ('nd_fftshift', 'naxes'), ('nd_ifftshift', 'naxes'),
    ('nd_gradient', 'nspacing'), ('nd_gradient', 'naxes'), ('nd_polynomial_int', 'nk'),
    ('nd_fromfunction', 'ndim'), ('nd_ravel_multi_index', 'ndim'), ('nd_unravel_index', 'ndim'),
    ('nd_resize', 'ndim'), ('nd_ix_', 'n'), ('nd_column_stack', 'n'), ('nd_block', 'n'),
    ('nd_apply_over_axes', 'naxes'),
    ('nd_choose', 'n'), ('nd_select', 'n'), ('nd_piecewise', 'ncond'), ('nd_piecewise', 'nfunc'),
    ('nd_common_type', 'n'), ('nd_find_common_type', 'na'), ('nd_find_common_type', 'ns'),
}

# ---- values that are valid requests for 16 GiB or more ---------------------
# INT_MAX elements of 8 bytes: these succeed (slowly) where memory allows,
# as NumPy's would; the memory-limit runs test the failure path instead.
TOO_BIG = {('nd_linspace', 'num', 'INT_MAX'), ('nd_bincount', 'minlength', 'INT_MAX'),
           ('nd_histogram', 'bins', 'INT_MAX'), ('nd_permutation', 'n', 'INT_MAX'),
           ('nd_fftfreq', 'n', 'INT_MAX'), ('nd_rfftfreq', 'n', 'INT_MAX'),
           ('nd_bartlett', 'M', 'INT_MAX'), ('nd_blackman', 'M', 'INT_MAX'),
           ('nd_hamming', 'M', 'INT_MAX'), ('nd_hanning', 'M', 'INT_MAX'),
           ('nd_kaiser', 'M', 'INT_MAX'), ('nd_vander', 'N', 'INT_MAX'),
           ('nd_polynomial_vander', 'deg', 'INT_MAX'),
           # INT_MAX integrations of a series: valid, and as long as NumPy's
           ('nd_polyint', 'm', 'INT_MAX'), ('nd_polynomial_int', 'm', 'INT_MAX'),
           ('nd_histogram2d', 'nx', 'INT_MAX'), ('nd_histogram2d', 'ny', 'INT_MAX'),
           # 2 GiB of random bytes: seconds at -O2, past the case's 60 s at
           # make coverage's -O0
           ('nd_bytes', 'length', 'INT_MAX'),
           # helpers.h: INT_MAX rows, columns, samples or indices of 8 bytes
           ('nd_tri', 'n', 'INT_MAX'), ('nd_tri', 'm', 'INT_MAX'),
           ('nd_tril_indices', 'n', 'INT_MAX'), ('nd_tril_indices', 'm', 'INT_MAX'),
           ('nd_triu_indices', 'n', 'INT_MAX'), ('nd_triu_indices', 'm', 'INT_MAX'),
           ('nd_diag_indices', 'n', 'INT_MAX'), ('nd_logspace', 'num', 'INT_MAX'),
           ('nd_geomspace', 'num', 'INT_MAX'),
           # INT_MAX characters, or 2^31 bits of each of 9 bytes: valid requests
           ('nd_binary_repr', 'width', 'INT_MAX'), ('nd_base_repr', 'padding', 'INT_MAX'),
           ('nd_unpackbits', 'count', 'INT_MAX'), ('nd_unpackbits', 'count', 'INT64_MAX')}

# ---- known defects fixed on another branch ----------------------------------
# (function, parameter, value) -> defect number: calls known to fail, left out
# until fixed. Empty: issue 31's defect 8 calls are fixed and swept.
KNOWN_R1 = {}

# ---- functions not swept (valid arguments too special) ----------------------
SKIP = {
    # a scope is a per-thread stack, and nd_keep returns its argument without
    # a new reference: the sweep's fixtures and releases would break both;
    # tests/test_scope.c calls them with NULL, foreign and ended scopes
    'nd_scope_begin': 'thread stack', 'nd_scope_end': 'thread stack',
    'nd_scope_count': 'thread stack', 'nd_keep': 'borrowed result',
}

# ---- how each parameter type gets a valid value -----------------------------
# type -> (C type of the local, factory expression; F and P are the
# function's and parameter's names as C strings)
PTR_FACTORIES = {
    'const nd_array *': ('const nd_array *', 'fx_array(F, P)'),
    'nd_array *': ('nd_array *', 'fx_array(F, P)'),
    'nd_array *const *': ('nd_array *const *', 'fx_arrays(F, P)'),
    'const nd_array *const *': ('const nd_array *const *', '(const nd_array *const *)fx_arrays(F, P)'),
    'nd_array_list': ('nd_array *const *', 'fx_arrays(F, P)'),  # a transparent union
    'nd_array **': ('nd_array **', 'fx_out_arrays()'),
    'const int64_t *': ('const int64_t *', 'fx_i64s(F, P)'),
    'int64_t *': ('int64_t *', 'fx_buf()'),
    'const int64_t *const *': ('const int64_t *const *', 'fx_shapes()'),
    'const int *': ('const int *', 'fx_ints(F, P)'),
    'int *': ('int *', 'fx_buf()'),
    'const uint32_t *': ('const uint32_t *', 'fx_buf()'),
    'const char *': ('const char *', 'fx_str(F, P)'),
    'char *const *': ('char *const *', 'fx_strs()'),
    'const char *const *': ('const char *const *', '(const char *const *)fx_strs()'),
    'const void *': ('const void *', 'fx_bytes(F, P)'),
    'void *': ('void *', 'fx_bytes(F, P)'),
    'void **': ('void **', 'fx_out_malloced()'),
    'size_t *': ('size_t *', 'fx_buf()'),
    '_Bool *': ('_Bool *', 'fx_buf()'),
    'nd_status *': ('nd_status *', 'fx_buf()'),
    'nd_dtype *': ('nd_dtype *', 'fx_buf()'),
    'nd_quantile_method *': ('nd_quantile_method *', 'fx_buf()'),
    'nd_bins_rule *': ('nd_bins_rule *', 'fx_buf()'),
    'char **': ('char **', 'fx_buf()'),
    'int **': ('int **', '(int **)fx_out_malloced()'),
    'FILE *': ('FILE *', 'fx_file()'),
    'const double *': ('const double *', 'fx_range()'),
    'double *': ('double *', 'fx_buf()'),
    'nd_rng *': ('nd_rng *', 'fx_rng()'),
    'const nd_rng *': ('const nd_rng *', 'fx_rng()'),
    'nd_rng **': ('nd_rng **', 'fx_out_rngs()'),
    'nd_rng_state *': ('nd_rng_state *', 'fx_buf()'),
    'const nd_rng_state *': ('const nd_rng_state *', 'fx_buf()'),  # zeros: a PCG64 state
    'nd_iter *': ('nd_iter *', 'fx_iter()'),
    'const nd_iter *': ('const nd_iter *', 'fx_iter()'),
    'nd_expr *': ('nd_expr *', 'fx_expr()'),
    'const nd_expr *': ('const nd_expr *', 'fx_expr()'),
    'nd_npz *': ('nd_npz *', 'fx_npz()'),
    'const nd_npz *': ('const nd_npz *', 'fx_npz()'),
    'const nd_index *': ('const nd_index *', 'fx_index()'),
    'const nd_loadtxt_opts *': ('const nd_loadtxt_opts *', 'fx_buf()'),
    'const nd_savetxt_opts *': ('const nd_savetxt_opts *', 'fx_buf()'),
    'DLManagedTensor *': ('DLManagedTensor *', 'fx_dlpack()'),
    'void (*)(void *)': ('void (*)(void *)', 'fx_release_fn()'),
    'nd_fromfunction_fn': ('nd_fromfunction_fn', 'fx_fromfunction_fn()'),
    'nd_mask_fn': ('nd_mask_fn', 'fx_mask_fn()'),
    'nd_apply_fn': ('nd_apply_fn', 'fx_apply_fn()'),
    'nd_axis_fn': ('nd_axis_fn', 'fx_axis_fn()'),
    'const nd_piecewise_fn *': ('const nd_piecewise_fn *', 'fx_piecewise_fns()'),
    'const nd_dtype *': ('const nd_dtype *', 'fx_buf()'),  # zeros: bool
    'const nd_index_mode *': ('const nd_index_mode *', 'fx_buf()'),  # zeros: raise
}
# (function, parameter) -> a factory that replaces the type's: results the
# call mallocs for its caller (freed after the call)
PARAM_FACTORIES = {
    ('nd_einsum_path', 'report'): ('char **', '(char **)fx_out_malloced()'),
    # addresses inside the array, not memory to free
    ('nd_byte_bounds', 'low'): ('void **', '(void **)fx_buf()'),
    ('nd_byte_bounds', 'high'): ('void **', '(void **)fx_buf()'),
}
# type -> values swept (C expressions), the default from fx_int(F, P)
I32 = ['0', '-1', 'INT_MIN', 'INT_MAX']
I64 = ['0', '-1', 'INT64_MIN', 'INT64_MAX', 'INT_MIN', 'INT_MAX']
U64 = ['0', '(uint64_t)-1', '(uint64_t)INT64_MIN', 'INT64_MAX', 'INT_MAX']
ENUM = ['-1', 'INT_MIN', 'INT_MAX']  # beyond every enum's last member
INT_TYPES = {'int': I32, 'int64_t': I64, 'uint64_t': U64, 'size_t': U64}
ENUM_TYPES = {'nd_dtype', 'nd_op', 'nd_casting', 'nd_order', 'nd_pad_mode', 'nd_qr_mode',
              'nd_fp_mode', 'nd_status', 'nd_bitgen', 'nd_rv', 'nd_polyfit_cov',
              'nd_poly_family', 'nd_quantile_method', 'nd_bins_rule', 'nd_index_mode',
              'nd_choose_mode'}
SCALAR_FACTORIES = {'double': 'fx_double(F, P)', '_Bool': 'fx_bool(F, P)',
                    'nd_complex128': '(nd_complex128){fx_double(F, P), 0}', 'char': "'d'"}

# ---- results: how an error shows, how a result is let go --------------------
RELEASE = {
    'nd_array *': 'nd_release(r)', 'nd_iter *': 'nd_iter_free(r)',
    'nd_expr *': 'nd_expr_free(r)', 'nd_npz *': 'nd_npz_close(r)',
    'nd_rng *': 'nd_rng_free(r)', 'char *': 'free(r)',
    'DLManagedTensor *': 'if (r) r->deleter(r)',
}
# int results that are values, not statuses (an error shows in nd_last_error)
INT_VALUES = {'nd_ndim', 'nd_op_nin', 'nd_get_num_threads', 'nd_fp_flags', 'nd_perror',
              'nd_maximum_sctype'}
# Results documented as a sentinel that is not an error (no last error set):
# "0 for an invalid dtype", "NULL if invalid", retain's NULL-safety.
NOT_ERRORS = {'nd_dtype_size', 'nd_dtype_name', 'nd_op_name', 'nd_retain'}
# Arguments the call consumes (frees, or takes ownership of on success).
CONSUMES = {('nd_release', 'a'): 'always', ('nd_iter_free', 'it'): 'always',
            ('nd_expr_free', 'e'): 'always', ('nd_npz_close', 'z'): 'always',
            ('nd_rng_free', 'g'): 'always', ('nd_from_dlpack', 't'): 'on success'}


def die(msg):
    sys.stderr.write('gen_api_test.py: ' + msg + '\n')
    sys.exit(1)


def split_params(s):
    out, depth, cur = [], 0, ''
    for ch in s:
        if ch == ',' and depth == 0:
            out.append(cur.strip())
            cur = ''
            continue
        depth += ch == '('
        depth -= ch == ')'
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return [] if out == ['void'] else out


def canon(t):
    """One spelling per type: "const nd_array *const *", "void (*)(void *)"."""
    t = ' '.join(t.replace('*', ' * ').replace('(', ' ( ').replace(')', ' ) ').split())
    t = t.replace('* const', '*const').replace('( ', '(').replace(' )', ')')
    t = re.sub(r'\* (?=\*)', '*', t)
    return t.replace('(*)', '(*)')


def parse_param(p):
    m = re.match(r'^(.*)\(\s*\*\s*(\w+)\s*\)\s*\((.*)\)$', p)  # function pointer
    if m:
        args = ', '.join(canon(re.sub(r'\s*\w+$', '', a)) for a in split_params(m.group(3)))
        return m.group(1).strip() + ' (*)(' + args + ')', m.group(2)
    m = re.match(r'^(.*?)(\w+)$', p)
    if not m:
        die('cannot parse parameter ' + p)
    return canon(m.group(1)), m.group(2)


def prototypes(cc, headers, out_path, depfile):
    src = ''.join('#include "%s"\n' % h for h in headers)
    cmd = cc + ['-E', '-P', '-DND_EXPORT_H', '-DND_API=__nd_api__', '-x', 'c', '-',
                '-MD', '-MF', depfile, '-MT', out_path]
    res = subprocess.run(cmd, input=src, capture_output=True, text=True)
    if res.returncode != 0:
        die('preprocessing failed:\n' + res.stderr)
    protos = []
    for d in re.findall(r'__nd_api__([^;{]*);', res.stdout):
        d = ' '.join(d.split())
        m = re.match(r'^(.*?)(\w+)\s*\((.*)\)$', d)
        if not m:
            die('cannot parse ' + d)
        params = [parse_param(p) for p in split_params(m.group(3))]
        protos.append((canon(m.group(1)), m.group(2), params))
    return protos


def optional(fn, p):
    if (fn, p) in OPTIONAL:
        return OPTIONAL[(fn, p)] is not None
    return ('*', p) in OPTIONAL


def main():
    argv = sys.argv[1:]
    out_path, depfile = argv[0], argv[1]
    sep = argv.index('--')
    cc, headers = argv[2:sep], argv[sep + 1:]
    protos = prototypes(cc, headers, out_path, depfile)
    names = {fn for _, fn, _ in protos}
    for fn in SKIP:
        if fn not in names:
            die('SKIP names %s, which no header declares' % fn)
    used_known = set()

    body, fns, cases = [], [], []
    stats = {'functions': 0, 'pointer': 0, 'integer_cases': 0, 'optional': 0, 'skipped': len(SKIP),
             'known': 0, 'too_big': 0}
    for ret, fn, params in protos:
        if fn in SKIP:
            continue
        # check every type first, so an unhandled one names its function
        for t, p in params:
            if t not in PTR_FACTORIES and t not in INT_TYPES and t not in ENUM_TYPES \
                    and t not in SCALAR_FACTORIES:
                die('%s: no factory for parameter %s of type "%s": add one to '
                    'tests/gen_api_test.py (or the function to SKIP with why)' % (fn, p, t))
        if ret != 'void' and ret not in RELEASE and not ret.endswith('*') and ret not in (
                'int', '_Bool', 'int64_t', 'size_t', 'double', 'long long', 'nd_complex128', 'char') and ret not in ENUM_TYPES:
            die('%s: unhandled return type %s' % (fn, ret))
        k = len(fns)
        fns.append(fn)
        stats['functions'] += 1
        lines = ['static void call_%d(const api_case *c) {' % k,
                 '    static const char F[] = "%s";' % fn, '    (void)F;']
        args = []
        cases.append('{%d, API_VALID, -1, 0, ""}' % k)
        for i, (t, p) in enumerate(params):
            v = 'p%d' % i
            args.append(v)
            if t in PTR_FACTORIES:
                ct, fac = PARAM_FACTORIES.get((fn, p), PTR_FACTORIES[t])
                fac = fac.replace('(F, P)', '(F, "%s")' % p)
                # the valid value is made even when replaced: a later
                # parameter may depend on it (a buffer's length)
                decl = ct.replace('(*)', '(*' + v + ')') if '(*)' in ct else ct + ' ' + v
                lines.append('    %s = %s;' % (decl, fac))
                lines.append('    if (API_IS_NULL(c, %d)) %s = NULL;' % (i, v))
                opt = optional(fn, p)
                stats['pointer'] += 1
                stats['optional'] += opt
                cases.append('{%d, %s, %d, 0, "%s = NULL"}' % (
                    k, 'API_NULL_OK' if opt else 'API_NULL', i, p))
            elif t in INT_TYPES or t in ENUM_TYPES:
                cast = '(%s)(int)' % t if t in ENUM_TYPES else '(%s)' % t
                lines.append('    %s %s = API_IS_INT(c, %d) ? %sc->value : %sfx_int(F, "%s");' % (
                    t, v, i, cast, cast, p))
                values = ENUM if t in ENUM_TYPES else INT_TYPES[t]
                if (fn, p) in CALLER_SIZED:
                    values = [x for x in values if x in ('0', '-1', 'INT_MIN', 'INT64_MIN')]
                    if t in ('size_t', 'uint64_t'):
                        values = ['0']
                for x in values:
                    if (fn, p, x) in TOO_BIG:
                        stats['too_big'] += 1
                        continue
                    if (fn, p, x) in KNOWN_R1:
                        used_known.add((fn, p, x))
                        stats['known'] += 1
                        continue
                    stats['integer_cases'] += 1
                    cases.append('{%d, API_INT, %d, (int64_t)(%s), "%s = %s"}' % (k, i, x, p, x))
            else:
                lines.append('    %s %s = %s;' % (t, v, SCALAR_FACTORIES[t].replace(
                    '(F, P)', '(F, "%s")' % p)))
        call = '%s(%s)' % (fn, ', '.join(args))
        lines.append('    api_before(c);')
        if ret == 'void':
            lines += ['    %s;' % call, '    api_after(c, false, false);']
        elif fn in NOT_ERRORS:
            lines += ['    %s r = %s;' % (ret, call), '    (void)r;', '    api_after(c, false, false);']
        elif ret == 'int' and fn not in INT_VALUES:
            lines += ['    int r = %s;' % call, '    api_after(c, r != ND_OK, true);']
        elif ret.endswith('*'):
            lines += ['    %s r = %s;' % (ret, call), '    api_after(c, r == NULL, true);']
        else:
            lines += ['    %s r = %s;' % (ret, call), '    (void)r;', '    api_after(c, false, false);']
        for i, (t, p) in enumerate(params):
            how = CONSUMES.get((fn, p))
            if how == 'always':
                lines.append('    fx_disown((const void *)p%d);' % i)
            elif how == 'on success':
                lines.append('    if (r) fx_disown((const void *)p%d);' % i)
        if ret in RELEASE:
            lines.append('    ' + RELEASE[ret] + ';')
        lines += ['    fx_end();', '}', '']
        body += lines
    stale = set(KNOWN_R1) - used_known
    if stale:
        die('KNOWN_R1 entries match no case: %s' % sorted(stale))

    with open(out_path, 'w') as f:
        f.write('/* Generated by tests/gen_api_test.py from the installed headers: do not edit. */\n')
        f.write('#include "api_fixtures.h"\n\n')
        f.write('\n'.join(body))
        f.write('const api_fn api_fns[] = {\n')
        for k, fn in enumerate(fns):
            f.write('    {"%s", call_%d},\n' % (fn, k))
        f.write('};\n')
        f.write('const api_case api_cases[] = {\n    %s,\n};\n' % ',\n    '.join(cases))
        f.write('const int api_ncases = %d;\n' % len(cases))
        f.write('const int api_nfns = %d;\n' % len(fns))
        f.write('const char api_stats[] = "%s";\n' % ', '.join(
            '%s %d' % (k, v) for k, v in stats.items()))


if __name__ == '__main__':
    main()
