#!/bin/sh
# Build the compiler's test driver, build/pycompile/dis_main, under
# AddressSanitizer + UndefinedBehaviorSanitizer, against the ASan library
# (make -j2 build/asan/libobjheap.a first).  Until src/py/ is part of the
# library, the driver links the compiler and the front end directly, with
# stubs.c standing in for the rest of the interpreter.
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
    src/py/code.c src/py/symtable.c src/py/compile.c \
    src/py/lexer.c src/py/parser.c src/py/ast.c \
    tests/py/compile/dis_main.c tests/py/compile/astload.c \
    tests/py/compile/stubs.c \
    build/asan/libobjheap.a -lm -ldl
echo build/pycompile/dis_main
