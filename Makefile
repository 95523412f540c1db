# swasm -- build, install and test entry points.
#
#   make build                      release build of libswasm.so and the CLI
#   make install PREFIX=/usr/local  install library, headers, pkg-config, CLI
#   make test                       run scripts/test.sh
#   make capi-test                  C API tests against .build/release

PREFIX  ?= /usr/local
DESTDIR ?=
VERSION ?= 0.1.0
SWIFT   ?= swift
BUILD_DIR ?= .build/release
LOCK    := /tmp/swasm-swift-build.lock

.PHONY: all build demo bench install uninstall test capi-test clean

all: build

build:
	flock $(LOCK) $(SWIFT) build -c release
	ln -sf swasm-cli $(BUILD_DIR)/swasm

# Release build, then swasm against wasmtime, WasmKit and native code
# (bench/README.md); pass options with BENCH_ARGS="--quick --small".
bench: build
	python3 -m pip install --quiet "wasmtime==50.0.1" "ziglang==0.17.1"
	python3 bench/run.py $(BENCH_ARGS)

# Builds in release mode and runs a real WASI program (examples/hello.c).
demo: build
	mkdir -p .build/demo
	$(BUILD_DIR)/swasm run --dir .build/demo::. examples/hello.wasm "$${USER:-world}"

install:
	@test -f $(BUILD_DIR)/libswasm.so || { echo "missing $(BUILD_DIR)/libswasm.so: run 'make build' first" >&2; exit 1; }
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	           $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BUILD_DIR)/libswasm.so $(DESTDIR)$(PREFIX)/lib/libswasm.so
	install -m 0644 include/*.h $(DESTDIR)$(PREFIX)/include/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    pkgconfig/swasm.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/swasm.pc
	@if [ -f $(BUILD_DIR)/swasm ]; then \
	    install -m 0755 $(BUILD_DIR)/swasm $(DESTDIR)$(PREFIX)/bin/swasm; \
	else echo "note: $(BUILD_DIR)/swasm not built, CLI not installed"; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/lib/libswasm.so $(DESTDIR)$(PREFIX)/lib/pkgconfig/swasm.pc \
	      $(DESTDIR)$(PREFIX)/bin/swasm \
	      $(DESTDIR)$(PREFIX)/include/wasm.h $(DESTDIR)$(PREFIX)/include/wasi.h \
	      $(DESTDIR)$(PREFIX)/include/swasm.h

test:
	bash scripts/test.sh

capi-test:
	bash Tests/capi/run.sh $(BUILD_DIR)

clean:
	rm -rf .build
