#!/bin/sh
# Build the compiler's test driver, build/pycompile/dis_main, under
# AddressSanitizer + UndefinedBehaviorSanitizer, against the ASan library
# (which holds the interpreter: make -j2 build/asan/libobjheap.a first).
set -e
cd "$(dirname "$0")/../../.."
mkdir -p build/pycompile
CFLAGS="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Wshadow \
 -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wwrite-strings \
 -Wundef -Wvla -Wformat=2 -Wcast-qual -Wold-style-definition \
 -Wnull-dereference -Wdouble-promotion -Wno-unused-parameter -Wno-comment \
 -Iinclude -Isrc -Itests/py/compile -O1 -g -fno-omit-frame-pointer \
 -fsanitize=address,undefined -fno-sanitize-recover=all"
${CC:-cc} $CFLAGS -o build/pycompile/dis_main \
    tests/py/compile/dis_main.c tests/py/compile/astload.c \
    build/asan/libobjheap.a -lm -ldl
echo build/pycompile/dis_main
