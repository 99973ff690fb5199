/*
 * sched.c - the boot task and the scheduler entry points.
 *
 * Until kernel threads exist there is exactly one task, init_task (pid 0,
 * "swapper", running on the boot stack). schedule() therefore cannot
 * switch to anyone: a task that set itself to sleep halts the CPU until an
 * interrupt handler wakes it. That is the same contract a real scheduler
 * keeps (set state, re-check, schedule; wakers set TASK_RUNNING), so wait
 * queues built on it behave the same once there are other tasks to run.
 */
#include "kernel.h"
#include "sched.h"
#include "preempt.h"
#include "asm/irqflags.h"

struct task_struct init_task = {
	.state = TASK_RUNNING,
	.pid = 0,
	.comm = "swapper",
};

struct task_struct *get_current(void)
{
	return &init_task;
}

void schedule(void)
{
	struct task_struct *p = current;

	if (WARN_ON(in_atomic()))
		pr_err("BUG: scheduling while atomic (preempt_count %#lx)\n",
		       preempt_count());
	/*
	 * Check with interrupts off, then sti;hlt as one step: a wake-up
	 * arriving after the check still ends the hlt.
	 */
	for (;;) {
		native_irq_disable();
		if (READ_ONCE(p->state) == TASK_RUNNING)
			break;
		safe_halt();
	}
	native_irq_enable();
}

int wake_up_process(struct task_struct *p)
{
	if (p->state == TASK_RUNNING)
		return 0;
	WRITE_ONCE(p->state, TASK_RUNNING);
	return 1;
}
