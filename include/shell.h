/*
 * shell.h - the kernel shell's commands (shell/).
 *
 * A command is one struct shell_cmd, placed in the lt_shell_cmds section
 * by SHELL_CMD() next to its code, the way __setup() registers kernel
 * parameters: adding a command is one function and one line, in one of
 * the shell/cmd_*.c files, each holding one group of commands.
 *
 *	static int cmd_uptime(int argc, char **argv) { ... }
 *	SHELL_CMD(uptime, "uptime", "time since boot");
 *
 * The function gets the words of the line (argv[0] is the command) and
 * returns 0, or a negative errno after printing what went wrong; wrong
 * usage returns shell_usage(). Commands print with printk-free
 * shell_printf(), which goes to the console only, not the kernel log.
 * Long commands call shell_interrupted() in their loop (Ctrl-C) and may
 * show shell_progress().
 */
#ifndef _LANTERN_SHELL_H
#define _LANTERN_SHELL_H

#include "compiler.h"
#include "types.h"

struct shell_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;	/* "read DEV LBA [COUNT]": the whole line */
	const char *summary;	/* one line for `help` */
	const char *help;	/* more for `help CMD`, or NULL */
};

#define SHELL_CMD_HELP(fname, cname, cusage, csummary, chelp)		\
	static const struct shell_cmd __shell_cmd_##fname		\
	__used __section("lt_shell_cmds") __aligned(sizeof(void *)) =	\
	{ .name = cname, .fn = cmd_##fname, .usage = cusage,		\
	  .summary = csummary, .help = chelp }
#define SHELL_CMD(fname, cusage, csummary) \
	SHELL_CMD_HELP(fname, #fname, cusage, csummary, NULL)

/* Every command, in link order; the table's bounds (linker.ld). */
extern const struct shell_cmd __start_lt_shell_cmds[];
extern const struct shell_cmd __stop_lt_shell_cmds[];
#define for_each_shell_cmd(c) \
	for (const struct shell_cmd *c = __start_lt_shell_cmds; c < __stop_lt_shell_cmds; c++)

const struct shell_cmd *shell_find(const char *name);

/* Output to the console (not the kernel log). */
__printf(1, 2) void shell_printf(const char *fmt, ...);
void shell_puts(const char *s);

/* Print "usage: <cmd->usage>" and return -EINVAL. */
int shell_usage(const struct shell_cmd *cmd);
/* The command running now (for shell_usage(current_cmd)). */
extern const struct shell_cmd *shell_current;
#define shell_usage_current()	shell_usage(shell_current)

/* Has the user pressed Ctrl-C since the command started? */
bool shell_interrupted(void);
/*
 * "what: 42%" rewritten in place on the console while a long command
 * runs; at most a few times a second. shell_progress_done() ends the line.
 */
void shell_progress(const char *what, u64 done, u64 total);
void shell_progress_done(void);
/*
 * A command about to wait for a disk names what it waits for ("write:
 * sda LBA 0-255"); shell_wait_stop is then the @stop of the block
 * layer's waits (submit_bio_wait_stoppable): Ctrl-C, and, once the wait
 * has lasted a second, one line saying what is still waited for and
 * that Ctrl-C stops waiting, so a command that seems stuck says why.
 */
__printf(1, 2) void shell_wait_begin(const char *fmt, ...);
bool shell_wait_stop(void);

struct block_device;
/*
 * The block device called @name ("sda", "hda2"); if there is none, print
 * "unknown device 'x'; known: ..." listing them, and return NULL.
 */
struct block_device *shell_lookup_bdev(const char *name);

/* The default device named in the prompt ("sda"), "" if none. */
extern char shell_default_dev[32];

/* The shell's loop, on the console; pid 1 runs it after boot. */
__noreturn void shell_main(void);

#endif
