/* The program of docs/tutorial.md: load a .npy of temperatures (days x
   stations), convert to Fahrenheit, subtract each station's mean
   (broadcasting), reduce to the largest deviation per station, save it.
   usage: example_tutorial IN.npy OUT.npy */
#include <nd.h>
#include <stdio.h>

/* Reports the pending error and fails: one check after a run of calls. */
static int fail(const char *what) {
    fprintf(stderr, "%s: %s\n", what, nd_last_error_message());
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s IN.npy OUT.npy\n", argv[0]);
        return 2;
    }
    nd_array *t = nd_load_npy(argv[1]); /* new reference, or NULL */
    if (!t) return fail("load");

    /* f = t * 1.8 + 32, elementwise; the weak literals keep t's dtype */
    nd_array *k = nd_lit_f64(1.8), *c = nd_lit_f64(32.0);
    nd_array *f = nd_multiply(t, k, NULL);
    if (f && !nd_add(f, c, f)) { /* out = f: in place, returns f without a new reference */
        nd_release(f);
        f = NULL;
    }

    /* each station's mean over the days, kept as shape (1, stations) so it
       broadcasts against (days, stations) */
    nd_array *mean = nd_mean(f, 0, true, NULL);
    nd_array *dev = nd_subtract(f, mean, NULL);
    nd_array *absdev = nd_absolute(dev, dev);         /* in place again */
    nd_array *worst = nd_max(absdev, 0, false, NULL); /* shape (stations,) */

    /* NULL inputs fail cleanly and keep the first error: check once here */
    int rc = worst ? nd_save_npy(argv[2], worst) : ND_ERR_NULL;
    if (rc == ND_OK)
        nd_print(stdout, worst);
    else
        fail("tutorial");

    /* every new reference is released once (absdev is dev: not twice) */
    nd_release(worst);
    nd_release(dev);
    nd_release(mean);
    nd_release(f);
    nd_release(c);
    nd_release(k);
    nd_release(t);
    return rc == ND_OK ? 0 : 1;
}
