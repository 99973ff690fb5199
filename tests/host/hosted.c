/*
 * hosted.c - the kernel API of include/ implemented on pthreads and libc,
 * so block/, md/, kernel/mm and lib/ run unchanged as host programs under
 * ASan/UBSan (and TSan, libFuzzer, callgrind).
 *
 * Interrupts do not exist here: "disabling" them sets a per-thread flag so
 * irqs_disabled() and lock-context checks still mean something.
 */
#include <pthread.h>
#include <sched.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kernel.h"
#include "spinlock.h"
#include "sched.h"
#include "preempt.h"
#include "kallsyms.h"
#include "kthread.h"
#include "iocontext.h"
#include "hosted.h"
#include "blkdev.h"
#include "init.h"
#include "slab.h"
#include "interrupt.h"
#include "jiffies.h"
#include "timer.h"

static __thread unsigned long hosted_irqs_off;
static __thread unsigned long hosted_preempt_count;

unsigned long *preempt_count_ptr(void)
{
	return &hosted_preempt_count;
}

unsigned long arch_local_irq_save(void)
{
	unsigned long flags = hosted_irqs_off;

	hosted_irqs_off = 1;
	return flags;
}

void arch_local_irq_restore(unsigned long flags) { hosted_irqs_off = flags; }
void arch_local_irq_enable(void) { hosted_irqs_off = 0; }
void arch_local_irq_disable(void) { hosted_irqs_off = 1; }
bool arch_irqs_disabled(void) { return hosted_irqs_off != 0; }

/* ---- spinlocks: a real spinning lock between threads ---- */

void __spin_lock_init(spinlock_t *lock, const char *name)
{
	lock->locked = 0;
	lock->name = name;
	lock->owner = NULL;
	lock->owner_ip = 0;
}

void spin_lock(spinlock_t *lock)
{
	if (lock->owner == current) {
		fprintf(stderr, "BUG: spinlock recursion on %s\n", lock->name);
		abort();
	}
	while (__atomic_test_and_set(&lock->locked, __ATOMIC_ACQUIRE))
		sched_yield();
	lock->owner = current;
	lock->owner_ip = (unsigned long)__builtin_return_address(0);
}

bool spin_trylock(spinlock_t *lock)
{
	if (__atomic_test_and_set(&lock->locked, __ATOMIC_ACQUIRE))
		return false;
	lock->owner = current;
	return true;
}

void spin_unlock(spinlock_t *lock)
{
	if (!lock->locked || lock->owner != current) {
		fprintf(stderr, "BUG: bad unlock of %s\n", lock->name);
		abort();
	}
	lock->owner = NULL;
	__atomic_clear(&lock->locked, __ATOMIC_RELEASE);
}

void spin_lock_irq(spinlock_t *lock)
{
	arch_local_irq_disable();
	spin_lock(lock);
}

void spin_unlock_irq(spinlock_t *lock)
{
	spin_unlock(lock);
	arch_local_irq_enable();
}

unsigned long _spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();

	spin_lock(lock);
	return flags;
}

void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	arch_local_irq_restore(flags);
}

/* ---- tasks: one task_struct per thread, sleeping on a condvar ---- */

struct hosted_task {
	struct task_struct task;
	pthread_mutex_t mutex;
	pthread_cond_t cond;
};

static __thread struct hosted_task *hosted_current;
static int hosted_next_pid = 1;
static pthread_key_t hosted_task_key;
static pthread_once_t hosted_key_once = PTHREAD_ONCE_INIT;

/* A thread's task dies with it, as a kernel thread's would on exit. */
static void hosted_task_free(void *p)
{
	struct hosted_task *t = p;

	exit_io_context(&t->task);	/* as do_exit() does */
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->mutex);
	free(t);
}

static void hosted_key_init(void)
{
	pthread_key_create(&hosted_task_key, hosted_task_free);
}

static struct hosted_task *hosted_task_new(void)
{
	struct hosted_task *t = calloc(1, sizeof(*t));
	pthread_condattr_t attr;

	if (!t)
		abort();
	pthread_mutex_init(&t->mutex, NULL);
	/* Deadlines below are CLOCK_MONOTONIC; the default is REALTIME. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cond, &attr);
	pthread_condattr_destroy(&attr);
	t->task.state = TASK_RUNNING;
	t->task.pid = __atomic_fetch_add(&hosted_next_pid, 1, __ATOMIC_RELAXED);
	snprintf(t->task.comm, sizeof(t->task.comm), "host-%d", t->task.pid);
	t->task.arch = t;
	return t;
}

/* Make @t the calling thread's task; it is freed when the thread ends. */
static void hosted_task_attach(struct hosted_task *t)
{
	hosted_current = t;
	pthread_once(&hosted_key_once, hosted_key_init);
	pthread_setspecific(hosted_task_key, t);
}

struct task_struct *get_current(void)
{
	if (!hosted_current)
		hosted_task_attach(hosted_task_new());
	return &hosted_current->task;
}

/*
 * kthread_create: a detached pthread whose task exists before it runs and
 * which sleeps until wake_up_process(), as a new kernel thread does.
 * There is no kthreadd here: the point of kthreadd (a clean parent) does
 * not arise for pthreads.
 */
struct hosted_kthread {
	struct hosted_task *t;
	int (*fn)(void *);
	void *data;
};

static void *hosted_kthread_main(void *arg)
{
	struct hosted_kthread k = *(struct hosted_kthread *)arg;

	free(arg);
	hosted_task_attach(k.t);
	schedule();		/* until wake_up_process() */
	k.fn(k.data);
	return NULL;
}

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...)
{
	struct hosted_kthread *k = malloc(sizeof(*k));
	struct hosted_task *t;
	pthread_attr_t attr;
	pthread_t tid;
	va_list ap;

	if (!k)
		return ERR_PTR(-ENOMEM);
	/* @k is the new thread's to free: keep @t, not k->t, past pthread_create. */
	t = hosted_task_new();
	*k = (struct hosted_kthread){ t, threadfn, data };
	t->task.state = TASK_UNINTERRUPTIBLE;
	va_start(ap, namefmt);
	vsnprintf(t->task.comm, sizeof(t->task.comm), namefmt, ap);
	va_end(ap);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&tid, &attr, hosted_kthread_main, k)) {
		pthread_attr_destroy(&attr);
		hosted_task_free(t);
		free(k);
		return ERR_PTR(-ENOMEM);
	}
	pthread_attr_destroy(&attr);
	return &t->task;
}

void schedule(void)
{
	schedule_timeout(MAX_SCHEDULE_TIMEOUT);
}

/*
 * Jiffies are real milliseconds here (HZ is 1000): a sleeper waits on its
 * condvar with a deadline instead of a kernel timer.
 */
long schedule_timeout(long timeout)
{
	struct hosted_task *t = current->arch;
	struct timespec deadline;
	long left = 0;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	if (timeout != MAX_SCHEDULE_TIMEOUT) {
		long long ns = deadline.tv_nsec + (timeout % 1000) * 1000000LL;

		deadline.tv_sec += timeout / 1000 + ns / 1000000000LL;
		deadline.tv_nsec = ns % 1000000000LL;
	}
	pthread_mutex_lock(&t->mutex);
	while (__atomic_load_n(&t->task.state, __ATOMIC_ACQUIRE) != TASK_RUNNING) {
		if (timeout == MAX_SCHEDULE_TIMEOUT) {
			pthread_cond_wait(&t->cond, &t->mutex);
		} else if (pthread_cond_timedwait(&t->cond, &t->mutex,
						  &deadline) == ETIMEDOUT) {
			__atomic_store_n(&t->task.state, TASK_RUNNING,
					 __ATOMIC_RELEASE);
			break;
		}
	}
	pthread_mutex_unlock(&t->mutex);
	if (timeout == MAX_SCHEDULE_TIMEOUT)
		return timeout;
	{
		struct timespec now;
		long long ns;

		/* Rounded up, as whole jiffies are: woken early is never 0. */
		clock_gettime(CLOCK_MONOTONIC, &now);
		ns = (deadline.tv_sec - now.tv_sec) * 1000000000LL +
		     (deadline.tv_nsec - now.tv_nsec);
		left = ns > 0 ? (long)((ns + 999999) / 1000000) : 0;
	}
	return left;
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

/* As in the kernel, a stray wake-up does not cut the sleep short. */
void msleep(unsigned int msecs)
{
	long left = (long)msecs;

	while (left)
		left = schedule_timeout_uninterruptible(left);
}

/* No kernel preemption between pthreads: the host OS does that part. */
void preempt_schedule(void)
{
}

unsigned long might_sleep_reports;

void __might_sleep(const char *file, int line)
{
	if (in_atomic() || irqs_disabled()) {
		might_sleep_reports++;
		fprintf(stderr, "BUG: sleeping function called from invalid context at %s:%d\n",
			file, line);
	}
}

int wake_up_process(struct task_struct *p)
{
	struct hosted_task *t = p->arch;
	int was_sleeping;

	pthread_mutex_lock(&t->mutex);
	was_sleeping = p->state != TASK_RUNNING;
	__atomic_store_n(&p->state, TASK_RUNNING, __ATOMIC_RELEASE);
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->mutex);
	return was_sleeping;
}

u64 local_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

/* ---- fatal paths: abort so the harness reports the test as crashed ---- */

void panic(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "Kernel panic - not syncing: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Tests that provoke a warning on purpose read this counter. */
int hosted_warn_count;

void __warn(const char *file, int line, const char *cond)
{
	hosted_warn_count++;
	fprintf(stderr, "WARNING: at %s:%d: %s\n", file, line, cond);
}

void dump_stack(void)
{
}

/* The hosted build has no symbol table: %pS prints bare addresses. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset)
{
	(void)addr; (void)size; (void)offset;
	return NULL;
}

/*
 * The kernel-only string helpers of include/string.h; libc supplies the
 * rest (lib/string.c is not built here).
 */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len >= size ? size - 1 : len;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

long strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (long)len;
}

struct page *hosted_mem_reset(void)
{
	static char *arena;
	static struct page *map;

	if (!arena) {
		arena = aligned_alloc(PAGE_SIZE, HOSTED_MEM_PAGES * PAGE_SIZE);
		map = malloc(mem_map_bytes(HOSTED_MEM_PAGES));
		if (!arena || !map)
			abort();
	}
	memset(arena, 0xaa, HOSTED_MEM_PAGES * PAGE_SIZE);
	page_offset_base = (uintptr_t)arena;
	return map;
}

volatile unsigned long jiffies;

void cond_resched(void)
{
	sched_yield();
}

void hosted_advance_jiffies(unsigned long ticks)
{
	static pthread_once_t timers_once = PTHREAD_ONCE_INIT;

	pthread_once(&timers_once, init_timers);
	while (ticks--) {
		jiffies++;
		run_local_timers();
		do_softirq();
	}
}

void hosted_disk_init(struct gendisk *disk, struct block_device *whole,
		      struct request_queue *q, const char *name, sector_t sectors)
{
	memset(disk, 0, sizeof(*disk));
	strlcpy(disk->disk_name, name, sizeof(disk->disk_name));
	disk->queue = q;
	set_capacity(disk, sectors);
	*whole = (struct block_device){ .bd_disk = disk, .bd_part = &disk->part0 };
	strlcpy(whole->name, name, sizeof(whole->name));
	disk->bdev[0] = whole;
}

void hosted_rq_copy(struct request *rq, u8 *media)
{
	u8 *p = media + (blk_rq_pos(rq) << 9);

	for (struct bio *bio = rq->bio; bio; bio = bio->bi_next) {
		struct bio_vec *bv;
		int i;

		bio_for_each_segment(bv, bio, i) {
			u8 *mem = (u8 *)page_address(bv->bv_page) + bv->bv_offset;

			if (rq_data_dir(rq) == WRITE)
				memcpy(p, mem, bv->bv_len);
			else
				memcpy(mem, p, bv->bv_len);
			p += bv->bv_len;
		}
	}
}

void hosted_block_boot(void)
{
	static bool booted;

	if (booted)
		return;
	booted = true;
	free_area_init(hosted_mem_reset(), HOSTED_MEM_PAGES, MAX_DMA_PFN);
	free_bootmem_range(256, HOSTED_MEM_PAGES);
	kmem_cache_init();
	bio_init_sets();
	do_initcalls();
}
