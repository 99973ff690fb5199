/*
 * test_timer.c - kernel timers (kernel/timer.c) on the hosted clock:
 * jiffies moves only through hosted_advance_jiffies(), so expiry is exact.
 */
#include "harness.h"
#include "hosted.h"
#include "timer.h"

static int fired[8], nr_fired;

static void record(unsigned long data)
{
	fired[nr_fired++] = (int)data;
}

TEST(fire_at_expiry_in_order_ties_by_arrival)
{
	struct timer_list t[4];
	unsigned long now = jiffies;

	nr_fired = 0;
	setup_timer(&t[0], record, 0);
	setup_timer(&t[1], record, 1);
	setup_timer(&t[2], record, 2);
	setup_timer(&t[3], record, 3);
	mod_timer(&t[0], now + 5);
	mod_timer(&t[1], now + 3);
	mod_timer(&t[2], now + 5);
	mod_timer(&t[3], now + 1);
	hosted_advance_jiffies(2);
	CHECK_EQ(nr_fired, 1);
	CHECK_EQ(fired[0], 3);
	hosted_advance_jiffies(2);
	CHECK_EQ(nr_fired, 2);
	hosted_advance_jiffies(1);
	CHECK_EQ(nr_fired, 4);
	CHECK_EQ(fired[1], 1);
	CHECK_EQ(fired[2], 0);
	CHECK_EQ(fired[3], 2);
	CHECK(!timer_pending(&t[0]));
}

TEST(del_timer_sync_stops_a_pending_timer)
{
	struct timer_list t;

	nr_fired = 0;
	setup_timer(&t, record, 7);
	CHECK_EQ(mod_timer(&t, jiffies + 2), 0);
	CHECK_EQ(mod_timer(&t, jiffies + 3), 1);	/* was pending */
	CHECK_EQ(del_timer_sync(&t), 1);
	CHECK_EQ(del_timer(&t), 0);
	hosted_advance_jiffies(10);
	CHECK_EQ(nr_fired, 0);
}

static struct timer_list rearm;
static int rearm_count;

static void rearm_fn(unsigned long data)
{
	if (++rearm_count < (int)data)
		mod_timer(&rearm, jiffies + 1);
}

TEST(timer_rearms_itself)
{
	rearm_count = 0;
	setup_timer(&rearm, rearm_fn, 4);
	mod_timer(&rearm, jiffies + 1);
	hosted_advance_jiffies(10);
	CHECK_EQ(rearm_count, 4);
	CHECK(!timer_pending(&rearm));
}

TEST(expiry_survives_jiffies_wrap)
{
	struct timer_list t;

	nr_fired = 0;
	jiffies = (unsigned long)-3;
	setup_timer(&t, record, 1);
	mod_timer(&t, jiffies + 5);	/* wraps past zero */
	hosted_advance_jiffies(4);
	CHECK_EQ(nr_fired, 0);
	hosted_advance_jiffies(1);
	CHECK_EQ(nr_fired, 1);
}
