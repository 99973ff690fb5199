/*
 * page_alloc.c - the buddy allocator (Linux 2.6's mm/page_alloc.c, minus
 * per-CPU lists, reclaim and NUMA). Portable: the hosted tests run it on a
 * malloc'd arena that plays the part of physical memory.
 *
 * Free memory is kept in blocks of 2^order pages, aligned to their size,
 * on one list per order in each zone. Allocation takes the smallest block
 * big enough and splits it, putting the unused halves back; freeing looks
 * at the block's buddy (pfn ^ 2^order) and, while the buddy is free and
 * the same size, merges the two into one block of the next order. Below
 * the bio layer this is where every data page comes from.
 */
#include "mm.h"
#include "sched.h"
#include "string.h"

uintptr_t page_offset_base;
struct page *mem_map;
unsigned long max_pfn;
struct zone mem_zones[MAX_NR_ZONES];

static const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA", [ZONE_NORMAL] = "Normal",
};

/* Flags no page may carry while it is handed out or being freed. */
#define PAGE_FLAGS_CHECK_AT_FREE \
	((1UL << PG_reserved) | (1UL << PG_buddy) | (1UL << PG_slab) | \
	 (1UL << PG_head) | (1UL << PG_tail))

/*
 * Reserve: 1/256 of the zone, at most 128 pages (512 KiB). Enough for an
 * interrupt handler's bio or request under pressure, small enough not to
 * matter on a 16 MiB machine.
 */
#define PAGES_MIN_RATIO	256
#define PAGES_MIN_MAX	128

/*
 * A page was freed that was not ours to free. We report it and leave the
 * page alone: a leak is better than two owners of the same memory.
 */
static void bad_page(const struct page *page, unsigned int order,
		     const char *reason)
{
	pr_err("BUG: Bad page state: pfn %#lx order %u: %s "
	       "(flags %#lx count %d)\n", page_to_pfn(page), order, reason,
	       page->flags, page->_count);
	__warn(__FILE__, __LINE__, reason);
}

struct zone *pfn_zone(unsigned long pfn)
{
	struct zone *zone;

	for_each_zone(zone)
		if (pfn >= zone->start_pfn && pfn < zone->end_pfn)
			return zone;
	return NULL;
}

unsigned long zone_free_pages(struct zone *zone)
{
	return READ_ONCE(zone->free_pages);
}

unsigned long nr_free_pages(void)
{
	struct zone *zone;
	unsigned long sum = 0;

	for_each_zone(zone)
		sum += zone_free_pages(zone);
	return sum;
}

static void set_page_order(struct page *page, unsigned int order)
{
	page->private = order;
	SetPageBuddy(page);
}

static void rmv_page_order(struct page *page)
{
	ClearPageBuddy(page);
	page->private = 0;
}

/*
 * Is @buddy the head of a free block of exactly @order in @zone? The zone
 * check is what keeps a block from merging across a zone boundary that is
 * not aligned to MAX_ORDER; reserved holes never carry PG_buddy.
 */
static bool page_is_buddy(const struct zone *zone, unsigned long buddy_pfn,
			  unsigned int order)
{
	const struct page *buddy;

	if (buddy_pfn < zone->start_pfn || buddy_pfn >= zone->end_pfn)
		return false;
	buddy = pfn_to_page(buddy_pfn);
	return PageBuddy(buddy) && buddy->private == order;
}

/* Put a block back and merge it as far up as it goes. Caller holds zone->lock. */
static void __free_one_page(struct zone *zone, unsigned long pfn,
			    unsigned int order)
{
	unsigned long nr = 1UL << order;
	struct page *page;

	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!page_is_buddy(zone, buddy_pfn, order))
			break;
		buddy = pfn_to_page(buddy_pfn);
		list_del(&buddy->lru);
		zone->free_area[order].nr_free--;
		rmv_page_order(buddy);
		pfn &= ~(1UL << order);	/* the merged block starts at the lower one */
		order++;
	}
	page = pfn_to_page(pfn);
	set_page_order(page, order);
	list_add(&page->lru, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
	zone->free_pages += nr;
}

/*
 * Split a block of order @high down to @low, putting the upper halves on
 * the free lists. Caller holds zone->lock.
 */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high)
{
	while (high > low) {
		struct page *half;

		high--;
		half = page + (1UL << high);
		set_page_order(half, high);
		list_add(&half->lru, &zone->free_area[high].free_list);
		zone->free_area[high].nr_free++;
	}
}

/* Take a block of @order from @zone, or NULL. Caller holds zone->lock. */
static struct page *__rmqueue(struct zone *zone, unsigned int order)
{
	for (unsigned int cur = order; cur < MAX_ORDER; cur++) {
		struct free_area *area = &zone->free_area[cur];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		list_del(&page->lru);
		rmv_page_order(page);
		area->nr_free--;
		expand(zone, page, order, cur);
		zone->free_pages -= 1UL << order;
		return page;
	}
	return NULL;
}

/*
 * Would taking 2^order pages leave the zone at or above its reserve?
 * Linux's zone_watermark_ok(), with one watermark and no per-order test.
 */
static bool zone_watermark_ok(const struct zone *zone, unsigned int order,
			      gfp_t gfp_mask)
{
	unsigned long min = (gfp_mask & __GFP_HIGH) ? 0 : zone->pages_min;

	return zone->free_pages >= (1UL << order) + min;
}

static struct page *zone_alloc(struct zone *zone, unsigned int order,
			       gfp_t gfp_mask)
{
	struct page *page = NULL;
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	if (zone_watermark_ok(zone, order, gfp_mask))
		page = __rmqueue(zone, order);
	if (page)
		zone->pgalloc++;
	else
		zone->allocfail++;
	spin_unlock_irqrestore(&zone->lock, flags);
	return page;
}

/*
 * Allocate 2^@order contiguous pages. Any context with GFP_ATOMIC; never
 * sleeps. A __GFP_DMA request is served only from ZONE_DMA; anything else
 * from ZONE_NORMAL first and then ZONE_DMA (Linux's zonelist fallback).
 * Returns the first page, with a reference count of 1, or NULL.
 */
struct page *alloc_pages(gfp_t gfp_mask, unsigned int order)
{
	int zone = (gfp_mask & __GFP_DMA) ? ZONE_DMA : ZONE_NORMAL;
	struct page *page = NULL;

	gfp_might_sleep(gfp_mask);
	/* Zones are ordered by how precious they are: fall back downwards. */
	for (; order < MAX_ORDER && zone >= 0 && !page; zone--)
		page = zone_alloc(&mem_zones[zone], order, gfp_mask);
	if (!page) {
		if (!(gfp_mask & __GFP_NOWARN))
			pr_warn("%s: page allocation failure. order:%u, "
				"mode:0x%x\n", current->comm, order, gfp_mask);
		return NULL;
	}
	if (page->flags & PAGE_FLAGS_CHECK_AT_FREE)
		bad_page(page, order, "free page with flags set");
	page->_count = 1;
	if (gfp_mask & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *page = alloc_pages(gfp_mask, order);

	return page ? (unsigned long)(uintptr_t)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_pages(gfp_mask | __GFP_ZERO, 0);
}

/*
 * Any context. Decrement the count and free on the last reference.
 * Reports (and otherwise ignores) a free page, a reserved page, a slab or
 * compound page still marked as such, and a block crossing its zone.
 */
void __free_pages(struct page *page, unsigned int order)
{
	unsigned long pfn, flags;
	struct zone *zone;

	if (page < mem_map || page >= mem_map + max_pfn || order >= MAX_ORDER) {
		pr_err("BUG: __free_pages(%p, %u): not a page we manage\n",
		       (void *)page, order);
		__warn(__FILE__, __LINE__, "bad __free_pages");
		return;
	}
	pfn = page_to_pfn(page);
	zone = pfn_zone(pfn);
	if (PageReserved(page)) {
		bad_page(page, order, "freeing a reserved page");
		return;
	}
	if (page->flags & PAGE_FLAGS_CHECK_AT_FREE) {
		bad_page(page, order, "freeing a free, slab or compound page");
		return;
	}
	if (!zone || (pfn & ((1UL << order) - 1)) ||
	    pfn + (1UL << order) > zone->end_pfn) {
		bad_page(page, order, "block not aligned or not in one zone");
		return;
	}
	if (page_count(page) <= 0) {
		bad_page(page, order, "double free (count already 0)");
		return;
	}
	if (__atomic_sub_fetch(&page->_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;

	spin_lock_irqsave(&zone->lock, flags);
	zone->pgfree++;
	__free_one_page(zone, pfn, order);
	spin_unlock_irqrestore(&zone->lock, flags);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (!virt_addr_valid((void *)(uintptr_t)addr)) {
		pr_err("BUG: free_pages(%#lx): not a direct-mapped address\n",
		       addr);
		__warn(__FILE__, __LINE__, "bad free_pages");
		return;
	}
	__free_pages(virt_to_page((void *)(uintptr_t)addr), order);
}

/*
 * Mark the pages of a block as one compound unit, so an object pointer
 * anywhere in it finds the head page (virt_to_head_page).
 */
void prep_compound_page(struct page *page, unsigned int order)
{
	if (!order)
		return;
	SetPageHead(page);
	for (unsigned long i = 1; i < (1UL << order); i++) {
		SetPageTail(page + i);
		page[i].first_page = page;
	}
}

void destroy_compound_page(struct page *page, unsigned int order)
{
	ClearPageHead(page);
	for (unsigned long i = 1; i < (1UL << order); i++) {
		ClearPageTail(page + i);
		page[i].first_page = NULL;
	}
}

/* ---- boot ---- */

size_t mem_map_bytes(unsigned long nr_pfns)
{
	return (size_t)nr_pfns * sizeof(struct page);
}

static void zone_init(struct zone *zone, int type, unsigned long start,
		      unsigned long end)
{
	memset(zone, 0, sizeof(*zone));
	spin_lock_init(&zone->lock);
	zone->name = zone_names[type];
	zone->start_pfn = start;
	zone->end_pfn = end;
	zone->spanned_pages = end - start;
	for (int order = 0; order < MAX_ORDER; order++)
		INIT_LIST_HEAD(&zone->free_area[order].free_list);
}

void free_area_init(struct page *map, unsigned long nr_pfns,
		    unsigned long max_dma_pfn)
{
	mem_map = map;
	max_pfn = nr_pfns;
	if (max_dma_pfn > nr_pfns)
		max_dma_pfn = nr_pfns;
	memset(map, 0, mem_map_bytes(nr_pfns));
	for (unsigned long pfn = 0; pfn < nr_pfns; pfn++) {
		SetPageReserved(&map[pfn]);
		map[pfn]._count = 1;	/* the boot code's reference */
		INIT_LIST_HEAD(&map[pfn].lru);
	}
	zone_init(&mem_zones[ZONE_DMA], ZONE_DMA, 0, max_dma_pfn);
	zone_init(&mem_zones[ZONE_NORMAL], ZONE_NORMAL, max_dma_pfn, nr_pfns);
}

/* The largest order a block at @pfn may have without passing @end. */
static unsigned int max_block_order(unsigned long pfn, unsigned long end)
{
	unsigned int order = MAX_ORDER - 1;

	while ((pfn & ((1UL << order) - 1)) || pfn + (1UL << order) > end)
		order--;
	return order;
}

/*
 * Boot only. Pages that were never reserved (freed twice, or outside
 * mem_map) are reported and skipped. Blocks are cut at zone ends, so no
 * block is ever born spanning two zones.
 */
void free_bootmem_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn = start_pfn;

	if (end_pfn > max_pfn)
		end_pfn = max_pfn;
	while (pfn < end_pfn) {
		struct zone *zone = pfn_zone(pfn);
		unsigned long end = min(end_pfn, zone->end_pfn), run = pfn;
		unsigned long flags;
		unsigned int order;

		/* Cut the range at any page that is not reserved. */
		while (run < end && PageReserved(pfn_to_page(run)))
			run++;
		if (run == pfn) {
			bad_page(pfn_to_page(pfn), 0, "free_bootmem of a page "
				 "that is not reserved");
			pfn++;
			continue;
		}
		order = max_block_order(pfn, run);
		for (unsigned long i = 0; i < (1UL << order); i++) {
			ClearPageReserved(pfn_to_page(pfn + i));
			pfn_to_page(pfn + i)->_count = 0;
		}
		spin_lock_irqsave(&zone->lock, flags);
		zone->managed_pages += 1UL << order;
		zone->pages_min = min(zone->managed_pages / PAGES_MIN_RATIO,
				      (unsigned long)PAGES_MIN_MAX);
		__free_one_page(zone, pfn, order);
		spin_unlock_irqrestore(&zone->lock, flags);
		pfn += 1UL << order;
	}
}

void mem_print_zones(void)
{
	struct zone *zone;
	unsigned long managed = 0;

	pr_info("Zone PFN ranges:\n");
	for_each_zone(zone) {
		pr_info("  %-8s 0x%08lx -> 0x%08lx\n", zone->name,
			zone->start_pfn, zone->end_pfn);
		managed += zone->managed_pages;
	}
	pr_info("Memory: %luk/%luk available (%luk reserved)\n",
		nr_free_pages() << (PAGE_SHIFT - 10), max_pfn << (PAGE_SHIFT - 10),
		(max_pfn - managed) << (PAGE_SHIFT - 10));
}

void show_free_areas(void)
{
	struct zone *zone;

	for_each_zone(zone) {
		unsigned long nr[MAX_ORDER], flags, total = 0;

		/* Snapshot under the lock; print outside it. */
		spin_lock_irqsave(&zone->lock, flags);
		for (int order = 0; order < MAX_ORDER; order++)
			nr[order] = zone->free_area[order].nr_free;
		spin_unlock_irqrestore(&zone->lock, flags);

		pr_info("%s free:%lukB min:%lukB managed:%lukB\n", zone->name,
			zone_free_pages(zone) << (PAGE_SHIFT - 10),
			zone->pages_min << (PAGE_SHIFT - 10),
			zone->managed_pages << (PAGE_SHIFT - 10));
		pr_info("%s:", zone->name);
		for (int order = 0; order < MAX_ORDER; order++) {
			pr_cont(" %lu*%lukB", nr[order], 4UL << order);
			total += nr[order] << order;
		}
		pr_cont(" = %lukB\n", total << (PAGE_SHIFT - 10));
	}
}
