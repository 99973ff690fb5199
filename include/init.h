/*
 * init.h - kernel command-line parameters registered next to their code
 * (Linux's __setup() from include/linux/init.h).
 *
 *	static int __init_param loglevel_setup(char *val) { ... }
 *	__setup("loglevel=", loglevel_setup);
 *
 * The handler gets the text after '=' (NULL for a bare flag such as
 * "quiet") and returns 0 or -errno; kernel/params.c reports errors and
 * unknown names, and never stops the boot for them.
 */
#ifndef _LANTERN_INIT_H
#define _LANTERN_INIT_H

#include "compiler.h"
#include "types.h"

struct kernel_param {
	const char *str;		/* "name=" or "name" */
	int (*setup)(char *val);
	const char *help;		/* one line, for a future `help params` */
};

#define __setup_help(pstr, fn, helptext)				\
	static const struct kernel_param __setup_##fn			\
	__used __section("lt_params") __aligned(sizeof(void *)) =	\
	{ .str = pstr, .setup = fn, .help = helptext }
#define __setup(pstr, fn) __setup_help(pstr, fn, NULL)

/*
 * Initcalls: int fn(void) run once at boot, in kernel_init before the
 * tests or the console start. For subsystems that register themselves
 * (elevators, drivers): adding one is one file and one line. A nonzero
 * return is reported and the boot goes on.
 *
 * Levels run in order, each in link order (Linux's initcall levels; only
 * the two Lantern needs so far, in Linux's names):
 *
 *   subsys_initcall(fn)   buses others build on: the PCI scan, so every
 *                         driver finds the device list complete
 *   device_initcall(fn)   drivers and everything else; initcall(fn) is this
 *
 * Linux keeps one section per level. Lantern keeps one table with the
 * level in each entry, because the hosted build links without linker.ld
 * and only gets __start_/__stop_ symbols for sections that exist.
 */
typedef int (*initcall_t)(void);

enum initcall_level {
	INITCALL_SUBSYS,
	INITCALL_DEVICE,
	NR_INITCALL_LEVELS
};

struct initcall {
	initcall_t fn;
	enum initcall_level level;
};

#define __define_initcall(func, lvl)					\
	static const struct initcall __initcall_##func			\
	__used __section("lt_initcalls") __aligned(sizeof(void *)) =	\
	{ .fn = func, .level = lvl }
#define subsys_initcall(fn)	__define_initcall(fn, INITCALL_SUBSYS)
#define device_initcall(fn)	__define_initcall(fn, INITCALL_DEVICE)
#define initcall(fn)		device_initcall(fn)
void do_initcalls(void);

#define COMMAND_LINE_SIZE	1024

/* The command line as the loader gave it, minus the image path. */
extern char boot_command_line[COMMAND_LINE_SIZE];

/*
 * Run every registered handler for the words of @cmdline (modified in
 * place). Returns the number of words that were unknown or rejected.
 */
int parse_kernel_params(char *cmdline);
const struct kernel_param *find_kernel_param(const char *name, size_t len);

#endif
