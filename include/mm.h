/*
 * mm.h - physical memory: pages, zones and the direct map (Linux 2.6's
 * include/linux/mm.h, mm_types.h, mmzone.h and asm/page.h in one).
 *
 * Every physical page frame has a struct page in mem_map[], indexed by
 * its page frame number (pfn = physical address >> PAGE_SHIFT). All of
 * low memory is mapped at page_offset_base, so a page's kernel virtual
 * address is plain arithmetic: __va(pfn << PAGE_SHIFT).
 *
 * Boot order (arch code): set page_offset_base; allocate
 * mem_map_bytes(max_pfn) bytes; free_area_init(); free_bootmem_range() for
 * each usable RAM range; mem_print_zones(); kmem_cache_init() (slab.h).
 */
#ifndef _LANTERN_MM_H
#define _LANTERN_MM_H

#include "gfp.h"
#include "kernel.h"
#include "list.h"
#include "spinlock.h"
#include "types.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	ALIGN(x, PAGE_SIZE)

/* Buddy orders 0..MAX_ORDER-1: the biggest block is 4 MiB. */
#define MAX_ORDER	11
#define MAX_ORDER_NR_PAGES (1UL << (MAX_ORDER - 1))

/* ZONE_DMA: what an ISA DMA controller can reach (24 address bits). */
#define MAX_DMA_ADDRESS	(16UL << 20)
#define MAX_DMA_PFN	(MAX_DMA_ADDRESS >> PAGE_SHIFT)

/* Kernel virtual = physical + page_offset_base (0xC0000000 in the kernel). */
extern uintptr_t page_offset_base;
#define __va(pa)	((void *)((uintptr_t)(pa) + page_offset_base))
#define __pa(va)	((phys_addr_t)((uintptr_t)(va) - page_offset_base))

enum pageflags {
	PG_reserved,	/* not RAM, or owned by the kernel image: never freed */
	PG_buddy,	/* first page of a free block; private = its order */
	PG_slab,	/* slab page; slab_cache, freelist, inuse are valid */
	PG_head,	/* first page of a compound block (slab or kmalloc) */
	PG_tail,	/* later page of a compound block; first_page is valid */
};

/*
 * One per page frame; 28 bytes on i686. Free pages belong to their zone
 * (zone->lock). An allocated page belongs to whoever allocated it, who may
 * use lru and private freely (as in Linux) unless it handed the page to
 * the slab or kmalloc; the slab fields are under the owning cache's lock.
 */
struct page {
	unsigned long flags;		/* PG_* bits */
	int _count;			/* references; 0 while in the buddy */
	unsigned int inuse;		/* PG_slab: objects handed out */
	union {
		unsigned long private;	/* PG_buddy: free order; PG_head
					 * without PG_slab: kmalloc order */
		struct kmem_cache *slab_cache;	/* PG_slab */
		struct page *first_page;	/* PG_tail */
	};
	void *freelist;			/* PG_slab: first free object */
	struct list_head lru;		/* free_area list or slab list */
};

#define PAGEFLAG(uname, lname)						\
static inline bool Page##uname(const struct page *page)		\
{ return (page->flags & (1UL << PG_##lname)) != 0; }			\
static inline void SetPage##uname(struct page *page)			\
{ page->flags |= 1UL << PG_##lname; }					\
static inline void ClearPage##uname(struct page *page)			\
{ page->flags &= ~(1UL << PG_##lname); }
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Buddy, buddy)
PAGEFLAG(Slab, slab)
PAGEFLAG(Head, head)
PAGEFLAG(Tail, tail)
#undef PAGEFLAG

extern struct page *mem_map;
extern unsigned long max_pfn;

#define pfn_to_page(pfn)	(mem_map + (pfn))
#define page_to_pfn(page)	((unsigned long)((page) - mem_map))
#define pfn_valid(pfn)		((pfn) < max_pfn)
#define page_to_phys(page)	((phys_addr_t)page_to_pfn(page) << PAGE_SHIFT)
#define page_address(page)	__va(page_to_phys(page))
#define virt_to_page(addr)	pfn_to_page(__pa(addr) >> PAGE_SHIFT)

/* Is @addr inside the direct map of RAM we manage? Any context. */
static inline bool virt_addr_valid(const void *addr)
{
	uintptr_t va = (uintptr_t)addr;

	return va >= page_offset_base &&
	       pfn_valid((unsigned long)((va - page_offset_base) >> PAGE_SHIFT));
}

/* The page that heads the compound block containing @addr. */
static inline struct page *virt_to_head_page(const void *addr)
{
	struct page *page = virt_to_page(addr);

	return PageTail(page) ? page->first_page : page;
}

/*
 * Mark a block of 2^order pages (order > 0) as one unit: PG_head on the
 * first page, PG_tail and first_page on the others. The owner (slab,
 * kmalloc) must destroy_compound_page() before freeing the block.
 */
void prep_compound_page(struct page *page, unsigned int order);
void destroy_compound_page(struct page *page, unsigned int order);

/* Smallest order whose block holds @size bytes (size > 0). */
static inline unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

/* References, as in Linux: the block is freed when the last one is put. */
static inline int page_count(const struct page *page)
{
	return __atomic_load_n(&page->_count, __ATOMIC_RELAXED);
}

static inline void get_page(struct page *page)
{
	__atomic_add_fetch(&page->_count, 1, __ATOMIC_RELAXED);
}

/* ---- zones ---- */

enum zone_type { ZONE_DMA, ZONE_NORMAL, MAX_NR_ZONES };

struct free_area {
	struct list_head free_list;	/* heads of free blocks, PG_buddy */
	unsigned long nr_free;		/* blocks (not pages) on free_list */
};

struct zone {
	spinlock_t lock;		/* protects everything below */
	const char *name;		/* "DMA", "Normal" */
	struct free_area free_area[MAX_ORDER];
	unsigned long start_pfn, end_pfn;	/* span [start, end) */
	unsigned long spanned_pages;	/* end - start, holes included */
	unsigned long managed_pages;	/* handed to the buddy at boot */
	unsigned long free_pages;	/* currently free */
	/*
	 * Emergency reserve: only __GFP_HIGH (GFP_ATOMIC) allocations may
	 * take free_pages below this, so interrupt handlers still get
	 * memory when process context has used the rest.
	 */
	unsigned long pages_min;
	unsigned long pgalloc, pgfree, allocfail;	/* events, in blocks */
};

extern struct zone mem_zones[MAX_NR_ZONES];

#define for_each_zone(zone) \
	for (zone = mem_zones; zone < mem_zones + MAX_NR_ZONES; zone++)

static inline bool populated_zone(const struct zone *zone)
{
	return zone->managed_pages != 0;
}

/* Zone that page frame @pfn belongs to; NULL outside both. */
struct zone *pfn_zone(unsigned long pfn);
#define page_zone(page)	pfn_zone(page_to_pfn(page))

/* Free pages (not blocks), summed or for one zone. Any context. */
unsigned long nr_free_pages(void);
unsigned long zone_free_pages(struct zone *zone);

/* ---- boot-time setup (arch code, single-threaded, interrupts off) ---- */

/* Bytes the arch must set aside for mem_map[] covering [0, max_pfn). */
size_t mem_map_bytes(unsigned long max_pfn);

/*
 * Take @map (mem_map_bytes(max_pfn) bytes) as mem_map, mark every page
 * reserved and lay out ZONE_DMA = [0, max_dma_pfn) and ZONE_NORMAL =
 * [max_dma_pfn, max_pfn). Calling it again starts over: every page,
 * slab object and cache from before is forgotten, so the caller must
 * call kmem_cache_init() again before using the slab (host tests do).
 */
void free_area_init(struct page *map, unsigned long max_pfn,
		    unsigned long max_dma_pfn);

/* Hand RAM frames [start_pfn, end_pfn) to the buddy allocator. */
void free_bootmem_range(unsigned long start_pfn, unsigned long end_pfn);

/* Print the zone layout and totals (boot log, `mem` command). */
void mem_print_zones(void);
/* Print each zone's free blocks per order, as Linux's show_free_areas(). */
void show_free_areas(void);

#endif
