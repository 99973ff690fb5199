/*
 * test_mutex.c - kernel/mutex.c between real pthreads (hosted.c gives
 * each its own task_struct): four threads that sleep and yield inside the
 * critical section never overlap and lose no increment; trylock fails
 * while someone holds the mutex, the owner included; an unlock by a task
 * that does not hold it is reported and refused.
 */
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "mutex.h"

#define NR_THREADS	4
#define ROUNDS		500

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

#define WAIT_FOR(cond, ms) ({						\
	long __end = now_ms() + (ms);					\
	while (!(cond) && now_ms() < __end)				\
		usleep(1000);						\
	(cond);								\
})

static DEFINE_MUTEX(lock);
static int inside, max_inside, counter;

static void *incrementer(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		int seen, in;

		mutex_lock(&lock);
		in = __atomic_add_fetch(&inside, 1, __ATOMIC_SEQ_CST);
		if (in > max_inside)
			max_inside = in;
		seen = counter;
		/* Give the others every chance to barge in. */
		if (i % 50 == 0)
			usleep(100);
		else
			sched_yield();
		counter = seen + 1;
		__atomic_sub_fetch(&inside, 1, __ATOMIC_SEQ_CST);
		mutex_unlock(&lock);
	}
	return NULL;
}

TEST(exclusion_four_threads)
{
	pthread_t t[NR_THREADS];
	unsigned long misuse = mutex_misuse_reports;

	counter = max_inside = inside = 0;
	for (long i = 0; i < NR_THREADS; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, incrementer, NULL), 0);
	for (int i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(counter, NR_THREADS * ROUNDS);
	CHECK_EQ(max_inside, 1);
	CHECK(!mutex_is_locked(&lock));
	/* Some lock calls had to sleep, or this proved nothing. */
	CHECK(lock.contended > 0);
	CHECK_EQ(mutex_misuse_reports, misuse);
}

static int other_result;

static void *try_once(void *arg)
{
	other_result = mutex_trylock(&lock);
	if (other_result)
		mutex_unlock(&lock);
	return NULL;
}

static int try_from_other_thread(void)
{
	pthread_t t;

	other_result = -1;
	pthread_create(&t, NULL, try_once, NULL);
	pthread_join(t, NULL);
	return other_result;
}

TEST(trylock_fails_when_held)
{
	CHECK_EQ(mutex_trylock(&lock), 1);
	CHECK(lock.owner == current);
	CHECK_EQ(mutex_trylock(&lock), 0);	/* not even the owner */
	CHECK_EQ(try_from_other_thread(), 0);
	mutex_unlock(&lock);
	CHECK(!mutex_is_locked(&lock));
	CHECK_EQ(try_from_other_thread(), 1);
	CHECK(!mutex_is_locked(&lock));
}

static int holder_locked, holder_release;

static void *holder(void *arg)
{
	mutex_lock(&lock);
	*(struct task_struct **)arg = current;
	__atomic_store_n(&holder_locked, 1, __ATOMIC_SEQ_CST);
	WAIT_FOR(__atomic_load_n(&holder_release, __ATOMIC_SEQ_CST), 5000);
	mutex_unlock(&lock);
	return NULL;
}

TEST(unlock_by_non_owner_reported_and_refused)
{
	unsigned long reports = mutex_misuse_reports;
	struct task_struct *owner = NULL;
	pthread_t t;

	holder_locked = holder_release = 0;
	CHECK_EQ(pthread_create(&t, NULL, holder, &owner), 0);
	CHECK(WAIT_FOR(__atomic_load_n(&holder_locked, __ATOMIC_SEQ_CST), 2000));
	mutex_unlock(&lock);
	CHECK_EQ(mutex_misuse_reports, reports + 1);
	CHECK(mutex_is_locked(&lock));
	CHECK(lock.owner == owner);
	__atomic_store_n(&holder_release, 1, __ATOMIC_SEQ_CST);
	pthread_join(t, NULL);
	CHECK(!mutex_is_locked(&lock));
	CHECK_EQ(mutex_misuse_reports, reports + 1);
}
