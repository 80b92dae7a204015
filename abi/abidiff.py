#!/usr/bin/env python3
"""abidiff (abigail-tools) between the previous release and this tree.

libabigail reads types from DWARF, which release builds lack, and the
kernels (most of the build's time) are hidden from the ABI. So each tree is
configured (meson setup: generated headers and compile_commands.json), its
src/ files are compiled again at -O0 -g with the build's own flags, and
linked into a shared object with the library's soname: the same exported
functions with their types, in about a minute per tree. abidiff then
compares the two on the public headers. Any change it reports (additions
are left out) fails unless the soname moved (a new major version) or
abi/abidiff.suppr suppresses it as reviewed and compatible.

Without a release tag (v*) reachable from HEAD, or outside a git checkout
(a release tarball), there is nothing to compare: skipped (exit 77) with the
reason. The work stays in BUILD_ROOT/abidiff.

usage: abidiff.py SOURCE_ROOT BUILD_ROOT
"""
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys


def say(msg):
    print('abidiff: ' + msg, flush=True)


def run(cmd, cwd=None, check=True):
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if check and res.returncode != 0:
        say('%s failed:\n%s%s' % (' '.join(cmd), res.stdout[-3000:], res.stderr[-3000:]))
        sys.exit(1)
    return res


def debug_library(tree, build, out):
    """tree's src/ at -O0 -g, linked as a shared object; returns its path and soname."""
    if not os.path.exists(os.path.join(build, 'build.ninja')):
        run(['meson', 'setup', build, tree, '-Dtests=false', '-Dbench=false'])
    run(['ninja', '-C', build, 'build.ninja'])  # regenerates if a meson.build changed
    info = json.loads(run(['meson', 'introspect', build, '--projectinfo']).stdout)
    version = info['version']
    cmds = json.load(open(os.path.join(build, 'compile_commands.json')))
    src = os.path.realpath(os.path.join(tree, 'src')) + os.sep
    jobs = []
    os.makedirs(out, exist_ok=True)
    for n, e in enumerate(cmds):
        f = os.path.realpath(os.path.join(e['directory'], e['file']))
        if not f.startswith(src) or not f.endswith('.c'):
            continue
        args = shlex.split(e['command']) if 'command' in e else list(e['arguments'])
        keep, skip = [], False
        for a in args:
            if skip:
                skip = False
                continue
            if a in ('-MQ', '-MF', '-o'):
                skip = True
                continue
            if a == '-MD' or re.match(r'^-O\w*$', a) or a in ('-c', '-g'):
                continue
            keep.append(a)
        obj = os.path.join(out, '%d.o' % n)
        jobs.append((keep[:-1] + ['-O0', '-g', '-c', keep[-1], '-o', obj], e['directory'], obj))
    if not jobs:
        say('no src/*.c in %s/compile_commands.json' % build)
        sys.exit(1)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda j: run(j[0], cwd=j[1]), jobs))
    soname = 'libnd.so.' + version.split('.')[0]
    lib = os.path.join(out, 'libnd.so.' + version)
    run(['cc', '-shared', '-Wl,-soname,' + soname, '-o', lib] + [j[2] for j in jobs])
    return lib, soname


def main():
    src, work = os.path.realpath(sys.argv[1]), os.path.join(os.path.realpath(sys.argv[2]), 'abidiff')
    top = run(['git', '-C', src, 'rev-parse', '--show-toplevel'], check=False)
    if top.returncode != 0 or os.path.realpath(top.stdout.strip()) != src:
        # (a tarball unpacked inside a checkout, as meson dist does, is not it)
        say('skipped: %s is not a git checkout (a release tarball has no earlier release to '
            'compare)' % src)
        sys.exit(77)
    res = run(['git', '-C', src, 'describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*', 'HEAD'],
              check=False)
    tag = res.stdout.strip()
    if res.returncode != 0 or not tag:
        say('skipped: no release tag (v*) reachable from HEAD yet; the first release is tagged '
            'v<version> (README, "Packages, versions and ABI")')
        sys.exit(77)
    if not shutil.which('abidiff'):
        say('abigail-tools is not installed (tools/install-deps.sh)')
        sys.exit(1)
    old_tree = os.path.join(work, tag)
    if not os.path.isdir(old_tree):
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        archive = subprocess.Popen(['git', '-C', src, 'archive', '--prefix=%s/' % tag, tag],
                                   stdout=subprocess.PIPE)
        subprocess.run(['tar', '-C', work, '-xf', '-'], stdin=archive.stdout, check=True)
        if archive.wait() != 0:
            say('git archive %s failed' % tag)
            sys.exit(1)
    old, so_old = debug_library(old_tree, os.path.join(work, 'build-old'), os.path.join(work, 'old'))
    new, so_new = debug_library(src, os.path.join(work, 'build-new'), os.path.join(work, 'new'))
    suppr = os.path.join(src, 'abi', 'abidiff.suppr')
    cmd = ['abidiff', '--no-added-syms'] + (['--suppressions', suppr] if os.path.exists(suppr) else []) + [
           '--headers-dir1', os.path.join(old_tree, 'include'),
           '--headers-dir1', os.path.join(work, 'build-old', 'include'),
           '--headers-dir2', os.path.join(src, 'include'),
           '--headers-dir2', os.path.join(work, 'build-new', 'include'), old, new]
    res = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(res.stdout + res.stderr)
    rc = res.returncode  # a bit field: 1 error, 2 usage, 4 ABI change, 8 incompatible change
    if rc & 3:
        say('could not compare (status %d)' % rc)
        sys.exit(1)
    # Additions are filtered out (--no-added-syms); anything else reported is
    # a change to review: libabigail calls a changed type layout an "ABI
    # change" (4), a removed function "incompatible" (8).
    if rc & 12:
        if so_old != so_new:
            say('ABI changes since %s, allowed: the soname moved (%s -> %s)' % (tag, so_old, so_new))
            return
        say('%s changes since %s under the same soname %s (above): an incompatible '
            'one needs a new major version (README, "Packages, versions and ABI"); one '
            'reviewed as compatible goes in abi/abidiff.suppr (libabigail suppression '
            'specifications)' % ('incompatible ABI' if rc & 8 else 'ABI', tag, so_new))
        sys.exit(1)
    say('%s (%s) -> this tree (%s): no change (additions aside)' % (tag, so_old, so_new))


if __name__ == '__main__':
    main()
