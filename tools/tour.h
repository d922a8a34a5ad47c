/*
 * tour.h -- the chapters of `objheap tour` (the default command of
 * build/objheap, run by `make run`).
 *
 * Each chapter is a function in tools/tour_<topic>.c that walks a newcomer
 * through one mechanism with live numbers, using only the public header.
 * A chapter returns 0, or -1 after printing what failed.
 */
#ifndef OBJHEAP_TOUR_H
#define OBJHEAP_TOUR_H

#include <stdio.h>

int tour_alloc(void);
int tour_objects(void);
int tour_gc(void);
int tour_weakref(void);
int tour_leak(void);
int tour_showmem(void);

/* Helpers shared by the chapters. */
void tour_heading(const char *title);
void tour_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Resident memory of this process in bytes (/proc/self/statm). */
size_t tour_rss(void);
/* Where the tour writes its pictures (objheap --out DIR), and a path in it
 * (the directory is made on first use; the result is valid for the next
 * three calls). */
extern const char *tour_out_dir;
const char *tour_path(const char *name);

#endif
