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
