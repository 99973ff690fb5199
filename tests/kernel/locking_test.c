/*
 * locking_test.c - the "locking" suite: might_sleep() in atomic context
 * (kernel/sched.c), mutexes between threads (kernel/mutex.c) and
 * spinlocks' interrupt state (kernel/spinlock.c).
 *
 * Some cases misuse locks on purpose: the kernel then prints "BUG: ..."
 * lines with a backtrace. That is the report being tested, not a failure;
 * the ktest runner judges the KTAP results, not those lines.
 */
#include "kernel.h"
#include "completion.h"
#include "kthread.h"
#include "ktest_threads.h"
#include "mutex.h"
#include "preempt.h"
#include "spinlock.h"
#include "string.h"

static DEFINE_SPINLOCK(lk_spin);
static DEFINE_SPINLOCK(lk_spin2);

/* ---- might_sleep() ---- */

static void locking_might_sleep_with_spinlock_reported(struct kunit *test)
{
	unsigned long before = might_sleep_reports;

	spin_lock(&lk_spin);
	might_sleep();
	spin_unlock(&lk_spin);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 1);
}

static void locking_might_sleep_atomic_reported(struct kunit *test)
{
	unsigned long before = might_sleep_reports, flags;

	preempt_disable();
	might_sleep();
	preempt_enable();
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 1);

	local_irq_save(flags);
	might_sleep();
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before + 2);
}

static void locking_might_sleep_quiet_in_process_context(struct kunit *test)
{
	unsigned long before = might_sleep_reports;
	DEFINE_MUTEX(m);

	might_sleep();
	/* Sleeping functions call it themselves; none may complain here. */
	mutex_lock(&m);
	msleep(1);
	mutex_unlock(&m);
	KUNIT_EXPECT_EQ(test, might_sleep_reports, before);
	KUNIT_EXPECT_FALSE(test, in_atomic());
}

/* ---- mutexes ---- */

#define LK_THREADS	4
#define LK_ROUNDS	8

static DEFINE_MUTEX(lk_mutex);
static struct completion lk_gate;
static struct {
	int inside, max_inside;
	int counter;
	int done;
} lk;

static int lk_increment_fn(void *data)
{
	int id = (int)(long)data;

	if (!wait_for_completion_timeout(&lk_gate, 5 * HZ))
		goto out;
	for (int i = 0; i < LK_ROUNDS; i++) {
		int seen, inside;

		mutex_lock(&lk_mutex);
		inside = ++lk.inside;
		lk.max_inside = max(lk.max_inside, inside);
		seen = lk.counter;
		/* Sleep or step aside inside: others must still stay out. */
		if ((i + id) % 2)
			msleep(1);
		else
			yield();
		lk.counter = seen + 1;
		lk.inside--;
		mutex_unlock(&lk_mutex);
	}
out:
	__sync_fetch_and_add(&lk.done, 1);
	ktest_park();
	return 0;
}

static void locking_mutex_excludes_four_threads(struct kunit *test)
{
	struct task_struct *k[LK_THREADS];
	unsigned long misuse = mutex_misuse_reports, contended = lk_mutex.contended;
	int started = 0;

	memset(&lk, 0, sizeof(lk));
	init_completion(&lk_gate);
	for (int i = 0; i < LK_THREADS; i++) {
		k[i] = kthread_run(lk_increment_fn, (void *)(long)i, "lk-inc-%d", i);
		if (IS_ERR(k[i]))
			break;
		started++;
	}
	KUNIT_EXPECT_EQ(test, started, LK_THREADS);
	complete_all(&lk_gate);
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(lk.done) == started, 5 * HZ));
	KUNIT_EXPECT_EQ(test, lk.counter, started * LK_ROUNDS);
	KUNIT_EXPECT_EQ(test, lk.max_inside, 1);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lk_mutex));
	/* The test only means something if threads really waited. */
	KUNIT_EXPECT_GT(test, lk_mutex.contended, contended);
	KUNIT_EXPECT_EQ(test, mutex_misuse_reports, misuse);
	for (int i = 0; i < started; i++)
		kthread_stop(k[i]);
}

static struct {
	int trylock_result;
	bool tried, locked;
} lk_other;

static int lk_trylock_fn(void *data)
{
	lk_other.trylock_result = mutex_trylock(&lk_mutex);
	if (lk_other.trylock_result)
		mutex_unlock(&lk_mutex);
	WRITE_ONCE(lk_other.tried, true);
	ktest_park();
	return 0;
}

static void locking_mutex_trylock_fails_when_held(struct kunit *test)
{
	struct task_struct *k;

	memset(&lk_other, 0, sizeof(lk_other));
	KUNIT_ASSERT_EQ(test, mutex_trylock(&lk_mutex), 1);
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&lk_mutex));
	KUNIT_EXPECT_TRUE(test, lk_mutex.owner == current);
	/* Not recursive, not even for the owner. */
	KUNIT_EXPECT_EQ(test, mutex_trylock(&lk_mutex), 0);

	lk_other.trylock_result = -1;
	k = kthread_run(lk_trylock_fn, NULL, "lk-trylock");
	KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(lk_other.tried), HZ));
	KUNIT_EXPECT_EQ(test, lk_other.trylock_result, 0);
	kthread_stop(k);

	mutex_unlock(&lk_mutex);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lk_mutex));
	memset(&lk_other, 0, sizeof(lk_other));
	k = kthread_run(lk_trylock_fn, NULL, "lk-trylock");
	KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(lk_other.tried), HZ));
	KUNIT_EXPECT_EQ(test, lk_other.trylock_result, 1);
	kthread_stop(k);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lk_mutex));
}

/* Takes lk_mutex and holds it until stopped. */
static int lk_holder_fn(void *data)
{
	mutex_lock(&lk_mutex);
	WRITE_ONCE(lk_other.locked, true);
	ktest_park();
	mutex_unlock(&lk_mutex);
	return 0;
}

static void locking_mutex_misuse_reported_and_refused(struct kunit *test)
{
	unsigned long reports = mutex_misuse_reports;
	struct task_struct *k;

	memset(&lk_other, 0, sizeof(lk_other));
	k = kthread_run(lk_holder_fn, NULL, "lk-holder");
	KUNIT_ASSERT_TRUE(test, !IS_ERR(k));
	KUNIT_EXPECT_TRUE(test, ktest_poll(READ_ONCE(lk_other.locked), HZ));

	/* Unlock by a task that does not hold it: reported, still held. */
	mutex_unlock(&lk_mutex);
	KUNIT_EXPECT_EQ(test, mutex_misuse_reports, reports + 1);
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&lk_mutex));
	KUNIT_EXPECT_TRUE(test, lk_mutex.owner == k);
	KUNIT_EXPECT_EQ(test, mutex_trylock(&lk_mutex), 0);

	/* The holder's own unlock at the end is fine. */
	kthread_stop(k);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lk_mutex));
	KUNIT_EXPECT_EQ(test, mutex_misuse_reports, reports + 1);

	/* Unlock of an unlocked mutex: reported, still unlocked. */
	mutex_unlock(&lk_mutex);
	KUNIT_EXPECT_EQ(test, mutex_misuse_reports, reports + 2);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lk_mutex));

	/* Recursive lock: reported instead of sleeping for ever. */
	mutex_lock(&lk_mutex);
	mutex_lock(&lk_mutex);
	KUNIT_EXPECT_EQ(test, mutex_misuse_reports, reports + 3);
	KUNIT_EXPECT_TRUE(test, lk_mutex.owner == current);
	mutex_unlock(&lk_mutex);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&lk_mutex));
	KUNIT_EXPECT_EQ(test, mutex_misuse_reports, reports + 3);
}

/* ---- spinlocks ---- */

static void locking_spin_lock_irqsave_restores_irq_state(struct kunit *test)
{
	unsigned long flags, flags2, count = preempt_count();

	/* Interrupts on before: on again after. */
	KUNIT_ASSERT_TRUE(test, !irqs_disabled());
	spin_lock_irqsave(&lk_spin, flags);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	KUNIT_EXPECT_TRUE(test, in_atomic());
	KUNIT_EXPECT_TRUE(test, spin_is_locked(&lk_spin));
	/* Nested: the inner restore must not turn them back on. */
	spin_lock_irqsave(&lk_spin2, flags2);
	spin_unlock_irqrestore(&lk_spin2, flags2);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	/* A trylock of a held lock fails, and leaves everything as it was. */
	KUNIT_EXPECT_FALSE(test, spin_trylock(&lk_spin));
	KUNIT_EXPECT_EQ(test, preempt_count(), count + 1);
	spin_unlock_irqrestore(&lk_spin, flags);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_FALSE(test, spin_is_locked(&lk_spin));
	KUNIT_EXPECT_EQ(test, preempt_count(), count);

	/* Interrupts off before: still off after. */
	local_irq_disable();
	spin_lock_irqsave(&lk_spin, flags);
	spin_unlock_irqrestore(&lk_spin, flags);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	local_irq_enable();

	/* spin_lock_irq/unlock_irq: off inside, on after. */
	spin_lock_irq(&lk_spin);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	spin_unlock_irq(&lk_spin);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_EQ(test, preempt_count(), count);
}

static struct kunit_case locking_cases[] = {
	KUNIT_CASE(locking_might_sleep_with_spinlock_reported),
	KUNIT_CASE(locking_might_sleep_atomic_reported),
	KUNIT_CASE(locking_might_sleep_quiet_in_process_context),
	KUNIT_CASE(locking_mutex_excludes_four_threads),
	KUNIT_CASE(locking_mutex_trylock_fails_when_held),
	KUNIT_CASE(locking_mutex_misuse_reported_and_refused),
	KUNIT_CASE(locking_spin_lock_irqsave_restores_irq_state),
	{}
};
static struct kunit_suite locking_suite = {
	.name = "locking",
	.init = ktest_threads_init,
	.exit = ktest_threads_exit,
	.test_cases = locking_cases,
};
kunit_test_suite(locking_suite);
