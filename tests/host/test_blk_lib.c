/*
 * test_blk_lib.c - synchronous I/O through the request path
 * (block/blk-lib.c): blkdev_rw_pages() against an in-memory disk whose
 * contents the test also keeps in a model array. Ranges of every start
 * and length on 512- and 4096-byte logical blocks (the edges of a 4096
 * block device go by read-modify-write, and no request the driver sees
 * may break the block), queues so small that one call needs many bios,
 * partitions, a bad sector, a read-only disk, and submit_bio_wait() and
 * the flush built on it.
 */
#include <stdlib.h>
#include "harness.h"
#include "hosted.h"
#include "slab.h"
#include "string.h"

#define DISK_SECTORS	512
#define NR_PAGES	8		/* the caller's buffer: 64 sectors */

static struct gendisk disk;
static struct hd_struct part1 = { .start_sect = 40, .nr_sects = 200, .partno = 1 };
static struct block_device whole, part;
static struct request_queue *q;
static spinlock_t lock;
static u8 media[DISK_SECTORS * 512];	/* what the driver stores */
static u8 model[DISK_SECTORS * 512];	/* what it should store */
static struct page *pages[NR_PAGES];
static sector_t bad_sector = ~0ULL;	/* a request touching it fails with -EIO */
static int nr_rq, nr_flush, misaligned;

static void ram_request_fn(struct request_queue *rq_q)
{
	unsigned int spb = rq_q->limits.logical_block_size >> 9;
	struct request *rq;

	while ((rq = blk_fetch_request(rq_q)) != NULL) {
		sector_t pos = blk_rq_pos(rq);
		int err = 0;

		nr_rq++;
		if (rq->cmd_flags & REQ_FLUSH && !blk_rq_bytes(rq))
			nr_flush++;
		if (pos % spb || blk_rq_sectors(rq) % spb)
			misaligned++;
		if (bad_sector >= pos && bad_sector < pos + blk_rq_sectors(rq))
			err = -EIO;
		if (!err)
			hosted_rq_copy(rq, media);
		__blk_end_request_all(rq, err);
	}
}

/* A fresh disk of random bytes (the model agrees) with blocks of @lbs. */
static void setup(unsigned short lbs)
{
	static bool booted;

	if (!booted) {
		hosted_block_boot();
		spin_lock_init(&lock);
		for (int i = 0; i < NR_PAGES; i++)
			pages[i] = alloc_page(GFP_KERNEL);
		booted = true;
	}
	if (q)
		blk_cleanup_queue(q);
	q = blk_init_queue(ram_request_fn, &lock, "noop");
	CHECK_EQ(blk_queue_logical_block_size(q, lbs), 0);
	hosted_disk_init(&disk, &whole, q, "ram", DISK_SECTORS);
	part = (struct block_device){ .name = "ram1", .bd_disk = &disk,
				      .bd_part = &part1, .bd_partno = 1 };
	disk.bdev[1] = &part;
	disk.part[1] = &part1;
	for (size_t i = 0; i < sizeof(media); i++)
		media[i] = (u8)rand();
	memcpy(model, media, sizeof(media));
	bad_sector = ~0ULL;
	nr_rq = nr_flush = misaligned = 0;
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
