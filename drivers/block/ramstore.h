/*
 * ramstore.h - the RAM behind Lantern's RAM-backed disks (brd, simdisk):
 * one page per 4 KiB of disk, allocated on first write; a sector never
 * written reads as zeros, as a fresh disk would.
 */
#ifndef _LANTERN_RAMSTORE_H
#define _LANTERN_RAMSTORE_H

#include "blkdev.h"

#define RAM_SECTORS_PER_PAGE	(PAGE_SIZE >> 9)

struct ram_store {
	struct page **pages;		/* NULL until first written */
	unsigned long nr_pages;
	unsigned long pages_allocated;
};

/* Room for @nr_pages pages (none allocated yet). 0 or -ENOMEM. Process context. */
int ram_store_init(struct ram_store *rs, unsigned long nr_pages);
/* Free every page and the table. */
void ram_store_free(struct ram_store *rs);

static inline sector_t ram_store_sectors(const struct ram_store *rs)
{
	return (sector_t)rs->nr_pages * RAM_SECTORS_PER_PAGE;
}

/*
 * Move all of @rq's data between its pages and the store. Called with
 * the queue lock held (allocates with GFP_ATOMIC). 0, or -ENOMEM when a
 * written page could not be allocated.
 */
int ram_store_rq(struct ram_store *rs, struct request *rq);

#endif
