#!/usr/bin/env python3
"""Writes the API reference's page of elementwise ops (tools/docs.sh).

nd/ufunc.h declares one function per op of include/nd/ops.def through a
macro, which doxygen cannot see; this writes a documentation-only header
declaring each of them with its comment (NumPy name, arity, loops), and a
page tabulating them. An op without a summary in SUMMARY below is an error,
so a new op cannot reach the reference undocumented.

usage: gen_ops_doc.py include/nd/ops.def OUTPUT.h
"""
import re
import sys

DTYPES = {'?': 'bool', 'b': 'int8', 'B': 'uint8', 'h': 'int16', 'H': 'uint16',
          'i': 'int32', 'I': 'uint32', 'q': 'int64', 'Q': 'uint64', 'e': 'float16',
          'f': 'float32', 'd': 'float64', 'F': 'complex64', 'D': 'complex128'}

SUMMARY = {
    'add': 'a + b', 'subtract': 'a - b', 'multiply': 'a * b',
    'divide': 'a / b (true division)', 'floor_divide': 'a // b (floor of the quotient)',
    'remainder': 'a % b with the sign of b (Python\'s modulo)', 'power': 'a ** b',
    'maximum': 'the larger of a and b, NaN propagating',
    'minimum': 'the smaller of a and b, NaN propagating',
    'fmax': 'the larger of a and b, NaN ignored where the other is a number',
    'fmin': 'the smaller of a and b, NaN ignored where the other is a number',
    'fmod': 'C\'s fmod: the remainder with the sign of a',
    'copysign': 'the magnitude of a with the sign of b',
    'nextafter': 'the next representable value after a towards b',
    'gcd': 'the greatest common divisor of |a| and |b|',
    'lcm': 'the least common multiple of |a| and |b|',
    'arctan2': 'the angle of the point (b, a): atan2(a, b) in [-pi, pi]',
    'hypot': 'sqrt(a*a + b*b) without undue overflow',
    'logaddexp': 'log(exp(a) + exp(b)) without undue overflow',
    'logaddexp2': 'log2(2**a + 2**b) without undue overflow',
    'bitwise_and': 'a & b', 'bitwise_or': 'a | b', 'bitwise_xor': 'a ^ b',
    'left_shift': 'a << b (0 once b reaches the width)',
    'right_shift': 'a >> b (arithmetic for signed types; 0 or -1 once b reaches the width)',
    'equal': 'a == b', 'not_equal': 'a != b', 'less': 'a < b', 'less_equal': 'a <= b',
    'greater': 'a > b', 'greater_equal': 'a >= b',
    'logical_and': 'the truth of a and b', 'logical_or': 'the truth of a or b',
    'logical_xor': 'the truth of a xor b',
    'negative': '-a', 'positive': '+a (a new array, not a view)',
    'absolute': '|a| (the modulus, real, for complex a)',
    'sign': 'the sign of a: -1, 0 or 1 (NaN for NaN; for complex, NumPy 1.24\'s: the '
            'sign of the real part, or of the imaginary part when the real part is 0)',
    'sqrt': 'the square root', 'cbrt': 'the cube root', 'square': 'a * a',
    'reciprocal': '1 / a (integer division for integers)',
    'exp': 'e ** a', 'exp2': '2 ** a', 'expm1': 'exp(a) - 1, accurate near 0',
    'log': 'the natural logarithm', 'log2': 'the base-2 logarithm',
    'log10': 'the base-10 logarithm', 'log1p': 'log(1 + a), accurate near 0',
    'sin': 'the sine (radians)', 'cos': 'the cosine (radians)', 'tan': 'the tangent (radians)',
    'arcsin': 'the inverse sine', 'arccos': 'the inverse cosine', 'arctan': 'the inverse tangent',
    'sinh': 'the hyperbolic sine', 'cosh': 'the hyperbolic cosine',
    'tanh': 'the hyperbolic tangent', 'arcsinh': 'the inverse hyperbolic sine',
    'arccosh': 'the inverse hyperbolic cosine', 'arctanh': 'the inverse hyperbolic tangent',
    'deg2rad': 'degrees to radians', 'rad2deg': 'radians to degrees',
    'floor': 'the largest integer not above a', 'ceil': 'the smallest integer not below a',
    'trunc': 'a rounded toward zero', 'rint': 'a rounded to the nearest integer, ties to even',
    'signbit': 'true where the sign bit of a is set (-0.0 and -NaN included)',
    'isnan': 'true where a is NaN (either part for complex)',
    'isinf': 'true where a is +inf or -inf (either part for complex)',
    'isfinite': 'true where a is neither infinite nor NaN',
    'logical_not': 'the truth of not a', 'invert': '~a (bitwise not; logical not for bool)',
    'conjugate': 'the complex conjugate (a itself for real types)',
}


def loops(ins, outs):
    """'float32 float64' when each loop keeps its dtype, else 'float32->bool ...'."""
    pairs = [(DTYPES[i], DTYPES[o]) for i, o in zip(ins, outs)]
    return ', '.join(i if i == o else f'{i} -> {o}' for i, o in pairs)


def main():
    src, out = sys.argv[1], sys.argv[2]
    ops = re.findall(r'^ND_OP\((\w+), (\w+), (\d), "([^"]*)", "([^"]*)"\)', open(src).read(), re.M)
    missing = [name for _, name, *_ in ops if name not in SUMMARY]
    if missing:
        sys.exit('gen_ops_doc.py: no summary for op(s) ' + ', '.join(missing) +
                 ': add them to SUMMARY in tools/gen_ops_doc.py')
    w = []
    w.append('/** @file ops_def.h\n'
             ' * The elementwise ops of include/nd/ops.def as functions (reference only).\n'
             ' *\n'
             ' * Not a header to include: nd/ufunc.h declares these functions from\n'
             ' * include/nd/ops.def with a macro; this page, generated from ops.def by\n'
             ' * tools/gen_ops_doc.py, shows each declaration. Include <nd/ufunc.h>\n'
             ' * (or <nd.h>). The rules every op follows (broadcasting, `out`, type\n'
             ' * resolution, accuracy) are in @ref ufunc. */\n')
    w.append('/** @page ops Elementwise ops\n'
             ' * Every op of include/nd/ops.def: the function nd_<name>, NumPy\'s name, the\n'
             ' * enum value for nd_ufunc(), the number of inputs, and NumPy\'s loops in\n'
             ' * the order type resolution tries them (the first loop every input casts\n'
             ' * to safely is taken). Aliases: nd_abs() (absolute), nd_conj()\n'
             ' * (conjugate), nd_true_divide() (divide), nd_mod() (remainder).\n'
             ' *\n'
             ' * | function | NumPy | enum | inputs | loops |\n'
             ' * |---|---|---|---|---|\n')
    for enum, name, nin, ins, outs in ops:
        w.append(f' * | nd_{name}() | `np.{name}` | `ND_OP_{enum}` | {nin} | {loops(ins, outs)} |\n')
    w.append(' */\n\n#include "nd/core.h"\n\n'
             '/** @defgroup ufunc_ops Per-op functions\n'
             ' * @ingroup ufunc\n'
             ' * One function per op of include/nd/ops.def, declared by nd/ufunc.h\n'
             ' * (table: @ref ops).\n'
             ' * @{ */\n\n')
    for enum, name, nin, ins, outs in ops:
        doc = SUMMARY[name]
        w.append(f'/** np.{name}: {doc}, elementwise.\n *\n'
                 f' * Op `ND_OP_{enum}` of ops.def, {nin} input{"s" if nin == "2" else ""}; '
                 f'loops (NumPy\'s order): {loops(ins, outs)}. Other dtypes are cast to the\n'
                 ' * first loop they reach safely (ND_ERR_DTYPE when none: NumPy\'s "ufunc\n'
                 ' * not supported for the input types"); the rules of @ref ufunc apply.\n')
        if nin == '1':
            w.append(' * @param a    the input array.\n')
        else:
            w.append(' * @param a    the first input.\n * @param b    the second input, broadcast '
                     'against a.\n')
        w.append(' * @param out  NULL for a new array, or an array of the broadcast shape\n'
                 ' *             (same_kind casting) to write into.\n'
                 ' * @return a new reference, or out itself; NULL on error (nd_last_error()). */\n')
        args = 'const nd_array *a, nd_array *out' if nin == '1' else \
            'const nd_array *a, const nd_array *b, nd_array *out'
        w.append(f'nd_array *nd_{name}({args});\n\n')
    w.append('/** @} */\n')
    open(out, 'w').write(''.join(w))


if __name__ == '__main__':
    main()
