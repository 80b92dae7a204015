/* Two versions of one vector-math family file (kernels/generic/vm_*.c) side by side, without
   rebuilding the library: tools/vm_ab.sh compiles each version at the avx512 and avx2 levels
   under its own symbol suffix (ND_ISA_NAME o512, n512, o2, n2) and links them with this
   driver, which runs one op of the family on the same inputs through old and new, at each
   level: whether the outputs are bitwise the same (and, if not, how many differ and by how
   many ulps at most), then the median of per-round time ratios old/new over interleaved
   rounds (process CPU time). A restructuring that should keep every bit is checked in
   seconds; anything that changes results still needs the accuracy and fp_flags suites.

   The families read the kernels they overlay from the table before registering their own
   (t->loops[op][dtype], SLEEF's in the library); here those slots hold a stub that counts its
   calls and gives NaN, so the inputs should lie on the fast paths (the count is printed).

     vm_ab FAMILY-FILL OP DTYPE N LO HI [LO2 HI2]   (run through tools/vm_ab.sh) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernels.h"

#define PASTE_(a, b) a##_##b
#define PASTE(a, b) PASTE_(a, b)
void PASTE(VM_FILL, o512)(nd_ktable *t);
void PASTE(VM_FILL, n512)(nd_ktable *t);
void PASTE(VM_FILL, o2)(nd_ktable *t);
void PASTE(VM_FILL, n2)(nd_ktable *t);

enum { ROUNDS = 21 };

static const char *const OP_NAMES[] = {
#define ND_OP(E, name, nin, ins, outs) #E,
#include "nd/ops.def"
#undef ND_OP
};
static const int OP_NIN[] = {
#define ND_OP(E, name, nin, ins, outs) nin,
#include "nd/ops.def"
#undef ND_OP
};

/* the stand-in for the overlaid kernels: NaN for every lane it is given */
static long slow_calls;
static bool single;
static void slow_fill(char *out, int64_t step, int64_t n) {
    slow_calls++;
    for (int64_t i = 0; i < n; i++) {
        if (single) {
            float v = NAN;
            memcpy(out + i * step, &v, sizeof v);
        } else {
            double v = NAN;
            memcpy(out + i * step, &v, sizeof v);
        }
    }
}
static void slow_stub1(char *const *args, const int64_t *steps, int64_t n) {
    slow_fill(args[1], steps[1], n);
}
static void slow_stub2(char *const *args, const int64_t *steps, int64_t n) {
    slow_fill(args[2], steps[2], n);
}

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* |a - b| in units of the last place of b (0 for identical bits, both NaN) */
static double ulp_diff(double a, double b, bool single) {
    if (isnan(a) && isnan(b)) return 0;
    if (a == b) return 0;
    if (!isfinite(a) || !isfinite(b)) return INFINITY;
    int e;
    frexp(b, &e);
    int p = single ? 24 : 53, emin = single ? -125 : -1021;
    return fabs(a - b) / ldexp(1.0, (e < emin ? emin : e) - p);
}

int main(int argc, char **argv) {
    if (argc != 6 && argc != 8) {
        fprintf(stderr,
                "usage (tools/vm_ab.sh passes N): %s OP float32|float64 N LO HI [LO2 HI2]\n",
                argv[0]);
        return 2;
    }
    int op = -1;
    for (int i = 0; i < ND_KNUM_OPS; i++)
        if (strcmp(OP_NAMES[i], argv[1]) == 0) op = i;
    single = strcmp(argv[2], "float32") == 0;
    if (op < 0 || (!single && strcmp(argv[2], "float64") != 0)) {
        fprintf(stderr, "unknown op or dtype: %s %s\n", argv[1], argv[2]);
        return 2;
    }
    int dt = single ? ND_FLOAT32 : ND_FLOAT64;
    int64_t n = atoll(argv[3]), sz = single ? 4 : 8;
    bool binary = OP_NIN[op] == 2;
    if (binary != (argc == 8)) {
        fprintf(stderr, "%s takes %d operand range(s)\n", argv[1], OP_NIN[op]);
        return 2;
    }
    double lo = atof(argv[4]), hi = atof(argv[5]);
    double lo2 = binary ? atof(argv[6]) : 0, hi2 = binary ? atof(argv[7]) : 0;
    if (n < 1 || n > (int64_t)1 << 28) {
        fprintf(stderr, "N out of range\n");
        return 2;
    }

    static nd_ktable tab[4]; /* old avx512, new avx512, old avx2, new avx2 */
    void (*fill[4])(nd_ktable *) = {PASTE(VM_FILL, o512), PASTE(VM_FILL, n512), PASTE(VM_FILL, o2),
                                    PASTE(VM_FILL, n2)};
    for (int v = 0; v < 4; v++) {
        for (int o = 0; o < ND_KNUM_OPS; o++)
            tab[v].loops[o][dt] = OP_NIN[o] == 2 ? slow_stub2 : slow_stub1;
        fill[v](&tab[v]);
        if (tab[v].loops[op][dt] == slow_stub1 || tab[v].loops[op][dt] == slow_stub2) {
            fprintf(stderr, "%s %s is not in this family\n", argv[1], argv[2]);
            return 2;
        }
    }

    char *a = malloc((size_t)(n * sz)), *b = malloc((size_t)(n * sz)), *y[4];
    for (int v = 0; v < 4; v++) y[v] = malloc((size_t)(n * sz));
    srand(7);
    for (int64_t i = 0; i < n; i++) {
        double u = lo + (hi - lo) * (rand() / (double)RAND_MAX);
        double w = lo2 + (hi2 - lo2) * (rand() / (double)RAND_MAX);
        if (single)
            ((float *)a)[i] = (float)u, ((float *)b)[i] = (float)w;
        else
            ((double *)a)[i] = u, ((double *)b)[i] = w;
    }
    int64_t steps[3] = {sz, sz, sz};
    double t[4][ROUNDS];
    for (int r = -1; r < ROUNDS; r++) { /* round -1: warm-up, and the outputs compared */
        for (int v = 0; v < 4; v++) {
            char *args[3] = {a, binary ? b : y[v], y[v]};
            int reps = r < 0 ? 1 : (int)(3e6 / (double)n) + 1;
            double t0 = cpu_now();
            for (int k = 0; k < reps; k++) tab[v].loops[op][dt](args, steps, n);
            if (r >= 0) t[v][r] = (cpu_now() - t0) / reps;
        }
    }
    const char *lv[2] = {"avx512", "avx2"};
    for (int p = 0; p < 2; p++) {
        int64_t differ = 0;
        double worst = 0;
        for (int64_t i = 0; i < n; i++) {
            double o = single ? ((float *)y[2 * p])[i] : ((double *)y[2 * p])[i];
            double w = single ? ((float *)y[2 * p + 1])[i] : ((double *)y[2 * p + 1])[i];
            if (memcmp(y[2 * p] + i * sz, y[2 * p + 1] + i * sz, (size_t)sz)) {
                differ++;
                double d = ulp_diff(w, o, single);
                worst = d > worst ? d : worst;
            }
        }
        double ratio[ROUNDS], tn[ROUNDS];
        for (int r = 0; r < ROUNDS; r++)
            ratio[r] = t[2 * p][r] / t[2 * p + 1][r], tn[r] = t[2 * p + 1][r];
        qsort(ratio, ROUNDS, sizeof(double), cmp_double);
        qsort(tn, ROUNDS, sizeof(double), cmp_double);
        printf("%-6s %s %s: bits %s", lv[p], argv[1], argv[2], differ ? "DIFFER" : "same");
        if (differ)
            printf(" (%lld of %lld, at most %.3g ulp)", (long long)differ, (long long)n, worst);
        printf("; old/new %.3f (quartiles %.3f %.3f); new %.3f ns/element\n", ratio[ROUNDS / 2],
               ratio[ROUNDS / 4], ratio[3 * ROUNDS / 4], tn[ROUNDS / 2] / (double)n * 1e9);
    }
    printf("slow-path stub calls: %ld\n", slow_calls);
    for (int v = 0; v < 4; v++) free(y[v]);
    free(a), free(b);
    return 0;
}
