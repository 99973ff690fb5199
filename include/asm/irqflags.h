/*
 * asm/irqflags.h - the CPU's interrupt flag. The portable API in
 * spinlock.h (local_irq_save ...) is built on these.
 */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#include "asm/processor.h"

static inline unsigned long native_save_fl(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushf; pop %0" : "=rm"(flags) : : "memory");
	return flags;
}

static inline void native_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline void native_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

#endif
