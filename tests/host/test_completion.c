/*
 * test_completion.c - kernel/completion.c between real pthreads (each
 * gets its own task_struct from hosted.c; jiffies are milliseconds):
 * a completion that comes first is not lost, complete_all() releases ten
 * waiters, complete() releases one waiter per call, and the time-out
 * returns 0 or the time left. Every wait has a time-out, so a lost
 * wake-up fails a test instead of hanging it.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "completion.h"

#define NR_WAITERS	10
#define WAIT_MS		5000

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Sleepers queued on @x, counted under its lock. */
static int nr_queued(struct completion *x)
{
	struct list_head *pos;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&x->wait.lock, flags);
	list_for_each(pos, &x->wait.task_list)
		n++;
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return n;
}

/* Poll @cond every millisecond for up to @ms. */
#define WAIT_FOR(cond, ms) ({						\
	long __end = now_ms() + (ms);					\
	while (!(cond) && now_ms() < __end)				\
		usleep(1000);						\
	(cond);								\
})

static struct completion done;
static int nr_returned;
static unsigned long results[NR_WAITERS];

static void *waiter(void *arg)
{
	long i = (long)arg;

	results[i] = wait_for_completion_timeout(&done, WAIT_MS);
	__atomic_add_fetch(&nr_returned, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int returned(void)
{
	return __atomic_load_n(&nr_returned, __ATOMIC_SEQ_CST);
}

static void start_waiters(pthread_t *t, int n)
{
	init_completion(&done);
	nr_returned = 0;
	memset(results, 0, sizeof(results));
	for (long i = 0; i < n; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, waiter, (void *)i), 0);
	CHECK(WAIT_FOR(nr_queued(&done) == n, 2000));
}

TEST(complete_before_wait)
{
	DECLARE_COMPLETION_ONSTACK(c);
	long start = now_ms();

	complete(&c);
	CHECK(completion_done(&c));
	CHECK(wait_for_completion_timeout(&c, 1000) > 0);
	CHECK(now_ms() - start < 500);
	CHECK(!completion_done(&c));
	CHECK(!try_wait_for_completion(&c));
	complete(&c);
	CHECK(try_wait_for_completion(&c));
}

TEST(complete_all_wakes_ten_waiters)
{
	pthread_t t[NR_WAITERS];
	int ok = 0;

	start_waiters(t, NR_WAITERS);
	complete_all(&done);
	for (int i = 0; i < NR_WAITERS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < NR_WAITERS; i++)
		ok += results[i] > 0;
	CHECK_EQ(ok, NR_WAITERS);
	/* Later waiters pass too. */
	CHECK(wait_for_completion_timeout(&done, 10) > 0);
	CHECK_EQ(nr_queued(&done), 0);
}

TEST(complete_wakes_one_waiter_per_call)
{
	pthread_t t[3];

	start_waiters(t, 3);
	for (int k = 1; k <= 3; k++) {
		complete(&done);
		CHECK(WAIT_FOR(returned() >= k, 2000));
		usleep(50 * 1000);	/* room for a wrongly woken second one */
		CHECK_EQ(returned(), k);
	}
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 3; i++)
		CHECK(results[i] > 0);
	CHECK(!completion_done(&done));
}

TEST(timeout_returns_zero)
{
	DECLARE_COMPLETION_ONSTACK(c);
	long start = now_ms();

	CHECK_EQ(wait_for_completion_timeout(&c, 20), 0);
	CHECK(now_ms() - start >= 20);
	CHECK_EQ(nr_queued(&c), 0);
}

static void *complete_after_20ms(void *arg)
{
	usleep(20 * 1000);
	complete(arg);
	return NULL;
}

TEST(timeout_returns_time_left)
{
	DECLARE_COMPLETION_ONSTACK(c);
	pthread_t t;
	unsigned long left;

	CHECK_EQ(pthread_create(&t, NULL, complete_after_20ms, &c), 0);
	left = wait_for_completion_timeout(&c, 1000);
	pthread_join(t, NULL);
	CHECK(left > 0);
	CHECK(left <= 980);
}
