/*
 * test_blk_lib.c - synchronous I/O through the request path
 * (block/blk-lib.c): blkdev_rw_pages() against an in-memory disk whose
 * contents the test also keeps in a model array. Ranges of every start
 * and length on 512- and 4096-byte logical blocks (the edges of a 4096
 * block device go by read-modify-write, and no request the driver sees
 * may break the block), queues so small that one call needs many bios,
 * partitions, a bad sector, a read-only disk, and submit_bio_wait() and
 * the flush built on it. Then the waits that may give up (@stop): a bio
 * the driver sits on is left behind with its pages, a full request pool
 * is waited out or given up on, and partitions that start inside a
 * 4096-byte block are cut on the disk's blocks.
 */
#include <stdlib.h>
#include "harness.h"
#include "hosted.h"
#include "kthread.h"
#include "sched.h"
#include "slab.h"
#include "string.h"

#define DISK_SECTORS	512
#define NR_PAGES	8		/* the caller's buffer: 64 sectors */

static struct gendisk disk;
static struct hd_struct part1;		/* sectors 40..239 unless a test moves it */
static struct block_device whole, part;
static struct request_queue *q;
static spinlock_t lock;
static u8 media[DISK_SECTORS * 512];	/* what the driver stores */
static u8 model[DISK_SECTORS * 512];	/* what it should store */
static struct page *pages[NR_PAGES];
static sector_t bad_sector = ~0ULL;	/* a request touching it fails with -EIO */
static int nr_rq, nr_flush, misaligned;
/*
 * While hold is set the driver takes requests and sits on them, as a
 * disk kept busy by someone else would, until release_held().
 */
#define MAX_HELD	16
static bool hold;
static struct request *held[MAX_HELD];
static int nr_held;

/* Queue lock held. */
static void ram_serve(struct request *rq, int err)
{
	sector_t pos = blk_rq_pos(rq);

	if (bad_sector >= pos && bad_sector < pos + blk_rq_sectors(rq))
		err = -EIO;
	if (!err)
		hosted_rq_copy(rq, media);
	__blk_end_request_all(rq, err);
}

static void ram_request_fn(struct request_queue *rq_q)
{
	unsigned int spb = rq_q->limits.logical_block_size >> 9;
	struct request *rq;

	while ((rq = blk_fetch_request(rq_q)) != NULL) {
		nr_rq++;
		if (rq->cmd_flags & REQ_FLUSH && !blk_rq_bytes(rq))
			nr_flush++;
		if (blk_rq_pos(rq) % spb || blk_rq_sectors(rq) % spb)
			misaligned++;
		if (hold && nr_held < MAX_HELD)
			held[nr_held++] = rq;
		else
			ram_serve(rq, 0);
	}
}

/*
 * The disk gets to the requests it sat on (@err: each fails) and holds
 * no more. Queue lock held.
 */
static void __release_held(int err)
{
	hold = false;
	for (int i = 0; i < nr_held; i++)
		ram_serve(held[i], err);
	nr_held = 0;
	__blk_run_queue(q);
}

static void release_held(int err)
{
	spin_lock_irq(&lock);
	__release_held(err);
	spin_unlock_irq(&lock);
}

/* setup() count: a watchdog belongs to the test it was started in. Under lock. */
static int test_gen;

/*
 * A wait that ignores its @stop, or sleeps where @stop cannot reach it,
 * would hang the test on a disk that never serves it. After a second
 * the disk serves after all, so such a wait ends, and fails its checks.
 */
static int watchdog_fn(void *data)
{
	int gen = (int)(long)data;

	for (int ms = 0; ms < 1000; ms += 10) {
		msleep(10);
		if (READ_ONCE(test_gen) != gen)
			return 0;
	}
	spin_lock_irq(&lock);
	if (test_gen == gen && nr_held) {
		fprintf(stderr, "watchdog: the wait did not stop; the disk serves it\n");
		__release_held(0);
	}
	spin_unlock_irq(&lock);
	return 0;
}

/* From now on the disk sits on every request, until released. */
static void hold_requests(void)
{
	hold = true;
	CHECK(!IS_ERR(kthread_run(watchdog_fn, (void *)(long)test_gen, "watchdog")));
}

/*
 * The @stop of the waits below: call number stop_at (from 1) and every
 * one after says stop (0: never); call release_at first lets the disk
 * serve what it sat on, each request failing with release_err.
 */
static int stop_calls, stop_at, release_at, release_err;

static bool test_stop(void)
{
	stop_calls++;
	if (stop_calls == release_at)
		release_held(release_err);
	return stop_at && stop_calls >= stop_at;
}

/* Async writes of filler_page taking the write pool; ended so far. */
static struct page *filler_page;
static int fill_ends;

/* A fresh disk of random bytes (the model agrees) with blocks of @lbs. */
static void setup(unsigned short lbs)
{
	static bool booted;

	if (!booted) {
		hosted_block_boot();
		spin_lock_init(&lock);
		for (int i = 0; i < NR_PAGES; i++)
			pages[i] = alloc_page(GFP_KERNEL);
		filler_page = alloc_page(GFP_KERNEL);
		memset(page_address(filler_page), 0xf1, PAGE_SIZE);
		booted = true;
	}
	spin_lock_irq(&lock);
	test_gen++;
	if (q && nr_held)
		__release_held(-EIO);	/* a failed test's: the queue must drain */
	spin_unlock_irq(&lock);
	if (q)
		blk_cleanup_queue(q);
	q = blk_init_queue(ram_request_fn, &lock, "noop");
	CHECK_EQ(blk_queue_logical_block_size(q, lbs), 0);
	hosted_disk_init(&disk, &whole, q, "ram", DISK_SECTORS);
	part1 = (struct hd_struct){ .start_sect = 40, .nr_sects = 200, .partno = 1 };
	part = (struct block_device){ .name = "ram1", .bd_disk = &disk,
				      .bd_part = &part1, .bd_partno = 1 };
	disk.bdev[1] = &part;
	disk.part[1] = &part1;
	disk.nr_parts = 2;
	for (size_t i = 0; i < sizeof(media); i++)
		media[i] = (u8)rand();
	memcpy(model, media, sizeof(media));
	bad_sector = ~0ULL;
	nr_rq = nr_flush = misaligned = 0;
	hold = false;
	nr_held = 0;
	stop_calls = stop_at = release_at = release_err = fill_ends = 0;
}

static void fill_pages(unsigned int seed)
{
	for (int i = 0; i < NR_PAGES; i++) {
		u8 *p = page_address(pages[i]);

		for (unsigned int j = 0; j < PAGE_SIZE; j++)
			p[j] = (u8)(seed + i * 7 + j * 13 + (j >> 9));
	}
}

/* Bytes @off.. of the caller's buffer equal @want? */
static bool pages_equal(unsigned int off, const u8 *want, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++, off++)
		if (((u8 *)page_address(pages[off / PAGE_SIZE]))[off % PAGE_SIZE] != want[i])
			return false;
	return true;
}

static void model_write(sector_t sector, unsigned int nr)
{
	for (unsigned int i = 0; i < nr << 9; i++)
		model[(sector << 9) + i] = ((u8 *)page_address(pages[i / PAGE_SIZE]))[i % PAGE_SIZE];
}

/* Every start and length in the first blocks, both directions, against the model. */
static void every_range(unsigned short lbs)
{
	setup(lbs);
	for (sector_t start = 0; start < 18; start++)
		for (unsigned int nr = 1; nr <= 40; nr += (nr < 18 ? 1 : 7)) {
			fill_pages((unsigned int)(start * 64 + nr));
			CHECK_EQ(blkdev_rw_pages(&whole, WRITE, start, pages, nr, NULL), 0);
			model_write(start, nr);
			CHECK(!memcmp(media, model, sizeof(media)));

			fill_pages(0x55);
			CHECK_EQ(blkdev_rw_pages(&whole, READ, start, pages, nr, NULL), 0);
			CHECK(pages_equal(0, model + (start << 9), nr << 9));
			/* A read fills no more than it was asked for. */
			if ((nr << 9) < NR_PAGES * PAGE_SIZE) {
				u8 rest[512];

				fill_pages(0x55);
				memcpy(rest, (u8 *)page_address(pages[(nr << 9) / PAGE_SIZE]) +
				       (nr << 9) % PAGE_SIZE, 512);
				CHECK_EQ(blkdev_rw_pages(&whole, READ, start, pages, nr, NULL), 0);
				CHECK(pages_equal(nr << 9, rest, 512));
			}
		}
	CHECK_EQ(misaligned, 0);
}

TEST(every_range_on_512_byte_blocks)
{
	every_range(512);
}

TEST(every_range_on_4096_byte_blocks)
{
	every_range(4096);
	/* No more requests than needed: an aligned range is one per bio. */
	setup(4096);
	CHECK_EQ(blkdev_rw_pages(&whole, READ, 8, pages, 64, NULL), 0);
	CHECK_EQ(nr_rq, 1);
	nr_rq = 0;
	/* A whole block in the middle of a ragged write is not read first. */
	CHECK_EQ(blkdev_rw_pages(&whole, WRITE, 7, pages, 10, NULL), 0);
	CHECK_EQ(nr_rq, 5);	/* head: read + write, middle: write, tail: read + write */
}

TEST(small_queue_limits_take_many_bios)
{
	setup(512);
	CHECK_EQ(blk_queue_max_sectors(q, 8), 0);
	CHECK_EQ(blk_queue_max_segments(q, 1), 0);
	fill_pages(3);
	CHECK_EQ(blkdev_rw_pages(&whole, WRITE, 100, pages, 64, NULL), 0);
	model_write(100, 64);
	CHECK(!memcmp(media, model, sizeof(media)));
	CHECK(nr_rq >= 8);
	fill_pages(0);
	CHECK_EQ(blkdev_rw_pages(&whole, READ, 100, pages, 64, NULL), 0);
	CHECK(pages_equal(0, model + 100 * 512, 64 * 512));
}

TEST(partitions_are_remapped)
{
	setup(512);
	fill_pages(9);
	CHECK_EQ(blkdev_rw_pages(&part, WRITE, 0, pages, 3, NULL), 0);
	model_write(40, 3);
	CHECK(!memcmp(media, model, sizeof(media)));
	/* Past the partition's end: the block layer refuses it. */
	CHECK_EQ(blkdev_rw_pages(&part, READ, 199, pages, 2, NULL), -EIO);
}

TEST(errors_come_back_and_stop_the_rest)
{
	setup(512);
	CHECK_EQ(blk_queue_max_sectors(q, 8), 0);
	bad_sector = 20;
	fill_pages(1);
	CHECK_EQ(blkdev_rw_pages(&whole, WRITE, 0, pages, 64, NULL), -EIO);
	/* The bios before the bad one were written, none after it was issued. */
	model_write(0, 16);
	CHECK(!memcmp(media, model, sizeof(media)));
	CHECK_EQ(nr_rq, 3);
	CHECK_EQ(blkdev_rw_pages(&whole, READ, 16, pages, 8, NULL), -EIO);
	CHECK_EQ(blkdev_rw_pages(&whole, READ, 0, pages, 16, NULL), 0);

	/* On 4096-byte blocks the read of a ragged edge fails too. */
	setup(4096);
	bad_sector = 9;
	CHECK_EQ(blkdev_rw_pages(&whole, WRITE, 10, pages, 1, NULL), -EIO);
	CHECK(!memcmp(media, model, sizeof(media)));
}

TEST(read_only_disk_refuses_writes)
{
	setup(512);
	disk.read_only = true;
	fill_pages(2);
	CHECK_EQ(blkdev_rw_pages(&whole, WRITE, 0, pages, 8, NULL), -EROFS);
	CHECK_EQ(nr_rq, 0);
	CHECK(!memcmp(media, model, sizeof(media)));
	CHECK_EQ(blkdev_rw_pages(&whole, READ, 0, pages, 8, NULL), 0);
	disk.read_only = false;
}

static void put_end_io(struct bio *bio, int error)
{
	(void)bio;
	(void)error;
}

TEST(submit_bio_wait_and_flush)
{
	struct bio *bio;

	setup(512);
	bio = bio_alloc(GFP_KERNEL, 1);
	bio->bi_bdev = &whole;
	bio->bi_sector = 5;
	bio->bi_end_io = put_end_io;	/* replaced: the waiter's own */
	bio_add_page(bio, pages[0], 1024, 0);
	CHECK_EQ(submit_bio_wait(READ, bio), 0);
	CHECK(bio->bi_rw & REQ_SYNC);
	CHECK(pages_equal(0, model + 5 * 512, 1024));
	bio_put(bio);

	bad_sector = 6;
	bio = bio_alloc(GFP_KERNEL, 1);
	bio->bi_bdev = &whole;
	bio->bi_sector = 5;
	bio_add_page(bio, pages[0], 1024, 0);
	CHECK_EQ(submit_bio_wait(READ, bio), -EIO);
	bio_put(bio);

	CHECK_EQ(blkdev_issue_flush(&whole, NULL), 0);
	CHECK_EQ(nr_flush, 1);
}

/* ---- waits that may stop ---- */

/* What a leak would show in: slab objects, free pages, bios out. */
struct usage {
	unsigned long objs, free_pages, bios;
};

static struct usage usage_now(void)
{
	struct usage u = { 0, nr_free_pages(), fs_bio_set->allocated };
	struct kmem_cache *s;

	for_each_kmem_cache(s)
		u.objs += s->active_objs;
	return u;
}

static void check_usage(struct usage before)
{
	struct usage now = usage_now();

	CHECK_EQ(now.objs, before.objs);
	CHECK_EQ(now.free_pages, before.free_pages);
	CHECK_EQ(now.bios, before.bios);
}

TEST(stop_leaves_a_held_write_behind_with_its_pages)
{
	static u8 want[2 * PAGE_SIZE];
	int warns = hosted_warn_count;
	struct page *own[2];
	struct usage before;
	u64 t0;

	setup(512);
	fill_pages(4);
	/* Served at once: never asked to stop. Also gives the caches their slabs. */
	CHECK_EQ(blkdev_rw_pages(&whole, WRITE, 0, pages, 16, test_stop), 0);
	CHECK_EQ(stop_calls, 0);
	model_write(0, 16);
	CHECK(!memcmp(media, model, sizeof(media)));

	before = usage_now();
	for (int i = 0; i < 2; i++) {
		own[i] = alloc_page(GFP_KERNEL);
		memset(page_address(own[i]), 0x30 + i, PAGE_SIZE);
		memcpy(want + i * PAGE_SIZE, page_address(own[i]), PAGE_SIZE);
	}
	hold_requests();
	stop_at = 3;
	t0 = local_clock();
	CHECK_EQ(blkdev_rw_pages(&whole, WRITE, 64, own, 16, test_stop), -EINPROGRESS);
	/* Asked every 20 ms, really waiting in between: two full polls at least. */
	CHECK_EQ(stop_calls, 3);
	CHECK(local_clock() - t0 >= 40 * 1000000ULL);
	CHECK_EQ(nr_held, 1);
	CHECK(!memcmp(media, model, sizeof(media)));
	/* The caller is done with its pages; the bio, still out, is not. */
	for (int i = 0; i < 2; i++) {
		__free_page(own[i]);
		CHECK_EQ(page_count(own[i]), 1);
	}
	release_held(0);
	memcpy(model + 64 * 512, want, sizeof(want));
	CHECK(!memcmp(media, model, sizeof(media)));
	/* Its end put the pages, the bio and the waiter. */
	for (int i = 0; i < 2; i++)
		CHECK_EQ(page_count(own[i]), 0);
	check_usage(before);
	CHECK_EQ(hosted_warn_count, warns);
}

static struct bio *one_page_bio(sector_t sector, struct page *page)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, 1);

	bio->bi_bdev = &whole;
	bio->bi_sector = sector;
	CHECK_EQ(bio_add_page(bio, page, PAGE_SIZE, 0), (int)PAGE_SIZE);
	return bio;
}

TEST(a_bio_that_ends_before_the_stop_gives_its_own_result)
{
	struct usage before;
	struct bio *bio;

	setup(512);
	fill_pages(6);
	stop_at = 1;	/* the first look would stop */
	bio = one_page_bio(8, pages[0]);
	CHECK_EQ(submit_bio_wait_stoppable(WRITE, bio, test_stop), 0);
	bio_put(bio);
	CHECK_EQ(stop_calls, 0);
	model_write(8, 8);
	CHECK(!memcmp(media, model, sizeof(media)));

	before = usage_now();
	bad_sector = 9;
	bio = one_page_bio(8, pages[0]);
	CHECK_EQ(submit_bio_wait_stoppable(READ, bio, test_stop), -EIO);
	bio_put(bio);
	CHECK_EQ(stop_calls, 0);
	CHECK_EQ(page_count(pages[0]), 1);
	check_usage(before);

	/*
	 * It ends between a poll timing out and the stop: the stop sees it
	 * ended and the waiter gives its result, handing nothing over.
	 */
	hold_requests();
	stop_at = release_at = 2;
	release_err = -EIO;
	bio = one_page_bio(16, pages[1]);
	CHECK_EQ(submit_bio_wait_stoppable(WRITE, bio, test_stop), -EIO);
	CHECK_EQ(stop_calls, 2);
	CHECK_EQ(page_count(pages[1]), 1);
	bio_put(bio);
	check_usage(before);
	CHECK(!memcmp(media, model, sizeof(media)));
}

static void fill_end_io(struct bio *bio, int error)
{
	CHECK_EQ(error, 0);
	fill_ends++;
	bio_put(bio);
}

/*
 * The least pool a queue takes (BLKDEV_MIN_RQ), every write request of
 * it out to a disk that sits on them: async writes of filler_page at
 * sectors 300, 316, 332 and 348 (apart, so that none merge).
 */
static void fill_write_pool(void)
{
	CHECK_EQ(blk_queue_nr_requests(q, 3), -EINVAL);
	CHECK_EQ(blk_queue_nr_requests(q, 4), 0);
	hold_requests();
	for (int i = 0; i < 4; i++) {
		struct bio *bio = bio_alloc(GFP_KERNEL, 1);

		bio->bi_bdev = &whole;
		bio->bi_sector = 300 + 16 * (unsigned int)i;
		bio->bi_end_io = fill_end_io;
		bio_add_page(bio, filler_page, 512, 0);
		submit_bio(WRITE, bio);
	}
	CHECK_EQ(q->count[1], 4);
	CHECK_EQ(nr_held, 4);
}

/* The model after fill_write_pool's writes landed. */
static void model_fill(void)
{
	for (int i = 0; i < 4; i++)
		memset(model + (300 + 16 * i) * 512, 0xf1, 512);
}

TEST(a_full_request_pool_is_given_up_on_with_eintr)
{
	u64 t0;

	setup(512);
	fill_write_pool();
	fill_pages(7);
	stop_at = 3;
	t0 = local_clock();
	CHECK_EQ(blkdev_rw_pages(&whole, WRITE, 100, pages, 8, test_stop), -EINTR);
	/* Asked before each of 20 ms sleeps, as get_request_wait would sleep. */
	CHECK_EQ(stop_calls, 3);
	CHECK(local_clock() - t0 >= 40 * 1000000ULL);
	/* Sent back each time, never asleep in get_request_wait. */
	CHECK_EQ(q->stats.nowait_again, 3);
	CHECK_EQ(q->stats.get_request_sleeps, 0);
	CHECK_EQ(q->count[1], 4);
	CHECK_EQ(nr_held, 4);
	CHECK(!memcmp(media, model, sizeof(media)));

	release_held(0);
	model_fill();
	CHECK_EQ(fill_ends, 4);
	CHECK(!memcmp(media, model, sizeof(media)));
}

TEST(a_request_freed_while_retrying_lets_the_write_through)
{
	setup(512);
	fill_write_pool();
	fill_pages(8);
	release_at = 2;	/* and never stop */
	CHECK_EQ(blkdev_rw_pages(&whole, WRITE, 100, pages, 8, test_stop), 0);
	CHECK_EQ(stop_calls, 2);
	CHECK_EQ(q->stats.nowait_again, 2);
	CHECK_EQ(q->stats.get_request_sleeps, 0);
	CHECK_EQ(fill_ends, 4);
	model_write(100, 8);
	model_fill();
	CHECK(!memcmp(media, model, sizeof(media)));
}

TEST(flush_gives_up_on_a_full_pool_or_waits_it_out)
{
	setup(512);
	fill_write_pool();
	stop_at = 2;
	CHECK_EQ(blkdev_issue_flush(&whole, test_stop), -EINTR);
	CHECK_EQ(stop_calls, 2);
	CHECK_EQ(q->stats.nowait_again, 2);
	CHECK_EQ(nr_flush, 0);

	stop_calls = stop_at = 0;
	release_at = 2;
	CHECK_EQ(blkdev_issue_flush(&whole, test_stop), 0);
	CHECK_EQ(stop_calls, 2);
	CHECK_EQ(nr_flush, 1);
	CHECK_EQ(fill_ends, 4);
	CHECK_EQ(q->stats.get_request_sleeps, 0);
}

/* ---- partitions that start inside a block ---- */

TEST(a_partition_inside_a_block_is_cut_on_the_disks_blocks)
{
	struct bio *bio;

	setup(4096);
	/* Disk sectors 44..243: blocks 40..47 and 240..247 are half outside. */
	part1.start_sect = 44;

	/* Partition sector 4 is disk sector 48: a whole block, no read first. */
	fill_pages(10);
	CHECK_EQ(blkdev_rw_pages(&part, WRITE, 4, pages, 8, NULL), 0);
	CHECK_EQ(nr_rq, 1);
	model_write(48, 8);
	CHECK(!memcmp(media, model, sizeof(media)));

	/* Every range of whole blocks inside, ragged or not, against the model. */
	for (sector_t start = 4; start < 24; start++)
		for (unsigned int nr = 1; nr <= 20; nr++) {
			fill_pages((unsigned int)(start * 32 + nr));
			CHECK_EQ(blkdev_rw_pages(&part, WRITE, start, pages, nr, NULL), 0);
			model_write(44 + start, nr);
			CHECK(!memcmp(media, model, sizeof(media)));
			fill_pages(0x55);
			CHECK_EQ(blkdev_rw_pages(&part, READ, start, pages, nr, NULL), 0);
			CHECK(pages_equal(0, model + ((44 + start) << 9), nr << 9));
		}
	CHECK_EQ(misaligned, 0);

	/*
	 * A ragged block half outside the partition is not ours to rewrite:
	 * refused before any I/O, wherever in the range it is.
	 */
	nr_rq = 0;
	fill_pages(11);
	CHECK_EQ(blkdev_rw_pages(&part, WRITE, 0, pages, 4, NULL), -EINVAL);
	CHECK_EQ(blkdev_rw_pages(&part, WRITE, 2, pages, 10, NULL), -EINVAL);
	CHECK_EQ(blkdev_rw_pages(&part, READ, 1, pages, 1, NULL), -EINVAL);
	CHECK_EQ(blkdev_rw_pages(&part, WRITE, 196, pages, 4, NULL), -EINVAL);
	/* Only the last block is half outside: the ones before are not written either. */
	CHECK_EQ(blkdev_rw_pages(&part, WRITE, 190, pages, 10, NULL), -EINVAL);
	CHECK_EQ(blkdev_rw_pages(&part, WRITE, 188, pages, 9, NULL), -EINVAL);
	CHECK_EQ(blkdev_rw_pages(&part, READ, 199, pages, 1, NULL), -EINVAL);
	/* The block layer, too, holds a bio to the disk's blocks. */
	bio = one_page_bio(0, pages[0]);
	bio->bi_bdev = &part;
	CHECK_EQ(submit_bio_wait(WRITE, bio), -EINVAL);
	bio_put(bio);
	CHECK_EQ(nr_rq, 0);
	CHECK(!memcmp(media, model, sizeof(media)));
	/* Up to the last whole block is fine. */
	CHECK_EQ(blkdev_rw_pages(&part, WRITE, 188, pages, 8, NULL), 0);
	model_write(232, 8);
	CHECK(!memcmp(media, model, sizeof(media)));
	CHECK_EQ(misaligned, 0);
}
