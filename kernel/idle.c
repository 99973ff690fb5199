/*
 * idle.c - what the CPU does when no task can run: poll for a while,
 * then halt until an interrupt (Linux's cpu_idle with the haltpoll
 * governor; the window's policy is kernel/haltpoll.c).
 *
 *   idle=poll   never halt (the CPU spins; a host thread stays busy)
 *   idle=halt   halt at once, the way a bare PC saves power
 *   default     poll for an adaptive window, then halt
 */
#include "kernel.h"
#include "haltpoll.h"
#include "init.h"
#include "sched.h"
#include "spinlock.h"
#include "string.h"
#include "asm/irqflags.h"
#include "asm/processor.h"

enum idle_mode { IDLE_HALTPOLL, IDLE_POLL, IDLE_HALT };

static enum idle_mode idle_mode = IDLE_HALTPOLL;
static u32 poll_limit_ns;	/* the current window; grows from 0 */

static int idle_setup(char *val)
{
	if (val && !strcmp(val, "poll"))
		idle_mode = IDLE_POLL;
	else if (val && !strcmp(val, "halt"))
		idle_mode = IDLE_HALT;
	else
		return -EINVAL;
	return 0;
}
__setup_help("idle=", idle_setup,
	     "poll|halt: spin when idle, or halt at once (default: poll briefly, then halt)");

/* Spin, interrupts on, until there is work or @limit_ns has passed. */
static void idle_poll(u64 start, u32 limit_ns)
{
	local_irq_enable();
	while (!current->need_resched &&
	       (idle_mode == IDLE_POLL || local_clock() - start < limit_ns))
		cpu_relax();
	local_irq_disable();
}

/* The idle task, forever. Interrupts are what bring work here. */
__noreturn void cpu_idle(void)
{
	for (;;) {
		u64 start;

		local_irq_disable();
		if (current->need_resched) {
			local_irq_enable();
			schedule();
			continue;
		}
		if (idle_mode == IDLE_HALT) {
			/* sti;hlt as one step: a wake-up after the check ends the hlt. */
			safe_halt();
			continue;
		}
		start = local_clock();
		idle_poll(start, poll_limit_ns);
		if (!current->need_resched)
			safe_halt();
		else
			local_irq_enable();
		poll_limit_ns = haltpoll_adjust(poll_limit_ns, local_clock() - start);
	}
}
