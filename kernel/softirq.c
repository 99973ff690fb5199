/*
 * softirq.c - deferred interrupt work (Linux's kernel/softirq.c).
 *
 * A hard IRQ handler raises a softirq; irq_exit() runs the pending ones
 * with interrupts enabled once the outermost handler is done, so a disk
 * completion (BLOCK_SOFTIRQ) or timer expiry (TIMER_SOFTIRQ) can do real
 * work without keeping interrupts masked. If softirqs keep re-raising
 * themselves we stop after MAX_SOFTIRQ_RESTART rounds and leave the rest
 * for the next interrupt, so a flood cannot starve the interrupted code.
 */
#include "kernel.h"
#include "interrupt.h"
#include "preempt.h"
#include "spinlock.h"

#define MAX_SOFTIRQ_RESTART	10

static struct softirq_action softirq_vec[NR_SOFTIRQS];
static unsigned long softirq_pending;	/* bit per softirq; IRQs off to touch */
static unsigned long softirq_runs[NR_SOFTIRQS];

const char *const softirq_to_name[NR_SOFTIRQS] = {
	[HI_SOFTIRQ] = "HI", [TIMER_SOFTIRQ] = "TIMER",
	[BLOCK_SOFTIRQ] = "BLOCK", [TASKLET_SOFTIRQ] = "TASKLET",
};

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	BUG_ON(nr < 0 || nr >= NR_SOFTIRQS);
	softirq_vec[nr].action = action;
}

void raise_softirq_irqoff(unsigned int nr)
{
	softirq_pending |= 1UL << nr;
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	/* Outside an interrupt nobody else will get to it soon: run it now. */
	if (!in_interrupt())
		do_softirq();
	local_irq_restore(flags);
}

unsigned long softirq_count_of(unsigned int nr)
{
	return nr < NR_SOFTIRQS ? softirq_runs[nr] : 0;
}

/* Called with interrupts disabled; returns with them disabled. */
static void __do_softirq(void)
{
	int restart = MAX_SOFTIRQ_RESTART;
	unsigned long pending;

	add_preempt_count(SOFTIRQ_OFFSET);
	while ((pending = softirq_pending) != 0 && restart-- > 0) {
		softirq_pending = 0;
		local_irq_enable();
		for (unsigned int nr = 0; pending; nr++, pending >>= 1) {
			if (!(pending & 1))
				continue;
			softirq_runs[nr]++;
			if (softirq_vec[nr].action)
				softirq_vec[nr].action(&softirq_vec[nr]);
			else
				pr_warn("softirq %s raised with no handler\n",
					softirq_to_name[nr]);
		}
		local_irq_disable();
	}
	sub_preempt_count(SOFTIRQ_OFFSET);
}

void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	local_irq_save(flags);
	if (softirq_pending)
		__do_softirq();
	local_irq_restore(flags);
}

void local_bh_disable(void)
{
	add_preempt_count(SOFTIRQ_OFFSET);
}

void local_bh_enable(void)
{
	sub_preempt_count(SOFTIRQ_OFFSET);
	if (!in_interrupt() && softirq_pending)
		do_softirq();
}

void irq_enter(void)
{
	add_preempt_count(HARDIRQ_OFFSET);
}

/* Interrupts are still disabled here (we are inside the IRQ handler). */
void irq_exit(void)
{
	sub_preempt_count(HARDIRQ_OFFSET);
	if (!in_interrupt() && softirq_pending)
		__do_softirq();
}
