#!/usr/bin/python3
"""Hostile texts for nd_loadtxt with np.loadtxt's outcome on each (NumPy 1.24).

Writes tests/data/loadtxt_cases.txt, one case a line, tab-separated:
  dtype  delimiter  comments  skiprows  max_rows  ndmin  usecols  text  outcome
dtype is an index into DTYPES (tests/test_loadtxt_diff.c has the same list);
delimiter and comments are hex ('-' for NumPy's default, 'N' for None);
usecols comma-separated or '-'; text is hex; outcome is 'ERR' or
'OK <ndim> <shape...> <hex of the values, C order, little-endian>'.
Texts NumPy cannot decode as UTF-8 are left out (nd reads bytes).
Run: /usr/bin/python3 tools/gen_loadtxt_cases.py  (deterministic, seeded)
"""
import os, random, sys, tempfile, warnings
import numpy as np

DTYPES = ['?', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'f2', 'f4', 'f8']
rng = random.Random(31)

def extremes(dt):
    d = np.dtype(dt)
    if d.kind == 'b':
        return ['0', '1', '2', '-1', '00', '+0', '9223372036854775807', '9223372036854775808']
    if d.kind in 'iu':
        i = np.iinfo(d)
        vals = [i.min, i.max, 0, 1, -1, i.max + 1, i.min - 1, 2 * i.max + 2]
        out = [str(v) for v in vals]
        out += ['%d.0' % i.max, '%de0' % i.min, '9.25e18', '1.5e19', '1e20', '-1e19', '3e9', '5e9',
                '1e10', 'nan', 'inf', '-inf', '1.9', '-1.9', '+5', '0' * 150 + '7', '1e400', '-0']
        return out
    f = np.finfo(d)
    return [repr(float(f.max)), repr(float(f.tiny)), '5e-324', '1e308', '1.7976931348623157e308',
            '1.8e308', '-0.0', 'nan', '-nan', '+nan', 'inf', '-Infinity', 'INF', 'NaN', '1e-400', '.5',
            '5.', '1E5', '0.1', '3.4028236e38', '65504', '65520', '6.1e-5', '1' * 200,
            '0.' + '3' * 300, '1e+05', '+1.5', '1_0', '0x10', 'nan(1)', '1e', '.', '']

def number(dt):
    if rng.random() < 0.5:
        return rng.choice(extremes(dt))
    d = np.dtype(dt)
    if d.kind == 'b':
        return str(rng.randint(0, 3))
    if d.kind in 'iu':
        i = np.iinfo(d)
        return str(rng.randint(int(i.min), int(i.max)))
    return repr(rng.uniform(-1e6, 1e6) * 10.0 ** rng.randint(-30, 30))

SPACES = [' ', '\t', '\x0b', '\x0c', '\x1c', '\u00a0', '\u2003', '\u3000', '\u0085']
ENDINGS = ['\n', '\r\n', '\r']

def base_text(dt, delim, comment):
    rows, cols = rng.randint(0, 5), rng.choice([1, 1, 2, 3, 5, 600 if rng.random() < 0.02 else 4])
    ending = rng.choice(ENDINGS + ['mixed'])
    sep = delim if delim is not None else None
    lines = []
    for r in range(rows):
        vals = [number(dt) for _ in range(cols)]
        if sep is None:
            line = ''.join((rng.choice(SPACES) if rng.random() < 0.2 else ' ') + v for v in vals)
        else:
            line = sep.join((' ' if rng.random() < 0.1 else '') + v for v in vals)
        if comment and rng.random() < 0.2:
            line += ' ' + comment + ' note, 1 2'
        lines.append(line)
        if rng.random() < 0.1:
            lines.append(rng.choice(['', '   ', (comment or '') + ' comment line']))
    out = ''
    for l in lines:
        out += l + (rng.choice(ENDINGS) if ending == 'mixed' else ending)
    if out and rng.random() < 0.2:
        out = out.rstrip('\r\n')
    return out

INSERTS = ['\x00', '\r', '\n', ' ', '#', ',', '-', '+', '.', 'e', 'x', '\u00a0', '5', '\t', '_', '(',
           '//', '%', ';', '\r\n', '1', 'nan', 'inf']

def mutate(text):
    t = text
    for _ in range(rng.randint(1, 4)):
        k = rng.random()
        p = rng.randint(0, len(t))
        if k < 0.5 or not t:
            t = t[:p] + rng.choice(INSERTS) + t[p:]
        elif k < 0.8:
            t = t[:p] + t[p + 1:]
        else:
            t = t[:p] + rng.choice(INSERTS) + t[p + 1:]
    return t

def numpy_outcome(data, dt, delim, comments, skip, maxr, ndmin, usecols):
    fd, path = tempfile.mkstemp()
    os.write(fd, data)
    os.close(fd)
    kw = dict(dtype=dt, delimiter=delim, skiprows=skip, ndmin=ndmin)
    if comments != '-':
        kw['comments'] = comments
    if maxr:
        kw['max_rows'] = maxr
    if usecols:
        kw['usecols'] = usecols
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            a = np.loadtxt(path, **kw)
        return 'OK %d %s %s' % (a.ndim, ' '.join(map(str, a.shape)), a.astype(a.dtype.newbyteorder('<')).tobytes().hex())
    except UnicodeDecodeError:
        return None
    except (ValueError, TypeError, OverflowError, IndexError):
        return 'ERR'
    finally:
        os.unlink(path)

def hexs(s):
    return '-' if s == '-' else 'N' if s is None else s.encode().hex()

FIXED = [  # the cases, and the control-character rules
    (b'1\x002\n', 'f8', None, '-'), (b'1\r2\r', 'f8', None, '-'), (b'1,2#3\n', 'f8', ',', ','),
    (b'1#2#3\n', 'f8', '#', '-'), (b'9.25e18\n', 'u8', None, '-'), (b'1 2\n', 'f8', None, ''),
    (b'1 2 3\n', 'f8', None, ' '), (b'1\t2\n', 'f8', None, '\t'), (b'1 2\n', 'f8', None, '\n'),
    (b'1/2//3\n', 'f8', '/', '//'), (b'1,2\r\n3,4\r\n', 'f8', ',', '-'), (b'1\r\r2\n', 'f8', None, '-'),
    (b'1,\x002\n', 'f8', ',', '-'), (b'1\x00\n', 'f8', None, None), (b'\x00\n', 'i8', None, '-'),
    (b'1\n', 'f8', '\n', '-'), (b'1 2\n', 'f8', '\r', '-'), (b'1' * 200 + b'\n', 'f8', None, '-'),
    (b' '.join([b'7'] * 5000) + b'\n', 'i4', None, '-'), (b'1 2\n', 'f8', None, '1'),
]

def main():
    out = []
    skipped = 0
    def add(data, dt, delim, comments, skip=0, maxr=0, ndmin=0, usecols=None):
        nonlocal skipped
        res = numpy_outcome(data, dt, delim, comments, skip, maxr, ndmin, usecols)
        if res is None:
            skipped += 1
            return
        out.append('\t'.join([str(DTYPES.index(dt)), hexs(delim), hexs(comments), str(skip), str(maxr),
                              str(ndmin), ','.join(map(str, usecols)) if usecols else '-', data.hex() or '-', res]))
    for data, dt, delim, comments in FIXED:
        add(data, dt, delim, comments)
    for i in range(1800):
        dt = rng.choice(DTYPES)
        delim = rng.choice([None, None, ',', ';', '\t', ' '])
        comments = rng.choice(['-', '-', '%', '//', None])
        text = base_text(dt, delim, '#' if comments == '-' else comments)
        if rng.random() < 0.5:
            text = mutate(text)
        skip = rng.choice([0, 0, 0, 1, 2])
        maxr = rng.choice([0, 0, 0, 1, 3])
        ndmin = rng.choice([0, 0, 1, 2])
        usecols = rng.choice([None, None, None, [0], [-1], [0, 1]])
        add(text.encode(), dt, delim, comments, skip, maxr, ndmin, usecols)
    dest = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'data', 'loadtxt_cases.txt')
    with open(dest, 'w') as f:
        f.write('\n'.join(out) + '\n')
    print('%d cases written, %d left out (not UTF-8)' % (len(out), skipped), file=sys.stderr)

main()
