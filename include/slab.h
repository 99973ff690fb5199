/*
 * slab.h - object caches and kmalloc (Linux 2.6's include/linux/slab.h,
 * with the SLUB design of mm/slub.c underneath).
 *
 * A cache hands out objects of one size. Each slab is a block of 2^order
 * pages from the buddy allocator cut into objects; the free ones are
 * chained through a pointer stored in each free object, and the slab's
 * bookkeeping lives in its struct page (slab_cache, freelist, inuse), so
 * a slab costs no memory of its own. kmalloc() is a set of such caches, one
 * per size class; bigger requests go straight to the buddy allocator.
 *
 * Debugging is always on for caches without a constructor: freed objects
 * are filled with POISON_FREE, and the next allocation checks the poison
 * is intact (catching writes after free); freeing an object that is
 * already free, or a pointer that is not an object, is reported and
 * ignored.
 */
#ifndef _LANTERN_SLAB_H
#define _LANTERN_SLAB_H

#include "gfp.h"
#include "list.h"
#include "spinlock.h"
#include "types.h"

/* kmem_cache_create() flags; values as in Linux. */
#define SLAB_POISON		0x00000800UL	/* poison free objects (default without ctor) */
#define SLAB_HWCACHE_ALIGN	0x00002000UL	/* align objects to cache lines */
#define SLAB_CACHE_DMA		0x00004000UL	/* slabs come from ZONE_DMA */
#define SLAB_PANIC		0x00040000UL	/* panic if the cache cannot be created */

#define POISON_FREE	0x6b	/* a freed object's bytes */
#define POISON_END	0xa5	/* a freed object's last byte */

#define KMEM_CACHE_NAME_LEN	24
#define L1_CACHE_BYTES		64

/*
 * One cache. The fields after @lock are protected by it; the list member
 * by slab_caches_lock. Readers such as a `mem` command may read the
 * counters without the lock and get a slightly stale but sane view.
 */
struct kmem_cache {
	spinlock_t lock;
	char name[KMEM_CACHE_NAME_LEN];
	size_t object_size;	/* what the user asked for */
	size_t size;		/* stride between objects */
	size_t align;
	size_t offset;		/* where a free object keeps its next pointer */
	unsigned int order;	/* each slab is 2^order pages */
	unsigned int objects;	/* per slab */
	unsigned long flags;	/* SLAB_* */
	void (*ctor)(void *obj);
	struct list_head partial;	/* slabs with used and free objects */
	struct list_head full;		/* slabs with no free object */
	struct list_head empty;		/* kept to avoid buddy round trips */
	unsigned long nr_slabs, nr_empty;
	unsigned long active_objs;	/* handed out */
	unsigned long total_objs;	/* nr_slabs * objects */
	unsigned long nr_allocs, nr_frees, nr_errors;	/* errors: bad frees, poison */
	bool dead;		/* destroyed while objects were still out */
	struct list_head list;	/* on slab_caches */
};

/* All caches, oldest first. Hold slab_caches_lock (irqsave) to walk. */
extern struct list_head slab_caches;
extern spinlock_t slab_caches_lock;
#define for_each_kmem_cache(s) list_for_each_entry(s, &slab_caches, list)

/*
 * Boot: once, after free_area_init() and free_bootmem_range(). It forgets
 * every cache and object that existed before, so the host tests call it
 * again after each free_area_init().
 */
void kmem_cache_init(void);

/*
 * Process context (allocates with GFP_KERNEL). @name is copied. @align 0
 * means pointer alignment; it must be a power of two. Returns NULL on a
 * bad argument or no memory (or panics with SLAB_PANIC).
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned long flags,
				     void (*ctor)(void *));
/*
 * Process context. Frees every slab. If objects are still out, warns and
 * keeps the cache (marked dead) so those objects can still be freed.
 * The boot caches (kmalloc-*, kmem_cache) are refused with a warning.
 */
void kmem_cache_destroy(struct kmem_cache *s);
/* Return the empty slabs kept for reuse to the buddy. Any context. */
void kmem_cache_shrink(struct kmem_cache *s);

/*
 * Any context with GFP_ATOMIC; sleeps never (there is no reclaim), but
 * __GFP_WAIT from an interrupt handler is reported. NULL on failure.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kmem_cache_alloc(s, flags | __GFP_ZERO);
}
/* Any context. @obj NULL is a no-op; a bad @obj is reported and ignored. */
void kmem_cache_free(struct kmem_cache *s, void *obj);
size_t kmem_cache_size(struct kmem_cache *s);

/*
 * kmalloc size classes: 8 .. KMALLOC_MAX_CACHE_SIZE, powers of two plus 96
 * and 192. Bigger requests get whole pages (up to 2^(MAX_ORDER-1) pages).
 * kmalloc(0) returns ZERO_SIZE_PTR, which kfree() accepts and no one may
 * dereference. Contexts as for kmem_cache_alloc.
 */
#define KMALLOC_MAX_CACHE_SIZE	4096
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((uintptr_t)(x) <= (uintptr_t)ZERO_SIZE_PTR)

void *kmalloc(size_t size, gfp_t flags);
static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}
/* NULL (without a warning) when n * size overflows. */
void *kcalloc(size_t n, size_t size, gfp_t flags);
/* Contents up to min(old, new) size are kept; NULL leaves @p untouched. */
void *krealloc(const void *p, size_t new_size, gfp_t flags);
void kfree(const void *p);
/* Bytes usable at @p, at least what was asked for. */
size_t ksize(const void *p);
char *kstrdup(const char *s, gfp_t flags);

/* The kmalloc cache serving @size bytes, or NULL if it is a page request. */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags);

/* Print a /proc/slabinfo-like table with pr_info. Process context. */
void slabinfo_show(void);

/* One cache as `mem` shows it: a copy, so it can be printed at leisure. */
struct kmem_cache_info {
	char name[KMEM_CACHE_NAME_LEN];
	size_t object_size, size;
	unsigned int order, objects;
	unsigned long nr_slabs, active_objs, total_objs, nr_errors;
	bool dead;
};
/*
 * Copy up to @max caches into @buf, oldest first, under slab_caches_lock.
 * Returns how many caches there are, which may be more than @max. Any
 * context.
 */
int kmem_cache_snapshot(struct kmem_cache_info *buf, int max);

#endif
