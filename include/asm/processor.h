/*
 * asm/processor.h - control registers, the TSC and halting: the few CPU
 * instructions the kernel needs by name.
 */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#include "types.h"

#define X86_CR0_PE	0x00000001	/* protected mode */
#define X86_CR0_WP	0x00010000	/* honour read-only pages in ring 0 */
#define X86_CR0_PG	0x80000000	/* paging */
#define X86_CR4_PSE	0x00000010	/* 4 MiB pages */
#define X86_EFLAGS_IF	0x00000200	/* interrupts enabled */

#define DEFINE_READ_CR(n) static inline unsigned long read_cr##n(void) \
	{ unsigned long v; __asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v)); return v; }
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)
#undef DEFINE_READ_CR

static inline void write_cr3(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" : : : "memory");
}

/* Stop until the next interrupt (interrupts must be enabled to wake). */
static inline void halt(void)
{
	__asm__ __volatile__("hlt" : : : "memory");
}

/*
 * Enable interrupts and halt as one step: sti takes effect only after the
 * next instruction, so an interrupt cannot slip in between the caller's
 * last check and the hlt and leave us asleep with work pending.
 */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

static inline unsigned long current_stack_pointer(void)
{
	unsigned long sp;

	__asm__ __volatile__("mov %%esp, %0" : "=r"(sp));
	return sp;
}

#endif
