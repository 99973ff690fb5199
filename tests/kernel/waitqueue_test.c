/*
 * waitqueue_test.c - the "waitqueue" suite: wait_event*, wake_up*,
 * exclusive waiters (kernel/wait.c, include/wait.h), woken from threads
 * and from a timer in softirq context.
 */
#include "kernel.h"
#include "kthread.h"
#include "ktest_threads.h"
#include "preempt.h"
#include "string.h"
#include "timer.h"
#include "wait.h"

#define WQ_MAX		6
#define WQ_TIMEOUT	(5 * HZ)

static DECLARE_WAIT_QUEUE_HEAD(wq_head);
static int wq_cond;
static int wq_seq;

/*
 * A waiter that leaves on its first wake-up, whatever the condition: so a
 * wake-up that should not have reached it shows. It waits at most
 * WQ_TIMEOUT, and kthread_stop() wakes it too.
 */
static struct wq_waiter {
	struct task_struct *task;
	bool exclusive;
	bool queued, woke;
	int seq;		/* order of waking, from 1 */
	long left;		/* schedule_timeout()'s result */
} wq_waiters[WQ_MAX];

static int wq_waiter_fn(void *data)
{
	struct wq_waiter *w = data;
	DEFINE_WAIT(wait);

	if (w->exclusive)
		prepare_to_wait_exclusive(&wq_head, &wait, TASK_UNINTERRUPTIBLE);
	else
		prepare_to_wait(&wq_head, &wait, TASK_UNINTERRUPTIBLE);
	WRITE_ONCE(w->queued, true);
	if (!kthread_should_stop())
		w->left = schedule_timeout(WQ_TIMEOUT);
	finish_wait(&wq_head, &wait);
	w->seq = ++wq_seq;
	WRITE_ONCE(w->woke, true);
	ktest_park();
	return 0;
}

/* Start waiter @i and wait until it sleeps, so queue order is start order. */
static bool wq_start(struct kunit *test, int i, bool exclusive)
{
	struct wq_waiter *w = &wq_waiters[i];

	memset(w, 0, sizeof(*w));
	w->exclusive = exclusive;
	w->task = kthread_run(wq_waiter_fn, w, "wq-%c%d", exclusive ? 'x' : 's', i);
	if (IS_ERR(w->task)) {
		w->task = NULL;
		kunit_fail(test, __FILE__, __LINE__, "kthread_run failed");
		return false;
	}
	if (!ktest_poll(READ_ONCE(w->queued) && ktest_task_asleep(w->task), HZ)) {
		kunit_fail(test, __FILE__, __LINE__, "waiter %d never slept", i);
		return false;
	}
	return true;
}

static int wq_nr_woken(int n)
{
	int r = 0;

	for (int i = 0; i < n; i++)
		r += READ_ONCE(wq_waiters[i].woke);
	return r;
}

static void wq_stop_all(int n)
{
	for (int i = 0; i < n; i++)
		if (wq_waiters[i].task)
			kthread_stop(wq_waiters[i].task);
	memset(wq_waiters, 0, sizeof(wq_waiters));
}

/* ---- wait_event() ---- */

static struct {
	bool sleeping, woke;
	unsigned long at;
} wq_ev;

static int wq_event_fn(void *data)
{
	WRITE_ONCE(wq_ev.sleeping, true);
	wait_event(wq_head, READ_ONCE(wq_cond) || kthread_should_stop());
	wq_ev.at = jiffies;
	WRITE_ONCE(wq_ev.woke, true);
	ktest_park();
	return 0;
}

static void waitqueue_wait_event_woken_by_wake_up(struct kunit *test)
{
	struct task_struct *k;

	wq_cond = 0;
	memset(&wq_ev, 0, sizeof(wq_ev));
	k = kthread_run(wq_event_fn, NULL, "wq-event");
	KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(wq_ev.sleeping) &&
					   ktest_task_asleep(k), HZ));
	KUNIT_EXPECT_TRUE(test, waitqueue_active(&wq_head));

	/* A wake-up with the condition false: it looks, and sleeps again. */
	wake_up(&wq_head);
	msleep(10);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(wq_ev.woke));
	KUNIT_EXPECT_TRUE(test, ktest_poll(ktest_task_asleep(k), HZ));
	KUNIT_EXPECT_TRUE(test, waitqueue_active(&wq_head));

	WRITE_ONCE(wq_cond, 1);
	wake_up(&wq_head);
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(wq_ev.woke), HZ));
	KUNIT_EXPECT_FALSE(test, waitqueue_active(&wq_head));
	kthread_stop(k);
}

/* ---- from a timer ---- */

static struct {
	bool in_softirq;
	unsigned long at;
} wq_timer_ctx;

static void wq_timer_fn(unsigned long data)
{
	wq_timer_ctx.in_softirq = in_softirq();
	wq_timer_ctx.at = jiffies;
	WRITE_ONCE(wq_cond, 1);
	wake_up((wait_queue_head_t *)data);
}

static void waitqueue_wake_up_from_timer(struct kunit *test)
{
	struct timer_list t;
	unsigned long start, ret;

	wq_cond = 0;
	memset(&wq_timer_ctx, 0, sizeof(wq_timer_ctx));
	setup_timer(&t, wq_timer_fn, (unsigned long)&wq_head);
	start = jiffies;
	t.expires = start + 10;
	add_timer(&t);
	ret = wait_event_timeout(wq_head, READ_ONCE(wq_cond), HZ);
	KUNIT_EXPECT_GT(test, ret, 0);
	KUNIT_EXPECT_TRUE(test, wq_timer_ctx.in_softirq);
	KUNIT_EXPECT_GE(test, jiffies - start, 10);
	/* Woken by the timer, not by our own time-out of a second. */
	KUNIT_EXPECT_LT(test, jiffies - start, HZ / 2);
	KUNIT_EXPECT_GE(test, wq_timer_ctx.at - start, 10);
	KUNIT_EXPECT_EQ(test, del_timer_sync(&t), 0);
}

/* ---- wait_event_timeout() ---- */

static int wq_set_after_5ms(void *data)
{
	msleep(5);
	WRITE_ONCE(wq_cond, 1);
	wake_up(&wq_head);
	ktest_park();
	return 0;
}

static void waitqueue_wait_event_timeout_results(struct kunit *test)
{
	struct task_struct *k;
	unsigned long start;
	long ret;

	/* The condition never comes: 0, after the whole time-out. */
	wq_cond = 0;
	start = jiffies;
	ret = wait_event_timeout(wq_head, READ_ONCE(wq_cond), 20);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_GE(test, jiffies - start, 20);
	KUNIT_EXPECT_FALSE(test, waitqueue_active(&wq_head));

	/* It comes in time: the jiffies left. */
	start = jiffies;
	k = kthread_run(wq_set_after_5ms, NULL, "wq-setter");
	KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
	ret = wait_event_timeout(wq_head, READ_ONCE(wq_cond), 200);
	KUNIT_EXPECT_GT(test, ret, 0);
	KUNIT_EXPECT_LE(test, ret, 195);
	KUNIT_EXPECT_GE(test, ret + (long)(jiffies - start), 195);
	kthread_stop(k);

	/* Already true: no sleep, and "at least 1" even with no time. */
	KUNIT_EXPECT_EQ(test, wait_event_timeout(wq_head, 1, 50), 50);
	KUNIT_EXPECT_EQ(test, wait_event_timeout(wq_head, 1, 0), 1);
	KUNIT_EXPECT_EQ(test, wait_event_timeout(wq_head, 0, 0), 0);
}

/* ---- several waiters ---- */

static void waitqueue_wake_up_all_wakes_every_waiter(struct kunit *test)
{
	const int n = WQ_MAX;
	bool started = true;

	wq_seq = 0;
	/* Exclusive ones: only wake_up_all() may wake them all. */
	for (int i = 0; i < n && started; i++)
		started = wq_start(test, i, true);
	if (started) {
		wake_up_all(&wq_head);
		KUNIT_EXPECT_TRUE(test, ktest_poll(wq_nr_woken(n) == n, HZ));
		for (int i = 0; i < n; i++)
			KUNIT_EXPECT_GT(test, wq_waiters[i].left, 0);
		KUNIT_EXPECT_FALSE(test, waitqueue_active(&wq_head));
	}
	wq_stop_all(n);
}

static void waitqueue_exclusive_woken_one_per_wake_up(struct kunit *test)
{
	const int n = 3;
	bool started = true;

	wq_seq = 0;
	for (int i = 0; i < n && started; i++)
		started = wq_start(test, i, true);
	if (started) {
		for (int k = 1; k <= n; k++) {
			wake_up(&wq_head);
			KUNIT_EXPECT_TRUE(test, ktest_poll(wq_nr_woken(n) >= k, HZ));
			msleep(10);
			KUNIT_EXPECT_EQ(test, wq_nr_woken(n), k);
		}
		/* First come, first woken. */
		for (int i = 0; i < n; i++)
			KUNIT_EXPECT_EQ(test, wq_waiters[i].seq, i + 1);
	}
	wq_stop_all(n);
}

/* wake_up() wakes every non-exclusive sleeper and one exclusive one. */
static void waitqueue_wake_up_wakes_shared_and_one_exclusive(struct kunit *test)
{
	bool started = true;

	wq_seq = 0;
	for (int i = 0; i < 4 && started; i++)
		started = wq_start(test, i, i >= 2);	/* 0, 1 shared; 2, 3 exclusive */
	if (started) {
		wake_up(&wq_head);
		KUNIT_EXPECT_TRUE(test, ktest_poll(wq_nr_woken(4) >= 3, HZ));
		msleep(10);
		KUNIT_EXPECT_TRUE(test, wq_waiters[0].woke && wq_waiters[1].woke);
		KUNIT_EXPECT_TRUE(test, wq_waiters[2].woke);
		KUNIT_EXPECT_FALSE(test, wq_waiters[3].woke);
	}
	wq_stop_all(4);
}

static struct kunit_case waitqueue_cases[] = {
	KUNIT_CASE(waitqueue_wait_event_woken_by_wake_up),
	KUNIT_CASE(waitqueue_wake_up_from_timer),
	KUNIT_CASE(waitqueue_wait_event_timeout_results),
	KUNIT_CASE(waitqueue_wake_up_all_wakes_every_waiter),
	KUNIT_CASE(waitqueue_exclusive_woken_one_per_wake_up),
	KUNIT_CASE(waitqueue_wake_up_wakes_shared_and_one_exclusive),
	{}
};
static struct kunit_suite waitqueue_suite = {
	.name = "waitqueue",
	.init = ktest_threads_init,
	.exit = ktest_threads_exit,
	.test_cases = waitqueue_cases,
};
kunit_test_suite(waitqueue_suite);
