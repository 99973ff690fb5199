/*
 * blk-settings.c - queue limits (Linux's block/blk-settings.c).
 *
 * A driver describes what its hardware can take: request size, scatter-
 * gather entries and their size and alignment, the highest address it can
 * reach by DMA. The block layer then never builds a request the hardware
 * cannot execute: bio_add_page() refuses pages that would break a limit,
 * blk-merge.c refuses merges that would, and bounce.c copies pages the
 * device cannot reach. Linux 2.6 silently adjusted bad values; Lantern
 * rejects them with -EINVAL and keeps the old limit.
 */
#include "kernel.h"
#include "blkdev.h"
#include "mm.h"

void blk_set_default_limits(struct queue_limits *lim)
{
	lim->max_sectors = BLK_DEF_MAX_SECTORS;
	lim->max_segments = BLK_MAX_SEGMENTS;
	lim->max_segment_size = BLK_MAX_SEGMENT_SIZE;
	lim->seg_boundary_mask = BLK_SEG_BOUNDARY_MASK;
	lim->logical_block_size = 512;
	lim->bounce_pfn = BLK_BOUNCE_ANY >> PAGE_SHIFT;
}

/* At least one page per request, or no bio could ever be built. */
int blk_queue_max_sectors(struct request_queue *q, unsigned int sectors)
{
	if (sectors < (PAGE_SIZE >> 9))
		return -EINVAL;
	q->limits.max_sectors = sectors;
	return 0;
}

int blk_queue_max_segments(struct request_queue *q, unsigned short segments)
{
	if (segments == 0)
		return -EINVAL;
	q->limits.max_segments = segments;
	return 0;
}

int blk_queue_max_segment_size(struct request_queue *q, unsigned int bytes)
{
	if (bytes < PAGE_SIZE)
		return -EINVAL;
	q->limits.max_segment_size = bytes;
	return 0;
}

/* The mask must be 2^n - 1 and cover at least a page. */
int blk_queue_segment_boundary(struct request_queue *q, unsigned long mask)
{
	if (mask < PAGE_SIZE - 1 || (mask & (mask + 1)))
		return -EINVAL;
	q->limits.seg_boundary_mask = mask;
	return 0;
}

int blk_queue_logical_block_size(struct request_queue *q, unsigned short size)
{
	if (size < 512 || size > PAGE_SIZE || !is_power_of_2(size))
		return -EINVAL;
	q->limits.logical_block_size = size;
	return 0;
}

void blk_queue_bounce_limit(struct request_queue *q, u64 dma_addr)
{
	q->limits.bounce_pfn = dma_addr >> PAGE_SHIFT;
}
