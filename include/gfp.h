/*
 * gfp.h - allocation flags ("get free pages") and the page allocator's
 * entry points (Linux 2.6's include/linux/gfp.h). Every allocation in the
 * kernel names, through its gfp_t, where the memory may come from and
 * whether the caller can wait for it.
 *
 * Lantern has no reclaim and no swap, so nothing in the page allocator
 * ever sleeps; __GFP_WAIT still matters: it is what lets mempool_alloc()
 * sleep on its pool, and it is a bug to pass it from an interrupt handler.
 */
#ifndef _LANTERN_GFP_H
#define _LANTERN_GFP_H

#include "kernel.h"
#include "preempt.h"
#include "types.h"

struct page;

/* Zone modifier: the low bits pick the zone. Values as in Linux 2.6. */
#define __GFP_DMA	0x01u	/* only ZONE_DMA: below 16 MiB, for ISA-style DMA */

/* Action modifiers: how hard to try. */
#define __GFP_WAIT	0x10u	/* the caller may sleep */
#define __GFP_HIGH	0x20u	/* may dip into the emergency reserve (pages_min) */
#define __GFP_IO	0x40u	/* may start disk I/O to free memory */
#define __GFP_FS	0x80u	/* may call into a filesystem to free memory */
#define __GFP_NOWARN	0x200u	/* do not print a message when this fails */
#define __GFP_ZERO	0x8000u	/* return zero-filled memory */

/*
 * The combinations callers actually use. GFP_NOIO is for the block layer's
 * own allocations: starting I/O to free memory could recurse into the
 * very request that is waiting for this allocation.
 */
#define GFP_ATOMIC	(__GFP_HIGH)
#define GFP_NOIO	(__GFP_WAIT)
#define GFP_NOFS	(__GFP_WAIT | __GFP_IO)
#define GFP_KERNEL	(__GFP_WAIT | __GFP_IO | __GFP_FS)
#define GFP_DMA		(__GFP_DMA)

/*
 * Linux's might_sleep_if(gfp & __GFP_WAIT): a sleeping allocation from an
 * interrupt handler is a bug even while nothing actually sleeps, because
 * the day reclaim exists it will.
 */
#define gfp_might_sleep(gfp) \
	WARN_ON_ONCE(((gfp) & __GFP_WAIT) && in_interrupt())

/*
 * The buddy allocator (kernel/mm/page_alloc.c). All of these may be
 * called from any context with GFP_ATOMIC and never sleep. Blocks are
 * 2^order physically contiguous pages, aligned to their size. Failure
 * returns NULL (or 0) and prints one line unless __GFP_NOWARN.
 */
struct page *alloc_pages(gfp_t gfp_mask, unsigned int order);
#define alloc_page(gfp_mask)	alloc_pages(gfp_mask, 0)
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
#define __get_free_page(gfp_mask) __get_free_pages(gfp_mask, 0)
unsigned long get_zeroed_page(gfp_t gfp_mask);

/*
 * Drop a reference; the block returns to the buddy lists when the last one
 * goes. @order must be the order it was allocated with. Freeing a free or
 * reserved page prints a report and changes nothing.
 */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page)	__free_pages(page, 0)
void free_pages(unsigned long addr, unsigned int order);	/* addr 0: no-op */
#define free_page(addr)		free_pages(addr, 0)

#endif
