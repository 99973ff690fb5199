/*
 * mempool.h - memory pools with a guaranteed reserve (Linux 2.6's
 * include/linux/mempool.h).
 *
 * A pool keeps min_nr preallocated elements so that an allocation on the
 * I/O path can always make progress: when the underlying allocator fails,
 * the reserve is used, and when the reserve is empty a caller that may
 * sleep waits until someone returns an element with mempool_free(). The
 * block layer builds its bio and request pools on this, so writing dirty
 * data out never depends on finding free memory first.
 */
#ifndef _LANTERN_MEMPOOL_H
#define _LANTERN_MEMPOOL_H

#include "gfp.h"
#include "spinlock.h"
#include "wait.h"

struct kmem_cache;

typedef void *(mempool_alloc_t)(gfp_t gfp_mask, void *pool_data);
typedef void (mempool_free_t)(void *element, void *pool_data);

typedef struct mempool_s {
	spinlock_t lock;		/* protects curr_nr, elements, counters */
	int min_nr;			/* size of the reserve */
	int curr_nr;			/* elements in the reserve now */
	void **elements;		/* the reserve, used as a stack */
	void *pool_data;
	mempool_alloc_t *alloc;
	mempool_free_t *free;
	wait_queue_head_t wait;		/* callers waiting for an element */
	unsigned long nr_reserve_used;	/* allocations served from the reserve */
	unsigned long nr_waits;		/* times a caller slept for an element */
} mempool_t;

/*
 * Process context; may sleep (the allocator is called with GFP_KERNEL).
 * Preallocates @min_nr (> 0) elements. Returns NULL if any of them, or
 * the pool itself, cannot be allocated; nothing is leaked then.
 */
mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			  mempool_free_t *free_fn, void *pool_data);
/*
 * Process context; may sleep with @gfp_mask. Change the reserve to
 * @new_min_nr (> 0) elements. Returns 0, -EINVAL, or -ENOMEM (pool
 * unchanged) when the bigger array cannot be had; elements that cannot be
 * allocated now are made up as elements are freed.
 */
int mempool_resize(mempool_t *pool, int new_min_nr, gfp_t gfp_mask);
/* Process context. Every element must have been returned (warns if not). */
void mempool_destroy(mempool_t *pool);

/*
 * Without __GFP_WAIT: any context, NULL when both the allocator and the
 * reserve are empty. With __GFP_WAIT: process context, sleeps until an
 * element is freed back and never returns NULL.
 */
void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask);
/* Any context. Refills the reserve first, else hands to the free function. */
void mempool_free(void *element, mempool_t *pool);

/* Ready-made allocators. pool_data: the cache, the size, the order. */
void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data);
void mempool_free_slab(void *element, void *pool_data);
void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data);
void mempool_kfree(void *element, void *pool_data);
void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data);	/* struct page * */
void mempool_free_pages(void *element, void *pool_data);

static inline mempool_t *mempool_create_slab_pool(int min_nr,
						  struct kmem_cache *kc)
{
	return mempool_create(min_nr, mempool_alloc_slab, mempool_free_slab,
			      kc);
}

static inline mempool_t *mempool_create_kmalloc_pool(int min_nr, size_t size)
{
	return mempool_create(min_nr, mempool_kmalloc, mempool_kfree,
			      (void *)(uintptr_t)size);
}

static inline mempool_t *mempool_create_page_pool(int min_nr, int order)
{
	return mempool_create(min_nr, mempool_alloc_pages, mempool_free_pages,
			      (void *)(uintptr_t)order);
}

#endif
