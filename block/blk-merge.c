/*
 * blk-merge.c - counting and merging what hardware sees as segments
 * (Linux's block/blk-merge.c; the request-merge half grows here with
 * blk-core).
 *
 * A "physical segment" is one scatter-gather entry for the controller:
 * neighbouring vectors whose memory is physically contiguous can share
 * one, as long as it stays within max_segment_size and does not cross
 * the segment boundary (IDE's PRDs may not cross 64 KiB, for example).
 */
#include "kernel.h"
#include "blkdev.h"

/* May @next continue the segment that @prev ends? */
static bool biovec_phys_mergeable(const struct request_queue *q,
				  const struct bio_vec *prev,
				  const struct bio_vec *next,
				  unsigned int seg_size)
{
	phys_addr_t prev_end = page_to_phys(prev->bv_page) + prev->bv_offset +
			       prev->bv_len;
	phys_addr_t next_start = page_to_phys(next->bv_page) + next->bv_offset;
	phys_addr_t seg_start = prev_end - seg_size;
	unsigned long mask = q->limits.seg_boundary_mask;

	if (prev_end != next_start)
		return false;
	if (seg_size + next->bv_len > q->limits.max_segment_size)
		return false;
	return (seg_start | mask) == ((next_start + next->bv_len - 1) | mask);
}

unsigned int blk_bio_phys_segments(const struct request_queue *q, struct bio *bio)
{
	struct bio_vec *bv, *prev = NULL;
	unsigned int nr = 0, seg_size = 0;
	int i;

	for (; bio; bio = bio->bi_next) {
		bio_for_each_segment(bv, bio, i) {
			if (prev && biovec_phys_mergeable(q, prev, bv, seg_size)) {
				seg_size += bv->bv_len;
			} else {
				nr++;
				seg_size = bv->bv_len;
			}
			prev = bv;
		}
	}
	return nr;
}
