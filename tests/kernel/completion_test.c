/*
 * completion_test.c - the "completion" suite: one-shot events
 * (kernel/completion.c) between real threads. Waiters always wait with a
 * timeout, so a lost wake-up fails the case instead of hanging the boot.
 */
#include "kernel.h"
#include "completion.h"
#include "kthread.h"
#include "ktest_threads.h"
#include "preempt.h"
#include "string.h"

#define CW_MAX		10
#define CW_TIMEOUT	(5 * HZ)

/* Waiter threads: each waits once on cw_done and records the result. */
static struct completion cw_done;
static struct cw_waiter {
	struct task_struct *task;
	bool waiting;		/* about to wait (then asleep, once off the rq) */
	bool returned;
	unsigned long ret;
} cw_waiters[CW_MAX];

static int cw_wait_fn(void *data)
{
	struct cw_waiter *w = data;

	WRITE_ONCE(w->waiting, true);
	w->ret = wait_for_completion_timeout(&cw_done, CW_TIMEOUT);
	WRITE_ONCE(w->returned, true);
	ktest_park();
	return 0;
}

static bool cw_all_asleep(int n)
{
	for (int i = 0; i < n; i++)
		if (!READ_ONCE(cw_waiters[i].waiting) || READ_ONCE(cw_waiters[i].returned) ||
		    !ktest_task_asleep(cw_waiters[i].task))
			return false;
	return true;
}

static int cw_nr_returned(int n)
{
	int r = 0;

	for (int i = 0; i < n; i++)
		r += READ_ONCE(cw_waiters[i].returned);
	return r;
}

/* Start @n waiters on cw_done and wait until all sleep. */
static bool cw_start_waiters(struct kunit *test, int n)
{
	init_completion(&cw_done);
	memset(cw_waiters, 0, sizeof(cw_waiters));
	for (int i = 0; i < n; i++) {
		cw_waiters[i].task = kthread_run(cw_wait_fn, &cw_waiters[i], "cw-%d", i);
		if (IS_ERR(cw_waiters[i].task)) {
			kunit_fail(test, __FILE__, __LINE__, "kthread_run failed");
			cw_waiters[i].task = NULL;
			return false;
		}
	}
	if (!ktest_poll(cw_all_asleep(n), 2 * HZ)) {
		kunit_fail(test, __FILE__, __LINE__, "waiters never went to sleep");
		return false;
	}
	return true;
}

/* Release whoever is left (complete_all) and stop them. */
static void cw_stop_waiters(int n)
{
	complete_all(&cw_done);
	for (int i = 0; i < n; i++)
		if (cw_waiters[i].task)
			kthread_stop(cw_waiters[i].task);
}

static void completion_complete_before_wait_does_not_sleep(struct kunit *test)
{
	DECLARE_COMPLETION_ONSTACK(c);
	unsigned long nvcsw = current->nvcsw, ret;

	KUNIT_EXPECT_FALSE(test, completion_done(&c));
	complete(&c);
	complete(&c);
	KUNIT_EXPECT_TRUE(test, completion_done(&c));
	/* Two completions are two waits' worth, consumed without sleeping. */
	ret = wait_for_completion_timeout(&c, 100);
	KUNIT_EXPECT_GE(test, ret, 99);
	KUNIT_EXPECT_LE(test, ret, 100);
	KUNIT_EXPECT_TRUE(test, try_wait_for_completion(&c));
	KUNIT_EXPECT_EQ(test, current->nvcsw, nvcsw);
	KUNIT_EXPECT_FALSE(test, completion_done(&c));
	KUNIT_EXPECT_FALSE(test, try_wait_for_completion(&c));
	/* Nothing left: this one must time out. */
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&c, 2), 0);
}

static void completion_timeout_returns_zero(struct kunit *test)
{
	DECLARE_COMPLETION_ONSTACK(c);
	unsigned long start = jiffies, ret;

	ret = wait_for_completion_timeout(&c, 20);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_GE(test, jiffies - start, 20);
	KUNIT_EXPECT_LT(test, jiffies - start, HZ);
	KUNIT_EXPECT_FALSE(test, completion_done(&c));
}

static struct completion cw_late;

static int cw_complete_after_10ms(void *data)
{
	msleep(10);
	complete(&cw_late);
	ktest_park();
	return 0;
}

static void completion_timeout_returns_time_left(struct kunit *test)
{
	struct task_struct *k;
	unsigned long start, ret;

	init_completion(&cw_late);
	start = jiffies;
	k = kthread_run(cw_complete_after_10ms, NULL, "cw-late");
	KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
	ret = wait_for_completion_timeout(&cw_late, 200);
	/* At least 10 of the 200 jiffies went by; the rest are returned. */
	KUNIT_EXPECT_GT(test, ret, 0);
	KUNIT_EXPECT_LE(test, ret, 190);
	KUNIT_EXPECT_GE(test, ret + (jiffies - start), 195);
	KUNIT_EXPECT_GE(test, jiffies - start, 10);
	kthread_stop(k);
}

static void completion_complete_all_wakes_ten_waiters(struct kunit *test)
{
	int ok = 0;

	if (cw_start_waiters(test, CW_MAX)) {
		complete_all(&cw_done);
		KUNIT_EXPECT_TRUE(test, ktest_poll(cw_nr_returned(CW_MAX) == CW_MAX, HZ));
		for (int i = 0; i < CW_MAX; i++)
			ok += cw_waiters[i].returned && cw_waiters[i].ret > 0;
		KUNIT_EXPECT_EQ(test, ok, CW_MAX);
		/* ... and every later waiter too. */
		KUNIT_EXPECT_TRUE(test, completion_done(&cw_done));
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&cw_done, 2), 0);
		KUNIT_EXPECT_TRUE(test, try_wait_for_completion(&cw_done));
	}
	cw_stop_waiters(CW_MAX);
}

/*
 * One waiter per complete(): the others are not even woken (a woken one
 * would find nothing to consume and sleep again, counting a switch).
 */
static void completion_complete_wakes_exactly_one(struct kunit *test)
{
	const int n = 4;
	unsigned long nvcsw[4];

	if (cw_start_waiters(test, n)) {
		for (int i = 0; i < n; i++)
			nvcsw[i] = cw_waiters[i].task->nvcsw;
		for (int k = 1; k <= n; k++) {
			int rewoken = 0;

			complete(&cw_done);
			KUNIT_EXPECT_TRUE(test, ktest_poll(cw_nr_returned(n) >= k, HZ));
			/* Time for a wrongly woken second waiter to show up. */
			msleep(10);
			KUNIT_EXPECT_EQ(test, cw_nr_returned(n), k);
			for (int i = 0; i < n; i++)
				rewoken += !READ_ONCE(cw_waiters[i].returned) &&
					   READ_ONCE(cw_waiters[i].task->nvcsw) != nvcsw[i];
			KUNIT_EXPECT_EQ(test, rewoken, 0);
		}
		for (int i = 0; i < n; i++)
			KUNIT_EXPECT_GT(test, cw_waiters[i].ret, 0);
		/* Each complete() was consumed by its waiter. */
		KUNIT_EXPECT_FALSE(test, completion_done(&cw_done));
	}
	cw_stop_waiters(n);
}

/*
 * A completion may live on the waiter's stack (kthread_create's does):
 * once wait_for_completion*() has returned, complete() must no longer
 * touch it. Force the worst interleaving: the waiter is runnable (a
 * stray wake-up) and owed the CPU, so complete() is preempted as soon as
 * it lets go of the lock. The waiter then consumes the completion and
 * returns; from that moment an entry on the queue stands for whatever
 * reuses the waiter's stack, and it must never be called.
 */
static struct {
	bool waiting, returned;
	unsigned long ret;
	unsigned long nvcsw;	/* the waiter's sleeps, when it returned */
	wait_queue_t stranger;
	int stranger_calls;
} cw_race;

static int cw_stranger_wake(wait_queue_t *wait, unsigned int mode)
{
	cw_race.stranger_calls++;
	return 0;
}

static int cw_race_waiter(void *data)
{
	WRITE_ONCE(cw_race.waiting, true);
	cw_race.ret = wait_for_completion_timeout(&cw_late, CW_TIMEOUT);
	cw_race.nvcsw = current->nvcsw;
	if (cw_race.ret) {
		cw_race.stranger.func = cw_stranger_wake;
		cw_race.stranger.private = NULL;
		INIT_LIST_HEAD(&cw_race.stranger.task_list);
		add_wait_queue(&cw_late.wait, &cw_race.stranger);
	}
	WRITE_ONCE(cw_race.returned, true);
	ktest_park();
	return 0;
}

/*
 * One try of the interleaving above; @all: release with complete_all().
 * Returns false if the interleaving did not happen: a tick got in before
 * complete() took the lock, so the waiter found nothing, slept again and
 * was woken the ordinary way.
 */
static bool cw_race_once(struct kunit *test, bool all)
{
	struct task_struct *k;
	unsigned long nvcsw;

	init_completion(&cw_late);
	memset(&cw_race, 0, sizeof(cw_race));
	k = kthread_run(cw_race_waiter, NULL, "cw-race");
	if (IS_ERR(k)) {
		kunit_fail(test, __FILE__, __LINE__, "kthread_run failed");
		return true;
	}
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(cw_race.waiting) &&
					   ktest_task_asleep(k), HZ));
	/* Use CPU, so the sleeper's vruntime is well below ours. */
	ktest_spin_jiffies(3);

	nvcsw = k->nvcsw;
	preempt_disable();
	wake_up_process(k);
	current->need_resched = true;
	preempt_enable_no_resched();
	if (all)
		complete_all(&cw_late);
	else
		complete(&cw_late);

	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(cw_race.returned), HZ));
	KUNIT_EXPECT_GT(test, cw_race.ret, 0);
	if (cw_race.stranger_calls)
		kunit_fail(test, __FILE__, __LINE__,
			   "%s woke the queue after the waiter had returned "
			   "(the completion could have been on its stack)",
			   all ? "complete_all()" : "complete()");
	if (cw_race.ret)
		remove_wait_queue(&cw_late.wait, &cw_race.stranger);
	kthread_stop(k);
	return cw_race.nvcsw == nvcsw;
}

static void completion_not_touched_after_waiter_returns(struct kunit *test)
{
	for (int all = 0; all <= 1; all++) {
		bool exercised = false;

		for (int tries = 0; tries < 3 && !exercised; tries++)
			exercised = cw_race_once(test, all);
		/* Not a check of the kernel: was the race exercised at all? */
		if (!exercised)
			pr_info("    # %s: %s never preempted in 3 tries; race not "
				"exercised\n", test->name, all ? "complete_all()" : "complete()");
	}
}

static struct kunit_case completion_cases[] = {
	KUNIT_CASE(completion_complete_before_wait_does_not_sleep),
	KUNIT_CASE(completion_timeout_returns_zero),
	KUNIT_CASE(completion_timeout_returns_time_left),
	KUNIT_CASE(completion_complete_all_wakes_ten_waiters),
	KUNIT_CASE(completion_complete_wakes_exactly_one),
	KUNIT_CASE(completion_not_touched_after_waiter_returns),
	{}
};
static struct kunit_suite completion_suite = {
	.name = "completion",
	.init = ktest_threads_init,
	.exit = ktest_threads_exit,
	.test_cases = completion_cases,
};
kunit_test_suite(completion_suite);
