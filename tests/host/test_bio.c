/*
 * test_bio.c - bios (block/bio.c), their hardware segments
 * (block/blk-merge.c) and queue limits (block/blk-settings.c).
 */
#include "harness.h"
#include "hosted.h"
#include "blkdev.h"
#include "slab.h"

static struct request_queue q;
static struct gendisk disk;
static struct block_device bdev;

static void boot(void)
{
	hosted_block_boot();
	blk_set_default_limits(&q.limits);
	disk.queue = &q;
	bdev.bd_disk = &disk;
}

/* Two pages that are physically adjacent (an order-1 block). */
static struct page *adjacent_pages(void)
{
	return alloc_pages(GFP_KERNEL, 1);
}

static int end_calls, end_error;
static void count_end(struct bio *bio, int error)
{
	(void)bio;
	end_calls++;
	end_error = error;
}

TEST(alloc_and_put_return_everything)
{
	unsigned long before;
	struct bio *small, *big;

	boot();
	before = fs_bio_set->allocated;
	small = bio_alloc(GFP_KERNEL, 1);
	big = bio_alloc(GFP_KERNEL, BIO_MAX_PAGES);
	CHECK(small && big);
	CHECK_EQ(small->bi_max_vecs, BIO_INLINE_VECS);
	CHECK_EQ(big->bi_max_vecs, BIO_MAX_PAGES);
	CHECK(bio_flagged(small, BIO_UPTODATE));
	CHECK(bio_alloc(GFP_KERNEL, BIO_MAX_PAGES + 1) == NULL);
	bio_get(small);
	bio_put(small);
	CHECK_EQ(fs_bio_set->allocated, before + 2);
	bio_put(small);
	bio_put(big);
	CHECK_EQ(fs_bio_set->allocated, before);
}

TEST(add_page_merges_contiguous_bytes_of_one_page)
{
	struct bio *bio;
	struct page *p;

	boot();
	p = alloc_page(GFP_KERNEL);
	bio = bio_alloc(GFP_KERNEL, 1);
	CHECK_EQ(bio_add_page(bio, p, 512, 0), 512);
	CHECK_EQ(bio_add_page(bio, p, 1024, 512), 1024);
	CHECK_EQ(bio->bi_vcnt, 1);
	CHECK_EQ(bio->bi_io_vec[0].bv_len, 1536);
	CHECK_EQ(bio->bi_size, 1536);
	/* Past the end of the page, or empty: refused. */
	CHECK_EQ(bio_add_page(bio, p, 4096, 1536), 0);
	CHECK_EQ(bio_add_page(bio, p, 0, 0), 0);
	bio_put(bio);
	__free_page(p);
}

TEST(add_page_stops_when_vectors_run_out)
{
	struct page *pages[BIO_INLINE_VECS + 1];
	struct bio *bio;

	boot();
	bio = bio_alloc(GFP_KERNEL, 1);
	for (int i = 0; i <= BIO_INLINE_VECS; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < BIO_INLINE_VECS; i++)
		CHECK_EQ(bio_add_page(bio, pages[i], 512, 0), 512);
	CHECK_EQ(bio_add_page(bio, pages[BIO_INLINE_VECS], 512, 0), 0);
	CHECK_EQ(bio->bi_size, BIO_INLINE_VECS * 512);
	bio_put(bio);
	for (int i = 0; i <= BIO_INLINE_VECS; i++)
		__free_page(pages[i]);
}

TEST(add_page_honours_max_sectors)
{
	struct bio *bio;
	struct page *p[3];

	boot();
	CHECK_EQ(blk_queue_max_sectors(&q, 16), 0);	/* 8 KiB */
	bio = bio_alloc(GFP_KERNEL, 4);
	bio->bi_bdev = &bdev;
	for (int i = 0; i < 3; i++)
		p[i] = alloc_page(GFP_KERNEL);
	CHECK_EQ(bio_add_page(bio, p[0], 4096, 0), 4096);
	CHECK_EQ(bio_add_page(bio, p[1], 4096, 0), 4096);
	CHECK_EQ(bio_add_page(bio, p[2], 512, 0), 0);
	CHECK_EQ(bio_sectors(bio), 16);
	bio_put(bio);
	for (int i = 0; i < 3; i++)
		__free_page(p[i]);
}

TEST(phys_contiguous_pages_share_a_segment)
{
	struct page *pair = adjacent_pages();
	struct bio *bio;

	boot();
	bio = bio_alloc(GFP_KERNEL, 4);
	bio->bi_bdev = &bdev;
	CHECK_EQ(bio_add_page(bio, pair, 4096, 0), 4096);
	CHECK_EQ(bio_add_page(bio, pair + 1, 4096, 0), 4096);
	CHECK_EQ(bio->bi_vcnt, 2);
	CHECK_EQ(blk_bio_phys_segments(&q, bio), 1);
	/* A segment may not grow past max_segment_size... */
	CHECK_EQ(blk_queue_max_segment_size(&q, 4096), 0);
	CHECK_EQ(blk_bio_phys_segments(&q, bio), 2);
	/* ...nor cross the boundary: an 8 KiB pair is 4 KiB-boundary split. */
	blk_set_default_limits(&q.limits);
	CHECK_EQ(blk_queue_segment_boundary(&q, 4095), 0);
	CHECK_EQ(blk_bio_phys_segments(&q, bio), 2);
	bio_put(bio);
	__free_pages(pair, 1);
}

TEST(add_page_honours_max_segments)
{
	struct page *p[3];
	struct bio *bio;

	boot();
	CHECK_EQ(blk_queue_max_segments(&q, 2), 0);
	/* Three separate pages from order-1 blocks: never adjacent. */
	for (int i = 0; i < 3; i++)
		p[i] = alloc_pages(GFP_KERNEL, 1);
	bio = bio_alloc(GFP_KERNEL, 4);
	bio->bi_bdev = &bdev;
	CHECK_EQ(bio_add_page(bio, p[0], 4096, 0), 4096);
	CHECK_EQ(bio_add_page(bio, p[1], 4096, 0), 4096);
	CHECK_EQ(bio_add_page(bio, p[2], 4096, 0), 0);
	CHECK_EQ(bio->bi_vcnt, 2);
	/* The contiguous second half of p[1]'s block still fits the segment. */
	CHECK_EQ(bio_add_page(bio, p[1] + 1, 4096, 0), 4096);
	CHECK_EQ(blk_bio_phys_segments(&q, bio), 2);
	bio_put(bio);
	for (int i = 0; i < 3; i++)
		__free_pages(p[i], 1);
}

/* Without a queue, a full bio still takes bytes that extend its last vector. */
TEST(add_page_without_queue_extends_last_vector_when_full)
{
	struct page *pages[BIO_INLINE_VECS];
	struct bio *bio;

	boot();
	bio = bio_alloc(GFP_KERNEL, 1);
	for (int i = 0; i < BIO_INLINE_VECS; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		CHECK_EQ(bio_add_page(bio, pages[i], 512, 0), 512);
	}
	CHECK_EQ(bio_add_page(bio, pages[0], 512, 512), 0);	/* not the last vector */
	CHECK_EQ(bio_add_page(bio, pages[BIO_INLINE_VECS - 1], 1024, 512), 1024);
	CHECK_EQ(bio->bi_vcnt, BIO_INLINE_VECS);
	CHECK_EQ(bio->bi_io_vec[BIO_INLINE_VECS - 1].bv_len, 1536);
	CHECK_EQ(bio->bi_size, (BIO_INLINE_VECS + 2) * 512);
	CHECK(!bio_flagged(bio, BIO_SEG_VALID));
	bio_put(bio);
	for (int i = 0; i < BIO_INLINE_VECS; i++)
		__free_page(pages[i]);
}

/*
 * The segment rule written the slow, obvious way: vectors join while the
 * next one starts at the segment's physical end, the size fits and the
 * segment stays in one boundary window. blk-merge.c must agree with it.
 */
struct ref_seg {
	phys_addr_t start;
	unsigned int size;
};

static unsigned int ref_segments(const struct request_queue *rq, const struct bio_vec *bv,
				 int n, struct ref_seg *out)
{
	unsigned long mask = rq->limits.seg_boundary_mask;
	unsigned int nr = 0;

	for (int i = 0; i < n; i++) {
		phys_addr_t start = page_to_phys(bv[i].bv_page) + bv[i].bv_offset;
		struct ref_seg *cur = nr ? &out[nr - 1] : NULL;

		if (cur && start == cur->start + cur->size &&
		    cur->size + bv[i].bv_len <= rq->limits.max_segment_size &&
		    (cur->start | mask) == ((start + bv[i].bv_len - 1) | mask)) {
			cur->size += bv[i].bv_len;
		} else {
			out[nr++] = (struct ref_seg){ start, bv[i].bv_len };
		}
	}
	return nr;
}

static unsigned int rnd_state = 12345;
static unsigned int rnd(unsigned int n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

#define BLOCK_ORDER	3	/* 8 contiguous pages to scatter vectors over */
#define MAX_TEST_VECS	12

/*
 * Random vectors over a small contiguous block, about half of them
 * continuing the one before (same page or across into the next), under
 * random limits: the cached count, the front and back sizes and the
 * driver's map must match the slow rule, for one bio and for a chain.
 */
TEST(segment_count_and_map_match_the_physical_rule)
{
	static const unsigned long masks[] = { 4095, 8191, 16383, 0xffffffffUL };
	static const unsigned int sizes[] = { 4096, 6144, 8192, 65536 };
	struct page *block;

	boot();
	block = alloc_pages(GFP_KERNEL, BLOCK_ORDER);
	CHECK(block != NULL);
	for (int iter = 0; iter < 3000; iter++) {
		struct bio_vec vecs[2 * MAX_TEST_VECS];
		struct ref_seg ref[2 * MAX_TEST_VECS];
		struct scatterlist sg[2 * MAX_TEST_VECS];
		struct bio *bio[2];
		struct request rq = { 0 };
		int n[2], total = 0;
		unsigned int nref, nsg;

		blk_set_default_limits(&q.limits);
		q.limits.seg_boundary_mask = masks[rnd(4)];
		q.limits.max_segment_size = sizes[rnd(4)];
		for (int b = 0; b < 2; b++) {
			n[b] = 1 + (int)rnd(MAX_TEST_VECS);
			bio[b] = bio_alloc(GFP_KERNEL, MAX_TEST_VECS);
			for (int i = 0; i < n[b]; i++, total++) {
				struct bio_vec *prev = total ? &vecs[total - 1] : NULL;
				unsigned int prev_end = prev ? prev->bv_offset + prev->bv_len : 0;
				struct bio_vec v;

				if (prev && rnd(2) && prev_end < PAGE_SIZE) {
					v = (struct bio_vec){ prev->bv_page, 0, prev_end };
				} else if (prev && rnd(2) &&
					   prev->bv_page + 1 < block + (1 << BLOCK_ORDER)) {
					v = (struct bio_vec){ prev->bv_page + 1, 0, 0 };
				} else {
					v = (struct bio_vec){ block + rnd(1 << BLOCK_ORDER), 0,
							      512 * rnd(8) };
				}
				v.bv_len = 512 * (1 + rnd((PAGE_SIZE - v.bv_offset) / 512));
				vecs[total] = v;
				bio[b]->bi_io_vec[i] = v;
				bio[b]->bi_size += v.bv_len;
			}
			bio[b]->bi_vcnt = (unsigned short)n[b];
		}

		/* Each bio on its own: the count and edge sizes it caches. */
		for (int b = 0, off = 0; b < 2; off += n[b], b++) {
			nref = ref_segments(&q, vecs + off, n[b], ref);
			blk_recount_segments(&q, bio[b]);
			CHECK_EQ(bio[b]->bi_phys_segments, nref);
			CHECK_EQ(bio[b]->bi_seg_front_size, ref[0].size);
			CHECK_EQ(bio[b]->bi_seg_back_size, ref[nref - 1].size);
		}

		/* The two chained as one request: the count and the map. */
		nref = ref_segments(&q, vecs, total, ref);
		bio[0]->bi_next = bio[1];
		CHECK_EQ(blk_bio_phys_segments(&q, bio[0]), nref);
		rq.bio = bio[0];
		rq.biotail = bio[1];
		nsg = blk_rq_map_sg(&q, &rq, sg);
		CHECK_EQ(nsg, nref);
		for (unsigned int i = 0; i < nsg && i < nref; i++) {
			CHECK_EQ(sg_phys(&sg[i]), ref[i].start);
			CHECK_EQ(sg[i].length, ref[i].size);
		}
		bio[0]->bi_next = NULL;
		bio_put(bio[0]);
		bio_put(bio[1]);
	}
	__free_pages(block, BLOCK_ORDER);
}

/* Edge cases of "physically next", each with two one-vector bios merged. */
TEST(segment_edges_join_only_when_physically_next)
{
	struct page *pair;
	static const struct {
		int page0;
		unsigned int off0, len0;
		int page1;
		unsigned int off1, len1;
		unsigned int segs;
	} cases[] = {
		{ 0, 0, 2048, 0, 2048, 2048, 1 },	/* same page, touching */
		{ 0, 0, 2048, 0, 2560, 512, 2 },	/* same page, a gap */
		{ 0, 2048, 2048, 1, 0, 4096, 1 },	/* to the page end, next page's start */
		{ 0, 2048, 1536, 1, 0, 4096, 2 },	/* stops short of the page end */
		{ 0, 0, 4096, 1, 512, 512, 2 },		/* next page, not its start */
		{ 1, 0, 4096, 0, 0, 4096, 2 },		/* the page before */
		{ 0, 0, 4096, 0, 0, 4096, 2 },		/* the same page again */
	};

	boot();
	pair = adjacent_pages();
	for (unsigned int c = 0; c < ARRAY_SIZE(cases); c++) {
		struct bio *x = bio_alloc(GFP_KERNEL, 1), *y = bio_alloc(GFP_KERNEL, 1);
		struct request rq = { 0 };
		struct scatterlist sg[2];

		x->bi_io_vec[0] = (struct bio_vec){ pair + cases[c].page0, cases[c].len0,
						    cases[c].off0 };
		y->bi_io_vec[0] = (struct bio_vec){ pair + cases[c].page1, cases[c].len1,
						    cases[c].off1 };
		x->bi_vcnt = y->bi_vcnt = 1;
		x->bi_size = cases[c].len0;
		y->bi_size = cases[c].len1;
		blk_recount_segments(&q, x);
		blk_recount_segments(&q, y);
		CHECK_EQ(biovec_phys_mergeable(&q, &x->bi_io_vec[0], &y->bi_io_vec[0],
					       x->bi_seg_back_size), cases[c].segs == 1);
		x->bi_next = y;
		rq.bio = x;
		rq.biotail = y;
		CHECK_EQ(blk_rq_map_sg(&q, &rq, sg), cases[c].segs);
		x->bi_next = NULL;
		bio_put(x);
		bio_put(y);
	}
	__free_pages(pair, 1);
}

TEST(settings_reject_impossible_limits)
{
	boot();
	CHECK_EQ(blk_queue_max_sectors(&q, 7), -EINVAL);
	CHECK_EQ(blk_queue_max_segments(&q, 0), -EINVAL);
	CHECK_EQ(blk_queue_max_segment_size(&q, 512), -EINVAL);
	CHECK_EQ(blk_queue_segment_boundary(&q, 0x1234), -EINVAL);
	CHECK_EQ(blk_queue_segment_boundary(&q, 511), -EINVAL);
	CHECK_EQ(blk_queue_logical_block_size(&q, 768), -EINVAL);
	CHECK_EQ(blk_queue_logical_block_size(&q, 8192), -EINVAL);
	/* Nothing changed. */
	CHECK_EQ(q.limits.max_sectors, BLK_DEF_MAX_SECTORS);
	CHECK_EQ(q.limits.max_segments, BLK_MAX_SEGMENTS);
	CHECK_EQ(q.limits.seg_boundary_mask, BLK_SEG_BOUNDARY_MASK);
	CHECK_EQ(q.limits.logical_block_size, 512);
	CHECK_EQ(blk_queue_logical_block_size(&q, 4096), 0);
	blk_queue_bounce_limit(&q, 0xffffffULL);
	CHECK_EQ(q.limits.bounce_pfn, 0xfff);
}

TEST(advance_walks_into_and_across_vectors)
{
	struct page *p[2];
	struct bio *bio;

	boot();
	p[0] = alloc_page(GFP_KERNEL);
	p[1] = alloc_page(GFP_KERNEL);
	bio = bio_alloc(GFP_KERNEL, 2);
	bio->bi_sector = 100;
	bio_add_page(bio, p[0], 4096, 0);
	bio_add_page(bio, p[1], 2048, 0);
	bio_advance(bio, 1024);
	CHECK_EQ(bio->bi_sector, 102);
	CHECK_EQ(bio->bi_idx, 0);
	CHECK_EQ(bio_iovec(bio)->bv_offset, 1024);
	CHECK_EQ(bio_iovec(bio)->bv_len, 3072);
	bio_advance(bio, 3072 + 512);
	CHECK_EQ(bio->bi_idx, 1);
	CHECK_EQ(bio_iovec(bio)->bv_len, 1536);
	CHECK_EQ(bio->bi_size, 1536);
	CHECK_EQ(bio_end_sector(bio), 112);
	bio_put(bio);
	__free_page(p[0]);
	__free_page(p[1]);
}

TEST(endio_reports_error_once)
{
	struct bio *bio;

	boot();
	bio = bio_alloc(GFP_KERNEL, 1);
	bio->bi_end_io = count_end;
	end_calls = 0;
	bio_endio(bio, -EIO);
	CHECK_EQ(end_calls, 1);
	CHECK_EQ(end_error, -EIO);
	CHECK(!bio_flagged(bio, BIO_UPTODATE));
	bio_put(bio);
}

TEST(split_halves_end_parent_once_with_first_error)
{
	struct page *p[3];
	struct bio *bio, *first;
	unsigned long before;

	boot();
	before = fs_bio_set->allocated;
	for (int i = 0; i < 3; i++)
		p[i] = alloc_page(GFP_KERNEL);
	bio = bio_alloc(GFP_KERNEL, 3);
	bio->bi_sector = 1000;
	bio->bi_rw = WRITE_SYNC;
	bio->bi_end_io = count_end;
	for (int i = 0; i < 3; i++)
		bio_add_page(bio, p[i], 4096, 0);
	CHECK(bio_split(bio, 0, GFP_KERNEL) == NULL);
	CHECK(bio_split(bio, 24, GFP_KERNEL) == NULL);
	first = bio_split(bio, 12, GFP_KERNEL);	/* 6 KiB: inside page 1 */
	CHECK(first != NULL);
	if (!first)
		return;
	CHECK_EQ(first->bi_sector, 1000);
	CHECK_EQ(bio_sectors(first), 12);
	CHECK_EQ(first->bi_rw, WRITE_SYNC);
	CHECK_EQ(first->bi_vcnt, 2);
	CHECK_EQ(first->bi_io_vec[1].bv_len, 2048);
	CHECK_EQ(bio->bi_sector, 1012);
	CHECK_EQ(bio_sectors(bio), 12);
	CHECK(bio_iovec(bio)->bv_page == p[1]);
	CHECK_EQ(bio_iovec(bio)->bv_offset, 2048);

	end_calls = 0;
	bio_endio(bio, 0);		/* the rest ends first... */
	CHECK_EQ(end_calls, 0);
	bio_endio(first, -EIO);		/* ...the parent ends with the split's error */
	CHECK_EQ(end_calls, 1);
	CHECK_EQ(end_error, -EIO);
	bio_put(bio);
	CHECK_EQ(fs_bio_set->allocated, before);
	for (int i = 0; i < 3; i++)
		__free_page(p[i]);
}

TEST(bio_list_is_fifo)
{
	struct bio_list bl;
	struct bio a = { 0 }, b = { 0 }, c = { 0 };

	bio_list_init(&bl);
	CHECK(bio_list_empty(&bl));
	bio_list_add(&bl, &a);
	bio_list_add(&bl, &b);
	CHECK(bio_list_pop(&bl) == &a);
	bio_list_add(&bl, &c);
	CHECK(bio_list_pop(&bl) == &b);
	CHECK(bio_list_pop(&bl) == &c);
	CHECK(bio_list_pop(&bl) == NULL);
	CHECK(bio_list_empty(&bl));
}
