/*
 * ktest_threads.h - what the thread, scheduler and locking suites share:
 * bounded waiting, parking a test thread until kthread_stop(), and a
 * per-case check that every thread the case made was stopped and freed.
 *
 * The rule these suites live by: no case may hang the boot. Every wait
 * has a deadline and a failure is reported, not waited out; every test
 * thread sleeps with a timeout or on a condition that includes
 * kthread_should_stop(), so kthread_stop() (which has no timeout) always
 * returns.
 */
#ifndef _LANTERN_KTEST_THREADS_H
#define _LANTERN_KTEST_THREADS_H

#include "jiffies.h"
#include "kunit.h"
#include "sched.h"

/* kernel/fork.c: tasks made and tasks freed since boot. */
extern unsigned long nr_threads_created, nr_threads_freed;

static inline unsigned long ktest_threads_alive(void)
{
	return READ_ONCE(nr_threads_created) - READ_ONCE(nr_threads_freed);
}

/*
 * Evaluate @cond every millisecond or two (sleeping in between, so other
 * tasks run) until it holds or @timeout jiffies pass. Returns its last
 * value. Process context.
 */
#define ktest_poll(cond, timeout)					\
({									\
	unsigned long __end = jiffies + (timeout);			\
	bool __ok;							\
	while (!(__ok = (cond)) && time_before(jiffies, __end))		\
		msleep(1);						\
	__ok || (cond);							\
})

/* Asleep for real: off the run queue, not just about to sleep. */
static inline bool ktest_task_asleep(struct task_struct *p)
{
	return READ_ONCE(p->state) != TASK_RUNNING && !READ_ONCE(p->on_rq);
}

/*
 * In a test thread: sleep until kthread_stop(). kthread_stop() must not
 * find the thread gone, so threads that are done park here.
 */
void ktest_park(void);

/*
 * Busy-wait (no sleep, no yield) for @n ticks. The caller keeps the CPU
 * unless something preempts it.
 */
void ktest_spin_jiffies(unsigned long n);

/* Wait until no more than @alive threads are left (dead ones freed). */
bool ktest_wait_threads_freed(unsigned long alive, unsigned long timeout);

/*
 * Suite init/exit for cases that make threads: exit fails the case if
 * any thread it made is still alive 2 s after the case returned.
 */
int ktest_threads_init(struct kunit *test);
void ktest_threads_exit(struct kunit *test);

#endif
