/*
 * runtime.c -- the runtime: one struct that holds all mutable state.
 *
 * Every layer keeps its state in a member of ohi_runtime (internal.h) and
 * reaches it through OHI_RT, never through a global of its own.  There is
 * one runtime per process for now, used by one thread at a time (the
 * contract in objheap.h); keeping the state in one place keeps it visible,
 * and leaves room for a runtime per thread later.
 *
 * The runtime needs no explicit set-up: all-zero is its valid initial state
 * (empty lists, no arenas, no error), so it lives in zero-initialised
 * storage and each layer finishes its own set-up on first use.  The one
 * thing done at start-up: with OBJHEAP_REPORT in the environment, the leak
 * report is arranged to run at exit (inspect.c).
 */
#include "internal.h"

#include <stdlib.h>

ohi_runtime ohi_runtime_main;

__attribute__((constructor)) static void
runtime_start(void)
{
    const char *report = getenv("OBJHEAP_REPORT");
    if (report != NULL && report[0] != '\0' && report[0] != '0')
        ohi_inspect_report_at_exit();
}

unsigned long
oh_version(void)
{
    return OH_VERSION_HEX;
}
