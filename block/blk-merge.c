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
#include "elevator.h"
#include "jiffies.h"
#include "blk.h"

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

/*
 * Segments of @rq's bios with @bio linked in front of or behind them.
 * The link is temporary: counting is exact and needs no bookkeeping.
 */
static unsigned int segments_with(struct request_queue *q, struct request *rq,
				  struct bio *bio, bool front)
{
	unsigned int n;

	if (front) {
		bio->bi_next = rq->bio;
		n = blk_bio_phys_segments(q, bio);
		bio->bi_next = NULL;
	} else {
		rq->biotail->bi_next = bio;
		n = blk_bio_phys_segments(q, rq->bio);
		rq->biotail->bi_next = NULL;
	}
	return n;
}

static bool ll_merge_fn(struct request_queue *q, struct request *rq,
			struct bio *bio, bool front)
{
	if (blk_rq_sectors(rq) + bio_sectors(bio) > queue_max_sectors(q))
		return false;
	return segments_with(q, rq, bio, front) <= q->limits.max_segments;
}

bool ll_back_merge_fn(struct request_queue *q, struct request *rq, struct bio *bio)
{
	return ll_merge_fn(q, rq, bio, false);
}

bool ll_front_merge_fn(struct request_queue *q, struct request *rq, struct bio *bio)
{
	return ll_merge_fn(q, rq, bio, true);
}

void blk_recalc_rq_segments(struct request *rq)
{
	rq->nr_phys_segments = (unsigned short)blk_bio_phys_segments(rq->q, rq->bio);
}

/*
 * After a bio merge made @req touch @next, join the two requests if the
 * limits allow: fewer, larger requests for the driver.
 */
static bool attempt_merge(struct request_queue *q, struct request *req,
			  struct request *next)
{
	unsigned int segs;

	if (rq_end_sector(req) != blk_rq_pos(next))
		return false;
	if (rq_data_dir(req) != rq_data_dir(next) || req->rq_disk != next->rq_disk ||
	    req->special || next->special)
		return false;
	if ((req->cmd_flags | next->cmd_flags) &
	    (REQ_STARTED | REQ_NOMERGE | REQ_SOFTBARRIER | REQ_FLUSH | REQ_FUA))
		return false;
	if (blk_rq_sectors(req) + blk_rq_sectors(next) > queue_max_sectors(q))
		return false;
	req->biotail->bi_next = next->bio;
	segs = blk_bio_phys_segments(q, req->bio);
	if (segs > q->limits.max_segments) {
		req->biotail->bi_next = NULL;
		return false;
	}
	req->biotail = next->biotail;
	req->data_len += next->data_len;
	req->nr_phys_segments = (unsigned short)segs;
	/* The merged request expires when the earlier of the two would have. */
	if (time_before(next->fifo_time, req->fifo_time))
		req->fifo_time = next->fifo_time;
	elv_merge_requests(q, req, next);
	next->bio = next->biotail = NULL;
	next->data_len = 0;
	q->stats.rq_merges++;
	__blk_put_request(q, next);
	return true;
}

bool attempt_back_merge(struct request_queue *q, struct request *rq)
{
	struct request *next = elv_latter_request(q, rq);

	return next && attempt_merge(q, rq, next);
}

bool attempt_front_merge(struct request_queue *q, struct request *rq)
{
	struct request *prev = elv_former_request(q, rq);

	return prev && attempt_merge(q, prev, rq);
}
