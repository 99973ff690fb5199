/*
 * demo_threads_test.c - the "demo_threads" suite: the shell's demo I/O
 * threads (shell/demo_threads.c) on sim0 under CFQ, whose reads take
 * modelled milliseconds, so threads really wait in the elevator.
 * ktest=demo_threads.
 *
 * What `kill` relies on: a thread whose read the elevator holds
 * indefinitely (behind an rt thread, CFQ serves nothing else) still
 * stops at once, its read finishing later on its own; and many rounds of
 * spawn and kill give back every page, object, context and thread.
 */
#include "kernel.h"
#include "blkdev.h"
#include "demo_threads.h"
#include "elevator.h"
#include "iocontext.h"
#include "ktest_mm.h"
#include "ktest_threads.h"
#include "mm.h"
#include "slab.h"
#include "string.h"

#define DISK		"sim0"
#define PER_ROUND	4
#define ROUNDS		20

static unsigned long dt_reads(int pid)
{
	struct demo_thread_info info[DEMO_THREADS_MAX];
	int n = demo_threads_snapshot(info, DEMO_THREADS_MAX);

	for (int i = 0; i < n; i++)
		if (info[i].pid == pid)
			return info[i].reads;
	return 0;
}

/* Asleep in D: waiting for its read, not thinking (S) between two. */
static bool dt_blocked_in_io(int pid)
{
	struct task_struct *t = find_get_task_by_pid(pid);
	bool blocked;

	if (!t)
		return false;
	blocked = READ_ONCE(t->state) == TASK_UNINTERRUPTIBLE && !READ_ONCE(t->on_rq);
	put_task_struct(t);
	return blocked;
}

/*
 * One round: a thread made rt reads on while PER_ROUND - 1 others wait
 * for their first read, which CFQ will not serve while it runs. Those
 * are stopped first, blocked in I/O, then the rt one.
 */
static void dt_round(struct kunit *test, struct block_device *bdev)
{
	int pids[PER_ROUND];
	struct task_struct *t;

	for (int i = 0; i < PER_ROUND; i++) {
		pids[i] = demo_thread_start(bdev, NULL);
		KUNIT_ASSERT_TRUE(test, pids[i] > 0);
		if (i)
			continue;
		t = find_get_task_by_pid(pids[0]);
		KUNIT_ASSERT_NOT_NULL(test, t);
		KUNIT_EXPECT_EQ(test, set_task_ioprio(t, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_RT, 0)), 0);
		put_task_struct(t);
		/* Its reads go rt from the next one: let it get there first. */
		KUNIT_EXPECT_TRUE(test, ktest_poll(dt_reads(pids[0]) >= 2, 2 * HZ));
	}
	for (int i = 1; i < PER_ROUND; i++) {
		unsigned long start, alive;

		KUNIT_EXPECT_TRUE(test, ktest_poll(dt_blocked_in_io(pids[i]), 2 * HZ));
		start = jiffies;
		KUNIT_EXPECT_EQ(test, demo_thread_stop(pids[i], NULL), 0);
		/* Stopped while its read still waits: the read outlives it. */
		alive = READ_ONCE(demo_ios_alive);
		KUNIT_EXPECT_GE(test, alive, (unsigned long)PER_ROUND - i + 1);
		KUNIT_EXPECT_LT(test, jiffies - start, msecs_to_jiffies(200));
	}
	KUNIT_EXPECT_GE(test, dt_reads(pids[0]), 2);
	KUNIT_EXPECT_EQ(test, demo_thread_stop(pids[0], NULL), 0);
	KUNIT_EXPECT_EQ(test, demo_threads_snapshot(NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, demo_thread_stop(pids[0], NULL), -ESRCH);
}

/*
 * Wait until everything a round leaves behind is gone: exited threads
 * freed, abandoned reads ended. CFQ keeps the contexts of exited tasks
 * until a new one comes (block/cfq-ioc.c); switching the elevator away
 * and back drops them all, so two counts compare.
 */
static void dt_settle(struct kunit *test, struct request_queue *q, unsigned long threads)
{
	KUNIT_EXPECT_TRUE(test, ktest_wait_threads_freed(threads, 2 * HZ));
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(demo_ios_alive) == 0, 5 * HZ));
	KUNIT_EXPECT_EQ(test, elevator_change(q, "noop"), 0);
	KUNIT_EXPECT_EQ(test, elevator_change(q, "cfq"), 0);
	ktest_shrink_all_caches();
}

static void demo_threads_kill_blocked_and_leave_no_trace(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);
	unsigned long threads = ktest_threads_alive(), pages, objs, iocs;
	struct request_queue *q;
	const char *orig;

	if (!bdev || !elevator_find("cfq") || !elevator_find("noop")) {
		kunit_skip(test, "needs sim0, cfq and noop");
		return;
	}
	q = bdev_get_queue(bdev);
	orig = q->elevator->elevator_type->elevator_name;
	KUNIT_ASSERT_EQ(test, elevator_change(q, "cfq"), 0);

	/* A first round maps the stack slots' page tables, kept for ever. */
	dt_round(test, bdev);
	dt_settle(test, q, threads);
	pages = nr_free_pages();
	objs = ktest_slab_active_objs();
	iocs = nr_io_contexts;

	for (int r = 0; r < ROUNDS; r++)
		dt_round(test, bdev);
	dt_settle(test, q, threads);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), pages);
	KUNIT_EXPECT_EQ(test, ktest_slab_active_objs(), objs);
	KUNIT_EXPECT_EQ(test, nr_io_contexts, iocs);
	KUNIT_EXPECT_EQ(test, elevator_change(q, orig), 0);
}

/* What ps and ioprio read: the threads, their names, their priority. */
static void demo_threads_seen_by_snapshots(struct kunit *test)
{
	static struct task_info tasks[64];
	struct block_device *bdev = lookup_bdev(DISK);
	struct demo_thread_info info;
	int pid, n, found = 0;

	if (!bdev) {
		kunit_skip(test, "needs sim0");
		return;
	}
	pid = demo_thread_start(bdev, &info);
	KUNIT_ASSERT_TRUE(test, pid > 0);
	KUNIT_EXPECT_EQ(test, info.pid, pid);
	KUNIT_EXPECT_STREQ(test, info.dev, DISK);
	KUNIT_EXPECT_EQ(test, info.start, (sector_t)info.slot * info.len);
	KUNIT_EXPECT_TRUE(test, ktest_poll(dt_reads(pid) > 0, 2 * HZ));
	n = snapshot_tasks(tasks, ARRAY_SIZE(tasks));
	KUNIT_EXPECT_GE(test, n, 4);	/* swapper, init, kthreadd, ours */
	KUNIT_EXPECT_EQ(test, tasks[0].pid, 0);
	for (int i = 0; i < min_t(int, n, (int)ARRAY_SIZE(tasks)); i++) {
		if (tasks[i].pid != pid)
			continue;
		found++;
		KUNIT_EXPECT_EQ(test, strncmp(tasks[i].comm, "demo/", 5), 0);
		/* Made at its start: class none until someone sets one. */
		KUNIT_EXPECT_EQ(test, tasks[i].ioprio, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0));
	}
	KUNIT_EXPECT_EQ(test, found, 1);
	KUNIT_EXPECT_EQ(test, demo_thread_stop(pid, &info), 0);
	KUNIT_EXPECT_GT(test, info.reads, 0);
	{
		struct task_struct *t = find_get_task_by_pid(pid);

		KUNIT_EXPECT_NULL(test, t);	/* exited and freed */
		if (t)
			put_task_struct(t);
	}
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(demo_ios_alive) == 0, 5 * HZ));
}

static struct kunit_case demo_threads_cases[] = {
	KUNIT_CASE(demo_threads_seen_by_snapshots),
	KUNIT_CASE(demo_threads_kill_blocked_and_leave_no_trace),
	{}
};
static struct kunit_suite demo_threads_suite = {
	.name = "demo_threads",
	.init = ktest_threads_init,
	.exit = ktest_threads_exit,
	.test_cases = demo_threads_cases,
};
kunit_test_suite(demo_threads_suite);
