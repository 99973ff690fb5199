/*
 * test_mempool.c - kernel/mm/mempool.c: the reserve is filled at
 * creation, used only when the allocator fails, refilled before anything
 * is freed, and a caller that may sleep waits (on a real pthread) until
 * an element comes back. The allocator under test is a fake that fails on
 * demand; the ready-made slab/kmalloc/page pools run on a 64 MiB arena.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include "harness.h"
#include "hosted.h"
#include "mempool.h"
#include "mm.h"
#include "preempt.h"
#include "sched.h"
#include "slab.h"

#define ARENA_PAGES	HOSTED_MEM_PAGES


static void boot(void)
{
	free_area_init(hosted_mem_reset(), ARENA_PAGES, MAX_DMA_PFN);
	free_bootmem_range(256, ARENA_PAGES);
	kmem_cache_init();
}

/* An allocator that fails when told to and counts what it does. */
struct fake {
	int fail;		/* every call fails */
	int fail_after;		/* calls after this many successes fail; -1 never */
	int allocs, frees;
	gfp_t last_gfp;
};

static void *fake_alloc(gfp_t gfp, void *data)
{
	struct fake *f = data;

	__atomic_store_n(&f->last_gfp, gfp, __ATOMIC_RELAXED);
	if (__atomic_load_n(&f->fail, __ATOMIC_ACQUIRE) ||
	    (f->fail_after >= 0 && f->allocs >= f->fail_after))
		return NULL;
	__atomic_add_fetch(&f->allocs, 1, __ATOMIC_RELAXED);
	return malloc(32);
}

static void fake_free(void *element, void *data)
{
	struct fake *f = data;

	__atomic_add_fetch(&f->frees, 1, __ATOMIC_RELAXED);
	free(element);
}

static mempool_t *fake_pool(struct fake *f, int min_nr)
{
	memset(f, 0, sizeof(*f));
	f->fail_after = -1;
	return mempool_create(min_nr, fake_alloc, fake_free, f);
}

TEST(create_preallocates_min_nr)
{
	struct fake f;
	mempool_t *pool;
	int warns;

	boot();
	pool = fake_pool(&f, 4);
	CHECK(pool != NULL);
	CHECK_EQ(f.allocs, 4);
	CHECK_EQ(pool->min_nr, 4);
	CHECK_EQ(pool->curr_nr, 4);
	CHECK(f.last_gfp == GFP_KERNEL);
	warns = hosted_warn_count;
	mempool_destroy(pool);
	CHECK_EQ(f.frees, 4);
	CHECK_EQ(hosted_warn_count, warns);
}

TEST(create_fails_cleanly)
{
	unsigned long active;
	struct fake f;

	boot();
	active = kmalloc_slab(sizeof(mempool_t), GFP_KERNEL)->active_objs;
	memset(&f, 0, sizeof(f));
	f.fail_after = 2;
	CHECK(mempool_create(4, fake_alloc, fake_free, &f) == NULL);
	CHECK_EQ(f.allocs, 2);
	CHECK_EQ(f.frees, 2);
	/* The pool struct went back too. */
	CHECK_EQ(kmalloc_slab(sizeof(mempool_t), GFP_KERNEL)->active_objs,
		 active);
	CHECK(mempool_create(0, fake_alloc, fake_free, &f) == NULL);
	CHECK(mempool_create(2, NULL, fake_free, &f) == NULL);
}

TEST(allocator_tried_first_without_wait)
{
	struct fake f;
	mempool_t *pool;
	void *e;

	boot();
	pool = fake_pool(&f, 2);
	e = mempool_alloc(pool, GFP_KERNEL);
	CHECK(e != NULL);
	CHECK_EQ(f.allocs, 3);
	CHECK_EQ(pool->curr_nr, 2);
	CHECK_EQ(pool->nr_reserve_used, 0);
	CHECK_EQ(f.last_gfp & (__GFP_WAIT | __GFP_IO), 0);
	CHECK(f.last_gfp & __GFP_NOWARN);
	CHECK(f.last_gfp & __GFP_FS);
	mempool_free(e, pool);		/* reserve full: to the allocator */
	CHECK_EQ(f.frees, 1);
	mempool_destroy(pool);
}

TEST(reserve_used_then_refilled_before_freeing)
{
	struct fake f;
	mempool_t *pool;
	void *e[4];

	boot();
	pool = fake_pool(&f, 3);
	f.fail = 1;
	for (int i = 0; i < 3; i++)
		e[i] = mempool_alloc(pool, GFP_ATOMIC);
	CHECK(e[0] && e[1] && e[2]);
	CHECK(e[0] != e[1] && e[1] != e[2] && e[0] != e[2]);
	CHECK_EQ(pool->curr_nr, 0);
	CHECK_EQ(pool->nr_reserve_used, 3);
	CHECK(mempool_alloc(pool, GFP_ATOMIC) == NULL);
	CHECK(mempool_alloc(pool, GFP_NOIO & ~__GFP_WAIT) == NULL);
	CHECK_EQ(pool->nr_waits, 0);

	f.fail = 0;
	e[3] = mempool_alloc(pool, GFP_ATOMIC);		/* fresh */
	mempool_free(e[0], pool);
	mempool_free(e[1], pool);
	mempool_free(e[2], pool);
	CHECK_EQ(pool->curr_nr, 3);
	CHECK_EQ(f.frees, 0);
	mempool_free(e[3], pool);
	CHECK_EQ(f.frees, 1);
	mempool_free(NULL, pool);
	mempool_destroy(pool);
	CHECK_EQ(f.frees, 4);
}

struct waiter {
	mempool_t *pool;
	void *got;
	int done;
	struct task_struct *task;	/* keeps hosted.c's task reachable */
};

static void *waiter_fn(void *arg)
{
	struct waiter *w = arg;

	w->task = current;
	w->got = mempool_alloc(w->pool, GFP_KERNEL);
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

/* The I/O-path guarantee: a sleeper waits for a freed element, then gets it. */
TEST(sleeping_alloc_waits_for_free)
{
	static struct waiter w;		/* static: outlives the thread's task */
	struct timespec deadline;
	struct fake f;
	pthread_t t;
	void *e[2];
	int i;

	boot();
	memset(&w, 0, sizeof(w));
	w.pool = fake_pool(&f, 2);
	f.fail = 1;
	e[0] = mempool_alloc(w.pool, GFP_ATOMIC);
	e[1] = mempool_alloc(w.pool, GFP_ATOMIC);
	pthread_create(&t, NULL, waiter_fn, &w);
	for (i = 0; i < 2000 && !READ_ONCE(w.pool->nr_waits); i++)
		sleep_ms(1);
	CHECK_EQ(READ_ONCE(w.pool->nr_waits), 1);
	sleep_ms(50);
	CHECK_EQ(__atomic_load_n(&w.done, __ATOMIC_ACQUIRE), 0);

	mempool_free(e[1], w.pool);
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 5;
	if (pthread_timedjoin_np(t, NULL, &deadline) != 0) {
		CHECK(!"waiter still asleep 5 s after mempool_free");
		return;
	}
	CHECK(w.got == e[1]);
	CHECK_EQ(w.pool->curr_nr, 0);
	mempool_free(e[0], w.pool);
	mempool_free(w.got, w.pool);
	mempool_destroy(w.pool);
}

TEST(resize_grows_and_shrinks)
{
	struct fake f;
	mempool_t *pool;

	boot();
	pool = fake_pool(&f, 2);
	CHECK_EQ(mempool_resize(pool, 6, GFP_KERNEL), 0);
	CHECK_EQ(pool->min_nr, 6);
	CHECK_EQ(pool->curr_nr, 6);
	CHECK_EQ(f.allocs, 6);
	CHECK_EQ(mempool_resize(pool, 1, GFP_KERNEL), 0);
	CHECK_EQ(pool->curr_nr, 1);
	CHECK_EQ(f.frees, 5);
	CHECK_EQ(mempool_resize(pool, 0, GFP_KERNEL), -EINVAL);
	/* Growing while the allocator fails: filled up later by frees. */
	f.fail = 1;
	CHECK_EQ(mempool_resize(pool, 3, GFP_KERNEL), 0);
	CHECK_EQ(pool->min_nr, 3);
	CHECK_EQ(pool->curr_nr, 1);
	f.fail = 0;
	mempool_free(malloc(32), pool);
	CHECK_EQ(pool->curr_nr, 2);
	mempool_free(malloc(32), pool);
	mempool_destroy(pool);
	CHECK_EQ(f.frees, 8);
}

TEST(destroy_with_elements_out_warns)
{
	struct fake f;
	mempool_t *pool;
	void *e;
	int warns;

	boot();
	pool = fake_pool(&f, 2);
	f.fail = 1;
	e = mempool_alloc(pool, GFP_ATOMIC);
	warns = hosted_warn_count;
	mempool_destroy(pool);
	CHECK_EQ(hosted_warn_count, warns + 1);
	CHECK_EQ(f.frees, 1);
	free(e);
}

TEST(slab_and_kmalloc_pools)
{
	struct kmem_cache *c;
	mempool_t *sp, *kp;
	void *a, *b;

	boot();
	c = kmem_cache_create("pooled", 200, 0, 0, NULL);
	sp = mempool_create_slab_pool(3, c);
	CHECK_EQ(c->active_objs, 3);
	a = mempool_alloc(sp, GFP_NOIO);
	CHECK(virt_to_head_page(a)->slab_cache == c);
	CHECK_EQ(c->active_objs, 4);
	mempool_free(a, sp);
	mempool_destroy(sp);
	CHECK_EQ(c->active_objs, 0);
	kmem_cache_destroy(c);

	kp = mempool_create_kmalloc_pool(2, 300);
	b = mempool_alloc(kp, GFP_KERNEL);
	CHECK(ksize(b) >= 300);
	mempool_free(b, kp);
	mempool_destroy(kp);
}

/* With the buddy allocator empty, the page pool still delivers. */
TEST(page_pool_survives_out_of_memory)
{
	static struct page *held[ARENA_PAGES];
	unsigned long n = 0, free0;
	struct page *p, *q;
	mempool_t *pool;

	boot();
	/* Once first, so the pool's own kmalloc slabs exist already. */
	mempool_destroy(mempool_create_page_pool(2, 1));
	free0 = nr_free_pages();
	pool = mempool_create_page_pool(2, 1);
	CHECK_EQ(nr_free_pages(), free0 - 4);
	while ((p = alloc_page(GFP_ATOMIC | __GFP_NOWARN)) != NULL)
		held[n++] = p;
	CHECK_EQ(nr_free_pages(), 0);
	p = mempool_alloc(pool, GFP_NOIO);
	q = mempool_alloc(pool, GFP_NOIO & ~__GFP_WAIT);
	CHECK(p != NULL && q != NULL && p != q);
	CHECK(p && (page_to_pfn(p) & 1) == 0);
	CHECK(mempool_alloc(pool, GFP_ATOMIC) == NULL);
	CHECK_EQ(pool->nr_reserve_used, 2);
	mempool_free(p, pool);
	mempool_free(q, pool);
	while (n)
		__free_page(held[--n]);
	mempool_destroy(pool);
	CHECK_EQ(nr_free_pages(), free0);
}

TEST(atomic_alloc_from_interrupt)
{
	struct fake f;
	mempool_t *pool;
	void *e;
	int warns;

	boot();
	pool = fake_pool(&f, 1);
	f.fail = 1;
	warns = hosted_warn_count;
	add_preempt_count(HARDIRQ_OFFSET);
	e = mempool_alloc(pool, GFP_ATOMIC);
	mempool_free(e, pool);
	sub_preempt_count(HARDIRQ_OFFSET);
	CHECK(e != NULL);
	CHECK_EQ(pool->curr_nr, 1);
	CHECK_EQ(hosted_warn_count, warns);
	mempool_destroy(pool);
}
