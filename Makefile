# objheap -- build, test, run, benchmark, install.
#
#   make              build/libobjheap.a, build/libobjheap.so, build/objheap
#   make run          build and run the tour (build/objheap)
#   make test         every test, in the release build and again under
#                     AddressSanitizer + UndefinedBehaviorSanitizer
#   make debug        build/debug/: OH_DEBUG=3 (debug checks, assertions and
#                     heap walkers after every operation), and its tests
#   make bench        build and run the benchmarks against the peers
#   make examples     build/examples/*: the programs under examples/
#   make install      PREFIX=/usr/local: header, both libraries, objheap.pc
#
# Packages: building needs libdw (libdw-dev, for the tracer's symbols);
# `make test` needs Criterion (libcriterion-dev); `make bench`
# needs libmimalloc-dev, libjemalloc-dev, libgoogle-perftools-dev and
# python3-dev.  When one is missing the Makefile says so and installs it with
# apt-get (as root, or through sudo).

CC      ?= cc
PREFIX  ?= /usr/local
AR      ?= ar

# The warnings we build with, written out (as Lua's makefile does).
WARNINGS = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wwrite-strings -Wundef \
           -Wvla -Wformat=2 -Wcast-qual -Wold-style-definition \
           -Wnull-dereference -Wdouble-promotion -Wno-unused-parameter

BASE_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARNINGS) -fvisibility=hidden \
              -Iinclude -Isrc -fPIC -fno-semantic-interposition
BASE_LDLIBS = -ldw -lm -ldl

# Variants: release (build/), asan (build/asan/), debug (build/debug/).
release_CFLAGS = -O2 -g
asan_CFLAGS    = -O1 -g -fno-omit-frame-pointer \
                 -fsanitize=address,undefined -fno-sanitize-recover=all
asan_LDFLAGS   = -fsanitize=address,undefined
debug_CFLAGS   = -O1 -g -DOH_DEBUG=3
notrace_CFLAGS = -O2 -g -DOH_NO_TRACE

release_DIR = build
asan_DIR    = build/asan
debug_DIR   = build/debug
notrace_DIR = build/notrace

LIB_SRCS   = $(sort $(wildcard src/*.c src/types/*.c))
TEST_SRCS  = $(sort $(wildcard tests/test_*.c tests/*/test_*.c))
TOOL_SRCS  = tools/objheap.c $(sort $(wildcard tools/tour_*.c))
HEADERS    = $(wildcard include/*.h include/objheap/*.h src/*.h src/types/*.h tools/*.h)
TEST_HDRS  = $(wildcard tests/*.h)

CRITERION_H = /usr/include/criterion/criterion.h
LIBDW_H     = /usr/include/elfutils/libdwfl.h

.PHONY: all run test test-release test-asan test-debug debug bench install \
        uninstall clean deps-test deps-bench examples run-examples
.DEFAULT_GOAL := all

# --- one template per variant ---------------------------------------------
# $(1) = variant name.  Objects mirror the source tree under <dir>/obj/.
define VARIANT
$(1)_OBJS  = $$(patsubst %.c,$$($(1)_DIR)/obj/%.o,$$(LIB_SRCS))
$(1)_TESTS = $$(patsubst tests/%.c,$$($(1)_DIR)/tests/%,$$(TEST_SRCS))

$$($(1)_DIR)/obj/%.o: %.c $$(HEADERS) | $$(LIBDW_H)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$($(1)_CFLAGS) $$(CFLAGS) -c $$< -o $$@

$$($(1)_DIR)/libobjheap.a: $$($(1)_OBJS)
	@mkdir -p $$(dir $$@)
	rm -f $$@
	$$(AR) rcs $$@ $$^

$$($(1)_DIR)/tests/%: tests/%.c $$($(1)_DIR)/libobjheap.a $$(HEADERS) $$(TEST_HDRS) | $$(CRITERION_H)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) -Itests $$($(1)_CFLAGS) $$(CFLAGS) $$< \
	    $$($(1)_DIR)/libobjheap.a -o $$@ $$($(1)_LDFLAGS) $$(LDFLAGS) \
	    -lcriterion $$(BASE_LDLIBS)

$$($(1)_DIR)/objheap: $$(TOOL_SRCS) $$($(1)_DIR)/libobjheap.a $$(HEADERS)
	$$(CC) $$(BASE_CFLAGS) $$($(1)_CFLAGS) $$(CFLAGS) $$(TOOL_SRCS) \
	    $$($(1)_DIR)/libobjheap.a -o $$@ $$($(1)_LDFLAGS) $$(LDFLAGS) \
	    $$(BASE_LDLIBS)

test-$(1): $$($(1)_TESTS) $$($(1)_DIR)/objheap
	@sh tests/run.sh $(1) $$($(1)_TESTS) -- $$($(1)_DIR)/objheap
endef

$(foreach v,release asan debug notrace,$(eval $(call VARIANT,$(v))))

all: build/libobjheap.a build/libobjheap.so build/objheap

build/libobjheap.so: $(release_OBJS)
	$(CC) -shared -Wl,-soname,libobjheap.so.0 $^ -o $@ $(BASE_LDLIBS)

run: build/objheap
	./build/objheap

# `make test`: the release build, then the sanitizer build, then the
# examples (each must run to completion and exit 0).
test: deps-test
	@$(MAKE) --no-print-directory test-release
	@$(MAKE) --no-print-directory test-asan
	@$(MAKE) --no-print-directory run-examples

# --- examples: programs that use nothing but the public header ------------
EXAMPLE_SRCS = $(sort $(wildcard examples/*.c))
EXAMPLES     = $(patsubst examples/%.c,build/examples/%,$(EXAMPLE_SRCS))

examples: $(EXAMPLES)

build/examples/%: examples/%.c build/libobjheap.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(release_CFLAGS) $(CFLAGS) $< build/libobjheap.a \
	    -o $@ $(LDFLAGS) $(BASE_LDLIBS)

run-examples: $(EXAMPLES)
	@for e in $(EXAMPLES); do \
	    $$e > /dev/null || { echo "example $$e failed"; exit 1; }; \
	    echo "  $$e ran"; \
	done

debug: deps-test $(debug_DIR)/libobjheap.a $(debug_DIR)/objheap
	@$(MAKE) --no-print-directory test-debug

# The tracer resolves symbols with libdw, from Debian's libdw-dev.
$(LIBDW_H):
	@echo "make: libdw (elfutils) is missing; installing libdw-dev with apt-get"
	@sh tools/apt-install.sh libdw-dev

# Criterion comes from Debian's libcriterion-dev.
deps-test $(CRITERION_H):
	@if [ ! -f $(CRITERION_H) ]; then \
	    echo "make: Criterion is missing; installing libcriterion-dev with apt-get"; \
	    sh tools/apt-install.sh libcriterion-dev; \
	fi

# --- benchmarks -----------------------------------------------------------
PY_CONFIG   ?= $(shell command -v python3.11-config || command -v python3-config)
PY_CFLAGS    = $(shell $(PY_CONFIG) --includes)
PY_LDFLAGS   = $(shell $(PY_CONFIG) --embed --ldflags)
BENCH_PKGS   = libmimalloc-dev libjemalloc-dev libgoogle-perftools-dev python3-dev

deps-bench:
	@missing=""; \
	for p in $(BENCH_PKGS); do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "make: benchmarks need$$missing; installing with apt-get"; \
	    sh tools/apt-install.sh $$missing; \
	fi

# bench_alloc, and the same program on a library built without tracing
# support (OH_NO_TRACE), for the tracing-overhead table.
build/bench_alloc build/notrace/bench_alloc: bench/bench_alloc.c bench/bench.h
build/bench_alloc: build/libobjheap.a
build/notrace/bench_alloc: build/notrace/libobjheap.a
build/bench_alloc build/notrace/bench_alloc:
	$(CC) $(BASE_CFLAGS) -Ibench $(release_CFLAGS) $(PY_CFLAGS) $< \
	    $(dir $@)libobjheap.a -o $@ $(PY_LDFLAGS) $(BASE_LDLIBS)

build/bench_objects: bench/bench_objects.c build/libobjheap.a $(HEADERS)
	$(CC) $(BASE_CFLAGS) $(release_CFLAGS) $(PY_CFLAGS) $< \
	    build/libobjheap.a -o $@ $(PY_LDFLAGS) $(BASE_LDLIBS)

build/bench_gc: bench/bench_gc.c build/libobjheap.a $(HEADERS)
	$(CC) $(BASE_CFLAGS) $(release_CFLAGS) $(PY_CFLAGS) $< \
	    build/libobjheap.a -o $@ $(PY_LDFLAGS) $(BASE_LDLIBS)

bench: deps-bench build/bench_alloc build/notrace/bench_alloc \
       build/bench_objects build/bench_gc
	./build/bench_alloc
	./build/bench_objects
	./build/bench_gc

# --- install --------------------------------------------------------------
install: build/libobjheap.a build/libobjheap.so
	install -d $(DESTDIR)$(PREFIX)/include/objheap $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 include/objheap.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 include/objheap/*.h $(DESTDIR)$(PREFIX)/include/objheap/
	install -m 644 build/libobjheap.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 build/libobjheap.so $(DESTDIR)$(PREFIX)/lib/libobjheap.so.0
	ln -sf libobjheap.so.0 $(DESTDIR)$(PREFIX)/lib/libobjheap.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|0.1.0|' objheap.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/objheap.pc

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/include/objheap $(DESTDIR)$(PREFIX)/include/objheap.h
	rm -f $(DESTDIR)$(PREFIX)/lib/libobjheap.a $(DESTDIR)$(PREFIX)/lib/libobjheap.so*
	rm -f $(DESTDIR)$(PREFIX)/lib/pkgconfig/objheap.pc

clean:
	rm -rf build
