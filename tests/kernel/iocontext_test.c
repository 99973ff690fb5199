/*
 * iocontext_test.c - the "iocontext" suite: a task's io_context
 * (block/blk-ioc.c): made on first use, reference counted, dropped when
 * the task exits, and I/O priorities checked on the way in.
 *
 * Contexts are made in test threads, never in kernel_init: a context
 * lives as long as its task, and kernel_init lives for ever.
 */
#include "kernel.h"
#include "gfp.h"
#include "iocontext.h"
#include "kthread.h"
#include "ktest_threads.h"
#include "string.h"

static struct {
	struct io_context *first, *second;
	int ref_first, ref_second, ref_after_puts;
	bool task_points_to_it, pid_matches;
	unsigned short ioprio;
	bool done;
	bool keep_one;		/* hand one reference to the test */
} ioc_seen;

static int ioc_user_fn(void *data)
{
	struct io_context *ioc = get_io_context(GFP_KERNEL);

	ioc_seen.first = ioc;
	if (ioc) {
		ioc_seen.ref_first = ioc->refcount;
		ioc_seen.second = get_io_context(GFP_KERNEL);
		ioc_seen.ref_second = ioc->refcount;
		ioc_seen.task_points_to_it = current->io_context == ioc;
		ioc_seen.pid_matches = ioc->pid == current->pid;
		ioc_seen.ioprio = ioc->ioprio;
		put_io_context(ioc_seen.second);
		if (!ioc_seen.keep_one)
			put_io_context(ioc);
		ioc_seen.ref_after_puts = ioc->refcount;
	}
	WRITE_ONCE(ioc_seen.done, true);
	ktest_park();
	return 0;
}

static struct task_struct *ioc_run_user(struct kunit *test, bool keep_one)
{
	struct task_struct *k;

	memset(&ioc_seen, 0, sizeof(ioc_seen));
	ioc_seen.keep_one = keep_one;
	k = kthread_run(ioc_user_fn, NULL, "ioc-user");
	if (IS_ERR(k)) {
		kunit_fail(test, __FILE__, __LINE__, "kthread_run failed");
		return NULL;
	}
	if (!ktest_poll(READ_ONCE(ioc_seen.done), HZ))
		kunit_fail(test, __FILE__, __LINE__, "ioc-user never finished");
	return k;
}

static void iocontext_made_once_and_refcounted(struct kunit *test)
{
	unsigned long before = nr_io_contexts;
	struct task_struct *k = ioc_run_user(test, false);

	if (!k)
		return;
	KUNIT_EXPECT_NOT_NULL(test, ioc_seen.first);
	KUNIT_EXPECT_TRUE(test, ioc_seen.second == ioc_seen.first);
	/* The task's own reference plus ours. */
	KUNIT_EXPECT_EQ(test, ioc_seen.ref_first, 2);
	KUNIT_EXPECT_EQ(test, ioc_seen.ref_second, 3);
	KUNIT_EXPECT_EQ(test, ioc_seen.ref_after_puts, 1);
	KUNIT_EXPECT_TRUE(test, ioc_seen.task_points_to_it);
	KUNIT_EXPECT_TRUE(test, ioc_seen.pid_matches);
	KUNIT_EXPECT_EQ(test, IOPRIO_PRIO_CLASS(ioc_seen.ioprio), IOPRIO_CLASS_NONE);
	/* Alive with its task, and only one for all those gets. */
	KUNIT_EXPECT_EQ(test, nr_io_contexts, before + 1);
	KUNIT_EXPECT_TRUE(test, k->io_context == ioc_seen.first);
	kthread_stop(k);
	KUNIT_EXPECT_EQ(test, nr_io_contexts, before);
}

/* A request may hold a context past its task's exit. */
static void iocontext_outlives_task_while_referenced(struct kunit *test)
{
	unsigned long before = nr_io_contexts;
	unsigned long base = ktest_threads_alive();
	struct task_struct *k = ioc_run_user(test, true);

	if (!k)
		return;
	KUNIT_ASSERT_NOT_NULL(test, ioc_seen.first);
	KUNIT_EXPECT_EQ(test, ioc_seen.ref_after_puts, 2);
	kthread_stop(k);
	KUNIT_EXPECT_TRUE(test, ktest_wait_threads_freed(base, 2 * HZ));
	KUNIT_EXPECT_EQ(test, nr_io_contexts, before + 1);
	KUNIT_EXPECT_EQ(test, ioc_seen.first->refcount, 1);
	put_io_context(ioc_seen.first);
	KUNIT_EXPECT_EQ(test, nr_io_contexts, before);
}

static int ioc_idle_fn(void *data)
{
	ktest_park();
	return 0;
}

static struct task_struct *ioc_start_idle(struct kunit *test)
{
	struct task_struct *k = kthread_run(ioc_idle_fn, NULL, "ioc-idle");

	if (IS_ERR(k)) {
		kunit_fail(test, __FILE__, __LINE__, "kthread_run failed");
		return NULL;
	}
	return k;
}

static void iocontext_set_task_ioprio_valid(struct kunit *test)
{
	unsigned long before = nr_io_contexts;
	struct task_struct *k = ioc_start_idle(test);
	int be4 = IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4);

	if (!k)
		return;
	KUNIT_EXPECT_NULL(test, k->io_context);
	/* Makes the task's context if it has none. */
	KUNIT_EXPECT_EQ(test, set_task_ioprio(k, be4), 0);
	KUNIT_ASSERT_NOT_NULL(test, k->io_context);
	KUNIT_EXPECT_EQ(test, nr_io_contexts, before + 1);
	KUNIT_EXPECT_EQ(test, k->io_context->ioprio, be4);
	KUNIT_EXPECT_EQ(test, k->io_context->ioprio_changed, 1);
	KUNIT_EXPECT_EQ(test, k->io_context->refcount, 1);
	KUNIT_EXPECT_EQ(test, set_task_ioprio(k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_RT, 0)), 0);
	KUNIT_EXPECT_EQ(test, set_task_ioprio(k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 7)), 0);
	KUNIT_EXPECT_EQ(test, set_task_ioprio(k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0)), 0);
	KUNIT_EXPECT_EQ(test, set_task_ioprio(k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0)), 0);
	KUNIT_EXPECT_EQ(test, nr_io_contexts, before + 1);
	kthread_stop(k);
	KUNIT_EXPECT_EQ(test, nr_io_contexts, before);
}

/* Rejected values leave the priority as it was. */
static void ioc_expect_rejected(struct kunit *test, struct task_struct *k,
				int ioprio, const char *what)
{
	unsigned short old = k->io_context->ioprio;
	int ret = set_task_ioprio(k, ioprio);

	if (ret != -EINVAL)
		kunit_fail(test, __FILE__, __LINE__,
			   "set_task_ioprio(%s = %#x) returned %d, expected -EINVAL",
			   what, ioprio, ret);
	if (k->io_context->ioprio != old)
		kunit_fail(test, __FILE__, __LINE__,
			   "set_task_ioprio(%s) changed ioprio to %#x", what,
			   k->io_context->ioprio);
}

static void iocontext_set_task_ioprio_rejects_bad_class(struct kunit *test)
{
	struct task_struct *k = ioc_start_idle(test);

	if (!k)
		return;
	if (set_task_ioprio(k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 2)) == 0 &&
	    k->io_context) {
		ioc_expect_rejected(test, k, IOPRIO_PRIO_VALUE(4, 0), "class 4");
		ioc_expect_rejected(test, k, IOPRIO_PRIO_VALUE(7, 1), "class 7");
		/* A negative class is no class either (ioprio_set(2) says EINVAL). */
		ioc_expect_rejected(test, k, (int)(~0U << IOPRIO_CLASS_SHIFT), "class -1");
		ioc_expect_rejected(test, k, -1, "-1");
	} else {
		kunit_fail(test, __FILE__, __LINE__, "a valid ioprio was refused");
	}
	kthread_stop(k);
}

static void iocontext_set_task_ioprio_rejects_bad_level(struct kunit *test)
{
	struct task_struct *k = ioc_start_idle(test);

	if (!k)
		return;
	if (set_task_ioprio(k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 2)) == 0 &&
	    k->io_context) {
		ioc_expect_rejected(test, k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 8), "BE level 8");
		ioc_expect_rejected(test, k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_RT, 8), "RT level 8");
		ioc_expect_rejected(test, k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 0x1fff),
				    "BE level 8191");
		/* Class NONE has no levels: Linux's ioprio_set() wants data 0. */
		ioc_expect_rejected(test, k, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 3),
				    "NONE level 3");
	} else {
		kunit_fail(test, __FILE__, __LINE__, "a valid ioprio was refused");
	}
	kthread_stop(k);
}

static struct kunit_case iocontext_cases[] = {
	KUNIT_CASE(iocontext_made_once_and_refcounted),
	KUNIT_CASE(iocontext_outlives_task_while_referenced),
	KUNIT_CASE(iocontext_set_task_ioprio_valid),
	KUNIT_CASE(iocontext_set_task_ioprio_rejects_bad_class),
	KUNIT_CASE(iocontext_set_task_ioprio_rejects_bad_level),
	{}
};
static struct kunit_suite iocontext_suite = {
	.name = "iocontext",
	.init = ktest_threads_init,
	.exit = ktest_threads_exit,
	.test_cases = iocontext_cases,
};
kunit_test_suite(iocontext_suite);
