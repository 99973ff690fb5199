/*
 * kthread_test.c - the "kthread" suite: kthread_create/run/stop through
 * kthreadd (kernel/kthread.c) and the task lifetime behind it
 * (kernel/fork.c): every thread made is run once, stopped, and freed with
 * its stack, so pages and slab objects come back.
 */
#include "kernel.h"
#include "completion.h"
#include "kthread.h"
#include "ktest_mm.h"
#include "ktest_threads.h"
#include "mm.h"
#include "preempt.h"
#include "slab.h"
#include "string.h"

#define KT_MANY		200
#define KT_CREATORS	8
#define KT_PER_CREATOR	10

struct kt_slot {
	int id;
	int runs;		/* times the thread function started */
};

static struct kt_slot kt_slots[KT_MANY];
static struct task_struct *kt_tasks[KT_MANY];

static int kt_worker(void *data)
{
	struct kt_slot *s = data;

	WRITE_ONCE(s->runs, s->runs + 1);
	ktest_park();
	return 1000 + s->id;
}

/* Objects out in the kmalloc caches and the task_struct cache. */
static unsigned long kt_slab_active(void)
{
	struct kmem_cache *s;
	unsigned long flags, n = 0;

	spin_lock_irqsave(&slab_caches_lock, flags);
	for_each_kmem_cache(s)
		if (strncmp(s->name, "kmalloc-", 8) == 0 ||
		    strcmp(s->name, "task_struct") == 0)
			n += s->active_objs;
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return n;
}

static bool kt_pids_distinct(struct task_struct **tasks, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (tasks[i]->pid == tasks[j]->pid)
				return false;
	return true;
}

static struct task_struct *kt_find(int pid)
{
	struct task_struct *p;

	/* The task list changes only in process context: hold still. */
	preempt_disable();
	p = find_task_by_pid(pid);
	preempt_enable();
	return p;
}

static bool kt_all_ran(int n)
{
	for (int i = 0; i < n; i++)
		if (!READ_ONCE(kt_slots[i].runs))
			return false;
	return true;
}

/* Create, run and stop KT_MANY threads; report into @test if @check. */
static void kt_run_many(struct kunit *test, bool check)
{
	int made = 0, bad_ret = 0, not_found = 0, not_once = 0;

	memset(kt_slots, 0, sizeof(kt_slots));
	for (int i = 0; i < KT_MANY; i++) {
		kt_slots[i].id = i;
		kt_tasks[i] = kthread_run(kt_worker, &kt_slots[i], "kt-many-%d", i);
		if (IS_ERR(kt_tasks[i]))
			break;
		made++;
	}
	if (check)
		KUNIT_EXPECT_EQ(test, made, KT_MANY);
	/* All started: wait until each has run its function. */
	ktest_poll(kt_all_ran(made), 2 * HZ);
	if (check) {
		KUNIT_EXPECT_TRUE(test, kt_pids_distinct(kt_tasks, made));
		for (int i = 0; i < made; i++) {
			not_found += kt_find(kt_tasks[i]->pid) != kt_tasks[i];
			not_once += kt_slots[i].runs != 1;
		}
		KUNIT_EXPECT_EQ(test, not_found, 0);
		KUNIT_EXPECT_EQ(test, not_once, 0);
	}
	for (int i = 0; i < made; i++)
		bad_ret += kthread_stop(kt_tasks[i]) != 1000 + i;
	if (check)
		KUNIT_EXPECT_EQ(test, bad_ret, 0);
}

/*
 * 200 threads through their whole life. A first round maps the page
 * tables the stack slots need (kept for ever, as Linux keeps kernel page
 * tables); the second must then give back every page and object.
 */
static void kthread_200_threads_leave_no_trace(struct kunit *test)
{
	unsigned long base = ktest_threads_alive();
	unsigned long pages, objs, created = nr_threads_created;

	kt_run_many(test, false);
	KUNIT_ASSERT_TRUE(test, ktest_wait_threads_freed(base, 2 * HZ));
	ktest_shrink_all_caches();
	pages = nr_free_pages();
	objs = kt_slab_active();

	kt_run_many(test, true);
	KUNIT_EXPECT_EQ(test, nr_threads_created - created, 2 * KT_MANY);
	KUNIT_EXPECT_TRUE(test, ktest_wait_threads_freed(base, 2 * HZ));
	ktest_shrink_all_caches();
	KUNIT_EXPECT_EQ(test, nr_free_pages(), pages);
	KUNIT_EXPECT_EQ(test, kt_slab_active(), objs);
}

static int kt_ret_started;

static int kt_return_value(void *data)
{
	WRITE_ONCE(kt_ret_started, 1);
	ktest_park();
	return (int)(long)data;
}

static void kthread_stop_returns_threadfn_result(struct kunit *test)
{
	static const int values[] = { 0, 42, -ENOSPC, 0x7fffffff };

	for (unsigned int i = 0; i < ARRAY_SIZE(values); i++) {
		struct task_struct *k;

		kt_ret_started = 0;
		k = kthread_run(kt_return_value, (void *)(long)values[i], "kt-ret");
		KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
		/* Stopped before it ran, it would return -EINTR instead. */
		KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(kt_ret_started), HZ));
		KUNIT_EXPECT_EQ(test, kthread_stop(k), values[i]);
	}
}

static int kt_never_run_flag;

static int kt_must_not_run(void *data)
{
	WRITE_ONCE(kt_never_run_flag, 1);
	ktest_park();
	return 0;
}

static void kthread_stop_before_run_returns_eintr(struct kunit *test)
{
	struct task_struct *k;

	kt_never_run_flag = 0;
	k = kthread_create(kt_must_not_run, NULL, "kt-never-%s", "run");
	KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
	KUNIT_EXPECT_STREQ(test, k->comm, "kt-never-run");
	KUNIT_EXPECT_TRUE(test, k->flags & PF_KTHREAD);
	/* Created asleep: give it every chance to run by mistake. */
	msleep(10);
	KUNIT_EXPECT_EQ(test, READ_ONCE(kt_never_run_flag), 0);
	KUNIT_EXPECT_EQ(test, kthread_stop(k), -EINTR);
	KUNIT_EXPECT_EQ(test, READ_ONCE(kt_never_run_flag), 0);
}

/* ---- kthread_create() from 8 threads at once ---- */

static struct completion kt_gate;
static struct kt_slot kt_child_slots[KT_CREATORS][KT_PER_CREATOR];
static struct task_struct *kt_children[KT_CREATORS][KT_PER_CREATOR];
static int kt_creator_done[KT_CREATORS];

static int kt_creator(void *data)
{
	int c = (int)(long)data;

	/* Children must take kthreadd's nice, not ours. */
	set_user_nice(current, 5);
	if (!wait_for_completion_timeout(&kt_gate, 5 * HZ))
		goto out;
	for (int j = 0; j < KT_PER_CREATOR; j++) {
		struct task_struct *k = kthread_run(kt_worker, &kt_child_slots[c][j],
						    "kc-%d-%02d", c, j);

		kt_children[c][j] = IS_ERR(k) ? NULL : k;
		/* Let the others get a request in between ours. */
		if (j % 3 == 0)
			yield();
	}
out:
	WRITE_ONCE(kt_creator_done[c], 1);
	ktest_park();
	return 0;
}

static bool kt_creators_done(void)
{
	for (int c = 0; c < KT_CREATORS; c++)
		if (!READ_ONCE(kt_creator_done[c]))
			return false;
	return true;
}

static bool kt_children_ran(void)
{
	for (int c = 0; c < KT_CREATORS; c++)
		for (int j = 0; j < KT_PER_CREATOR; j++)
			if (kt_children[c][j] && !READ_ONCE(kt_child_slots[c][j].runs))
				return false;
	return true;
}

static void kthread_create_concurrent_from_8_threads(struct kunit *test)
{
	static struct task_struct *all[KT_CREATORS * KT_PER_CREATOR];
	struct task_struct *creators[KT_CREATORS];
	int n = 0, bad_comm = 0, bad_nice = 0, not_kthread = 0, not_once = 0;
	int not_found = 0, bad_ret = 0;

	init_completion(&kt_gate);
	memset(kt_child_slots, 0, sizeof(kt_child_slots));
	memset(kt_children, 0, sizeof(kt_children));
	memset(kt_creator_done, 0, sizeof(kt_creator_done));
	for (int c = 0; c < KT_CREATORS; c++) {
		for (int j = 0; j < KT_PER_CREATOR; j++)
			kt_child_slots[c][j].id = c * 100 + j;
		creators[c] = kthread_run(kt_creator, (void *)(long)c, "kt-creator-%d", c);
		KUNIT_ASSERT_TRUE(test, !IS_ERR(creators[c]));
	}
	complete_all(&kt_gate);
	KUNIT_EXPECT_TRUE(test, ktest_poll(kt_creators_done(), 5 * HZ));
	KUNIT_EXPECT_TRUE(test, ktest_poll(kt_children_ran(), 2 * HZ));

	for (int c = 0; c < KT_CREATORS; c++) {
		for (int j = 0; j < KT_PER_CREATOR; j++) {
			struct task_struct *k = kt_children[c][j];
			char want[TASK_COMM_LEN];

			if (!k)
				continue;
			all[n++] = k;
			snprintf(want, sizeof(want), "kc-%d-%02d", c, j);
			bad_comm += strcmp(k->comm, want) != 0;
			bad_nice += k->nice != kthreadd_task->nice;
			not_kthread += !(k->flags & PF_KTHREAD);
			not_once += kt_child_slots[c][j].runs != 1;
			not_found += kt_find(k->pid) != k;
		}
	}
	KUNIT_EXPECT_EQ(test, n, KT_CREATORS * KT_PER_CREATOR);
	KUNIT_EXPECT_EQ(test, bad_comm, 0);
	KUNIT_EXPECT_EQ(test, bad_nice, 0);
	KUNIT_EXPECT_EQ(test, creators[0]->nice, 5);
	KUNIT_EXPECT_EQ(test, not_kthread, 0);
	KUNIT_EXPECT_EQ(test, not_once, 0);
	KUNIT_EXPECT_EQ(test, not_found, 0);
	KUNIT_EXPECT_TRUE(test, kt_pids_distinct(all, n));
	for (int c = 0; c < KT_CREATORS; c++)
		for (int j = 0; j < KT_PER_CREATOR; j++)
			if (kt_children[c][j])
				bad_ret += kthread_stop(kt_children[c][j]) !=
					   1000 + c * 100 + j;
	KUNIT_EXPECT_EQ(test, bad_ret, 0);
	for (int c = 0; c < KT_CREATORS; c++)
		kthread_stop(creators[c]);
}

/* Stopped threads are gone from the task list; their pids are free. */
static void kthread_stopped_thread_leaves_task_list(struct kunit *test)
{
	struct kt_slot slot = { .id = 7 };
	unsigned long base = ktest_threads_alive();
	struct task_struct *k = kthread_run(kt_worker, &slot, "kt-gone");
	int pid;

	KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
	pid = k->pid;
	KUNIT_EXPECT_GT(test, pid, 2);
	KUNIT_EXPECT_TRUE(test, kt_find(pid) == k);
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(slot.runs) == 1, HZ));
	KUNIT_EXPECT_EQ(test, kthread_stop(k), 1007);
	KUNIT_EXPECT_TRUE(test, ktest_wait_threads_freed(base, 2 * HZ));
	KUNIT_EXPECT_TRUE(test, kt_find(pid) == NULL);
	KUNIT_EXPECT_TRUE(test, kthreadd_task != NULL && kt_find(2) == kthreadd_task);
	KUNIT_EXPECT_STREQ(test, kthreadd_task->comm, "kthreadd");
}

static struct kunit_case kthread_cases[] = {
	KUNIT_CASE(kthread_stop_returns_threadfn_result),
	KUNIT_CASE(kthread_stop_before_run_returns_eintr),
	KUNIT_CASE(kthread_stopped_thread_leaves_task_list),
	KUNIT_CASE(kthread_create_concurrent_from_8_threads),
	KUNIT_CASE(kthread_200_threads_leave_no_trace),
	{}
};
static struct kunit_suite kthread_suite = {
	.name = "kthread",
	.init = ktest_threads_init,
	.exit = ktest_threads_exit,
	.test_cases = kthread_cases,
};
kunit_test_suite(kthread_suite);
