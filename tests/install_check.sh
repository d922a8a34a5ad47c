#!/bin/sh
# install_check.sh -- `make test-install`: what a user gets from
# `make install`, used from a scratch directory as a user would use it.
#
#   1. make install DESTDIR=$tmp/root PREFIX=/usr/local; every file lands
#      under the staging root, and nothing names the root;
#   2. the installed objheap program: --version, usage, help COMMAND;
#   3. a small program compiled with `pkg-config --cflags --libs objheap`
#      (shared: it runs on the installed libobjheap.so.0) and with
#      `--static` (a fully static executable), each run, and each with
#      OBJHEAP_TRACE (the static one must refuse it, not crash);
#   4. the same program built by CMake with find_package(objheap 0.1),
#      shared and static targets, and a find_package for a version this
#      is not (2.0) that must fail;
#   5. objheap(1) and objheap(3) rendered by man -l, with no groff warning;
#   6. make uninstall leaves no file behind.
#
# Needs cmake, pkg-config, man and groff (the Makefile's test-install
# target installs them).  Exit status 0 when every check passed.
set -u
root_dir=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/objheap-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/root
prefix=/usr/local
fails=0
pass() { echo "  ok: $*"; }
fail() { echo "  FAIL: $*"; fails=$((fails + 1)); }
check() {   # check DESCRIPTION COMMAND...: run it, its output in $tmp/out
    what=$1; shift
    if "$@" >"$tmp/out" 2>&1; then pass "$what"; else
        fail "$what"; sed 's/^/    /' "$tmp/out"; fi
}

echo "install_check: make install DESTDIR=$stage PREFIX=$prefix"
if ! make -C "$root_dir" --no-print-directory -s install \
        DESTDIR="$stage" PREFIX="$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"; echo "install_check: make install failed"; exit 1
fi
p=$stage$prefix
for f in bin/objheap include/objheap.h include/objheap/object.h \
         lib/libobjheap.a lib/libobjheap.so.0 lib/libobjheap.so \
         lib/pkgconfig/objheap.pc lib/cmake/objheap/objheapConfig.cmake \
         lib/cmake/objheap/objheapConfigVersion.cmake \
         share/man/man1/objheap.1 share/man/man3/objheap.3; do
    [ -e "$p/$f" ] || fail "installed $prefix/$f"
done
if grep -rl "$stage" "$p/lib/pkgconfig" "$p/lib/cmake" "$p/share/man" \
        >/dev/null 2>&1; then fail "an installed file names DESTDIR"
else pass "files installed under DESTDIR, none naming it"; fi
version=$(sed -n 's/^#define OH_VERSION_STRING "\(.*\)"$/\1/p' \
          "$p/include/objheap.h")

# --- the program ----------------------------------------------------------
cd "$tmp"
check "objheap --version" "$p/bin/objheap" --version
grep -qx "objheap $version" "$tmp/out" || fail "--version says $(cat "$tmp/out")"
"$p/bin/objheap" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "^usage: objheap" "$tmp/out" \
    && pass "objheap alone: usage, status 2" || fail "objheap alone"
check "objheap help heapmap" "$p/bin/objheap" help heapmap
grep -q "oh_heapmap_dump" "$tmp/out" || fail "help heapmap says $(cat "$tmp/out")"
[ ! -e "$tmp/objheap-tour" ] || fail "objheap wrote ./objheap-tour"

# --- a user's program -----------------------------------------------------
cat >app.c <<'C'
#include <objheap.h>
#include <stdio.h>

int
main(void)
{
    oh_object *l = oh_list_new();
    for (int i = 0; i < 1000; i++) {
        oh_object *s = oh_str_from_format("item %d", i);
        if (l == NULL || s == NULL || oh_list_append(l, s) < 0) {
            fprintf(stderr, "app: %s\n", oh_err_message());
            return 1;
        }
        oh_decref(s);
    }
    oh_list_append(l, l);                       /* a cycle */
    printf("objheap %s: %lld items\n", OH_VERSION_STRING,
           (long long)oh_list_size(l));
    oh_decref(l);
    printf("collected %lld\n", (long long)oh_gc_collect(2));
    return oh_shutdown() == 0 ? 0 : 1;
}
C
want="objheap $version: 1001 items"
export PKG_CONFIG_PATH="$p/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage"
unset PKG_CONFIG_LIBDIR
check "pkg-config --modversion is $version" pkg-config --modversion objheap
grep -qx "$version" "$tmp/out" || fail "pkg-config version $(cat "$tmp/out")"

cflags=$(pkg-config --cflags objheap) libs=$(pkg-config --libs objheap)
check "cc app.c \$(pkg-config --cflags --libs objheap)" \
    ${CC:-cc} app.c $cflags $libs -o app_shared
LD_LIBRARY_PATH=$p/lib ./app_shared >"$tmp/out" 2>&1 \
    && grep -qx "$want" "$tmp/out" && grep -qx "collected 1" "$tmp/out" \
    && pass "the shared program runs" || { fail "the shared program";
    cat "$tmp/out"; }
LD_LIBRARY_PATH=$p/lib ldd ./app_shared | grep -q "libobjheap.so.0 => $p/lib/" \
    && pass "it runs on the installed libobjheap.so.0" \
    || fail "ldd: $(LD_LIBRARY_PATH=$p/lib ldd ./app_shared | grep objheap)"

slibs=$(pkg-config --static --libs objheap)
# glibc warns that dlopen (libdw, loaded when a traceback is first
# named) needs its shared libraries at run time: expected, not an error.
check "cc -static app.c \$(pkg-config --static --cflags --libs objheap)" \
    ${CC:-cc} -static app.c $cflags $slibs -o app_static
./app_static >"$tmp/out" 2>&1 && grep -qx "$want" "$tmp/out" \
    && pass "the static program runs" || { fail "the static program";
    cat "$tmp/out"; }
file app_static | grep -q "statically linked" \
    && pass "it is statically linked" || fail "$(file app_static)"
# Tracing cannot work in a static program (libunwind and libdw would bring
# a second C library): OBJHEAP_TRACE is refused with a message, and the
# program runs on untraced (it used to crash in libunwind).
OBJHEAP_TRACE=8 ./app_static >"$tmp/out" 2>&1 && grep -qx "$want" "$tmp/out" \
    && grep -q "OBJHEAP_TRACE=8: tracing needs a dynamically linked program" \
        "$tmp/out" \
    && pass "OBJHEAP_TRACE in the static program: refused, runs on" \
    || { fail "OBJHEAP_TRACE in the static program"; cat "$tmp/out"; }
OBJHEAP_TRACE=8 LD_LIBRARY_PATH=$p/lib ./app_shared >"$tmp/out" 2>&1 \
    && ! grep -q "not tracing" "$tmp/out" \
    && pass "OBJHEAP_TRACE in the shared program traces" \
    || { fail "OBJHEAP_TRACE in the shared program"; cat "$tmp/out"; }
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

# --- CMake ----------------------------------------------------------------
mkdir -p cm
cat >cm/CMakeLists.txt <<CM
cmake_minimum_required(VERSION 3.13)
project(app C)
find_package(objheap ${version%.*} REQUIRED)
add_executable(app_cmake $tmp/app.c)
target_link_libraries(app_cmake PRIVATE objheap::objheap)
add_executable(app_cmake_static $tmp/app.c)
target_link_libraries(app_cmake_static PRIVATE objheap::objheap_static)
CM
check "cmake: find_package(objheap ${version%.*}) configures" \
    cmake -S cm -B cm/build -DCMAKE_PREFIX_PATH="$p"
check "cmake --build" cmake --build cm/build
LD_LIBRARY_PATH= ./cm/build/app_cmake >"$tmp/out" 2>&1 \
    && grep -qx "$want" "$tmp/out" \
    && pass "the CMake program runs (found by its run path)" \
    || { fail "the CMake program"; cat "$tmp/out"; }
./cm/build/app_cmake_static >"$tmp/out" 2>&1 && grep -qx "$want" "$tmp/out" \
    && pass "the CMake program on objheap::objheap_static runs" \
    || { fail "the CMake static program"; cat "$tmp/out"; }
ldd ./cm/build/app_cmake_static | grep -q objheap \
    && fail "objheap::objheap_static linked the shared library" || true
mkdir -p cm2
sed "s/find_package(objheap [0-9.]*/find_package(objheap 2.0/" \
    cm/CMakeLists.txt >cm2/CMakeLists.txt
if cmake -S cm2 -B cm2/build -DCMAKE_PREFIX_PATH="$p" >"$tmp/out" 2>&1; then
    fail "find_package(objheap 2.0) accepted $version"
elif grep -q "objheapConfig.cmake, version: $version" "$tmp/out"; then
    pass "find_package(objheap 2.0) refuses $version"
else fail "find_package(objheap 2.0): $(cat "$tmp/out")"; fi

# --- the manual pages -----------------------------------------------------
for page in man1/objheap.1 man3/objheap.3; do
    f=$p/share/man/$page
    MANWIDTH=80 LC_ALL=C.UTF-8 man -P cat -l "$f" >"$tmp/man" 2>"$tmp/err"
    n=${page##*.}
    if [ -s "$tmp/man" ] && head -n 1 "$tmp/man" | grep -q "OBJHEAP($n)" \
       && grep -q "^NAME" "$tmp/man" && grep -q "objheap $version" "$tmp/man" \
       && [ ! -s "$tmp/err" ]; then pass "man -l renders objheap($n)"
    else fail "man -l $page"; cat "$tmp/err"; fi
    groff -man -ww -z "$f" >"$tmp/err" 2>&1
    [ ! -s "$tmp/err" ] && pass "groff -ww: objheap($n) has no warning" \
        || { fail "groff warns on objheap($n)"; cat "$tmp/err"; }
done
grep -q "objheap help COMMAND" "$tmp/man" 2>/dev/null || true

# --- uninstall ------------------------------------------------------------
make -C "$root_dir" --no-print-directory -s uninstall \
    DESTDIR="$stage" PREFIX="$prefix" >"$tmp/out" 2>&1
left=$(find "$stage" -type f -o -type l)
[ -z "$left" ] && pass "make uninstall removes every file" \
    || fail "make uninstall left: $left"

if [ $fails -eq 0 ]; then echo "install_check: every check passed"; exit 0
else echo "install_check: $fails checks failed"; exit 1; fi
