/*
 * test_blk_core.c - the request path (block/blk-core.c, blk-merge.c) on
 * an in-memory driver that records what reaches it: bio merges at both
 * ends, request-request merges, limits that refuse merges, plugging and
 * its three unplug causes, splitting, partition remapping and the checks
 * at the front door. Jiffies move only when the test says so, so the
 * plug's 3 ms timer is exact.
 */
#include "harness.h"
#include "hosted.h"
#include "elevator.h"
#include "init.h"
#include "slab.h"
#include "string.h"

#define MAX_SEEN 64

static struct gendisk disk;
static struct hd_struct part1 = { .start_sect = 2048, .nr_sects = 4096, .partno = 1 };
static struct block_device whole, part;
static struct request_queue *q;
static spinlock_t lock;

/* What the "driver" was handed: each request's start and size. */
static struct {
	sector_t pos;
	unsigned int sectors;
	unsigned short segs;	/* what the merges kept count of */
	unsigned short exact;	/* a fresh greedy count */
	unsigned short mapped;	/* entries blk_rq_map_sg() gave the driver */
	unsigned int mapped_bytes;
} seen[MAX_SEEN];
static struct scatterlist sg[BLK_MAX_SEGMENTS];
static int nr_seen;
static int ends;

static void test_request_fn(struct request_queue *rq_q)
{
	struct request *rq;

	while ((rq = blk_fetch_request(rq_q)) != NULL) {
		if (nr_seen < MAX_SEEN) {
			unsigned int n = blk_rq_map_sg(rq_q, rq, sg), bytes = 0;

			for (unsigned int i = 0; i < n; i++)
				bytes += sg[i].length;
			seen[nr_seen++] = (typeof(seen[0])){ blk_rq_pos(rq),
				blk_rq_sectors(rq), rq->nr_phys_segments,
				(unsigned short)blk_bio_phys_segments(rq_q, rq->bio),
				(unsigned short)n, bytes };
		}
		__blk_end_request_all(rq, 0);
	}
}

static void setup(void)
{
	static bool booted;

	if (!booted) {
		hosted_block_boot();
		spin_lock_init(&lock);
		booted = true;
	}
	if (q)
		blk_cleanup_queue(q);
	q = blk_init_queue(test_request_fn, &lock, "noop");
	hosted_disk_init(&disk, &whole, q, "tst", 1 << 16);
	part = (struct block_device){ .name = "tst1", .bd_disk = &disk,
				      .bd_part = &part1, .bd_partno = 1 };
	disk.bdev[1] = &part;
	disk.part[1] = &part1;
	disk.nr_parts = 2;
	nr_seen = 0;
	ends = 0;
}

static int last_error;
static void count_end(struct bio *bio, int error)
{
	ends++;
	last_error = error;
	bio_put(bio);
}

/*
 * A bio of @pages separate (never adjacent) pages at @sector. The device
 * is set after the pages, so bio_add_page() checks no queue limit: the
 * bio may be bigger than the queue takes, as a stacking driver's can be.
 */
static void submit(struct block_device *bdev, unsigned long rw, sector_t sector,
		   int pages)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, (unsigned int)pages);

	bio->bi_sector = sector;
	bio->bi_end_io = count_end;
	for (int i = 0; i < pages; i++)
		bio_add_page(bio, alloc_pages(GFP_KERNEL, 1), PAGE_SIZE, 0);
	bio->bi_bdev = bdev;
	submit_bio(rw, bio);
}

TEST(sync_bio_goes_straight_to_the_driver)
{
	setup();
	submit(&whole, READ_SYNC, 100, 1);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen[0].pos, 100);
	CHECK_EQ(ends, 1);
	CHECK_EQ(last_error, 0);
	CHECK_EQ(q->stats.unplugs[UNPLUG_SYNC], 1);
	CHECK_EQ(q->count[0] + q->count[1], 0);
}

TEST(plugged_bios_merge_back_and_front_then_timer_unplugs)
{
	setup();
	submit(&whole, WRITE, 108, 1);		/* plugs the idle queue */
	submit(&whole, WRITE, 116, 1);		/* back merge */
	submit(&whole, WRITE, 100, 1);		/* front merge */
	CHECK_EQ(nr_seen, 0);
	CHECK(q->plugged);
	CHECK_EQ(q->stats.back_merges, 1);
	CHECK_EQ(q->stats.front_merges, 1);
	hosted_advance_jiffies(BLK_UNPLUG_DELAY_MS - 1);
	CHECK_EQ(nr_seen, 0);
	hosted_advance_jiffies(1);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen[0].pos, 100);
	CHECK_EQ(seen[0].sectors, 24);
	CHECK_EQ(seen[0].segs, 3);
	CHECK_EQ(q->stats.unplugs[UNPLUG_TIMER], 1);
	CHECK_EQ(ends, 3);
	CHECK_EQ(disk.part0.dkstats.merges[1], 2);
	CHECK_EQ(disk.part0.dkstats.ios[1], 1);
	CHECK_EQ(disk.part0.dkstats.sectors[1], 24);
}

TEST(fourth_request_unplugs_the_queue)
{
	setup();
	for (int i = 0; i < BLK_UNPLUG_THRESH; i++)
		submit(&whole, WRITE, 1000 + (sector_t)i * 100, 1);
	CHECK_EQ(q->stats.unplugs[UNPLUG_THRESH], 1);
	CHECK_EQ(nr_seen, BLK_UNPLUG_THRESH);
	CHECK_EQ(ends, BLK_UNPLUG_THRESH);
}

TEST(bio_filling_a_gap_merges_the_two_requests)
{
	setup();
	submit(&whole, WRITE, 100, 1);		/* [100,108) */
	submit(&whole, WRITE, 116, 1);		/* [116,124) */
	submit(&whole, WRITE, 108, 1);		/* joins both: one request */
	CHECK_EQ(q->stats.rq_merges, 1);
	hosted_advance_jiffies(BLK_UNPLUG_DELAY_MS);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen[0].pos, 100);
	CHECK_EQ(seen[0].sectors, 24);
	CHECK_EQ(ends, 3);
}

TEST(merges_refused_beyond_max_sectors_and_other_direction)
{
	setup();
	CHECK_EQ(blk_queue_max_sectors(q, 16), 0);
	submit(&whole, WRITE, 100, 1);
	submit(&whole, WRITE, 108, 1);		/* 16 sectors: still fits */
	submit(&whole, WRITE, 116, 1);		/* would be 24: new request */
	submit(&whole, READ, 124, 1);		/* a read never joins writes */
	CHECK_EQ(q->stats.back_merges, 1);
	hosted_advance_jiffies(BLK_UNPLUG_DELAY_MS);
	CHECK_EQ(nr_seen, 3);
	for (int i = 0; i < nr_seen; i++)
		CHECK(seen[i].sectors <= 16);
	CHECK_EQ(ends, 4);
}

TEST(oversized_bio_is_split_to_fit)
{
	setup();
	CHECK_EQ(blk_queue_max_sectors(q, 16), 0);
	submit(&whole, WRITE_SYNC, 200, 5);	/* 40 sectors -> 16 + 16 + 8 */
	CHECK_EQ(q->stats.splits, 2);
	CHECK_EQ(nr_seen, 3);
	CHECK_EQ(seen[0].pos, 200);
	CHECK_EQ(seen[0].sectors + seen[1].sectors + seen[2].sectors, 40);
	for (int i = 0; i < nr_seen; i++)
		CHECK(seen[i].sectors <= 16);
	CHECK_EQ(ends, 1);			/* the caller's bio ends once */
	CHECK_EQ(last_error, 0);
}

TEST(segment_limit_splits_too)
{
	setup();
	CHECK_EQ(blk_queue_max_segments(q, 2), 0);
	submit(&whole, WRITE_SYNC, 300, 3);	/* 3 separate pages: 2 + 1 */
	CHECK_EQ(nr_seen, 2);
	CHECK_EQ(seen[0].segs, 2);
	CHECK_EQ(seen[1].segs, 1);
	CHECK_EQ(ends, 1);
}

/* A bio of one given page at @sector. */
static void submit_page(unsigned long rw, sector_t sector, struct page *page)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, 1);

	bio->bi_sector = sector;
	bio->bi_end_io = count_end;
	bio_add_page(bio, page, PAGE_SIZE, 0);
	bio->bi_bdev = &whole;
	submit_bio(rw, bio);
}

/*
 * Merges add segment counts instead of recounting, joining the edge
 * segments when the pages are physically contiguous: the count must
 * match what a driver maps.
 */
TEST(merged_bios_on_contiguous_pages_share_segments)
{
	struct page *p = alloc_pages(GFP_KERNEL, 3);	/* 8 contiguous pages */

	setup();
	submit_page(WRITE, 100, p + 0);
	submit_page(WRITE, 108, p + 1);		/* back merge, joins: 1 segment */
	submit_page(WRITE, 92, p + 7);		/* front merge, no join: 2 */
	submit_page(WRITE, 116, p + 2);		/* back, joins: still 2 */
	hosted_advance_jiffies(BLK_UNPLUG_DELAY_MS);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen[0].pos, 92);
	CHECK_EQ(seen[0].segs, 2);
	CHECK_EQ(seen[0].exact, 2);
	/* The map the driver gets: the same two segments, every byte. */
	CHECK_EQ(seen[0].mapped, 2);
	CHECK_EQ(seen[0].mapped_bytes, 32 * 512);

	/* Request-request merge: the gap's page joins both sides. */
	setup();
	submit_page(WRITE, 200, p + 3);
	submit_page(WRITE, 216, p + 5);
	submit_page(WRITE, 208, p + 4);
	CHECK_EQ(q->stats.rq_merges, 1);
	hosted_advance_jiffies(BLK_UNPLUG_DELAY_MS);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen[0].segs, 1);
	CHECK_EQ(seen[0].exact, 1);

	/* A 4 KiB boundary or segment size keeps every page its own segment. */
	setup();
	CHECK_EQ(blk_queue_segment_boundary(q, PAGE_SIZE - 1), 0);
	for (int i = 0; i < 3; i++)
		submit_page(WRITE, 300 + (sector_t)i * 8, p + i);
	hosted_advance_jiffies(BLK_UNPLUG_DELAY_MS);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen[0].segs, 3);
	CHECK_EQ(seen[0].exact, 3);
	setup();
	CHECK_EQ(blk_queue_max_segment_size(q, PAGE_SIZE), 0);
	for (int i = 0; i < 3; i++)
		submit_page(WRITE, 300 + (sector_t)i * 8, p + i);
	hosted_advance_jiffies(BLK_UNPLUG_DELAY_MS);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen[0].segs, 3);
	CHECK_EQ(seen[0].exact, 3);
	__free_pages(p, 3);
}

/*
 * Random merges over pages that are sometimes contiguous, under random
 * limits: the kept count never under-counts (a driver would overflow
 * its table) and never passes max_segments.
 */
TEST(kept_segment_counts_never_undercount)
{
	struct page *p = alloc_pages(GFP_KERNEL, 4);	/* 16 contiguous pages */
	u32 seed = 12345;

	for (int round = 0; round < 40; round++) {
		setup();
		seed = seed * 1103515245u + 12345u;
		CHECK_EQ(blk_queue_max_segments(q, 2 + (seed >> 8) % 6), 0);
		if (seed & 0x10000)
			CHECK_EQ(blk_queue_max_segment_size(q, PAGE_SIZE * (1 + (seed >> 20) % 3)), 0);
		if (seed & 0x20000)
			CHECK_EQ(blk_queue_segment_boundary(q, PAGE_SIZE * 4 - 1), 0);
		for (int i = 0; i < 12; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Sectors 0..15 blocks, pages mostly in order so joins happen. */
			int blk = (int)((seed >> 8) % 16);
			int pg = (seed & 0x400000) ? blk : (int)((seed >> 12) % 16);

			submit_page(WRITE, 1000 + (sector_t)blk * 8, p + pg);
		}
		hosted_advance_jiffies(BLK_UNPLUG_DELAY_MS);
		for (int i = 0; i < nr_seen; i++) {
			CHECK(seen[i].segs >= seen[i].exact);
			CHECK(seen[i].segs <= q->limits.max_segments);
			CHECK_EQ(seen[i].mapped, seen[i].exact);
			CHECK_EQ(seen[i].mapped_bytes, seen[i].sectors * 512);
		}
	}
	__free_pages(p, 4);
}

TEST(partition_io_is_remapped)
{
	setup();
	submit(&part, READ_SYNC, 10, 1);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen[0].pos, 2048 + 10);
	/* The partition's own end is the limit, not the disk's. */
	submit(&part, READ_SYNC, 4096 - 4, 1);
	CHECK_EQ(ends, 2);
	CHECK_EQ(last_error, -EIO);
	CHECK_EQ(nr_seen, 1);
}

TEST(front_door_refuses_bad_io)
{
	setup();
	submit(&whole, READ_SYNC, (1 << 16) - 1, 1);	/* past the end */
	CHECK_EQ(last_error, -EIO);
	submit(&whole, READ_SYNC, ~(sector_t)0 - 3, 1);	/* would wrap */
	CHECK_EQ(last_error, -EIO);
	CHECK_EQ(blk_queue_logical_block_size(q, 4096), 0);
	submit(&whole, READ_SYNC, 3, 1);			/* misaligned */
	CHECK_EQ(last_error, -EINVAL);
	disk.read_only = true;
	submit(&whole, WRITE_SYNC, 8, 1);
	CHECK_EQ(last_error, -EROFS);
	CHECK_EQ(nr_seen, 0);
	CHECK_EQ(ends, 4);
}

TEST(partial_completion_ends_bios_as_they_finish)
{
	struct request *rq;

	setup();
	q->request_fn = NULL;			/* we play the driver by hand */
	submit(&whole, WRITE, 100, 1);
	submit(&whole, WRITE, 108, 1);
	spin_lock_irq(&lock);
	blk_remove_plug(q);
	rq = blk_fetch_request(q);
	CHECK(rq != NULL);
	if (rq) {
		CHECK_EQ(blk_rq_sectors(rq), 16);
		CHECK(__blk_end_request(rq, 0, 2048));	/* half of the first bio */
		CHECK_EQ(ends, 0);
		CHECK_EQ(blk_rq_pos(rq), 104);
		CHECK(__blk_end_request(rq, 0, 2048));	/* the first bio is done */
		CHECK_EQ(ends, 1);
		CHECK(!__blk_end_request(rq, -EIO, 4096));	/* the rest, failing */
		CHECK_EQ(ends, 2);
		CHECK_EQ(last_error, -EIO);
	}
	spin_unlock_irq(&lock);
	CHECK_EQ(q->count[1], 0);
}

TEST(stacked_submission_is_flattened_in_order)
{
	setup();
	/* Nested generic_make_request calls queue on current->bio_list. */
	struct bio_list list;

	bio_list_init(&list);
	current->bio_list = &list;
	submit(&whole, READ_SYNC, 500, 1);
	submit(&whole, READ_SYNC, 600, 1);
	CHECK_EQ(nr_seen, 0);			/* queued, not run */
	CHECK(!bio_list_empty(&list));
	current->bio_list = NULL;
	while (!bio_list_empty(&list))
		generic_make_request(bio_list_pop(&list));
	CHECK_EQ(nr_seen, 2);
	CHECK_EQ(seen[0].pos, 500);
	CHECK_EQ(seen[1].pos, 600);
}

/*
 * regress-empty-flush-never-ends: a flush with no data has a zero-size
 * bio; ending the request must end that bio too, and the flush must not
 * pass the writes queued before it.
 */
TEST(empty_flush_ends_after_earlier_writes)
{
	struct bio *flush;

	setup();
	submit(&whole, WRITE, 100, 1);
	submit(&whole, WRITE, 300, 1);
	flush = bio_alloc(GFP_KERNEL, 1);
	flush->bi_bdev = &whole;
	flush->bi_end_io = count_end;
	submit_bio(WRITE_SYNC | REQ_FLUSH, flush);
	CHECK_EQ(nr_seen, 3);
	CHECK_EQ(seen[2].sectors, 0);		/* the flush came last */
	CHECK_EQ(ends, 3);
	CHECK_EQ(last_error, 0);
	CHECK_EQ(q->count[0] + q->count[1], 0);
}
