/*
 * sched_test.c - the "sched" suite: the scheduler (kernel/sched.c) with
 * real threads: a thread that never yields is preempted, CPU shares
 * follow nice levels, yield() hands the CPU over, and get_wchan() names
 * where a thread sleeps.
 *
 * Busy threads give up after SCHED_SPIN_LIMIT even if never stopped, so
 * a scheduler that fails to preempt makes a case fail, not the boot hang.
 */
#include "kernel.h"
#include "completion.h"
#include "kallsyms.h"
#include "kthread.h"
#include "ktest_threads.h"
#include "mutex.h"
#include "preempt.h"
#include "string.h"
#include "wait.h"
#include "asm/processor.h"

#define SCHED_SPIN_LIMIT	(2 * HZ)

static struct sched_spinner {
	bool stop;
	bool started;
	bool hit_limit;		/* spun SCHED_SPIN_LIMIT without being stopped */
	unsigned long count;
} sched_spin[2];

/* Busy: no sleep, no yield, no cond_resched. */
static int sched_spin_fn(void *data)
{
	struct sched_spinner *s = data;
	unsigned long end = jiffies + SCHED_SPIN_LIMIT;

	WRITE_ONCE(s->started, true);
	while (!READ_ONCE(s->stop)) {
		if (!time_before(jiffies, end)) {
			s->hit_limit = true;
			break;
		}
		WRITE_ONCE(s->count, s->count + 1);
		cpu_relax();
	}
	ktest_park();
	return 0;
}

static struct task_struct *sched_start_spinner(struct kunit *test, int i,
					       long nice, const char *name)
{
	struct task_struct *k;

	memset(&sched_spin[i], 0, sizeof(sched_spin[i]));
	k = kthread_create(sched_spin_fn, &sched_spin[i], "%s", name);
	if (IS_ERR(k)) {
		kunit_fail(test, __FILE__, __LINE__, "kthread_create failed");
		return NULL;
	}
	set_user_nice(k, nice);
	wake_up_process(k);
	return k;
}

static void sched_stop_spinner(struct kunit *test, struct task_struct *k, int i)
{
	if (!k)
		return;
	WRITE_ONCE(sched_spin[i].stop, true);
	kthread_stop(k);
	if (sched_spin[i].hit_limit)
		kunit_fail(test, __FILE__, __LINE__,
			   "%s spun for the whole %d ms: nobody stopped it in time",
			   k->comm, SCHED_SPIN_LIMIT * 1000 / HZ);
}

static void sched_busy_thread_is_preempted(struct kunit *test)
{
	struct task_struct *spinner, *counter = NULL;
	unsigned long c1, c2;

	spinner = sched_start_spinner(test, 0, 0, "sched-spinner");
	if (!spinner)
		return;
	/* Back here at all while it spins: the wake-up preempted it. */
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(sched_spin[0].started), HZ));
	/* Making a thread needs kthreadd to run too. */
	counter = sched_start_spinner(test, 1, 0, "sched-counter");
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(sched_spin[1].started), HZ));
	msleep(50);
	c1 = READ_ONCE(sched_spin[1].count);
	msleep(50);
	c2 = READ_ONCE(sched_spin[1].count);
	KUNIT_EXPECT_GT(test, c1, 0);
	KUNIT_EXPECT_GT(test, c2, c1);
	/* ... and the spinner kept going too: both share the CPU. */
	KUNIT_EXPECT_GT(test, READ_ONCE(sched_spin[0].count), 0);
	KUNIT_EXPECT_GT(test, spinner->nivcsw, 0);
	sched_stop_spinner(test, counter, 1);
	sched_stop_spinner(test, spinner, 0);
}

static void sched_nice_0_gets_more_cpu_than_nice_10(struct kunit *test)
{
	struct task_struct *hi, *lo;
	unsigned long hi0, lo0, dhi, dlo;

	hi = sched_start_spinner(test, 0, 0, "sched-nice0");
	lo = sched_start_spinner(test, 1, 10, "sched-nice10");
	if (hi && lo) {
		KUNIT_EXPECT_EQ(test, lo->nice, 10);
		KUNIT_EXPECT_EQ(test, lo->weight, 110);
		KUNIT_EXPECT_EQ(test, hi->weight, 1024);
		KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(sched_spin[0].started) &&
						   READ_ONCE(sched_spin[1].started), HZ));
		hi0 = READ_ONCE(hi->ticks);
		lo0 = READ_ONCE(lo->ticks);
		msleep(300);
		dhi = READ_ONCE(hi->ticks) - hi0;
		dlo = READ_ONCE(lo->ticks) - lo0;
		pr_info("    # %s: ticks in 300 ms: nice 0 %lu, nice 10 %lu\n",
			test->name, dhi, dlo);
		/* Weights 1024 : 110 make about 9 : 1. */
		KUNIT_EXPECT_GE(test, dhi, 3 * dlo);
		/* Nobody starves, and the two had the CPU nearly all along. */
		KUNIT_EXPECT_GT(test, dlo, 0);
		KUNIT_EXPECT_GE(test, dhi + dlo, 200);
	}
	sched_stop_spinner(test, lo, 1);
	sched_stop_spinner(test, hi, 0);
}

static void sched_equal_nice_share_cpu_evenly(struct kunit *test)
{
	struct task_struct *a, *b;
	unsigned long a0, b0, da, db;

	a = sched_start_spinner(test, 0, 0, "sched-even-a");
	b = sched_start_spinner(test, 1, 0, "sched-even-b");
	if (a && b) {
		KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(sched_spin[0].started) &&
						   READ_ONCE(sched_spin[1].started), HZ));
		a0 = READ_ONCE(a->ticks);
		b0 = READ_ONCE(b->ticks);
		msleep(200);
		da = READ_ONCE(a->ticks) - a0;
		db = READ_ONCE(b->ticks) - b0;
		pr_info("    # %s: ticks in 200 ms: %lu and %lu\n", test->name, da, db);
		/* Equal weights: equal shares, give or take a slice or two. */
		KUNIT_EXPECT_LE(test, da, 2 * db);
		KUNIT_EXPECT_LE(test, db, 2 * da);
		KUNIT_EXPECT_GE(test, da + db, 130);
	}
	sched_stop_spinner(test, b, 1);
	sched_stop_spinner(test, a, 0);
}

/*
 * A sleeper whose time is up runs at once, not when the busy thread's
 * slice (10 ms with two runnable) ends: the wake-up preempts. msleep(1)
 * is due within 2 ticks; judged on the average, so one late tick on a
 * busy host does not fail it (without wake-up preemption it is ~7).
 */
static void sched_woken_sleeper_preempts_busy_thread(struct kunit *test)
{
	const int rounds = 20;
	struct task_struct *k = sched_start_spinner(test, 0, 0, "sched-hog");
	unsigned long worst = 0, total = 0;

	if (k) {
		KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(sched_spin[0].started), HZ));
		for (int i = 0; i < rounds; i++) {
			unsigned long start = jiffies, took;

			msleep(1);
			took = jiffies - start;
			total += took;
			worst = max(worst, took);
		}
		pr_info("    # %s: msleep(1) took %lu ticks in all %d, at most %lu\n",
			test->name, total, rounds, worst);
		KUNIT_EXPECT_LE(test, total, 3 * rounds);
	}
	sched_stop_spinner(test, k, 0);
}

static struct {
	bool stop;
	unsigned long count;
} sched_yielder;

static int sched_yield_fn(void *data)
{
	unsigned long end = jiffies + SCHED_SPIN_LIMIT;

	while (!READ_ONCE(sched_yielder.stop) && time_before(jiffies, end)) {
		WRITE_ONCE(sched_yielder.count, sched_yielder.count + 1);
		yield();
	}
	ktest_park();
	return 0;
}

static void sched_yield_lets_equal_thread_run(struct kunit *test)
{
	struct task_struct *k;
	unsigned long start = jiffies;
	int missed = 0;

	/* Alone on the run queue, yield() just returns. */
	yield();
	KUNIT_EXPECT_LT(test, jiffies - start, 5);

	memset(&sched_yielder, 0, sizeof(sched_yielder));
	k = kthread_run(sched_yield_fn, NULL, "sched-yielder");
	KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(sched_yielder.count) > 0, HZ));
	KUNIT_EXPECT_EQ(test, k->nice, current->nice);
	for (int i = 0; i < 20; i++) {
		/* It ran if it was switched out again (it may have been
		 * preempted before its yield(), so its count may not move). */
		unsigned long before = READ_ONCE(k->nvcsw) + READ_ONCE(k->nivcsw);

		yield();
		missed += READ_ONCE(k->nvcsw) + READ_ONCE(k->nivcsw) == before;
	}
	KUNIT_EXPECT_EQ(test, missed, 0);
	WRITE_ONCE(sched_yielder.stop, true);
	kthread_stop(k);
}

/* ---- get_wchan() ---- */

static struct completion sched_wchan_done;
static DEFINE_MUTEX(sched_wchan_mutex);
static DECLARE_WAIT_QUEUE_HEAD(sched_wchan_wq);

static __noinline int sched_wchan_in_msleep(void *data)
{
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static __noinline int sched_wchan_in_completion(void *data)
{
	wait_for_completion_timeout(&sched_wchan_done, 5 * HZ);
	ktest_park();
	return 0;
}

static __noinline int sched_wchan_in_mutex(void *data)
{
	mutex_lock(&sched_wchan_mutex);
	mutex_unlock(&sched_wchan_mutex);
	ktest_park();
	return 0;
}

static __noinline int sched_wchan_in_wait_event(void *data)
{
	wait_event(sched_wchan_wq, kthread_should_stop());
	return 0;
}

/* The function @k sleeps in, by name; "" if none. */
static const char *sched_wchan_name(struct task_struct *k)
{
	const char *name = NULL;
	unsigned long wchan;

	/* Read its saved stack while it cannot run and change it. */
	preempt_disable();
	wchan = ktest_task_asleep(k) ? get_wchan(k) : 0;
	preempt_enable();
	if (wchan)
		name = kallsyms_lookup(wchan, NULL, NULL);
	return name ? name : "";
}

static void sched_get_wchan_names_sleeping_function(struct kunit *test)
{
	static const struct {
		int (*fn)(void *);
		const char *name;
	} sleepers[] = {
		{ sched_wchan_in_msleep, "sched_wchan_in_msleep" },
		{ sched_wchan_in_completion, "sched_wchan_in_completion" },
		{ sched_wchan_in_mutex, "sched_wchan_in_mutex" },
		{ sched_wchan_in_wait_event, "sched_wchan_in_wait_event" },
	};
	struct task_struct *k[ARRAY_SIZE(sleepers)];
	const char *name = "";

	init_completion(&sched_wchan_done);
	mutex_lock(&sched_wchan_mutex);
	for (unsigned int i = 0; i < ARRAY_SIZE(sleepers); i++) {
		k[i] = kthread_run(sleepers[i].fn, NULL, "sched-wchan-%u", i);
		if (IS_ERR(k[i])) {
			kunit_fail(test, __FILE__, __LINE__, "kthread_run failed");
			k[i] = NULL;
		}
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sleepers); i++) {
		if (!k[i])
			continue;
		/* The msleep one wakes every 20 ms: catch it asleep. */
		ktest_poll(strcmp(name = sched_wchan_name(k[i]), "") != 0, HZ);
		KUNIT_EXPECT_STREQ(test, name, sleepers[i].name);
	}
	/* Running tasks (we are one) have no wchan. */
	KUNIT_EXPECT_EQ(test, get_wchan(current), 0);
	mutex_unlock(&sched_wchan_mutex);
	complete_all(&sched_wchan_done);
	for (unsigned int i = 0; i < ARRAY_SIZE(sleepers); i++)
		if (k[i])
			kthread_stop(k[i]);
}

static struct kunit_case sched_cases[] = {
	KUNIT_CASE(sched_busy_thread_is_preempted),
	KUNIT_CASE(sched_nice_0_gets_more_cpu_than_nice_10),
	KUNIT_CASE(sched_equal_nice_share_cpu_evenly),
	KUNIT_CASE(sched_woken_sleeper_preempts_busy_thread),
	KUNIT_CASE(sched_yield_lets_equal_thread_run),
	KUNIT_CASE(sched_get_wchan_names_sleeping_function),
	{}
};
static struct kunit_suite sched_suite = {
	.name = "sched",
	.init = ktest_threads_init,
	.exit = ktest_threads_exit,
	.test_cases = sched_cases,
};
kunit_test_suite(sched_suite);
