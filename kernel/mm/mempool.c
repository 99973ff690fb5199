/*
 * mempool.c - allocation with a guaranteed reserve (Linux 2.6's
 * mm/mempool.c). Portable: the hosted tests run it on pthreads.
 *
 * The underlying allocator is always tried first, without __GFP_WAIT, so
 * the reserve is only touched when memory is really short; mempool_free()
 * refills the reserve before giving anything back. A caller that may sleep
 * and finds the reserve empty waits on pool->wait: every element it waits
 * for is out in flight (a bio being written, say) and comes back through
 * mempool_free(), so the wait always ends.
 */
#include "mempool.h"
#include "mm.h"
#include "slab.h"

/* Caller holds pool->lock. */
static void add_element(mempool_t *pool, void *element)
{
	BUG_ON(pool->curr_nr >= pool->min_nr);
	pool->elements[pool->curr_nr++] = element;
}

static void *remove_element(mempool_t *pool)
{
	BUG_ON(pool->curr_nr <= 0);
	return pool->elements[--pool->curr_nr];
}

static void free_pool(mempool_t *pool)
{
	while (pool->curr_nr)
		pool->free(remove_element(pool), pool->pool_data);
	kfree(pool->elements);
	kfree(pool);
}

mempool_t *mempool_create(int min_nr, mempool_alloc_t *alloc_fn,
			  mempool_free_t *free_fn, void *pool_data)
{
	mempool_t *pool;

	if (min_nr <= 0 || !alloc_fn || !free_fn)
		return NULL;
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return NULL;
	pool->elements = kcalloc(min_nr, sizeof(void *), GFP_KERNEL);
	if (!pool->elements) {
		kfree(pool);
		return NULL;
	}
	spin_lock_init(&pool->lock);
	init_waitqueue_head(&pool->wait);
	pool->min_nr = min_nr;
	pool->pool_data = pool_data;
	pool->alloc = alloc_fn;
	pool->free = free_fn;
	while (pool->curr_nr < pool->min_nr) {
		void *element = alloc_fn(GFP_KERNEL, pool_data);

		if (!element) {
			free_pool(pool);
			return NULL;
		}
		add_element(pool, element);
	}
	return pool;
}

/*
 * Shrinking frees surplus elements at once. Growing allocates the bigger
 * array (-ENOMEM if it cannot) and then as many new elements as it can
 * get; the rest of the reserve fills up as elements are freed, as in
 * Linux.
 */
int mempool_resize(mempool_t *pool, int new_min_nr, gfp_t gfp_mask)
{
	void **new_elements, **old_elements = NULL;
	unsigned long flags;

	if (new_min_nr <= 0)
		return -EINVAL;
	spin_lock_irqsave(&pool->lock, flags);
	if (new_min_nr <= pool->min_nr) {
		while (pool->curr_nr > new_min_nr) {
			void *element = remove_element(pool);

			spin_unlock_irqrestore(&pool->lock, flags);
			pool->free(element, pool->pool_data);
			spin_lock_irqsave(&pool->lock, flags);
		}
		pool->min_nr = new_min_nr;
		spin_unlock_irqrestore(&pool->lock, flags);
		return 0;
	}
	spin_unlock_irqrestore(&pool->lock, flags);

	new_elements = kcalloc(new_min_nr, sizeof(void *), gfp_mask);
	if (!new_elements)
		return -ENOMEM;
	spin_lock_irqsave(&pool->lock, flags);
	if (new_min_nr <= pool->min_nr) {
		/* A concurrent resize grew it further already. */
		old_elements = new_elements;
	} else {
		for (int i = 0; i < pool->curr_nr; i++)
			new_elements[i] = pool->elements[i];
		old_elements = pool->elements;
		pool->elements = new_elements;
		pool->min_nr = new_min_nr;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	kfree(old_elements);

	while (READ_ONCE(pool->curr_nr) < READ_ONCE(pool->min_nr)) {
		void *element = pool->alloc(gfp_mask | __GFP_NOWARN,
					    pool->pool_data);

		if (!element)
			break;
		spin_lock_irqsave(&pool->lock, flags);
		if (pool->curr_nr < pool->min_nr) {
			add_element(pool, element);
			element = NULL;
		}
		spin_unlock_irqrestore(&pool->lock, flags);
		if (element) {		/* frees filled it meanwhile */
			pool->free(element, pool->pool_data);
			break;
		}
	}
	return 0;
}

void mempool_destroy(mempool_t *pool)
{
	if (!pool)
		return;
	if (pool->curr_nr != pool->min_nr) {
		pr_err("mempool_destroy: reserve holds %d of %d elements; "
		       "the rest may still be in use\n", pool->curr_nr,
		       pool->min_nr);
		__warn(__FILE__, __LINE__, "mempool_destroy of a busy pool");
	}
	free_pool(pool);
}

void *mempool_alloc(mempool_t *pool, gfp_t gfp_mask)
{
	unsigned long flags;
	gfp_t gfp_temp;
	void *element;

	gfp_might_sleep(gfp_mask);
	/* Failure of the allocator is expected here: the pool is the plan B. */
	gfp_mask |= __GFP_NOWARN;
	gfp_temp = gfp_mask & ~(__GFP_WAIT | __GFP_IO);

	for (;;) {
		DEFINE_WAIT(wait);

		element = pool->alloc(gfp_temp, pool->pool_data);
		if (element)
			return element;

		spin_lock_irqsave(&pool->lock, flags);
		if (pool->curr_nr) {
			element = remove_element(pool);
			pool->nr_reserve_used++;
			spin_unlock_irqrestore(&pool->lock, flags);
			return element;
		}
		if (gfp_mask & __GFP_WAIT)
			pool->nr_waits++;
		spin_unlock_irqrestore(&pool->lock, flags);
		if (!(gfp_mask & __GFP_WAIT))
			return NULL;

		/*
		 * Queue first, then look again: a mempool_free() between our
		 * check above and here either left an element we now see,
		 * or finds us on the queue and wakes us.
		 */
		prepare_to_wait(&pool->wait, &wait, TASK_UNINTERRUPTIBLE);
		if (!READ_ONCE(pool->curr_nr))
			schedule();
		finish_wait(&pool->wait, &wait);
		/* Memory may have come back elsewhere; now the allocator may wait. */
		gfp_temp = gfp_mask;
	}
}

void mempool_free(void *element, mempool_t *pool)
{
	unsigned long flags;

	if (!element)
		return;
	if (READ_ONCE(pool->curr_nr) < pool->min_nr) {
		spin_lock_irqsave(&pool->lock, flags);
		if (pool->curr_nr < pool->min_nr) {
			add_element(pool, element);
			spin_unlock_irqrestore(&pool->lock, flags);
			wake_up(&pool->wait);
			return;
		}
		spin_unlock_irqrestore(&pool->lock, flags);
	}
	pool->free(element, pool->pool_data);
}

/* ---- ready-made allocators ---- */

void *mempool_alloc_slab(gfp_t gfp_mask, void *pool_data)
{
	return kmem_cache_alloc(pool_data, gfp_mask);
}

void mempool_free_slab(void *element, void *pool_data)
{
	kmem_cache_free(pool_data, element);
}

void *mempool_kmalloc(gfp_t gfp_mask, void *pool_data)
{
	return kmalloc((size_t)(uintptr_t)pool_data, gfp_mask);
}

void mempool_kfree(void *element, void *pool_data)
{
	(void)pool_data;
	kfree(element);
}

void *mempool_alloc_pages(gfp_t gfp_mask, void *pool_data)
{
	return alloc_pages(gfp_mask, (unsigned int)(uintptr_t)pool_data);
}

void mempool_free_pages(void *element, void *pool_data)
{
	__free_pages(element, (unsigned int)(uintptr_t)pool_data);
}
