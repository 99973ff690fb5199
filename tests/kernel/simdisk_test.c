/*
 * simdisk_test.c - sim0, the RAM disk with a rotating disk's timing
 * (drivers/block/simdisk.c): sequential reads are cheap and scattered
 * ones dear in the model's own time (its counters, never the wall
 * clock, so a slow emulator cannot change the verdict); data survives
 * four threads writing and reading back at once; every bio ends once;
 * the disk's /proc/diskstats line counts what was done. ktest=simdisk.
 */
#include "kernel.h"
#include "atomic.h"
#include "blkdev.h"
#include "completion.h"
#include "elevator.h"
#include "kthread.h"
#include "kunit.h"
#include "simdisk.h"
#include "slab.h"
#include "string.h"

#define DISK		"sim0"
#define NR_READS	32
#define BLK_SECTORS	8		/* 4 KiB */

/* A set of bios in flight together; each counts its own endings. */
struct sim_batch {
	atomic_t left;
	struct completion done;
	int errors;
	int calls[16];
};

struct sim_bio_ref {
	struct sim_batch *batch;
	int idx;
};

static void sim_end_io(struct bio *bio, int error)
{
	struct sim_bio_ref *ref = bio->bi_private;
	struct sim_batch *b = ref->batch;

	if (error)
		b->errors++;
	b->calls[ref->idx]++;
	if (atomic_dec_and_test(&b->left))
		complete(&b->done);
}

/*
 * Submit one 4 KiB bio per sector in @sectors (at most 16) and wait for
 * all. Returns 0, -EIO if one failed or ended twice, -ETIMEDOUT.
 */
static int sim_io(struct block_device *bdev, unsigned long rw, const sector_t *sectors,
		  struct page **pages, int nr)
{
	struct sim_batch b = { .errors = 0 };
	struct sim_bio_ref refs[16];
	struct bio *bios[16];
	int err = 0;

	init_completion(&b.done);
	atomic_set(&b.left, nr);
	for (int i = 0; i < nr; i++) {
		bios[i] = bio_alloc(GFP_KERNEL, 1);
		refs[i] = (struct sim_bio_ref){ &b, i };
		bios[i]->bi_bdev = bdev;
		bios[i]->bi_sector = sectors[i];
		bios[i]->bi_end_io = sim_end_io;
		bios[i]->bi_private = &refs[i];
		bio_add_page(bios[i], pages[i], PAGE_SIZE, 0);
	}
	for (int i = 0; i < nr; i++)
		submit_bio(rw, bios[i]);
	if (!wait_for_completion_timeout(&b.done, msecs_to_jiffies(10000))) {
		wait_for_completion(&b.done);	/* the bios point at our stack */
		err = -ETIMEDOUT;
	}
	for (int i = 0; i < nr; i++) {
		if (b.calls[i] != 1)
			err = err ?: -EIO;
		bio_put(bios[i]);
	}
	return err ?: (b.errors ? -EIO : 0);
}

static void simdisk_is_registered_with_its_counters(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	KUNIT_EXPECT_NOT_NULL(test, simdisk_get_stats(bdev->bd_disk));
	/* Whole MiB, within simdisk='s limit (32 unless the command line said). */
	KUNIT_EXPECT_EQ(test, get_capacity(bdev->bd_disk) % 2048, 0);
	KUNIT_EXPECT_GT(test, get_capacity(bdev->bd_disk), 0);
	KUNIT_EXPECT_LE(test, get_capacity(bdev->bd_disk), (sector_t)SIMDISK_MAX_MB << 11);
	KUNIT_EXPECT_NULL(test, simdisk_get_stats(lookup_bdev("ram0")->bd_disk));
}

/* @nr single synchronous reads; the model's service time they took, in us. */
static unsigned long long sim_read_cost(struct kunit *test, struct block_device *bdev,
					const sector_t *sectors, int nr,
					unsigned long *sequential)
{
	const struct simdisk_stats *st = simdisk_get_stats(bdev->bd_disk);
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long long before = st->service_us;
	unsigned long seq_before = st->sequential, reqs = st->requests;

	for (int i = 0; i < nr; i++)
		KUNIT_EXPECT_EQ(test, sim_io(bdev, READ_SYNC, &sectors[i], &page, 1), 0);
	__free_page(page);
	KUNIT_EXPECT_EQ(test, st->requests - reqs, nr);
	*sequential = st->sequential - seq_before;
	return st->service_us - before;
}

static void simdisk_random_reads_cost_more_than_sequential(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);
	sector_t seq[NR_READS], rnd[NR_READS];
	sector_t blocks;
	unsigned long long seq_us, rnd_us;
	unsigned long seq_hits, rnd_hits;
	u32 seed = 2024;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	blocks = get_capacity(bdev->bd_disk) / BLK_SECTORS;
	for (int i = 0; i < NR_READS; i++) {
		seq[i] = blocks / 4 * BLK_SECTORS + (sector_t)i * BLK_SECTORS;
		seed = seed * 1664525u + 1013904223u;
		rnd[i] = ((seed >> 4) % blocks) * BLK_SECTORS;
	}
	seq_us = sim_read_cost(test, bdev, seq, NR_READS, &seq_hits);
	rnd_us = sim_read_cost(test, bdev, rnd, NR_READS, &rnd_hits);
	/* A "# " line inside the subtest is information to the KTAP runner. */
	pr_info("    # simdisk: sequential %llu us, random %llu us for %d reads of 4 KiB\n",
		seq_us, rnd_us, NR_READS);
	/* All but the first sequential read find the head in place. */
	KUNIT_EXPECT_GE(test, seq_hits, NR_READS - 1);
	KUNIT_EXPECT_LE(test, rnd_hits, 1);
	/* One seek plus 31 transfers, against 32 seeks and rotations. */
	KUNIT_EXPECT_LT(test, seq_us, 20000);
	KUNIT_EXPECT_GT(test, rnd_us, 10 * seq_us);
}

/*
 * Modelled seek time for 16 reads scattered over the disk, queued
 * together. Seek, not service: rotation costs the same in any order.
 */
static unsigned long long sim_scattered_batch_seek(struct kunit *test,
						   struct block_device *bdev)
{
	const struct simdisk_stats *st = simdisk_get_stats(bdev->bd_disk);
	sector_t sixteenth = get_capacity(bdev->bd_disk) / 16;
	unsigned long long before;
	struct page *pages[16];
	sector_t sectors[16];

	for (int i = 0; i < 16; i++) {
		/* 0, 15, 1, 14, ...: each sixteenth of the disk, ends first. */
		int slot = i & 1 ? 15 - i / 2 : i / 2;

		sectors[i] = ((sector_t)slot * sixteenth) & ~(sector_t)7;
		pages[i] = alloc_page(GFP_KERNEL);
	}
	/* Head to the start first, so both runs begin at the same place. */
	KUNIT_EXPECT_EQ(test, sim_io(bdev, READ_SYNC, &sectors[2], &pages[0], 1), 0);
	before = st->seek_us;
	KUNIT_EXPECT_EQ(test, sim_io(bdev, READ, sectors, pages, 16), 0);
	for (int i = 0; i < 16; i++)
		__free_page(pages[i]);
	return st->seek_us - before;
}

/*
 * What sim0 is for: with one request in service at a time, an elevator
 * that sorts (deadline) serves a scattered batch with far less modelled
 * seeking than one that keeps arrival order (noop).
 */
static void simdisk_sorting_elevator_beats_noop(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);
	struct request_queue *q;
	const char *orig;
	unsigned long long noop_us, deadline_us;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	q = bdev_get_queue(bdev);
	orig = q->elevator->elevator_type->elevator_name;
	KUNIT_ASSERT_EQ(test, elevator_change(q, "noop"), 0);
	noop_us = sim_scattered_batch_seek(test, bdev);
	KUNIT_ASSERT_EQ(test, elevator_change(q, "deadline"), 0);
	deadline_us = sim_scattered_batch_seek(test, bdev);
	KUNIT_EXPECT_EQ(test, elevator_change(q, orig), 0);
	pr_info("    # simdisk: 16 scattered reads seek: noop %llu us, deadline %llu us\n",
		noop_us, deadline_us);
	/* About 2.4 times on paper (15 long seeks against 15 short ones). */
	KUNIT_EXPECT_LT(test, deadline_us * 3, noop_us * 2);
}

#define NR_SIM_WORKERS	4
#define WORKER_BLOCKS	12

struct sim_worker {
	int id;
	int errors, mismatches;
	struct completion done;
};

static void sim_fill(struct page *p, u32 seed)
{
	u32 *w = page_address(p);

	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		w[i] = seed ^ (i * 2654435761u);
}

/* Write WORKER_BLOCKS scattered blocks of this worker's quarter, read them back. */
static int sim_worker_fn(void *data)
{
	struct sim_worker *wk = data;
	struct block_device *bdev = lookup_bdev(DISK);
	struct page *w[WORKER_BLOCKS], *r[WORKER_BLOCKS];
	sector_t sectors[WORKER_BLOCKS];
	sector_t quarter = get_capacity(bdev->bd_disk) / NR_SIM_WORKERS;
	sector_t stride = (quarter / WORKER_BLOCKS) & ~(sector_t)(BLK_SECTORS - 1);

	for (int i = 0; i < WORKER_BLOCKS; i++) {
		/* Out of order on purpose: the elevator sorts, the model charges. */
		sectors[i] = wk->id * quarter + (sector_t)((i * 7) % WORKER_BLOCKS) * stride;
		w[i] = alloc_page(GFP_KERNEL);
		r[i] = alloc_page(GFP_KERNEL);
		sim_fill(w[i], (u32)(wk->id << 16 | i));
	}
	if (sim_io(bdev, WRITE, sectors, w, WORKER_BLOCKS))
		wk->errors++;
	if (sim_io(bdev, READ, sectors, r, WORKER_BLOCKS))
		wk->errors++;
	for (int i = 0; i < WORKER_BLOCKS; i++) {
		if (memcmp(page_address(w[i]), page_address(r[i]), PAGE_SIZE))
			wk->mismatches++;
		__free_page(w[i]);
		__free_page(r[i]);
	}
	complete(&wk->done);
	return 0;
}

static void simdisk_four_threads_write_and_verify(struct kunit *test)
{
	static struct sim_worker wk[NR_SIM_WORKERS];
	struct block_device *bdev = lookup_bdev(DISK);
	struct request_queue *q;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	q = bdev_get_queue(bdev);
	for (int i = 0; i < NR_SIM_WORKERS; i++) {
		wk[i] = (struct sim_worker){ .id = i };
		init_completion(&wk[i].done);
		KUNIT_ASSERT_TRUE(test, !IS_ERR(kthread_run(sim_worker_fn, &wk[i], "simio%d", i)));
	}
	for (int i = 0; i < NR_SIM_WORKERS; i++) {
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&wk[i].done,
								  msecs_to_jiffies(20000)), 0);
		KUNIT_EXPECT_EQ(test, wk[i].errors, 0);
		KUNIT_EXPECT_EQ(test, wk[i].mismatches, 0);
	}
	KUNIT_EXPECT_EQ(test, q->count[0] + q->count[1], 0);
	KUNIT_EXPECT_EQ(test, q->in_flight, 0);
}

/* The diskstats line names sim0 by its major and counts its requests. */
static void simdisk_diskstats_line_counts_io(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);
	const struct disk_stats *ds;
	unsigned long reads, sectors;
	struct page *page = alloc_page(GFP_KERNEL);
	sector_t s;
	char line[160], want[160];

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	s = (get_capacity(bdev->bd_disk) / 3) & ~(sector_t)(BLK_SECTORS - 1);
	ds = &bdev->bd_disk->part0.dkstats;
	reads = ds->ios[0];
	sectors = (unsigned long)ds->sectors[0];
	KUNIT_EXPECT_EQ(test, sim_io(bdev, READ_SYNC, &s, &page, 1), 0);
	__free_page(page);
	KUNIT_EXPECT_EQ(test, ds->ios[0] - reads, 1);
	KUNIT_EXPECT_EQ(test, (unsigned long)ds->sectors[0] - sectors, BLK_SECTORS);
	KUNIT_EXPECT_EQ(test, ds->in_flight, 0);
	KUNIT_EXPECT_GT(test, ds->io_ticks, 0);
	diskstats_show_line(bdev->bd_disk, 0, line, sizeof(line));
	snprintf(want, sizeof(want), " 254       0 sim0 %lu ", ds->ios[0]);
	KUNIT_EXPECT_EQ(test, strncmp(line, want, strlen(want)), 0);
	KUNIT_EXPECT_GT(test, blk_queue_stats_show_line(bdev->bd_disk, line, sizeof(line)), 0);
	KUNIT_EXPECT_EQ(test, strncmp(line, "sim0 back_merges ", 17), 0);
}

static struct kunit_case simdisk_cases[] = {
	KUNIT_CASE(simdisk_is_registered_with_its_counters),
	KUNIT_CASE(simdisk_random_reads_cost_more_than_sequential),
	KUNIT_CASE(simdisk_sorting_elevator_beats_noop),
	KUNIT_CASE(simdisk_four_threads_write_and_verify),
	KUNIT_CASE(simdisk_diskstats_line_counts_io),
	{}
};
static struct kunit_suite simdisk_suite = { .name = "simdisk", .test_cases = simdisk_cases };
kunit_test_suite(simdisk_suite);
