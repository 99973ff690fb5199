/*
 * scatterlist.h - a request's memory as the physical segments a DMA
 * engine walks (Linux's include/linux/scatterlist.h, without chaining or
 * an IOMMU: the bus address of a segment is its physical address).
 * Filled by blk_rq_map_sg() (block/blk-merge.c); drivers turn each entry
 * into one of their descriptors (a PRD for IDE and AHCI).
 */
#ifndef _LANTERN_SCATTERLIST_H
#define _LANTERN_SCATTERLIST_H

#include "mm.h"

struct scatterlist {
	struct page *page;	/* where the segment starts */
	unsigned int offset;	/* in that page */
	unsigned int length;	/* bytes; may run on into following pages */
};

static inline phys_addr_t sg_phys(const struct scatterlist *sg)
{
	return page_to_phys(sg->page) + sg->offset;
}

#endif
