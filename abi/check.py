#!/usr/bin/env python3
"""nd's ABI guard: libnd.so's exported symbols against abi/nd.symbols.

The symbols file records the soname, then one line per exported symbol
(what -fvisibility=hidden and ND_API leave in `nm -D --defined-only`): its
kind, the version that added it and its declaration as the preprocessed
public headers give it (parameter names left out), and one line per public
enum and struct type with its preprocessed definition (so renumbered
enumerators, e.g. an op inserted in the middle of ops.def, and changed
struct members show).

The check (meson test 'abi_symbols') fails when, under the same soname,
  - a recorded symbol or type is gone, or its declaration or definition
    changed: an incompatible change needs a new major version, which moves
    the soname (README, "Versions and ABI");
  - a symbol or type is new: "new symbol X: add it to the symbols file"
    (adding is compatible, but the file must say so: `make abi-update`).
When the soname moved (a new major version), it fails until the file is
regenerated for the new ABI.

`--update` writes the file: new symbols are recorded at the current version;
it refuses removals and changes under the same soname, except changes named
with --compatible NAME,... or ABI_COMPATIBLE=NAME,... (for a change that keeps the ABI, such as a const
added to a pointee, said so in the commit).

usage: check.py [--update [--compatible N,...]] LIBND_SO SYMBOLS VERSION CC... -- HEADER...
"""
import os
import re
import subprocess
import sys

HEAD = """\
# nd's exported ABI, checked by abi/check.py (meson test 'abi_symbols').
# Regenerate with `make abi-update` (README, "Versions and ABI").
# kind<TAB>name<TAB>since<TAB>declaration or definition
"""


def die(msg):
    sys.stderr.write('abi/check.py: ' + msg + '\n')
    sys.exit(1)


def run(cmd, **kw):
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        die('%s failed:\n%s' % (' '.join(cmd), res.stderr))
    return res.stdout


def exported(lib):
    """{name: 'function' | 'object'} of the shared object's defined dynamic symbols."""
    out = {}
    for line in run(['nm', '-D', '--defined-only', '--format=posix', lib]).splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        name, t = f[0], f[1]
        if t in 'TWi':
            out[name] = 'function'
        elif t in 'DBRV':
            out[name] = 'object'
        else:
            die('symbol %s of unexpected type %s' % (name, t))
    return out


def soname(lib):
    m = re.search(r'\(SONAME\)\s+Library soname: \[([^]]+)\]', run(['readelf', '-d', lib]))
    if not m:
        die(lib + ' has no soname')
    return m.group(1)


def split_params(s):
    out, depth, cur = [], 0, ''
    for ch in s:
        if ch == ',' and depth == 0:
            out.append(cur)
            cur = ''
            continue
        depth += ch in '(['
        depth -= ch in ')]'
        cur += ch
    out.append(cur)
    return [p.strip() for p in out if p.strip()]


TYPE_WORDS = {'void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned',
              '_Bool', 'bool', 'const', 'volatile', 'restrict', 'struct', 'enum', 'union'}


def spell(t):
    """One spelling per type: "const nd_array *", "void (*)(void *)"."""
    t = ' '.join(t.replace('*', ' * ').replace('(', ' ( ').replace(')', ' ) ').split())
    t = t.replace('( ', '(').replace(' )', ')').replace('* const', '*const')
    return re.sub(r'\* (?=\*)', '*', t)


def param_type(p):
    """A parameter without its name (which is not part of the ABI)."""
    m = re.match(r'^(.*)\(\s*\*\s*\w*\s*\)\s*\((.*)\)$', p)  # function pointer
    if m:
        return spell(m.group(1)) + ' (*)(' + ', '.join(param_type(q) for q in
                                                      split_params(m.group(2))) + ')'
    p = re.sub(r'\s*\[\s*\w*\s*\]', '[]', p)
    m = re.match(r'^(.*[\s*])([A-Za-z_]\w*)(\[\])?$', p)
    if m and m.group(2) not in TYPE_WORDS and \
            set(m.group(1).replace('*', ' ').split()) - {'const', 'volatile', 'restrict', 'struct',
                                                         'enum', 'union'}:
        return spell(m.group(1) + (' *' if m.group(3) else ''))
    return spell(p)


def public_text(cc, headers):
    """The preprocessed headers, only the lines that come from nd's own."""
    src = ''.join('#include "%s"\n' % h for h in headers)
    out = run(cc + ['-E', '-DND_EXPORT_H', '-DND_API=__nd_api__', '-x', 'c', '-'], input=src)
    keep, mine = [], False
    for line in out.splitlines():
        m = re.match(r'^# \d+ "([^"]*)"', line)
        if m:
            f = m.group(1)
            mine = bool(re.search(r'(^|/)nd(\.h|/[\w.]+)$', f))
            continue
        if mine:
            keep.append(line)
    return ' '.join(' '.join(keep).split())


def declarations(text):
    decls = {}
    for d in re.findall(r'__nd_api__([^;{]*);', text):
        d = d.strip()
        m = re.match(r'^(extern\s+)?(.*?)(\w+)\s*\((.*)\)$', d)
        if m:
            params = split_params(m.group(4))
            params = [] if params == ['void'] else params
            ret = spell(m.group(2))
            decls[m.group(3)] = ret + ('' if ret.endswith('*') else ' ') + m.group(3) + '(' + \
                ', '.join(param_type(p) for p in params) + ')'
            continue
        m = re.match(r'^(extern\s+)?(.*?)(\w+)(\s*\[.*\])?$', d)
        if not m:
            die('cannot read the declaration "%s"' % d)
        t = spell(m.group(2))
        decls[m.group(3)] = t + ('' if t.endswith('*') else ' ') + m.group(3) + (m.group(4) or '')
    return decls


def types(text):
    out = {}
    for kind, body, name in re.findall(r'typedef (enum|struct) \w*\s*\{([^}]*)\}\s*(\w+)\s*;', text):
        out[name] = kind + ' { ' + spell(body) + ' }'
    return out


def read_symbols(path):
    recorded, name_of = {}, None
    try:
        lines = open(path, encoding='utf-8').read().splitlines()
    except FileNotFoundError:
        return None, {}
    for n, line in enumerate(lines, 1):
        if not line or line.startswith('#'):
            continue
        if line.startswith('soname '):
            name_of = line.split()[1]
            continue
        f = line.split('\t')
        if len(f) != 4 or f[0] not in ('function', 'object', 'type'):
            die('%s:%d: not "kind<TAB>name<TAB>since<TAB>declaration"' % (path, n))
        recorded[f[1]] = (f[0], f[2], f[3])
    return name_of, recorded


def main():
    argv = sys.argv[1:]
    update = '--update' in argv
    compatible = set(filter(None, os.environ.get('ABI_COMPATIBLE', '').split(',')))
    if '--compatible' in argv:
        i = argv.index('--compatible')
        compatible = set(argv[i + 1].split(','))
        del argv[i:i + 2]
    argv = [a for a in argv if a != '--update']
    lib, path, version = argv[0], argv[1], argv[2]
    sep = argv.index('--')
    cc, headers = argv[3:sep], argv[sep + 1:]

    undefined = run(['nm', '-D', '--undefined-only', '--format=posix', lib])
    san = re.search(r'^__(asan|tsan|ubsan|msan)_\w*', undefined, re.M)
    if san and not update:
        # instrumentation adds exports of its own (ASan's __odr_asan_gen_*)
        print('abi: skipped: %s is a sanitizer build (it calls %s); the ABI is that of the '
              'plain build' % (lib, san.group(0)))
        sys.exit(77)
    syms, so = exported(lib), soname(lib)
    text = public_text(cc, headers)
    decls, tdefs = declarations(text), types(text)
    current = {}
    for name, kind in syms.items():
        current[name] = (kind, decls.get(name, '(not in a public header)'))
    for name, d in tdefs.items():
        current[name] = ('type', d)
    undeclared = sorted(n for n in decls if n not in syms)
    if undeclared:
        die('declared ND_API but not exported by %s: %s' % (lib, ', '.join(undeclared)))

    old_so, recorded = read_symbols(path)
    removed = sorted(n for n in recorded if n not in current)
    added = sorted(n for n in current if n not in recorded)
    changed = sorted(n for n in current if n in recorded and
                     (recorded[n][0], recorded[n][2]) != current[n])
    same_so = old_so == so

    if update:
        if same_so:
            if removed:
                die('not updated: removing %s needs a new major version (the soname moves '
                    'from %s)' % (', '.join(removed), so))
            bad = [n for n in changed if n not in compatible]
            if bad:
                die('not updated: %s changed; an incompatible change needs a new major '
                    'version; name a change that keeps the ABI with --compatible %s'
                    % (', '.join(bad), ','.join(bad)))
        with open(path, 'w', encoding='utf-8') as f:
            f.write(HEAD + 'soname ' + so + '\n')
            for kind in ('function', 'object', 'type'):
                for name in sorted(n for n in current if current[n][0] == kind):
                    since = recorded[name][1] if name in recorded else version
                    f.write('%s\t%s\t%s\t%s\n' % (kind, name, since, current[name][1]))
        print('abi: %s written (%s; %d new, %d changed, %d removed)'
              % (path, so, len(added), len(changed), len(removed)))
        return

    if old_so is None:
        die('%s is missing or has no soname line: create it with `make abi-update`' % path)
    errors = []
    if not same_so:
        errors.append('the soname moved from %s to %s (a new major version): record the new '
                      'ABI with `make abi-update`' % (old_so, so))
    for n in removed:
        kind = recorded[n][0]
        errors.append('removed %s %s (%s): %s' % (kind, n, recorded[n][2],
                      'allowed only with the new soname' if not same_so else
                      'an exported %s cannot go without a new major version (soname)'
                      % ('type' if kind == 'type' else 'symbol')))
    for n in changed:
        errors.append('changed %s %s\n    was: %s\n    now: %s\n  an incompatible change needs a '
                      'new major version (soname); if it keeps the ABI, record it with '
                      '`make abi-update ABI_COMPATIBLE=%s`' % (current[n][0], n, recorded[n][2],
                                                               current[n][1], n))
    for n in added:
        errors.append('new %s %s: add it to the symbols file (`make abi-update`)'
                      % ('type' if current[n][0] == 'type' else 'symbol', n))
    if errors:
        print('\n'.join('abi: ' + e for e in errors))
        sys.exit(1)
    print('abi: %s matches %s: %d symbols, %d types' % (lib, path,
          sum(1 for v in current.values() if v[0] != 'type'), len(tdefs)))


if __name__ == '__main__':
    main()
