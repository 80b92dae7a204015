/* The LAPACK routines nd calls, through the Fortran interface (OpenBLAS's
   LAPACK; Debian builds it with gfortran, 32-bit INTEGER). Every argument
   is by reference; CHARACTER arguments carry their lengths as hidden
   trailing size_t arguments, which gfortran expects (leaving them out has
   broken callers when gfortran started to use tail calls). Only double
   precision: nd computes float32/complex64 in double (nd/linalg.h). */
#ifndef ND_LAPACK_H
#define ND_LAPACK_H

#include <stddef.h>

typedef int la_int;
typedef struct {
    double re, im;
} la_z;

void dgesv_(const la_int *n, const la_int *nrhs, double *a, const la_int *lda, la_int *ipiv,
            double *b, const la_int *ldb, la_int *info);
void zgesv_(const la_int *n, const la_int *nrhs, la_z *a, const la_int *lda, la_int *ipiv, la_z *b,
            const la_int *ldb, la_int *info);
void dgetrf_(const la_int *m, const la_int *n, double *a, const la_int *lda, la_int *ipiv,
             la_int *info);
void zgetrf_(const la_int *m, const la_int *n, la_z *a, const la_int *lda, la_int *ipiv,
             la_int *info);
void dgetrs_(const char *trans, const la_int *n, const la_int *nrhs, const double *a,
             const la_int *lda, const la_int *ipiv, double *b, const la_int *ldb, la_int *info,
             size_t trans_len);
void zgetrs_(const char *trans, const la_int *n, const la_int *nrhs, const la_z *a,
             const la_int *lda, const la_int *ipiv, la_z *b, const la_int *ldb, la_int *info,
             size_t trans_len);
void dpotrs_(const char *uplo, const la_int *n, const la_int *nrhs, const double *a,
             const la_int *lda, double *b, const la_int *ldb, la_int *info, size_t uplo_len);
void zpotrs_(const char *uplo, const la_int *n, const la_int *nrhs, const la_z *a,
             const la_int *lda, la_z *b, const la_int *ldb, la_int *info, size_t uplo_len);
void dpotrf_(const char *uplo, const la_int *n, double *a, const la_int *lda, la_int *info,
             size_t uplo_len);
void zpotrf_(const char *uplo, const la_int *n, la_z *a, const la_int *lda, la_int *info,
             size_t uplo_len);
void dgeqrf_(const la_int *m, const la_int *n, double *a, const la_int *lda, double *tau,
             double *work, const la_int *lwork, la_int *info);
void zgeqrf_(const la_int *m, const la_int *n, la_z *a, const la_int *lda, la_z *tau, la_z *work,
             const la_int *lwork, la_int *info);
void dorgqr_(const la_int *m, const la_int *n, const la_int *k, double *a, const la_int *lda,
             const double *tau, double *work, const la_int *lwork, la_int *info);
void zungqr_(const la_int *m, const la_int *n, const la_int *k, la_z *a, const la_int *lda,
             const la_z *tau, la_z *work, const la_int *lwork, la_int *info);
void dgesdd_(const char *jobz, const la_int *m, const la_int *n, double *a, const la_int *lda,
             double *s, double *u, const la_int *ldu, double *vt, const la_int *ldvt, double *work,
             const la_int *lwork, la_int *iwork, la_int *info, size_t jobz_len);
void zgesdd_(const char *jobz, const la_int *m, const la_int *n, la_z *a, const la_int *lda,
             double *s, la_z *u, const la_int *ldu, la_z *vt, const la_int *ldvt, la_z *work,
             const la_int *lwork, double *rwork, la_int *iwork, la_int *info, size_t jobz_len);
void dsyevd_(const char *jobz, const char *uplo, const la_int *n, double *a, const la_int *lda,
             double *w, double *work, const la_int *lwork, la_int *iwork, const la_int *liwork,
             la_int *info, size_t jobz_len, size_t uplo_len);
void zheevd_(const char *jobz, const char *uplo, const la_int *n, la_z *a, const la_int *lda,
             double *w, la_z *work, const la_int *lwork, double *rwork, const la_int *lrwork,
             la_int *iwork, const la_int *liwork, la_int *info, size_t jobz_len, size_t uplo_len);
void dgeev_(const char *jobvl, const char *jobvr, const la_int *n, double *a, const la_int *lda,
            double *wr, double *wi, double *vl, const la_int *ldvl, double *vr, const la_int *ldvr,
            double *work, const la_int *lwork, la_int *info, size_t jobvl_len, size_t jobvr_len);
void zgeev_(const char *jobvl, const char *jobvr, const la_int *n, la_z *a, const la_int *lda,
            la_z *w, la_z *vl, const la_int *ldvl, la_z *vr, const la_int *ldvr, la_z *work,
            const la_int *lwork, double *rwork, la_int *info, size_t jobvl_len, size_t jobvr_len);
void dgelsd_(const la_int *m, const la_int *n, const la_int *nrhs, double *a, const la_int *lda,
             double *b, const la_int *ldb, double *s, const double *rcond, la_int *rank,
             double *work, const la_int *lwork, la_int *iwork, la_int *info);
void zgelsd_(const la_int *m, const la_int *n, const la_int *nrhs, la_z *a, const la_int *lda,
             la_z *b, const la_int *ldb, double *s, const double *rcond, la_int *rank, la_z *work,
             const la_int *lwork, double *rwork, la_int *iwork, la_int *info);

#endif
