# A thin layer over Meson. `make test` and `make bench` install what is
# missing, configure, build and run.
BUILD ?= build
MESON_OPTS ?=
QUICK ?=
FILTER ?=
TEST_ARGS ?=

.PHONY: all deps build test bench fuzz clean format

all: build

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

test: build
	meson test -C $(BUILD) --print-errorlogs --num-processes 2 $(TEST_ARGS)

bench: build
	tools/run-bench.sh $(BUILD) "$(QUICK)" "$(FILTER)"

# libFuzzer targets (clang, ASan + UBSan) for FUZZ_SECONDS each; a crash is
# kept under tests/fuzz/regressions/<target>/, which `make test` replays.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= expr slice npy npz
fuzz: deps
	@[ -f build-fuzz/build.ninja ] || CC=clang CXX=clang++ meson setup build-fuzz -Dfuzz=true \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dbench=false
	ninja -C build-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t tests/fuzz/regressions/$$t; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  UBSAN_OPTIONS=halt_on_error=1 build-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=tests/fuzz/regressions/$$t/ -print_final_stats=1 \
	    build-fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' ; \
	done

format:
	clang-format -i $$(git ls-files '*.c' '*.h' '*.cc' '*.cpp')

clean:
	rm -rf $(BUILD)
