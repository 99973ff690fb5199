/*
 * test_haltpoll.c - host tests for kernel/haltpoll.c: the idle loop's
 * poll window grows while wake-ups come just after it, stays while they
 * come inside it, shrinks back to nothing when the CPU is idle for long,
 * and never leaves [0, HALTPOLL_MAX_NS].
 */
#include "harness.h"
#include "haltpoll.h"

TEST(a_first_short_idle_opens_the_window_at_grow_start)
{
	CHECK_EQ(haltpoll_adjust(0, 10000), HALTPOLL_GROW_START_NS);
}

TEST(wakeups_just_past_the_window_double_it_up_to_the_max)
{
	u32 w = HALTPOLL_GROW_START_NS;

	w = haltpoll_adjust(w, w + 1);
	CHECK_EQ(w, 2 * HALTPOLL_GROW_START_NS);
	w = haltpoll_adjust(w, w + 1);
	CHECK_EQ(w, HALTPOLL_MAX_NS);		/* 200000, not 200000 * 2 */
	CHECK_EQ(haltpoll_adjust(w, HALTPOLL_MAX_NS), HALTPOLL_MAX_NS);
}

TEST(a_wakeup_inside_the_window_leaves_it_alone)
{
	CHECK_EQ(haltpoll_adjust(100000, 30000), 100000u);
	CHECK_EQ(haltpoll_adjust(100000, 100000), 100000u);
	CHECK_EQ(haltpoll_adjust(0, 0), 0u);
}

TEST(long_idle_halves_it_until_the_cpu_halts_at_once)
{
	u32 w = HALTPOLL_MAX_NS;
	int steps = 0;

	while (w && steps < 64) {
		u32 next = haltpoll_adjust(w, 1000000);	/* a 1 ms tick */

		CHECK_EQ(next, w / HALTPOLL_SHRINK);
		w = next;
		steps++;
	}
	CHECK_EQ(w, 0u);
	CHECK(steps < 20);
	/* Closed, it stays closed for long idles: no polling on a quiet CPU. */
	CHECK_EQ(haltpoll_adjust(0, 5000000), 0u);
}

TEST(the_window_never_leaves_its_range)
{
	u64 idle[] = { 0, 1, 49999, 50000, 50001, 199999, 200000, 200001, ~0ull };

	for (unsigned int i = 0; i < sizeof(idle) / sizeof(idle[0]); i++)
		for (u32 w = 0; w <= HALTPOLL_MAX_NS; w += 12500)
			CHECK(haltpoll_adjust(w, idle[i]) <= HALTPOLL_MAX_NS);
}
