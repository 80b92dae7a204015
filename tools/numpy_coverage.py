#!/usr/bin/env python3
"""NumPy 1.24 function coverage: which of NumPy's public functions nd has.

docs/numpy-coverage.txt is the checked-in list: one in-scope NumPy function
a line ("numpy.cov", "numpy.linalg.inv", "numpy.polynomial.chebyshev.chebval"),
optionally followed by the nd function(s) that provide it. Without a mapping
the nd name is the default one (below); a function counts as covered when
every nd name it maps to is declared in include/nd/*.h (the elementwise ops
of include/nd/ops.def included).

  numpy_coverage.py [SRC]            write docs/numpy-coverage.md
  numpy_coverage.py [SRC] --check    fail if the doc is stale or an explicit
                                     mapping names an undeclared function
  numpy_coverage.py [SRC] --sync     (needs /usr/bin/python3 with NumPy 1.24)
                                     re-derive the in-scope list from NumPy's
                                     namespaces by the rule below, keeping the
                                     mappings of names already listed

The rule (what "NumPy's functions" means here): every public callable that is
not a class in `numpy`, `numpy.linalg` and the six `numpy.polynomial` family
modules, minus EXCLUDED (each with its reason: datetime, string and
structured dtypes, FFT and random have their own issues, Python-only
machinery, the np.matrix class); from the polynomial families only the 1-D
series functions the issue names (val, fit, der, int, roots, companion,
fromroots, the arithmetic add/sub/mul/div/pow/mulx, vander and line) and
polyutils' mapdomain, mapparms and trimcoef (domain mapping, trimming).
"""
import os
import re
import sys

# Python-side or out-of-scope names of NumPy 1.24's namespaces, by reason.
EXCLUDED = {
    'datetime dtype': 'busday_count busday_offset is_busday datetime_as_string datetime_data isnat',
    'string and structured dtypes': 'compare_chararrays recfromcsv recfromtxt fromregex',
    'np.matrix class': 'asmatrix mat bmat',
    'Python machinery (docs, tests, introspection, callbacks into Python)':
        'add_docstring add_newdoc add_newdoc_ufunc deprecate deprecate_with_doc test lookfor '
        'info who source show_config show_runtime get_include safe_eval disp set_numeric_ops '
        'set_string_function frompyfunc get_array_wrap issubclass_ iterable fromiter '
        'nested_iters printoptions get_printoptions set_printoptions getbufsize setbufsize '
        'geterrobj seterrobj geterrcall seterrcall',
}
POLY_FAMILIES = {'polynomial': 'poly', 'chebyshev': 'cheb', 'legendre': 'leg',
                 'laguerre': 'lag', 'hermite': 'herm', 'hermite_e': 'herme'}
POLY_OPS = 'val fit der int roots companion fromroots add sub mul div pow mulx vander line'.split()
POLY_UTILS = 'mapdomain mapparms trimcoef'.split()


def numpy_names():
    """The in-scope list from the running NumPy (--sync)."""
    import inspect
    import numpy as np
    import numpy.polynomial as P
    excluded = set(' '.join(EXCLUDED.values()).split())

    def funcs(mod):
        return sorted(n for n in dir(mod) if not n.startswith('_') and n not in excluded
                      and callable(getattr(mod, n)) and not inspect.isclass(getattr(mod, n)))
    names = ['numpy.' + n for n in funcs(np)]
    names += ['numpy.linalg.' + n for n in funcs(np.linalg)]
    for fam, pre in POLY_FAMILIES.items():
        mod = getattr(P, fam)
        names += ['numpy.polynomial.%s.%s%s' % (fam, pre, op) for op in POLY_OPS
                  if hasattr(mod, pre + op)]
    names += ['numpy.polynomial.polyutils.' + n for n in POLY_UTILS]
    return names


def default_nd(name, top):
    """nd_<function>; a polynomial-module name that repeats a top-level one
    (numpy.polynomial.polynomial.polyval is not np.polyval: the coefficient
    order differs) is nd_<family>_<function>."""
    parts = name.split('.')
    short = parts[-1]
    if parts[1] == 'polynomial' and short in top:
        return 'nd_%s_%s' % (parts[2], short)
    return 'nd_' + short


def read_list(src):
    rows = []
    with open(os.path.join(src, 'docs', 'numpy-coverage.txt')) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                fields = line.split()
                rows.append((fields[0], fields[1:]))
    return rows


def declared(src):
    """Every nd_ function a public header declares."""
    hdr = os.path.join(src, 'include', 'nd')
    names = set()
    for fn in sorted(os.listdir(hdr)):
        path = os.path.join(hdr, fn)
        with open(path) as f:
            text = f.read()
        if fn == 'ops.def':
            names |= {'nd_' + m for m in re.findall(r'^ND_OP\(\w+,\s*(\w+)', text, re.M)}
        elif fn.endswith('.h') or fn.endswith('.h.in'):
            text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
            names |= set(re.findall(r'\b(nd_[a-z0-9_]+)\s*\(', text))
    return names


def group_of(name):
    parts = name.split('.')
    if parts[1] == 'linalg':
        return 'numpy.linalg'
    if parts[1] == 'polynomial':
        return 'numpy.polynomial'
    return 'numpy'


def render(src):
    rows = read_list(src)
    have = declared(src)
    top = {n.split('.')[1] for n, _ in rows if n.count('.') == 1}
    missing_explicit = []
    lines = []
    groups = {}
    for name, nds in rows:
        explicit = bool(nds)
        nds = nds or [default_nd(name, top)]
        ok = all(n in have for n in nds)
        if explicit and not ok:
            missing_explicit += ['%s -> %s' % (name, n) for n in nds if n not in have]
        groups.setdefault(group_of(name), []).append((name, nds, ok))
    total = len(rows)
    done = sum(ok for g in groups.values() for _, _, ok in g)
    lines.append('# NumPy coverage')
    lines.append('')
    lines.append('<!-- Generated by tools/numpy_coverage.py from docs/numpy-coverage.txt and')
    lines.append('     include/nd/*.h (`make numpy-coverage`); do not edit by hand. -->')
    lines.append('')
    lines.append('Which of NumPy 1.24\'s public functions nd provides: **%d of %d (%.0f%%)**.'
                 % (done, total, 100.0 * done / total))
    lines.append('')
    lines.append('The list (docs/numpy-coverage.txt) is every public function of `numpy`,')
    lines.append('`numpy.linalg` and the six `numpy.polynomial` series families (val, fit,')
    lines.append('der, int, roots, companion, fromroots, add, sub, mul, div, pow, mulx,')
    lines.append('vander, line; `polyutils` mapdomain, mapparms, trimcoef), without classes,')
    lines.append('datetime, string and structured')
    lines.append('dtypes, FFT and random (their own issues), the np.matrix class and Python')
    lines.append('machinery (tools/numpy_coverage.py has the excluded names and reasons).')
    lines.append('A function counts when every nd function it maps to is declared in')
    lines.append('include/nd/*.h.')
    lines.append('')
    lines.append('| namespace | covered | total | % |')
    lines.append('|---|---:|---:|---:|')
    for g, items in groups.items():
        d = sum(ok for _, _, ok in items)
        lines.append('| `%s` | %d | %d | %.0f%% |' % (g, d, len(items), 100.0 * d / len(items)))
    lines.append('| all | %d | %d | %.0f%% |' % (done, total, 100.0 * done / total))
    for g, items in groups.items():
        lines.append('')
        lines.append('## `%s`' % g)
        lines.append('')
        lines.append('| NumPy | nd | |')
        lines.append('|---|---|---|')
        for name, nds, ok in items:
            short = name[len(g) + 1:] if name.startswith(g + '.') else name
            lines.append('| `%s` | %s | %s |' % (short, ', '.join('`%s`' % n for n in nds),
                                                'yes' if ok else '**no**'))
    return '\n'.join(lines) + '\n', missing_explicit


def sync(src):
    path = os.path.join(src, 'docs', 'numpy-coverage.txt')
    old = dict(read_list(src))
    with open(path) as f:
        head = [ln for ln in f.read().split('\n') if ln.startswith('#')]
    with open(path, 'w') as f:
        f.write('\n'.join(head) + '\n')
        for n in numpy_names():
            f.write((n + ' ' + ' '.join(old.get(n, []))).rstrip() + '\n')


def main(argv):
    args = [a for a in argv[1:] if not a.startswith('--')]
    src = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
    if '--sync' in argv:
        sync(src)
    text, missing = render(src)
    out = os.path.join(src, 'docs', 'numpy-coverage.md')
    if '--check' in argv:
        bad = False
        for m in missing:
            print('numpy-coverage.txt maps to a function no header declares: ' + m)
            bad = True
        with open(out) as f:
            if f.read() != text:
                print('docs/numpy-coverage.md is stale: run `make numpy-coverage`')
                bad = True
        return 1 if bad else 0
    if missing:
        for m in missing:
            print('numpy-coverage.txt maps to a function no header declares: ' + m)
        return 1
    with open(out, 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
