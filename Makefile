# A thin layer over Meson. `make test` and `make bench` install what is
# missing, configure, build and run.
BUILD ?= build
MESON_OPTS ?=
QUICK ?=
FILTER ?=

.PHONY: all deps build test bench clean format

all: build

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

test: build
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

bench: build
	tools/run-bench.sh $(BUILD) "$(QUICK)" "$(FILTER)"

format:
	clang-format -i $$(git ls-files '*.c' '*.h' '*.cc' '*.cpp')

clean:
	rm -rf $(BUILD)
