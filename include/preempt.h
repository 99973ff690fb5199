/*
 * preempt.h - what context are we in, and may we be preempted? (Linux's
 * preempt.h and hardirq.h)
 *
 * One counter per task, split in fields as in Linux 2.6: bits 0-7 count
 * preempt_disable() nesting (spinlocks hold it too), 8-15 softirq
 * nesting, 16-25 hard IRQ nesting; PREEMPT_ACTIVE marks a task being
 * preempted, so schedule() leaves it on the run queue whatever its state.
 */
#ifndef _LANTERN_PREEMPT_H
#define _LANTERN_PREEMPT_H

#include "types.h"
#include "compiler.h"

#define PREEMPT_SHIFT	0
#define SOFTIRQ_SHIFT	8
#define HARDIRQ_SHIFT	16
#define PREEMPT_OFFSET	(1UL << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET	(1UL << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET	(1UL << HARDIRQ_SHIFT)
#define PREEMPT_MASK	(0xffUL << PREEMPT_SHIFT)
#define SOFTIRQ_MASK	(0xffUL << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK	(0x3ffUL << HARDIRQ_SHIFT)
#define PREEMPT_ACTIVE	0x10000000UL

unsigned long *preempt_count_ptr(void);
#define preempt_count()		(*preempt_count_ptr())
#define add_preempt_count(v)	do { *preempt_count_ptr() += (v); } while (0)
#define sub_preempt_count(v)	do { *preempt_count_ptr() -= (v); } while (0)

#define hardirq_count()	(preempt_count() & HARDIRQ_MASK)
#define softirq_count()	(preempt_count() & SOFTIRQ_MASK)
#define in_irq()	(hardirq_count() != 0)
#define in_softirq()	(softirq_count() != 0)
#define in_interrupt()	((preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK)) != 0)
/* Sleeping is a bug while this is true. */
#define in_atomic()	((preempt_count() & ~PREEMPT_ACTIVE) != 0)

/* Reschedule now if the tick or a wake-up asked and nothing forbids it. */
void preempt_schedule(void);

#define preempt_disable()	do { add_preempt_count(1); barrier(); } while (0)
#define preempt_enable_no_resched() do { barrier(); sub_preempt_count(1); } while (0)
#define preempt_enable()	do { preempt_enable_no_resched(); \
				     preempt_schedule(); } while (0)

#endif
