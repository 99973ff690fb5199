/*
 * ktest_mm.h - what the suites that check for leaks share: the objects
 * out in every slab cache, and giving empty slabs back to the page
 * allocator so that free-page counts compare.
 */
#ifndef _LANTERN_KTEST_MM_H
#define _LANTERN_KTEST_MM_H

#include "slab.h"
#include "spinlock.h"

/* Objects allocated and not freed, over every cache. */
static inline unsigned long ktest_slab_active_objs(void)
{
	struct kmem_cache *s;
	unsigned long flags, n = 0;

	spin_lock_irqsave(&slab_caches_lock, flags);
	for_each_kmem_cache(s)
		n += s->active_objs;
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return n;
}

/* Empty slabs kept for reuse would hide returned pages: give them back. */
static inline void ktest_shrink_all_caches(void)
{
	struct kmem_cache *s;
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	for_each_kmem_cache(s)
		kmem_cache_shrink(s);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

#endif
