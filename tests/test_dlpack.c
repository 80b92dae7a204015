/* DLPack: round trips in C (the deleter runs exactly once, no copies, the
   refusals of dlpack 0.6) and with NumPy 1.24 through a ctypes shim that
   gives np.from_dlpack an object with __dlpack__ and __dlpack_device__. */
#include "nd/dlpack.h"
#include "nd_test.h"

#ifndef ND_LIBND
#define ND_LIBND "libnd.so"
#endif

static int deleted;
static void count_delete(DLManagedTensor *t) {
    deleted++;
    free(t->dl_tensor.data);
    free(t);
}

START_TEST(round_trip_c) {
    long live = nd_debug_live_allocs();
    nd_array *a = nd_arange(0, 12, 1, ND_FLOAT32), *r = nd_reshape(a, 2, (int64_t[]){3, 4});
    nd_array *t = nd_transpose(r, NULL);
    DLManagedTensor *m = nd_to_dlpack(t);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(m->dl_tensor.ndim, 2);
    ck_assert_int_eq(m->dl_tensor.strides[0], 1);
    ck_assert_int_eq(m->dl_tensor.strides[1], 4);
    ck_assert_int_eq(m->dl_tensor.dtype.code, kDLFloat);
    ck_assert_int_eq(m->dl_tensor.dtype.bits, 32);
    nd_release(a), nd_release(r), nd_release(t); /* the tensor keeps the memory alive */
    nd_array *b = nd_from_dlpack(m), *s = nd_slice(b, "1:, ::2");
    ck_assert_ptr_nonnull(b);
    ck_assert(nd_is_writeable(b));
    ck_assert_int_eq(nd_shape(b)[0], 4);
    ck_assert_int_eq(nd_shape(b)[1], 3);
    ck_assert(nd_get_f64(b, (int64_t[]){1, 2}) == 9.0); /* b[1, 2] = t[1, 2] = r[2, 1] */
    nd_release(b);
    ck_assert(nd_get_f64(s, (int64_t[]){0, 1}) == 9.0);
    nd_release(s);
    ck_assert_int_eq(nd_debug_live_allocs(), live); /* everything went, once */

    /* a foreign producer: its deleter runs once, when the last view goes */
    DLManagedTensor *f = calloc(1, sizeof *f);
    int64_t *shape = malloc(sizeof(int64_t)), *data = malloc(5 * sizeof(int64_t));
    for (int i = 0; i < 5; i++) data[i] = 10 * i;
    shape[0] = 5;
    f->dl_tensor = (DLTensor){data, {kDLCPU, 0}, 1, {kDLInt, 64, 1}, shape, NULL, 0};
    f->deleter = count_delete;
    deleted = 0;
    nd_array *v = nd_from_dlpack(f), *w = nd_slice(v, "::2");
    nd_release(v);
    ck_assert_int_eq(deleted, 0);
    ck_assert(nd_get_f64(w, (int64_t[]){2}) == 40.0);
    free(shape); /* the shape was copied */
    nd_release(w);
    ck_assert_int_eq(deleted, 1);
}
END_TEST

START_TEST(refusals) {
    nd_array *b = nd_zeros(ND_BOOL, 1, (int64_t[]){3});
    ck_assert_ptr_null(nd_to_dlpack(b));
    ck_assert_nd_error(ND_ERR_UNSUPPORTED);
    nd_array *x = nd_arange(0, 3, 1, ND_FLOAT64), *ro = nd_broadcast_to(x, 2, (int64_t[]){2, 3});
    ck_assert_ptr_null(nd_to_dlpack(ro));
    ck_assert_nd_error(ND_ERR_UNSUPPORTED);
    char raw[16] = {0};
    nd_array *odd = nd_wrap(raw, ND_INT16, 1, (int64_t[]){3}, (int64_t[]){3}, NULL, NULL);
    ck_assert_ptr_null(nd_to_dlpack(odd));
    ck_assert_nd_error(ND_ERR_UNSUPPORTED);
    DLManagedTensor gpu = {{raw, {kDLCUDA, 0}, 1, {kDLFloat, 32, 1}, (int64_t[]){2}, NULL, 0}, NULL, count_delete};
    deleted = 0;
    ck_assert_ptr_null(nd_from_dlpack(&gpu));
    ck_assert_nd_error(ND_ERR_UNSUPPORTED);
    DLManagedTensor lanes = {{raw, {kDLCPU, 0}, 1, {kDLFloat, 32, 4}, (int64_t[]){2}, NULL, 0}, NULL, count_delete};
    ck_assert_ptr_null(nd_from_dlpack(&lanes));
    ck_assert_nd_error(ND_ERR_UNSUPPORTED);
    ck_assert_int_eq(deleted, 0); /* a refused tensor stays the caller's */
    ck_assert_ptr_null(nd_to_dlpack(NULL));
    ck_assert_nd_error(ND_ERR_NULL);
    nd_release(b), nd_release(x), nd_release(ro), nd_release(odd);
}
END_TEST

START_TEST(with_numpy) {
    char script[4096];
    snprintf(script, sizeof script,
             "import ctypes, numpy as np\n"
             "lib = ctypes.CDLL('%s')\n"
             "P = ctypes.c_void_p\n"
             "lib.nd_arange.restype = P\n"
             "lib.nd_arange.argtypes = [ctypes.c_double] * 3 + [ctypes.c_int]\n"
             "lib.nd_reshape.restype = P\n"
             "lib.nd_reshape.argtypes = [P, ctypes.c_int, ctypes.POINTER(ctypes.c_int64)]\n"
             "lib.nd_to_dlpack.restype = P\n"
             "lib.nd_to_dlpack.argtypes = [P]\n"
             "lib.nd_from_dlpack.restype = P\n"
             "lib.nd_from_dlpack.argtypes = [P]\n"
             "lib.nd_release.argtypes = [P]\n"
             "lib.nd_save_npy.argtypes = [ctypes.c_char_p, P]\n"
             "api = ctypes.pythonapi\n"
             "api.PyCapsule_New.restype = ctypes.py_object\n"
             "api.PyCapsule_New.argtypes = [P, ctypes.c_char_p, P]\n"
             "api.PyCapsule_GetPointer.restype = P\n"
             "api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]\n"
             "api.PyCapsule_SetName.argtypes = [ctypes.py_object, ctypes.c_char_p]\n"
             "class Shim:\n"
             "    def __init__(self, m): self.m = m\n"
             "    def __dlpack__(self, stream=None): return api.PyCapsule_New(self.m, b'dltensor', None)\n"
             "    def __dlpack_device__(self): return (1, 0)\n"
             "a = lib.nd_arange(0, 12, 1, %d)\n"
             "r = lib.nd_reshape(a, 2, (ctypes.c_int64 * 2)(3, 4))\n"
             "x = np.from_dlpack(Shim(lib.nd_to_dlpack(r)))\n"
             "lib.nd_release(a); lib.nd_release(r)\n"
             "assert x.dtype == np.int32 and x.shape == (3, 4), (x.dtype, x.shape)\n"
             "assert (x == np.arange(12, dtype=np.int32).reshape(3, 4)).all()\n"
             "del x\n"
             "y = np.arange(24.).reshape(4, 6)[1:, ::2]\n"
             "cap = y.__dlpack__()\n"
             "arr = lib.nd_from_dlpack(api.PyCapsule_GetPointer(cap, b'dltensor'))\n"
             "assert arr\n"
             "api.PyCapsule_SetName(cap, b'used_dltensor')\n"
             "assert lib.nd_save_npy(b'%s', arr) == 0\n"
             "lib.nd_release(arr)\n"
             "assert (np.load('%s') == y).all()\n"
             "print('ok')\n",
             ND_LIBND, (int)ND_INT32, "/tmp/nd_test_dlpack.npy", "/tmp/nd_test_dlpack.npy");
    char *out = nd_test_python(script);
    ck_assert_msg(out != NULL && !strcmp(out, "ok\n"), "the NumPy round trip failed");
    free(out);
    remove("/tmp/nd_test_dlpack.npy");
}
END_TEST

int main(void) {
#if defined(__SANITIZE_ADDRESS__) && defined(ND_LIBASAN)
    /* Python loads the sanitized libnd.so: the ASan runtime must come first */
    setenv("LD_PRELOAD", ND_LIBASAN, 1);
    setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
#endif
    Suite *s = suite_create("dlpack");
    TCase *tc = tcase_create("dlpack");
    tcase_add_test(tc, round_trip_c);
    tcase_add_test(tc, refusals);
    tcase_add_test(tc, with_numpy);
    suite_add_tcase(s, tc);
    return nd_test_run(s);
}
