/*
 * timer_test.c - the "timer" suite: kernel timers (kernel/timer.c) on the
 * real tick: expiry order, deleting and moving pending timers, a timer
 * that re-arms itself, and msleep()/schedule_timeout() lengths.
 */
#include "kernel.h"
#include "completion.h"
#include "interrupt.h"
#include "kunit.h"
#include "ktest_threads.h"
#include "preempt.h"
#include "sched.h"
#include "string.h"
#include "timer.h"

#define TM_MAX	8

static struct {
	int order[TM_MAX];	/* ids in firing order */
	unsigned long at[TM_MAX];	/* jiffies when each id fired */
	int nr;
	int runs[TM_MAX];
	bool all_softirq;
} tm;

static void tm_record(unsigned long id)
{
	if (tm.nr < TM_MAX)
		tm.order[tm.nr] = (int)id;
	tm.nr++;
	if (id < TM_MAX) {
		tm.at[id] = jiffies;
		tm.runs[id]++;
	}
	if (!in_softirq())
		tm.all_softirq = false;
}

static void tm_reset(void)
{
	memset(&tm, 0, sizeof(tm));
	tm.all_softirq = true;
}

static void timer_fire_in_expiry_order(struct kunit *test)
{
	/* Added in this order; ties must fire in the order they were added. */
	static const unsigned long delay[] = { 8, 4, 8, 4, 6, 2, 4 };
	static const int expected[] = { 5, 1, 3, 6, 4, 0, 2 };
	const int n = ARRAY_SIZE(delay);
	static struct timer_list t[ARRAY_SIZE(delay)];
	unsigned long base;

	tm_reset();
	base = jiffies + 10;
	for (int i = 0; i < n; i++) {
		setup_timer(&t[i], tm_record, (unsigned long)i);
		t[i].expires = base + delay[i];
		add_timer(&t[i]);
		KUNIT_EXPECT_TRUE(test, timer_pending(&t[i]));
	}
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(tm.nr) >= n, HZ));
	msleep(5);
	KUNIT_EXPECT_EQ(test, tm.nr, n);
	for (int i = 0; i < n && i < tm.nr; i++) {
		KUNIT_EXPECT_EQ(test, tm.order[i], expected[i]);
		/* Never early. */
		KUNIT_EXPECT_GE(test, (long)(tm.at[i] - (base + delay[i])), 0);
	}
	KUNIT_EXPECT_TRUE(test, tm.all_softirq);
	for (int i = 0; i < n; i++) {
		KUNIT_EXPECT_FALSE(test, timer_pending(&t[i]));
		del_timer_sync(&t[i]);
	}
}

/*
 * Test timers are static: if the kernel failed to dequeue one, it fires
 * later into a case's result, not into a dead stack frame.
 */
static struct timer_list tm_timer;

static struct timer_list *tm_timer_setup(void)
{
	if (tm_timer.function)		/* a failed case may have left it queued */
		del_timer_sync(&tm_timer);
	setup_timer(&tm_timer, tm_record, 0);
	return &tm_timer;
}

static void timer_del_timer_sync_stops_pending_timer(struct kunit *test)
{
	struct timer_list *t = tm_timer_setup();

	tm_reset();
	t->expires = jiffies + 10;
	add_timer(t);
	KUNIT_EXPECT_TRUE(test, timer_pending(t));
	KUNIT_EXPECT_EQ(test, del_timer_sync(t), 1);
	KUNIT_EXPECT_FALSE(test, timer_pending(t));
	msleep(30);		/* well past its expiry */
	KUNIT_EXPECT_EQ(test, READ_ONCE(tm.nr), 0);
	/* No longer pending: both report 0. */
	KUNIT_EXPECT_EQ(test, del_timer_sync(t), 0);
	KUNIT_EXPECT_EQ(test, del_timer(t), 0);

	/* del_timer() too. */
	t->expires = jiffies + 10;
	add_timer(t);
	KUNIT_EXPECT_EQ(test, del_timer(t), 1);
	msleep(30);
	KUNIT_EXPECT_EQ(test, READ_ONCE(tm.nr), 0);
}

static void timer_mod_timer_moves_pending_timer(struct kunit *test)
{
	struct timer_list *t = tm_timer_setup();
	unsigned long start;

	/* Earlier: a timer a second away fires in 5 jiffies. */
	tm_reset();
	start = jiffies;
	t->expires = start + HZ;
	add_timer(t);
	KUNIT_EXPECT_EQ(test, mod_timer(t, start + 5), 1);
	KUNIT_EXPECT_EQ(test, t->expires, start + 5);
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(tm.nr) == 1, HZ / 4));
	KUNIT_EXPECT_GE(test, (long)(tm.at[0] - start), 5);
	KUNIT_EXPECT_FALSE(test, timer_pending(t));

	/* Later: due in 5, moved to 40; not fired at 20, fired by 40. */
	tm_reset();
	start = jiffies;
	KUNIT_EXPECT_EQ(test, mod_timer(t, start + 5), 0);	/* was not pending */
	KUNIT_EXPECT_EQ(test, mod_timer(t, start + 40), 1);
	msleep(20);
	KUNIT_EXPECT_EQ(test, READ_ONCE(tm.nr), 0);
	KUNIT_EXPECT_TRUE(test, timer_pending(t));
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(tm.nr) == 1, HZ));
	KUNIT_EXPECT_GE(test, (long)(tm.at[0] - start), 40);
	/* Once only, though mod_timer was called twice. */
	msleep(5);
	KUNIT_EXPECT_EQ(test, tm.runs[0], 1);
	del_timer_sync(t);
}

#define TM_REARMS	5

static struct {
	struct timer_list timer;
	int count;
	unsigned long at[TM_REARMS];
	struct completion done;
} tm_self;

static void tm_rearm(unsigned long data)
{
	if (tm_self.count < TM_REARMS)
		tm_self.at[tm_self.count] = jiffies;
	if (++tm_self.count < TM_REARMS)
		mod_timer(&tm_self.timer, jiffies + 2);
	else
		complete(&tm_self.done);
}

static void timer_rearms_itself(struct kunit *test)
{
	memset(&tm_self, 0, sizeof(tm_self));
	init_completion(&tm_self.done);
	setup_timer(&tm_self.timer, tm_rearm, 0);
	tm_self.timer.expires = jiffies + 2;
	add_timer(&tm_self.timer);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&tm_self.done, HZ), 0);
	msleep(10);
	KUNIT_EXPECT_EQ(test, tm_self.count, TM_REARMS);
	KUNIT_EXPECT_FALSE(test, timer_pending(&tm_self.timer));
	for (int i = 1; i < TM_REARMS; i++)
		KUNIT_EXPECT_GE(test, (long)(tm_self.at[i] - tm_self.at[i - 1]), 2);
	del_timer_sync(&tm_self.timer);
}

static void timer_msleep_and_schedule_timeout_lengths(struct kunit *test)
{
	unsigned long start = jiffies;
	long left;

	msleep(50);
	KUNIT_EXPECT_GE(test, jiffies - start, 50);
	KUNIT_EXPECT_LT(test, jiffies - start, 50 + HZ / 2);

	start = jiffies;
	set_current_state(TASK_UNINTERRUPTIBLE);
	left = schedule_timeout(10);
	KUNIT_EXPECT_EQ(test, left, 0);
	KUNIT_EXPECT_GE(test, jiffies - start, 10);
	KUNIT_EXPECT_EQ(test, current->state, TASK_RUNNING);

	/* A zero time-out is over by the next tick. */
	start = jiffies;
	set_current_state(TASK_UNINTERRUPTIBLE);
	KUNIT_EXPECT_EQ(test, schedule_timeout(0), 0);
	KUNIT_EXPECT_LE(test, jiffies - start, 2);
	KUNIT_EXPECT_EQ(test, current->state, TASK_RUNNING);
}

static struct kunit_case timer_cases[] = {
	KUNIT_CASE(timer_fire_in_expiry_order),
	KUNIT_CASE(timer_del_timer_sync_stops_pending_timer),
	KUNIT_CASE(timer_mod_timer_moves_pending_timer),
	KUNIT_CASE(timer_rearms_itself),
	KUNIT_CASE(timer_msleep_and_schedule_timeout_lengths),
	{}
};
static struct kunit_suite timer_suite = {
	.name = "timer",
	.test_cases = timer_cases,
};
kunit_test_suite(timer_suite);
