/* nd_eval_named: the variable list of ND_EVAL, which stringizes the C
   arguments ("n, s, w, e"), split into names for nd_eval. */
#include <ctype.h>
#include <string.h>

#include "core/internal.h"
#include "nd/expr.h"

nd_array *nd_eval_named(const char *text, const char *names, int nvars, nd_array_list inputs_list,
                        nd_array *out) {
    const nd_array *const *inputs = ND_LIST_PTR(inputs_list);
    static const char *func = "nd_eval_named";
    if (!names) return nd__null_arg(func, "names"), NULL;
    if (nvars < 0 || nvars > 64)
        return nd__error(ND_ERR_VALUE, func, "nvars %d out of range [0, 64]", nvars), NULL;
    size_t len = strlen(names);
    char *buf = nd__malloc(len + 1);
    if (!buf) return nd__nomem(func, len + 1), NULL;
    memcpy(buf, names, len + 1);
    const char *name[64];
    int n = 0;
    nd_status st = ND_OK;
    for (char *p = buf; *p && !st;) {
        char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
        if (comma) *comma = '\0';
        while (isspace((unsigned char)*p)) p++;
        while (end > p && isspace((unsigned char)end[-1])) *--end = '\0';
        bool ident = *p && (isalpha((unsigned char)*p) || *p == '_');
        for (const char *q = p; ident && *q; q++)
            ident = isalnum((unsigned char)*q) || *q == '_';
        if (!ident)
            st = nd__error(ND_ERR_VALUE, func, "'%s' is not a variable name (ND_EVAL takes names)",
                           p);
        else if (n == nvars)
            st = nd__error(ND_ERR_VALUE, func, "more names than the %d inputs", nvars);
        else
            name[n++] = p;
        p = comma ? comma + 1 : end;
    }
    if (!st && n != nvars)
        st = nd__error(ND_ERR_VALUE, func, "%d names for %d inputs", n, nvars);
    nd_array *r = st ? NULL : nd_eval(text, nvars, name, inputs, out);
    nd__free(buf);
    return r;
}
