/*
 * shell_stub.h - the shell around a command run on the host
 * (tests/host/shell_stub.c): what shell/shell.c gives a command, with its
 * output captured and Ctrl-C pressed when a test says. A test links the
 * shell/cmd_*.o it tests and provides shell_lookup_bdev() for its disks.
 */
#ifndef _LANTERN_SHELL_STUB_H
#define _LANTERN_SHELL_STUB_H

#include "harness.h"
#include "shell.h"

/* What the last shell_run() printed, NUL-terminated. */
extern char shell_out[1 << 20];
/* Calls of shell_interrupted() before it says Ctrl-C; < 0: never. */
extern int shell_intr_after;
/* shell_progress() calls so far (each checks done <= total). */
extern int shell_progress_calls;
/* What the last shell_wait_begin() named. */
extern char shell_wait_what[96];

/*
 * Run @line as the shell would: split it, find its command, call it with
 * shell_current set. Returns the command's result; shell_out holds what
 * it printed. A line naming no command fails the test.
 */
int shell_run(const char *line);

/* @line returns @want_rc and prints exactly @want_out. */
#define RUN(line, want_rc, want_out) do {				\
	CHECK_EQ(shell_run(line), want_rc);				\
	CHECK_STREQ(shell_out, want_out);				\
} while (0)

#endif
