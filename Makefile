# A thin layer over Meson. `make test` and `make bench` install what is
# missing, configure, build and run.
BUILD ?= build
MESON_OPTS ?=
QUICK ?=
FILTER ?=
TEST_ARGS ?=

.PHONY: all deps bench-deps build test bench fuzz tsan coverage clean format docs numpy-coverage

all: build

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

test: build
	meson test -C $(BUILD) --print-errorlogs --num-processes 2 $(TEST_ARGS)

# the peers' packages first, so that meson finds them when it configures
bench-deps:
	@tools/install-deps.sh bench

bench: bench-deps build
	tools/run-bench.sh $(BUILD) "$(QUICK)" "$(FILTER)"

# libFuzzer targets (clang, ASan + UBSan) for FUZZ_SECONDS each; a crash is
# kept under tests/fuzz/regressions/<target>/, which `make test` replays,
# and fails the run (the log: build-fuzz/fuzz_<target>.log).
# FUZZ_MESON_OPTS=-Dwerror_ci=true (CI) makes clang's warnings errors.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= expr slice npy npz ops txt
FUZZ_MESON_OPTS ?=
fuzz: deps
	@[ -f build-fuzz/build.ninja ] || CC=clang CXX=clang++ meson setup build-fuzz -Dfuzz=true \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dbench=false $(FUZZ_MESON_OPTS)
	ninja -C build-fuzz
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t tests/fuzz/regressions/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  UBSAN_OPTIONS=halt_on_error=1 build-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=tests/fuzz/regressions/$$t/ -print_final_stats=1 \
	    build-fuzz/corpus/$$t tests/fuzz/corpus/$$t > build-fuzz/fuzz_$$t.log 2>&1 \
	    || { fail=1; echo "fuzz: $$t FAILED (build-fuzz/fuzz_$$t.log)"; }; \
	  grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' build-fuzz/fuzz_$$t.log; \
	done; exit $$fail

# The suites that start threads (tests/meson.build marks them 'tsan'), built
# with ThreadSanitizer; a data race fails the run. Timeouts doubled: the expr
# suite (every op compiled by the JIT) ran ~430-600 s under TSan on the
# shared two-core host, against its 600 s limit.
tsan: deps
	@[ -f build-tsan/build.ninja ] || meson setup build-tsan -Db_sanitize=thread -Db_lundef=false -Dbench=false
	ninja -C build-tsan
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:die_after_fork=0 meson test -C build-tsan --suite tsan \
	  --print-errorlogs --num-processes 1 --timeout-multiplier 2

# Line and branch coverage of src/ and kernels/ by the unit suites (gcovr;
# atomic counters, as the pool's threads update them at once):
# build-cov/coverage/index.html and coverage.txt. COV_TESTS picks the suites
# (CI measures a quick few to keep the target working).
COV_TESTS ?= --suite unit
coverage: deps
	@[ -f build-cov/build.ninja ] || meson setup build-cov -Db_coverage=true -Dbench=false \
	  -Dc_args=-fprofile-update=atomic -Dcpp_args=-fprofile-update=atomic
	ninja -C build-cov
	find build-cov -name '*.gcda' -delete
	meson test -C build-cov $(COV_TESTS) --num-processes 2 --print-errorlogs
	mkdir -p build-cov/coverage
	/usr/bin/python3 tools/coverage_report.py -r . --object-directory build-cov --filter 'src/' --filter 'kernels/' \
	  --exclude-unreachable-branches --exclude-throw-branches \
	  --html-details build-cov/coverage/index.html --txt build-cov/coverage/coverage.txt \
	  --print-summary

# The API reference: doxygen over include/nd/*.h into $(BUILD)/docs/html
# (index.html); fails, naming each one, on an undocumented public symbol.
docs: deps
	tools/docs.sh $(BUILD)/docs

# docs/numpy-coverage.md from docs/numpy-coverage.txt and include/nd/*.h
# (which of NumPy 1.24's functions nd has; the numpy_coverage test fails
# when it is stale).
numpy-coverage:
	python3 tools/numpy_coverage.py .

format:
	clang-format -i $$(git ls-files '*.c' '*.h' '*.cc' '*.cpp')

clean:
	rm -rf $(BUILD)

# Packaging (issue 30; README "Packages, versions and ABI"). make deb: the
# Debian packages libnd0, libnd-dev and python3-nd in DEB_DIR, lintian
# clean; make deb-test: them unpacked into a staging root, a program built
# against them (pkg-config and CMake) and `import nd` checked against NumPy;
# make dist: the release tarball (meson dist),
# then unpacked in DIST_DIR, built and tested from scratch; make abi-update:
# record new exported symbols in abi/nd.symbols (ABI_COMPATIBLE=name,...
# for a change that keeps the ABI).
DEB_DIR ?= build-deb
ABI_COMPATIBLE ?=
.PHONY: deb deb-test dist abi-update
deb:
	@tools/install-deps.sh deb
	tools/deb.sh $(DEB_DIR)

deb-test: deb
	tools/deb-test.sh $(DEB_DIR)

DIST_DIR ?= build-dist
dist: build
	tools/dist-check.sh $(BUILD) $(DIST_DIR)

abi-update: build
	ABI_COMPATIBLE=$(ABI_COMPATIBLE) ninja -C $(BUILD) abi-update
