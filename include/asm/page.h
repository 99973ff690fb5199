/*
 * asm/page.h - where the kernel lives. Physical memory from 0 up to
 * LOWMEM_LIMIT is mapped at PAGE_OFFSET (the direct map); the 3 GiB below
 * PAGE_OFFSET are left for user space later, and the top of the address
 * space is kept for mappings made at run time (vmalloc, ioremap).
 */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

/* Constants shared with assembly, which has no UL suffix. */
#ifdef __ASSEMBLER__
#define _UL(x)	x
#else
#define _UL(x)	x##UL
#endif

#define PAGE_OFFSET_VAL		_UL(0xC0000000)
#define VMALLOC_START		_UL(0xF0000000)
/* The direct map stops where the vmalloc area begins: 768 MiB of RAM. */
#define LOWMEM_LIMIT		(VMALLOC_START - PAGE_OFFSET_VAL)

#define PGDIR_SHIFT		22	/* one page-directory entry maps 4 MiB */
#define PTRS_PER_PGD		1024
#define _PAGE_PRESENT		0x001
#define _PAGE_RW		0x002
#define _PAGE_PSE		0x080

#endif
