#!/usr/bin/python3
"""gcovr for `make coverage`, with one merge option the command line lacks.

Each kernels/generic file is compiled once per ISA level, and some helpers
have one body per level (#if __AVX512F__ ... #else ...), so one static
function sits at two lines in two objects. gcovr 5.2 (Debian 12) asserts that
a function's line is the same in every object it merges; its option to merge
such functions anyway (ignore_function_lineno, which gcovr sets itself for
gcov's own duplicates) has no flag, so it is set here for every merge.
Line and branch coverage are unaffected: only the function's line is the
later of the two.
"""
import sys

import gcovr.merging
from gcovr.__main__ import main

gcovr.merging.DEFAULT_MERGE_OPTIONS.ignore_function_lineno = True
sys.exit(main())
