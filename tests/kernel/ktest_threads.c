/*
 * ktest_threads.c - helpers for the suites that make threads (see
 * ktest_threads.h): parking, spinning, and the leak check run after each
 * case.
 */
#include "kernel.h"
#include "kthread.h"
#include "ktest_threads.h"
#include "asm/processor.h"

void ktest_park(void)
{
	for (;;) {
		/* State before the test: kthread_stop's wake-up is not lost. */
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

void ktest_spin_jiffies(unsigned long n)
{
	unsigned long end = jiffies + n;

	while (time_before(jiffies, end))
		cpu_relax();
}

bool ktest_wait_threads_freed(unsigned long alive, unsigned long timeout)
{
	/* A dead thread is freed after its last switch: sleeping lets it go. */
	return ktest_poll(ktest_threads_alive() <= alive, timeout);
}

int ktest_threads_init(struct kunit *test)
{
	test->priv = (void *)ktest_threads_alive();
	return 0;
}

void ktest_threads_exit(struct kunit *test)
{
	unsigned long before = (unsigned long)test->priv;

	if (!ktest_wait_threads_freed(before, 2 * HZ))
		kunit_fail(test, __FILE__, __LINE__,
			   "%lu thread(s) made by the case still alive 2 s after it "
			   "(not stopped, or dead but never freed)",
			   ktest_threads_alive() - before);
}
