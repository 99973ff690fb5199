/*
 * slab.c - object caches and kmalloc (after Linux 2.6's mm/slub.c, without
 * per-CPU slabs). Portable: the hosted tests run it on the arena that
 * page_alloc.c manages there.
 *
 * A slab's free objects form a singly linked list through a pointer kept
 * in each free object at s->offset: at the start of the object, or just
 * after it when a constructor's work must survive between free and
 * alloc. Slabs move between three lists as objects come and go: partial
 * (allocate from here first), full, and empty (a few kept, the rest
 * returned to the buddy allocator). bio and request structures come from
 * caches here; their data pages come straight from page_alloc.c.
 */
#include "mm.h"
#include "slab.h"
#include "string.h"

/* Biggest object a cache may hold: one maximal buddy block. */
#define SLAB_MAX_SIZE	(PAGE_SIZE << (MAX_ORDER - 1))
/* Order beyond which we stop trading contiguity for less waste. */
#define SLAB_MAX_ORDER	3
/* Empty slabs kept per cache, so alloc/free of one object stays cheap. */
#define SLAB_MAX_EMPTY	1

LIST_HEAD(slab_caches);
DEFINE_SPINLOCK(slab_caches_lock);

static const size_t kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096,
};
#define NR_KMALLOC	ARRAY_SIZE(kmalloc_sizes)

/* The cache that struct kmem_cache itself comes from, and kmalloc's. */
static struct kmem_cache kmem_cache_boot;
static struct kmem_cache kmalloc_caches[2][NR_KMALLOC];	/* [1]: ZONE_DMA */
static bool slab_ready;

/* A misuse by a caller: report it, count it, change nothing. */
static void slab_error(struct kmem_cache *s, const char *what, const void *obj)
{
	pr_err("slab error in %s: %s (object %p)\n", s ? s->name : "kmalloc",
	       what, obj);
	if (s)
		__atomic_add_fetch(&s->nr_errors, 1, __ATOMIC_RELAXED);
	__warn(__FILE__, __LINE__, what);
}

static void **freepointer_addr(struct kmem_cache *s, void *obj)
{
	return (void **)((char *)obj + s->offset);
}

/* Bytes a free object can be poisoned over: all but its next pointer. */
static bool poison_range(struct kmem_cache *s, size_t *start, size_t *end)
{
	*start = sizeof(void *);	/* offset is 0 when poisoning */
	*end = s->object_size;
	return (s->flags & SLAB_POISON) && *start < *end;
}

static void poison_object(struct kmem_cache *s, void *obj)
{
	size_t start, end;

	if (!poison_range(s, &start, &end))
		return;
	memset((char *)obj + start, POISON_FREE, end - start - 1);
	((u8 *)obj)[end - 1] = POISON_END;
}

/* Is the poison of a free object intact? True when there is none. */
static bool poison_intact(struct kmem_cache *s, const void *obj)
{
	const u8 *p = obj;
	size_t start, end, i;
	/* A word at a time: this runs on every allocation, over every byte. */
	const unsigned long word = (unsigned long)0x0101010101010101ull * POISON_FREE;

	if (!poison_range(s, &start, &end))
		return true;
	for (i = start; i + sizeof(long) <= end - 1; i += sizeof(long)) {
		unsigned long w;

		memcpy(&w, p + i, sizeof(w));	/* start need not be long-aligned */
		if (w != word)
			return false;
	}
	for (; i < end - 1; i++)
		if (p[i] != POISON_FREE)
			return false;
	return p[end - 1] == POISON_END;
}

static bool object_in_slab(struct kmem_cache *s, struct page *page,
			   const void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)page_address(page);

	return off < (uintptr_t)s->objects * s->size && off % s->size == 0;
}

/* Is @obj already on its slab's freelist? Caller holds s->lock. */
static bool on_freelist(struct kmem_cache *s, struct page *page,
			const void *obj)
{
	void *p = page->freelist;

	/* Bounded, and stopping at a broken link, so a corrupted list
	 * cannot send us walking through memory. */
	for (unsigned int n = 0; p && n < s->objects; n++) {
		if (p == obj)
			return true;
		if (!object_in_slab(s, page, p))
			return false;
		p = *freepointer_addr(s, p);
	}
	return false;
}

/* A new slab with every object free (and constructed). Lock not held. */
static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	/* The cache, not the caller, decides the zone of its slabs. */
	gfp_t page_gfp = gfp & ~(__GFP_ZERO | __GFP_DMA);
	struct page *page;
	char *start;
	void *next = NULL;

	if (s->flags & SLAB_CACHE_DMA)
		page_gfp |= __GFP_DMA;
	page = alloc_pages(page_gfp, s->order);
	if (!page)
		return NULL;
	prep_compound_page(page, s->order);
	SetPageSlab(page);
	page->slab_cache = s;
	page->inuse = 0;
	start = page_address(page);
	/* Built backwards so the freelist runs in address order. */
	for (unsigned int i = s->objects; i-- > 0;) {
		void *obj = start + (size_t)i * s->size;

		if (s->ctor)
			s->ctor(obj);
		poison_object(s, obj);
		*freepointer_addr(s, obj) = next;
		next = obj;
	}
	page->freelist = next;
	return page;
}

static void discard_slab(struct kmem_cache *s, struct page *page)
{
	ClearPageSlab(page);
	page->slab_cache = NULL;
	page->freelist = NULL;
	page->inuse = 0;
	if (s->order)
		destroy_compound_page(page, s->order);
	__free_pages(page, s->order);
}

/* A slab with a free object, or NULL. Caller holds s->lock. */
static struct page *get_partial(struct kmem_cache *s)
{
	struct page *page;

	if (!list_empty(&s->partial))
		return list_first_entry(&s->partial, struct page, lru);
	if (list_empty(&s->empty))
		return NULL;
	page = list_first_entry(&s->empty, struct page, lru);
	list_move(&page->lru, &s->partial);
	s->nr_empty--;
	return page;
}

/* Pop an object off @page's freelist. Caller holds s->lock. */
static void *take_object(struct kmem_cache *s, struct page *page, bool *bad)
{
	void *obj = page->freelist;
	void *next = *freepointer_addr(s, obj);

	page->inuse++;
	if (next && !object_in_slab(s, page, next)) {
		/* A write after free hit the link: drop the rest of the list. */
		*bad = true;
		next = NULL;
		page->inuse = s->objects;
	}
	page->freelist = next;
	if (!next)
		list_move(&page->lru, &s->full);
	s->active_objs++;
	s->nr_allocs++;
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page;
	unsigned long flags;
	bool bad_link = false;
	void *obj;

	gfp_might_sleep(gfp);
	if (WARN_ON_ONCE(!slab_ready))
		return NULL;
	spin_lock_irqsave(&s->lock, flags);
	page = get_partial(s);
	if (!page) {
		/* The buddy has its own lock; don't nest it in ours. */
		spin_unlock_irqrestore(&s->lock, flags);
		page = new_slab(s, gfp);
		if (!page)
			return NULL;
		spin_lock_irqsave(&s->lock, flags);
		list_add(&page->lru, &s->partial);
		s->nr_slabs++;
		s->total_objs += s->objects;
	}
	obj = take_object(s, page, &bad_link);
	spin_unlock_irqrestore(&s->lock, flags);

	if (bad_link)
		slab_error(s, "freelist link overwritten after free", obj);
	if (!poison_intact(s, obj))
		slab_error(s, "object written after it was freed", obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, s->object_size);
	return obj;
}

/* @page is @obj's slab page of cache @s. Any context. */
static void slab_free(struct kmem_cache *s, struct page *page, void *obj)
{
	struct page *discard = NULL;
	unsigned long flags;

	if (!object_in_slab(s, page, obj)) {
		slab_error(s, "free of a pointer that is not an object's start",
			   obj);
		return;
	}
	spin_lock_irqsave(&s->lock, flags);
	/* Intact poison is the cheap hint; the freelist walk is the proof. */
	if (poison_intact(s, obj) && on_freelist(s, page, obj)) {
		spin_unlock_irqrestore(&s->lock, flags);
		slab_error(s, "double free", obj);
		return;
	}
	poison_object(s, obj);
	*freepointer_addr(s, obj) = page->freelist;
	if (!page->freelist)
		list_move(&page->lru, &s->partial);
	page->freelist = obj;
	page->inuse--;
	s->active_objs--;
	s->nr_frees++;
	if (page->inuse == 0) {
		if (s->nr_empty < (s->dead ? 0 : SLAB_MAX_EMPTY)) {
			list_move(&page->lru, &s->empty);
			s->nr_empty++;
		} else {
			list_del(&page->lru);
			s->nr_slabs--;
			s->total_objs -= s->objects;
			discard = page;
		}
	}
	spin_unlock_irqrestore(&s->lock, flags);
	if (discard)
		discard_slab(s, discard);
}

/*
 * The slab page holding @obj, or NULL after reporting why there is none.
 * @s is the cache the caller believes in, for the report (may be NULL).
 */
static struct page *obj_to_slab(struct kmem_cache *s, const void *obj)
{
	struct page *page;

	if (!virt_addr_valid(obj)) {
		slab_error(s, "free of an address outside the direct map", obj);
		return NULL;
	}
	page = virt_to_head_page(obj);
	if (!PageSlab(page)) {
		slab_error(s, "free of an object that is not in a slab", obj);
		return NULL;
	}
	return page;
}

void kmem_cache_free(struct kmem_cache *s, void *obj)
{
	struct page *page;

	if (!obj)
		return;
	page = obj_to_slab(s, obj);
	if (!page)
		return;
	if (page->slab_cache != s) {
		pr_err("slab: object %p belongs to %s\n", obj,
		       page->slab_cache->name);
		slab_error(s, "free to the wrong cache", obj);
		return;
	}
	slab_free(s, page, obj);
}

size_t kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

/* ---- creating caches ---- */

/*
 * The smallest order that wastes at most 1/8 of a slab on the tail, up to
 * SLAB_MAX_ORDER; an object bigger than that gets exactly its own order.
 */
static unsigned int calculate_order(size_t size)
{
	unsigned int order = get_order(size);

	for (; order < SLAB_MAX_ORDER; order++) {
		size_t slab = PAGE_SIZE << order;

		if ((slab % size) * 8 <= slab)
			break;
	}
	return order;
}

/* Cache-line alignment shrinks for small objects, so two still share a line. */
static size_t calculate_alignment(unsigned long flags, size_t align,
				  size_t size)
{
	if (!align)
		align = sizeof(void *);
	if (flags & SLAB_HWCACHE_ALIGN) {
		size_t ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	return max(align, sizeof(void *));	/* the free pointer's */
}

static int kmem_cache_setup(struct kmem_cache *s, const char *name,
			    size_t size, size_t align, unsigned long flags,
			    void (*ctor)(void *))
{
	size_t n;

	if (!name || !size || size > SLAB_MAX_SIZE ||
	    (align & (align - 1)) || align > PAGE_SIZE)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	spin_lock_init(&s->lock);
	for (n = 0; name[n] && n < sizeof(s->name) - 1; n++)
		s->name[n] = name[n];
	/* Poisoning would wipe what the constructor built. */
	flags = ctor ? flags & ~SLAB_POISON : flags | SLAB_POISON;
	s->flags = flags;
	s->ctor = ctor;
	s->align = calculate_alignment(flags, align, size);
	s->object_size = size;
	s->offset = ctor ? ALIGN(size, sizeof(void *)) : 0;
	s->size = ALIGN(ctor ? s->offset + sizeof(void *) :
			max(size, sizeof(void *)), s->align);
	if (s->size > SLAB_MAX_SIZE)
		return -EINVAL;
	s->order = calculate_order(s->size);
	s->objects = (PAGE_SIZE << s->order) / s->size;
	INIT_LIST_HEAD(&s->partial);
	INIT_LIST_HEAD(&s->full);
	INIT_LIST_HEAD(&s->empty);
	INIT_LIST_HEAD(&s->list);
	return 0;
}

static void kmem_cache_link(struct kmem_cache *s)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_add_tail(&s->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned long flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *s = kmem_cache_alloc(&kmem_cache_boot, GFP_KERNEL);

	if (s && kmem_cache_setup(s, name, size, align, flags, ctor)) {
		kmem_cache_free(&kmem_cache_boot, s);
		s = NULL;
	}
	if (!s) {
		if (flags & SLAB_PANIC)
			panic("kmem_cache_create(): failed to create slab '%s'",
			      name ? name : "(null)");
		return NULL;
	}
	kmem_cache_link(s);
	return s;
}

void kmem_cache_shrink(struct kmem_cache *s)
{
	struct page *page, *tmp;
	unsigned long flags;
	LIST_HEAD(empty);

	spin_lock_irqsave(&s->lock, flags);
	list_splice_init(&s->empty, &empty);
	s->nr_slabs -= s->nr_empty;
	s->total_objs -= s->nr_empty * s->objects;
	s->nr_empty = 0;
	spin_unlock_irqrestore(&s->lock, flags);
	list_for_each_entry_safe(page, tmp, &empty, lru)
		discard_slab(s, page);
}

void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long flags;
	bool busy;

	if (!s)
		return;
	if (s == &kmem_cache_boot || (uintptr_t)s - (uintptr_t)kmalloc_caches <
				     sizeof(kmalloc_caches)) {
		slab_error(s, "kmem_cache_destroy of a boot cache", s);
		return;
	}
	spin_lock_irqsave(&s->lock, flags);
	busy = s->active_objs != 0;
	s->dead = busy;
	spin_unlock_irqrestore(&s->lock, flags);
	kmem_cache_shrink(s);
	if (busy) {
		pr_err("kmem_cache_destroy %s: Slab cache still has objects "
		       "(%lu)\n", s->name, s->active_objs);
		__warn(__FILE__, __LINE__, "kmem_cache_destroy of a busy cache");
		return;
	}
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_del(&s->list);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	kmem_cache_free(&kmem_cache_boot, s);
}

/* ---- kmalloc ---- */

struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags)
{
	for (unsigned int i = 0; i < NR_KMALLOC; i++)
		if (size <= kmalloc_sizes[i])
			return &kmalloc_caches[!!(flags & __GFP_DMA)][i];
	return NULL;
}

/* Whole pages, marked compound so kfree() can find the order. */
static void *kmalloc_large(size_t size, gfp_t flags)
{
	struct page *page;
	unsigned int order;

	if (size > SLAB_MAX_SIZE) {
		if (!(flags & __GFP_NOWARN))
			pr_warn("kmalloc: %lu bytes is more than the largest "
				"block\n", (unsigned long)size);
		return NULL;
	}
	order = get_order(size);
	page = alloc_pages(flags, order);
	if (!page)
		return NULL;
	prep_compound_page(page, order);
	SetPageHead(page);
	page->private = order;
	return page_address(page);
}

void *kmalloc(size_t size, gfp_t flags)
{
	struct kmem_cache *s;

	if (!size)
		return ZERO_SIZE_PTR;
	s = kmalloc_slab(size, flags);
	return s ? kmem_cache_alloc(s, flags) : kmalloc_large(size, flags);
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, flags | __GFP_ZERO);
}

void kfree(const void *p)
{
	void *obj = (void *)(uintptr_t)p;
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	if (virt_addr_valid(p)) {
		page = virt_to_head_page(p);
		if (!PageSlab(page) && PageHead(page) &&
		    p == page_address(page)) {
			unsigned int order = page->private;

			page->private = 0;
			destroy_compound_page(page, order);
			__free_pages(page, order);
			return;
		}
	}
	page = obj_to_slab(NULL, p);
	if (page)
		slab_free(page->slab_cache, page, obj);
}

size_t ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p) || !virt_addr_valid(p))
		return 0;
	page = virt_to_head_page(p);
	if (PageSlab(page))
		return page->slab_cache->object_size;
	if (PageHead(page))
		return PAGE_SIZE << page->private;
	return 0;
}

void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	size_t old = ksize(p);
	void *n;

	if (!new_size) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (old >= new_size)
		return (void *)(uintptr_t)p;
	n = kmalloc(new_size, flags);
	if (n && old) {
		memcpy(n, p, old);
		kfree(p);
	}
	return n;
}

char *kstrdup(const char *s, gfp_t flags)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = kmalloc(len, flags);
	if (p)
		memcpy(p, s, len);
	return p;
}

/* ---- boot and reporting ---- */

void kmem_cache_init(void)
{
	static const char *const prefix[2] = { "kmalloc-", "dma-kmalloc-" };

	INIT_LIST_HEAD(&slab_caches);
	spin_lock_init(&slab_caches_lock);
	BUG_ON(kmem_cache_setup(&kmem_cache_boot, "kmem_cache",
				sizeof(struct kmem_cache), 0,
				SLAB_HWCACHE_ALIGN, NULL));
	kmem_cache_link(&kmem_cache_boot);
	for (int dma = 0; dma < 2; dma++) {
		for (unsigned int i = 0; i < NR_KMALLOC; i++) {
			struct kmem_cache *s = &kmalloc_caches[dma][i];
			char name[KMEM_CACHE_NAME_LEN];

			snprintf(name, sizeof(name), "%s%lu", prefix[dma],
				 (unsigned long)kmalloc_sizes[i]);
			BUG_ON(kmem_cache_setup(s, name, kmalloc_sizes[i], 0,
						dma ? SLAB_CACHE_DMA : 0, NULL));
			kmem_cache_link(s);
		}
	}
	slab_ready = true;
}

int kmem_cache_snapshot(struct kmem_cache_info *buf, int max)
{
	struct kmem_cache *s;
	unsigned long flags;
	int n = 0;

	/*
	 * Counters without each cache's lock (see struct kmem_cache): the
	 * list lock alone keeps the cache from being freed while we copy.
	 */
	spin_lock_irqsave(&slab_caches_lock, flags);
	for_each_kmem_cache(s) {
		if (n < max) {
			struct kmem_cache_info *ci = &buf[n];

			memcpy(ci->name, s->name, sizeof(ci->name));
			ci->object_size = s->object_size;
			ci->size = s->size;
			ci->order = s->order;
			ci->objects = s->objects;
			ci->nr_slabs = READ_ONCE(s->nr_slabs);
			ci->active_objs = READ_ONCE(s->active_objs);
			ci->total_objs = READ_ONCE(s->total_objs);
			ci->nr_errors = READ_ONCE(s->nr_errors);
			ci->dead = READ_ONCE(s->dead);
		}
		n++;
	}
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	return n;
}

void slabinfo_show(void)
{
	struct kmem_cache *s;
	unsigned long flags;

	pr_info("# name            <active_objs> <num_objs> <objsize> "
		"<objperslab> <pagesperslab> : slabdata <active_slabs> "
		"<num_slabs> <errors>\n");
	spin_lock_irqsave(&slab_caches_lock, flags);
	for_each_kmem_cache(s)
		pr_info("%-17s %6lu %6lu %6lu %4u %4lu : slabdata %6lu %6lu "
			"%6lu%s\n", s->name, s->active_objs, s->total_objs,
			(unsigned long)s->object_size, s->objects,
			1UL << s->order, s->nr_slabs - s->nr_empty,
			s->nr_slabs, s->nr_errors, s->dead ? " (dead)" : "");
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}
