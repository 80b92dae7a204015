/* DLPack export and import: a DLManagedTensor around an nd reference, and
   an nd view whose buffer release calls the producer's deleter. */
#include "core/internal.h"
#include "nd/dlpack.h"

typedef struct {
    DLManagedTensor t;
    nd_array *a;
    int64_t shape[ND_MAX_DIMS], strides[ND_MAX_DIMS];
} export_ctx;

static const struct {
    nd_dtype t;
    uint8_t code, bits;
} dl_types[] = {
    {ND_INT8, kDLInt, 8},       {ND_INT16, kDLInt, 16},     {ND_INT32, kDLInt, 32},
    {ND_INT64, kDLInt, 64},     {ND_UINT8, kDLUInt, 8},     {ND_UINT16, kDLUInt, 16},
    {ND_UINT32, kDLUInt, 32},   {ND_UINT64, kDLUInt, 64},   {ND_FLOAT16, kDLFloat, 16},
    {ND_FLOAT32, kDLFloat, 32}, {ND_FLOAT64, kDLFloat, 64}, {ND_COMPLEX64, kDLComplex, 64},
    {ND_COMPLEX128, kDLComplex, 128},
};
enum { N_DL_TYPES = sizeof dl_types / sizeof dl_types[0] };

static void export_delete(DLManagedTensor *t) {
    export_ctx *c = t->manager_ctx;
    nd_release(c->a);
    nd__free(c);
}

DLManagedTensor *nd_to_dlpack(const nd_array *a) {
    static const char *func = "nd_to_dlpack";
    if (!a) return nd__null_arg(func, "a"), NULL;
    int k = 0;
    while (k < N_DL_TYPES && dl_types[k].t != a->dtype) k++;
    if (k == N_DL_TYPES)
        return nd__error(ND_ERR_UNSUPPORTED, func, "DLPack 0.6 has no %s dtype", nd_dtype_name(a->dtype)), NULL;
    if (!(a->flags & ND_FLAG_WRITEABLE))
        return nd__error(ND_ERR_UNSUPPORTED, func, "DLPack 0.6 cannot mark a read-only array"), NULL;
    int64_t w = (int64_t)nd__itemsize(a->dtype);
    for (int d = 0; d < a->ndim; d++)
        if (a->strides[d] % w)
            return nd__error(ND_ERR_UNSUPPORTED, func, "stride %lld is not a multiple of the item size %lld",
                             (long long)a->strides[d], (long long)w),
                   NULL;
    export_ctx *c = nd__calloc(1, sizeof *c);
    if (!c) return nd__nomem(func, sizeof *c), NULL;
    c->a = nd_retain((nd_array *)a);
    for (int d = 0; d < a->ndim; d++) c->shape[d] = a->shape[d], c->strides[d] = a->strides[d] / w;
    DLTensor *t = &c->t.dl_tensor;
    t->data = a->data;
    t->device = (DLDevice){kDLCPU, 0};
    t->ndim = a->ndim;
    t->dtype = (DLDataType){dl_types[k].code, dl_types[k].bits, 1};
    t->shape = c->shape;
    t->strides = c->strides;
    t->byte_offset = 0;
    c->t.manager_ctx = c;
    c->t.deleter = export_delete;
    return &c->t;
}

static void import_release(void *ctx) {
    DLManagedTensor *t = ctx;
    if (t->deleter) t->deleter(t);
}

nd_array *nd_from_dlpack(DLManagedTensor *m) {
    static const char *func = "nd_from_dlpack";
    if (!m) return nd__null_arg(func, "t"), NULL;
    const DLTensor *t = &m->dl_tensor;
    if (t->device.device_type != kDLCPU && t->device.device_type != kDLCUDAHost)
        return nd__error(ND_ERR_UNSUPPORTED, func, "device type %d is not the CPU", (int)t->device.device_type), NULL;
    int k = 0;
    while (k < N_DL_TYPES && !(dl_types[k].code == t->dtype.code && dl_types[k].bits == t->dtype.bits)) k++;
    if (k == N_DL_TYPES || t->dtype.lanes != 1)
        return nd__error(ND_ERR_UNSUPPORTED, func, "DLPack dtype code %d, %d bits, %d lanes",
                         t->dtype.code, t->dtype.bits, t->dtype.lanes),
               NULL;
    if (t->ndim < 0 || t->ndim > ND_MAX_DIMS || (t->ndim > 0 && !t->shape))
        return nd__error(ND_ERR_UNSUPPORTED, func, "ndim %d", t->ndim), NULL;
    int64_t w = (int64_t)nd__itemsize(dl_types[k].t), strides[ND_MAX_DIMS];
    for (int d = 0; d < t->ndim && t->strides; d++)
        if (nd__mul_ovf(t->strides[d], w, &strides[d]))
            return nd__error(ND_ERR_OVERFLOW, func, "stride %lld overflows", (long long)t->strides[d]), NULL;
    return nd_wrap((char *)t->data + t->byte_offset, dl_types[k].t, t->ndim, t->shape,
                   t->strides ? strides : NULL, import_release, m);
}
