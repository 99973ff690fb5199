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

static inline phys_addr_t bvec_phys(const struct bio_vec *bv)
{
	return page_to_phys(bv->bv_page) + bv->bv_offset;
}

/*
 * Does @next's memory start exactly where @prev's ends? A vector never
 * crosses its page (bio_add_page() keeps bv_offset + bv_len <= PAGE_SIZE)
 * and mem_map is in physical order, so that means: the same page, right
 * after @prev, or offset 0 of the next page frame when @prev runs to the
 * end of its page. Comparing struct pages, not page_to_phys() results,
 * saves a division for every vector of every request.
 */
static inline bool bvec_follows(const struct bio_vec *prev, const struct bio_vec *next)
{
	unsigned int prev_end = prev->bv_offset + prev->bv_len;

	if (next->bv_page == prev->bv_page)
		return next->bv_offset == prev_end;
	return next->bv_page == prev->bv_page + 1 && next->bv_offset == 0 &&
	       prev_end == PAGE_SIZE;
}

/*
 * The rest of the rule for one hardware segment: may the segment of
 * @seg_size bytes at @seg_start take @len more bytes right after its end?
 * Only if the sum fits max_segment_size and the whole stays inside one
 * seg_boundary_mask window.
 */
static inline bool segment_may_grow(const struct request_queue *q, phys_addr_t seg_start,
				    unsigned int seg_size, unsigned int len)
{
	unsigned long mask = q->limits.seg_boundary_mask;

	if (seg_size + len > q->limits.max_segment_size)
		return false;
	return (seg_start | mask) == ((seg_start + seg_size + len - 1) | mask);
}

bool biovec_phys_mergeable(const struct request_queue *q, const struct bio_vec *prev,
			   const struct bio_vec *next, unsigned int seg_size)
{
	phys_addr_t prev_end = bvec_phys(prev) + prev->bv_len;

	return bvec_follows(prev, next) &&
	       segment_may_grow(q, prev_end - seg_size, seg_size, next->bv_len);
}

/*
 * Segments of @bio (and, if @chain, the bios linked after it), counted
 * greedily vector by vector; *@front and *@back get the sizes of the
 * first and last segment. With @sg, each segment is also written there:
 * the count and the map come from this one walk, so a driver never sees
 * more entries than the limits were checked against.
 *
 * This walk runs at least twice for every vector of every request (to
 * count when the request is made, to map when the driver takes it): a
 * 1 MiB bio of scattered pages is 256 vectors each time. So a vector
 * that does not follow the last one costs no physical address at all,
 * and each bio's vector count is read once, not per vector (a store into
 * @sg could otherwise alias it).
 */
static unsigned int count_segments(const struct request_queue *q, struct bio *bio,
				   bool chain, unsigned int *front, unsigned int *back,
				   struct scatterlist *sg)
{
	const struct bio_vec *seg = NULL;	/* first vector of the current segment */
	const struct bio_vec *prev = NULL;	/* last vector of the current segment */
	unsigned int nr = 0, seg_size = 0, first = 0;

	for (; bio; bio = chain ? bio->bi_next : NULL) {
		const struct bio_vec *bv = bio_iovec(bio);
		const struct bio_vec *end = bio->bi_io_vec + bio->bi_vcnt;

		for (; bv < end; prev = bv++) {
			if (prev && bvec_follows(prev, bv) &&
			    segment_may_grow(q, bvec_phys(seg), seg_size, bv->bv_len)) {
				seg_size += bv->bv_len;
				if (sg)
					sg[nr - 1].length += bv->bv_len;
				continue;
			}
			if (nr == 1)
				first = seg_size;
			if (sg)
				sg[nr] = (struct scatterlist){ bv->bv_page, bv->bv_offset,
							       bv->bv_len };
			nr++;
			seg = bv;
			seg_size = bv->bv_len;
		}
	}
	*front = nr == 1 ? seg_size : first;
	*back = seg_size;
	return nr;
}

unsigned int blk_bio_phys_segments(const struct request_queue *q, struct bio *bio)
{
	unsigned int front, back;

	return count_segments(q, bio, true, &front, &back, NULL);
}

void blk_recount_segments(const struct request_queue *q, struct bio *bio)
{
	/* The common bio of one page needs no walk. */
	if (bio->bi_vcnt - bio->bi_idx == 1) {
		bio->bi_phys_segments = 1;
		bio->bi_seg_front_size = bio->bi_seg_back_size = bio_iovec(bio)->bv_len;
		bio_set_flag(bio, BIO_SEG_VALID);
		return;
	}
	bio->bi_phys_segments = count_segments(q, bio, false, &bio->bi_seg_front_size,
					       &bio->bi_seg_back_size, NULL);
	bio_set_flag(bio, BIO_SEG_VALID);
}

unsigned int bio_phys_segments(const struct request_queue *q, struct bio *bio)
{
	if (!bio_flagged(bio, BIO_SEG_VALID))
		blk_recount_segments(q, bio);
	return bio->bi_phys_segments;
}

unsigned int blk_rq_map_sg(struct request_queue *q, struct request *rq,
			   struct scatterlist *sg)
{
	struct bio *bio = rq->bio;
	unsigned int front, back;

	/* The common request of one bio of one vector needs no walk either. */
	if (bio && !bio->bi_next && bio->bi_vcnt - bio->bi_idx == 1) {
		const struct bio_vec *bv = bio_iovec(bio);

		sg[0] = (struct scatterlist){ bv->bv_page, bv->bv_offset, bv->bv_len };
		return 1;
	}

	return count_segments(q, rq->bio, true, &front, &back, sg);
}

/*
 * Would joining the chain ending in bio @x with the chain starting at
 * bio @y make @x's last segment and @y's first one a single segment?
 * The sizes are the chains' (see struct bio); on yes, *@size is the
 * joined segment's.
 */
static bool segments_join(const struct request_queue *q, struct bio *x, struct bio *y,
			  unsigned int *size)
{
	const struct bio_vec *prev;

	if (!x->bi_vcnt || !y->bi_size)
		return false;
	prev = &x->bi_io_vec[x->bi_vcnt - 1];
	*size = x->bi_seg_back_size + y->bi_seg_front_size;
	return bvec_follows(prev, bio_iovec(y)) &&
	       segment_may_grow(q, bvec_phys(prev) + prev->bv_len - x->bi_seg_back_size,
				x->bi_seg_back_size, y->bi_seg_front_size);
}

/*
 * Segments after putting the chain @y_first..@y_last (@y_segs segments)
 * behind the chain @x_first..@x_last (@x_segs): their sum, less one if the
 * edge segments join. The count is kept exact this way only when a whole
 * edge segment joins; a partial join is counted as none, which may
 * overcount (as Linux does) but never lets a request exceed the limit.
 * Returns the total, or 0 if it exceeds max_segments; on success with a
 * join, the edge sizes are updated so later merges see the joined segment.
 */
static unsigned int join_segments(const struct request_queue *q,
				  struct bio *x_first, struct bio *x_last, unsigned int x_segs,
				  struct bio *y_first, struct bio *y_last, unsigned int y_segs)
{
	unsigned int size, total = x_segs + y_segs;
	bool joined = segments_join(q, x_last, y_first, &size);

	if (joined)
		total--;
	if (total > q->limits.max_segments)
		return 0;
	if (joined) {
		if (x_segs == 1)
			x_first->bi_seg_front_size = size;
		if (y_segs == 1)
			y_last->bi_seg_back_size = size;
	}
	return total;
}

static bool ll_merge_fn(struct request_queue *q, struct request *rq,
			struct bio *bio, bool front)
{
	unsigned int segs, total;

	if (blk_rq_sectors(rq) + bio_sectors(bio) > queue_max_sectors(q))
		return false;
	segs = bio_phys_segments(q, bio);
	if (front)
		total = join_segments(q, bio, bio, segs, rq->bio, rq->biotail,
				      rq->nr_phys_segments);
	else
		total = join_segments(q, rq->bio, rq->biotail, rq->nr_phys_segments,
				      bio, bio, segs);
	if (!total)
		return false;
	rq->nr_phys_segments = (unsigned short)total;
	return true;
}

bool ll_back_merge_fn(struct request_queue *q, struct request *rq, struct bio *bio)
{
	return ll_merge_fn(q, rq, bio, false);
}

bool ll_front_merge_fn(struct request_queue *q, struct request *rq, struct bio *bio)
{
	return ll_merge_fn(q, rq, bio, true);
}

/* A full count, when bios were trimmed or removed (partial completion). */
void blk_recalc_rq_segments(struct request *rq)
{
	unsigned int front, back;

	rq->nr_phys_segments = (unsigned short)count_segments(rq->q, rq->bio, true,
							      &front, &back, NULL);
	if (rq->bio) {
		rq->bio->bi_seg_front_size = front;
		rq->biotail->bi_seg_back_size = back;
	}
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
	segs = join_segments(q, req->bio, req->biotail, req->nr_phys_segments,
			     next->bio, next->biotail, next->nr_phys_segments);
	if (!segs)
		return false;
	req->biotail->bi_next = next->bio;
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
