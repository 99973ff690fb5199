/*
 * asm/segment.h - the flat segments the kernel runs in (boot/gdt.c builds
 * the table). Selector = index * 8; ring 0, GDT.
 */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS	1
#define GDT_ENTRY_KERNEL_DS	2
#define GDT_ENTRY_TSS		3	/* the CPU saves the faulting state here */
#define GDT_ENTRY_DOUBLEFAULT_TSS 4	/* the double-fault handler's own task */
#define GDT_ENTRIES		5

#define __KERNEL_CS	(GDT_ENTRY_KERNEL_CS * 8)
#define __KERNEL_DS	(GDT_ENTRY_KERNEL_DS * 8)
#define __TSS_SEL	(GDT_ENTRY_TSS * 8)
#define __DOUBLEFAULT_TSS_SEL	(GDT_ENTRY_DOUBLEFAULT_TSS * 8)

#endif
