/*
 * kallsyms.h - address to symbol lookup for backtraces and printk's %pS
 * (Linux's include/linux/kallsyms.h). The kernel's table is generated from
 * its own link (scripts/kallsyms.awk); the hosted build has none.
 */
#ifndef _LANTERN_KALLSYMS_H
#define _LANTERN_KALLSYMS_H

#include "types.h"

#define KSYM_NAME_LEN		64
#define KSYM_SYMBOL_LEN		(KSYM_NAME_LEN + 32)

/*
 * Name of the function containing @addr, with its size and @addr's offset
 * into it; NULL when @addr is not in the kernel's text.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset);

/* "name+0xoff/0xsize" or the bare hex address; returns the length. */
int sprint_symbol(char *buf, size_t len, unsigned long addr);

#endif
