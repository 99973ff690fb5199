/*
 * block_test.c - the block layer on a real (RAM) disk: bios through
 * submit_bio, the elevator, plugging and brd, and back through
 * blk_end_request and bio_endio. ktest=block.
 */
#include "kernel.h"
#include "blkdev.h"
#include "completion.h"
#include "elevator.h"
#include "kthread.h"
#include "kunit.h"
#include "ktest_bio.h"
#include "slab.h"
#include "string.h"

#define DISK	"ram0"

/* Synchronous I/O of @pages pages at @sector; returns the bio's error. */
static int do_io(struct block_device *bdev, unsigned long rw, sector_t sector,
		 struct page **pages, int nr, int *end_calls)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, (unsigned int)nr);
	int err;

	bio->bi_bdev = bdev;
	bio->bi_sector = sector;
	for (int i = 0; i < nr; i++)
		bio_add_page(bio, pages[i], PAGE_SIZE, 0);
	err = ktest_submit_wait(bio, rw, 5000, end_calls);
	bio_put(bio);
	return err;
}

static void fill(struct page *p, u32 seed)
{
	u32 *w = page_address(p);

	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++) {
		seed = seed * 1103515245u + 12345u;
		w[i] = seed;
	}
}

static void block_write_then_read_back(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);
	struct page *w = alloc_page(GFP_KERNEL), *r = alloc_page(GFP_KERNEL);
	int calls = 0;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	fill(w, 42);
	KUNIT_EXPECT_EQ(test, do_io(bdev, WRITE_SYNC, 800, &w, 1, &calls), 0);
	KUNIT_EXPECT_EQ(test, calls, 1);
	memset(page_address(r), 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, do_io(bdev, READ_SYNC, 800, &r, 1, NULL), 0);
	KUNIT_EXPECT_EQ(test, memcmp(page_address(w), page_address(r), PAGE_SIZE), 0);
	/* Never written: reads back as zeros. */
	KUNIT_EXPECT_EQ(test, do_io(bdev, READ_SYNC, 20000, &r, 1, NULL), 0);
	KUNIT_EXPECT_EQ(test, ((u32 *)page_address(r))[17], 0);
	__free_page(w);
	__free_page(r);
}

static void block_beyond_end_fails_with_eio(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);
	struct page *p = alloc_page(GFP_KERNEL);
	sector_t cap;
	int calls = 0;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	cap = get_capacity(bdev->bd_disk);
	KUNIT_EXPECT_EQ(test, do_io(bdev, READ_SYNC, cap - 4, &p, 1, &calls), -EIO);
	KUNIT_EXPECT_EQ(test, calls, 1);
	/* A sector so large that sector + size would wrap: still refused. */
	KUNIT_EXPECT_EQ(test, do_io(bdev, READ_SYNC, ~(sector_t)0 - 2, &p, 1, NULL), -EIO);
	KUNIT_EXPECT_EQ(test, do_io(bdev, READ_SYNC, cap - 8, &p, 1, NULL), 0);
	__free_page(p);
}

/* Many bios, one waiter: the last one to end completes the batch. */
struct io_batch {
	struct completion done;
	atomic_t left;
};

static void batch_end(struct bio *bio, int error)
{
	struct io_batch *batch = bio->bi_private;

	(void)error;
	bio_put(bio);
	if (atomic_dec_and_test(&batch->left))
		complete(&batch->done);
}

/* Sequential writes queued behind the plug merge into fewer requests. */
static void block_plugged_sequential_writes_merge(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);
	struct request_queue *q;
	struct io_batch all;
	struct page *pages[8];
	unsigned long merges, reqs;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	q = bdev_get_queue(bdev);
	init_completion(&all.done);
	atomic_set(&all.left, 8);
	merges = q->stats.back_merges;
	reqs = q->stats.requests_allocated;
	for (int i = 0; i < 8; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	for (int i = 0; i < 8; i++) {
		struct bio *bio = bio_alloc(GFP_KERNEL, 1);

		bio->bi_bdev = bdev;
		bio->bi_sector = 4096 + (sector_t)i * 8;
		bio->bi_end_io = batch_end;
		bio->bi_private = &all;
		bio_add_page(bio, pages[i], PAGE_SIZE, 0);
		submit_bio(WRITE, bio);	/* no REQ_SYNC: the plug holds them */
	}
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&all.done,
							  msecs_to_jiffies(5000)), 0);
	KUNIT_EXPECT_GE(test, q->stats.back_merges - merges, 7);
	KUNIT_EXPECT_EQ(test, q->stats.requests_allocated - reqs, 1);
	for (int i = 0; i < 8; i++)
		__free_page(pages[i]);
}

#define NR_WORKERS	8
#define WORKER_IOS	40
#define WORKER_SPAN	256	/* 4 KiB blocks per worker, disjoint */

struct worker {
	int id;
	int errors, mismatches, ios;
	struct completion done;
	/* NULL: do `rounds` rounds; else keep going until *stop is set. */
	volatile bool *stop;
	const char *disk;	/* NULL: DISK */
	int rounds;		/* 0: WORKER_IOS */
};

static int io_worker(void *data)
{
	struct worker *wk = data;
	struct block_device *bdev = lookup_bdev(wk->disk ? wk->disk : DISK);
	int rounds = wk->rounds ? wk->rounds : WORKER_IOS;
	struct page *w = alloc_page(GFP_KERNEL), *r = alloc_page(GFP_KERNEL);
	u32 seed = (u32)wk->id * 7919u + 1;

	for (int i = 0; bdev && w && r && (wk->stop ? !*wk->stop : i < rounds); i++) {
		sector_t blk;

		seed = seed * 1664525u + 1013904223u;
		blk = (sector_t)wk->id * WORKER_SPAN + (seed >> 8) % WORKER_SPAN;
		int calls_w = 0, calls_r = 0;

		fill(w, seed);
		if (do_io(bdev, WRITE, blk * 8, &w, 1, &calls_w))
			wk->errors++;
		if (do_io(bdev, READ, blk * 8, &r, 1, &calls_r))
			wk->errors++;
		/* Every bio ends exactly once, whatever the elevator did. */
		if (calls_w != 1 || calls_r != 1)
			wk->errors++;
		if (memcmp(page_address(w), page_address(r), PAGE_SIZE))
			wk->mismatches++;
		wk->ios += 2;
	}
	if (w)
		__free_page(w);
	if (r)
		__free_page(r);
	complete(&wk->done);
	return 0;
}

static void block_eight_threads_write_and_verify(struct kunit *test)
{
	static struct worker wk[NR_WORKERS];
	struct block_device *bdev = lookup_bdev(DISK);
	struct request_queue *q;
	unsigned long bios_before = fs_bio_set->allocated;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	q = bdev_get_queue(bdev);
	for (int i = 0; i < NR_WORKERS; i++) {
		wk[i] = (struct worker){ .id = i };
		init_completion(&wk[i].done);
		KUNIT_ASSERT_TRUE(test, !IS_ERR(kthread_run(io_worker, &wk[i], "blkio%d", i)));
	}
	for (int i = 0; i < NR_WORKERS; i++) {
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&wk[i].done,
								  msecs_to_jiffies(20000)), 0);
		KUNIT_EXPECT_EQ(test, wk[i].errors, 0);
		KUNIT_EXPECT_EQ(test, wk[i].mismatches, 0);
		KUNIT_EXPECT_EQ(test, wk[i].ios, 2 * WORKER_IOS);
	}
	/* Every request and bio went back. */
	KUNIT_EXPECT_EQ(test, q->count[0] + q->count[1], 0);
	KUNIT_EXPECT_EQ(test, q->in_flight, 0);
	KUNIT_EXPECT_EQ(test, fs_bio_set->allocated, bios_before);
}

/*
 * The same load while the queue's elevator is switched every 50 ms: no
 * request may be lost, completed twice, or left behind in an elevator.
 */
static void switch_under_load(struct kunit *test, const char *disk)
{
	static struct worker wk[NR_WORKERS];
	static const char *const names[] = { "deadline", "noop", "cfq" };
	static volatile bool stop;
	unsigned long expected = 0;
	struct block_device *bdev = lookup_bdev(disk);
	const char *orig;
	struct request_queue *q;
	unsigned long switches, bios_before = fs_bio_set->allocated;

	if (!bdev) {
		kunit_skip(test, "no such disk");
		return;
	}
	q = bdev_get_queue(bdev);
	orig = q->elevator->elevator_type->elevator_name;
	switches = q->stats.elevator_switches;
	/*
	 * The workers run until told to stop, so every switch below happens
	 * under load, however fast the disk is.
	 */
	stop = false;
	for (int i = 0; i < NR_WORKERS; i++) {
		wk[i] = (struct worker){ .id = i, .stop = &stop, .disk = disk };
		init_completion(&wk[i].done);
		KUNIT_ASSERT_TRUE(test, !IS_ERR(kthread_run(io_worker, &wk[i], "blksw%d", i)));
	}
	for (int n = 0; n < 6; n++) {
		const char *name = names[n % ARRAY_SIZE(names)];

		msleep(50);
		if (!elevator_find(name))
			continue;
		/* Switching to the elevator in use is no switch. */
		if (strcmp(q->elevator->elevator_type->elevator_name, name))
			expected++;
		KUNIT_EXPECT_EQ(test, elevator_change(q, name), 0);
		KUNIT_EXPECT_STREQ(test, q->elevator->elevator_type->elevator_name, name);
	}
	stop = true;
	for (int i = 0; i < NR_WORKERS; i++) {
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&wk[i].done,
								  msecs_to_jiffies(20000)), 0);
		KUNIT_EXPECT_EQ(test, wk[i].errors, 0);
		KUNIT_EXPECT_EQ(test, wk[i].mismatches, 0);
		KUNIT_EXPECT_GT(test, wk[i].ios, 0);
	}
	KUNIT_EXPECT_GE(test, expected, 4);
	KUNIT_EXPECT_EQ(test, q->stats.elevator_switches - switches, expected);
	KUNIT_EXPECT_EQ(test, q->count[0] + q->count[1], 0);
	KUNIT_EXPECT_EQ(test, q->nr_elvpriv, 0);
	KUNIT_EXPECT_EQ(test, q->nr_sorted, 0);
	KUNIT_EXPECT_EQ(test, fs_bio_set->allocated, bios_before);
	/* Unknown names are refused, and the queue keeps its elevator. */
	KUNIT_EXPECT_EQ(test, elevator_change(q, "no-such"), -EINVAL);
	KUNIT_EXPECT_EQ(test, elevator_change(q, orig), 0);
	KUNIT_EXPECT_STREQ(test, q->elevator->elevator_type->elevator_name, orig);
}

static void block_elevator_switch_under_load(struct kunit *test)
{
	switch_under_load(test, DISK);
}

/* On sim0 requests wait in the elevator for ms, so a switch must drain them. */
static void block_simdisk_elevator_switch_under_load(struct kunit *test)
{
	switch_under_load(test, "sim0");
}

/*
 * The same verified load on sim0, whose completions take modelled seek
 * time, under each elevator in turn: requests really wait in the
 * elevator there, so this is where sorting and merging are exercised.
 */
static void block_simdisk_threads_under_each_elevator(struct kunit *test)
{
	static struct worker wk[NR_WORKERS];
	static const char *const names[] = { "noop", "deadline", "cfq" };
	struct block_device *bdev = lookup_bdev("sim0");
	struct request_queue *q;
	const char *orig;

	if (!bdev) {
		kunit_skip(test, "no sim0");
		return;
	}
	q = bdev_get_queue(bdev);
	orig = q->elevator->elevator_type->elevator_name;
	for (unsigned int e = 0; e < ARRAY_SIZE(names); e++) {
		if (!elevator_find(names[e]))
			continue;
		KUNIT_ASSERT_EQ(test, elevator_change(q, names[e]), 0);
		for (int i = 0; i < NR_WORKERS; i++) {
			wk[i] = (struct worker){ .id = i, .disk = "sim0", .rounds = 6 };
			init_completion(&wk[i].done);
			KUNIT_ASSERT_TRUE(test, !IS_ERR(kthread_run(io_worker, &wk[i],
								    "sim%u-%d", e, i)));
		}
		for (int i = 0; i < NR_WORKERS; i++) {
			KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&wk[i].done,
									  msecs_to_jiffies(30000)), 0);
			KUNIT_EXPECT_EQ(test, wk[i].errors, 0);
			KUNIT_EXPECT_EQ(test, wk[i].mismatches, 0);
			KUNIT_EXPECT_EQ(test, wk[i].ios, 12);
		}
		KUNIT_EXPECT_EQ(test, q->count[0] + q->count[1], 0);
		KUNIT_EXPECT_EQ(test, q->nr_sorted, 0);
	}
	KUNIT_EXPECT_EQ(test, elevator_change(q, orig), 0);
}

static void block_sync_bio_unplugs_at_once(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);
	struct request_queue *q;
	struct page *p = alloc_page(GFP_KERNEL);
	unsigned long sync_unplugs;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	q = bdev_get_queue(bdev);
	sync_unplugs = q->stats.unplugs[UNPLUG_SYNC];
	KUNIT_EXPECT_EQ(test, do_io(bdev, READ_SYNC, 0, &p, 1, NULL), 0);
	KUNIT_EXPECT_EQ(test, q->stats.unplugs[UNPLUG_SYNC] - sync_unplugs, 1);
	__free_page(p);
}

/* Write an MBR with one primary partition [2048, 2048 + 4096) to ram0. */
static int write_mbr(struct block_device *bdev, bool with_partition)
{
	struct page *p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	u8 *mbr = page_address(p);
	int err;

	if (with_partition) {
		u8 *e = mbr + 446;

		e[4] = 0x83;				/* Linux */
		*(u32 *)(e + 8) = 2048;			/* first sector */
		*(u32 *)(e + 12) = 4096;		/* sectors */
		mbr[510] = 0x55;
		mbr[511] = 0xaa;
	}
	err = do_io(bdev, WRITE_SYNC, 0, &p, 1, NULL);
	__free_page(p);
	return err;
}

static void block_partition_io_is_remapped(struct kunit *test)
{
	struct block_device *disk = lookup_bdev(DISK), *part;
	struct page *w = alloc_page(GFP_KERNEL), *r = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, disk);
	KUNIT_ASSERT_EQ(test, write_mbr(disk, true), 0);
	KUNIT_ASSERT_EQ(test, rescan_partitions(disk->bd_disk), 0);
	part = lookup_bdev(DISK "p1");
	KUNIT_ASSERT_NOT_NULL(test, part);
	KUNIT_EXPECT_EQ(test, part->bd_part->start_sect, 2048);
	KUNIT_EXPECT_EQ(test, part->bd_part->nr_sects, 4096);
	fill(w, 7);
	KUNIT_EXPECT_EQ(test, do_io(part, WRITE_SYNC, 8, &w, 1, NULL), 0);
	KUNIT_EXPECT_EQ(test, do_io(disk, READ_SYNC, 2048 + 8, &r, 1, NULL), 0);
	KUNIT_EXPECT_EQ(test, memcmp(page_address(w), page_address(r), PAGE_SIZE), 0);
	/* The partition's end is its limit, though the disk goes on. */
	KUNIT_EXPECT_EQ(test, do_io(part, READ_SYNC, 4096 - 4, &r, 1, NULL), -EIO);
	/* Wipe the table: the partition goes away on the next scan. */
	KUNIT_EXPECT_EQ(test, write_mbr(disk, false), 0);
	KUNIT_EXPECT_EQ(test, rescan_partitions(disk->bd_disk), 0);
	KUNIT_EXPECT_NULL(test, lookup_bdev(DISK "p1"));
	__free_page(w);
	__free_page(r);
}

static struct kunit_case block_cases[] = {
	KUNIT_CASE(block_partition_io_is_remapped),
	KUNIT_CASE(block_write_then_read_back),
	KUNIT_CASE(block_beyond_end_fails_with_eio),
	KUNIT_CASE(block_plugged_sequential_writes_merge),
	KUNIT_CASE(block_sync_bio_unplugs_at_once),
	KUNIT_CASE(block_eight_threads_write_and_verify),
	KUNIT_CASE(block_elevator_switch_under_load),
	KUNIT_CASE(block_simdisk_threads_under_each_elevator),
	KUNIT_CASE(block_simdisk_elevator_switch_under_load),
	{}
};
static struct kunit_suite block_suite = { .name = "block", .test_cases = block_cases };
kunit_test_suite(block_suite);
