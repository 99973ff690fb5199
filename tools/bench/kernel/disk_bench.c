/*
 * disk_bench.c - `ktest=bench-disks`: the driver benchmarks of
 * docs/BENCHMARKS.md, on every disk whose driver has a polled path
 * (hd* on ATA PIO or bus-master DMA, sd* on AHCI). tools/bench/run boots
 * it once per controller, with the disk image and QEMU arguments it
 * gives the Linux peer, and reads the RESULT lines.
 *
 * For each disk, first the device's own limit: one command of
 * LIMIT_BYTES at a time through block_device_operations.rw_polled, no
 * queue, no interrupt. Then the request path: blkbench jobs under noop
 * and cfq at queue depth 1 and 32, for
 *   seqread and seqwrite of 1 MiB and of 4 KiB, and randread of 4 KiB.
 * Each measure runs for RUN_MS and stops (the speeds of PIO and AHCI
 * are two orders of magnitude apart, so a fixed count would be either
 * too short for one or far too long for the other), REPS times; the
 * best run is reported. Under TCG on a shared machine the host steals
 * time in bursts, and stolen time only ever makes a run slower, so the
 * best of a few short runs is the steadiest figure (the limit is taken
 * the same way, so their ratio compares like with like). A run that
 * took over a second (PIO with 32 MiB in flight) is not repeated.
 * The pairs the targets compare (the 1 MiB limit, noop QD32 1 MiB
 * sequential) are measured in turns, so a slow spell of the host
 * falls on both.
 *
 * The writes go to the disk under test: give it a scratch image.
 */
#include "kernel.h"
#include "blkbench.h"
#include "blkdev.h"
#include "elevator.h"
#include "gfp.h"
#include "kunit.h"
#include "mm.h"
#include "scatterlist.h"
#include "string.h"
#include "timer.h"
#include "jiffies.h"

#define KiB		1024u
#define MiB		(1024u * KiB)
#define RUN_MS		200
#define REPS		3
#define REPEAT_UNDER_MS	1000
#define LIMIT_BYTES	(8 * MiB)	/* one command: 128 PRDs of 64 KiB fit every driver */
#define LIMIT_ORDER	4		/* 64 KiB chunks, 64 KiB aligned: no PRD crosses */
#define LIMIT_CHUNKS	(LIMIT_BYTES / (PAGE_SIZE << LIMIT_ORDER))

struct measure {
	const char *mode;
	unsigned long rw;
	bool random;
	unsigned int bs;
};

static const struct measure measures[] = {
	{ "seqread", READ_SYNC, false, 1 * MiB },
	{ "seqread", READ_SYNC, false, 4 * KiB },
	{ "randread", READ_SYNC, true, 4 * KiB },
	{ "seqwrite", WRITE_SYNC, false, 1 * MiB },
	{ "seqwrite", WRITE_SYNC, false, 4 * KiB },
};
static const char *const elevators[] = { "noop", "cfq" };
static const unsigned int depths[] = { 1, 32 };

static volatile bool bench_stop;

static void bench_stop_fn(unsigned long data)
{
	(void)data;
	bench_stop = true;
}

/* A best-of-REPS rate: bytes moved in ns; faster replaces it. */
struct best_rate {
	u64 bytes, ns;
};

static bool rate_better(const struct best_rate *b, u64 bytes, u64 ns)
{
	/* Compare rates without dividing: bytes/ns > b->bytes/b->ns. */
	return !b->ns || bytes * b->ns > b->bytes * ns;
}

/* Buffers for polled commands of up to LIMIT_BYTES: 64 KiB chunks, aligned. */
static struct scatterlist limit_sg[LIMIT_CHUNKS];
static struct page *limit_pages[LIMIT_CHUNKS];

/*
 * The device limit: polled commands of @bytes (at most LIMIT_BYTES, from
 * limit_sg) back to back for RUN_MS, sequential from sector 0, one run.
 */
static int limit_run(struct gendisk *disk, int rw, unsigned int bytes, struct best_rate *best)
{
	unsigned int nsect = bytes / 512, chunks = bytes / (PAGE_SIZE << LIMIT_ORDER);
	sector_t cap = get_capacity(disk), sector = 0;
	u64 start = local_clock(), end = start + (u64)RUN_MS * 1000000, now;
	unsigned long ios = 0;
	int err;

	do {
		err = disk->fops->rw_polled(disk, rw, sector, limit_sg, chunks);
		if (err)
			return err;
		ios++;
		sector += nsect;
		if (sector + nsect > cap)
			sector = 0;
		now = local_clock();
	} while (now < end);
	if (rate_better(best, (u64)ios * bytes, now - start)) {
		best->bytes = (u64)ios * bytes;
		best->ns = now - start;
	}
	return 0;
}

static void limit_report(struct gendisk *disk, int rw, unsigned int bytes,
			 const struct best_rate *best, int err)
{
	unsigned long mbps;

	if (err) {
		pr_err("RESULT bench=disks disk=%s class=limit rw=%s error=%d\n",
		       disk->disk_name, rw == WRITE ? "write" : "read", err);
		return;
	}
	mbps = blkbench_mbps_x10(best->bytes, best->ns);
	pr_info("RESULT bench=disks disk=%s driver=%s class=limit rw=%s bs=%u ios=%llu "
		"ms=%llu MBps=%lu.%lu\n", disk->disk_name, disk->driver,
		rw == WRITE ? "write" : "read", bytes, best->bytes / bytes,
		best->ns / 1000000, mbps / 10, mbps % 10);
}

static int limit_buffers(void)
{
	for (unsigned int i = 0; i < LIMIT_CHUNKS; i++) {
		limit_pages[i] = alloc_pages(GFP_KERNEL, LIMIT_ORDER);
		if (!limit_pages[i])
			return -ENOMEM;
		memset(page_address(limit_pages[i]), 0x5a, PAGE_SIZE << LIMIT_ORDER);
		limit_sg[i] = (struct scatterlist){ limit_pages[i], 0, PAGE_SIZE << LIMIT_ORDER };
	}
	return 0;
}

static void limit_buffers_free(void)
{
	for (unsigned int i = 0; i < LIMIT_CHUNKS; i++) {
		if (limit_pages[i])
			__free_pages(limit_pages[i], LIMIT_ORDER);
		limit_pages[i] = NULL;
	}
}

/* The device limit for commands of @bytes, both directions, best of REPS. */
static void bench_limit(struct gendisk *disk, unsigned int bytes)
{
	for (int w = 0; w < 2; w++) {
		struct best_rate best = { 0, 0 };
		int err = 0;

		for (int rep = 0; rep < REPS && !err; rep++) {
			err = limit_run(disk, w ? WRITE : READ, bytes, &best);
			if (best.ns > (u64)REPEAT_UNDER_MS * 1000000)
				break;
		}
		limit_report(disk, w ? WRITE : READ, bytes, &best, err);
	}
}

/* One blkbench run of @m at depth @qd, stopped after RUN_MS. */
static int job_run(struct block_device *bdev, const struct measure *m, unsigned int qd,
		   struct blkbench_result *res, unsigned long *reqs)
{
	struct request_queue *q = bdev_get_queue(bdev);
	struct blkbench_job job = {
		.name = "diskbench", .rw = m->rw, .random = m->random, .bs = m->bs,
		.count = ~0ul, .qd = qd, .seed = 7,
	};
	unsigned long before = q->stats.requests_completed;
	struct timer_list timer;
	int err;

	bench_stop = false;
	setup_timer(&timer, bench_stop_fn, 0);
	mod_timer(&timer, jiffies + msecs_to_jiffies(RUN_MS));
	err = blkbench_run(bdev, &job, res, 1, &bench_stop);
	del_timer_sync(&timer);
	*reqs = q->stats.requests_completed - before;
	return err;
}

/* Keep @res (with @reqs) in @best if it is the faster run. */
static void job_best(struct blkbench_result *best, unsigned long *best_reqs,
		     const struct blkbench_result *res, unsigned long reqs)
{
	struct best_rate b = { best->bytes, best->end_ns - best->start_ns };

	if (rate_better(&b, res->bytes, res->end_ns - res->start_ns)) {
		*best = *res;
		*best_reqs = reqs;
	}
}

static void job_report(struct gendisk *disk, const struct measure *m, const char *elv,
		       unsigned int qd, const struct blkbench_result *res, unsigned long reqs,
		       int err)
{
	u64 ns = res->end_ns - res->start_ns;
	unsigned long mbps;

	if (err) {
		pr_err("RESULT bench=disks disk=%s elevator=%s qd=%u mode=%s bs=%u error=%d\n",
		       disk->disk_name, elv, qd, m->mode, m->bs, err);
		return;
	}
	mbps = blkbench_mbps_x10(res->bytes, ns);
	pr_info("RESULT bench=disks disk=%s driver=%s elevator=%s qd=%u mode=%s bs=%u ios=%lu "
		"errors=%lu ms=%llu MBps=%lu.%lu IOPS=%llu mean_us=%llu p99_us=%llu requests=%lu\n",
		disk->disk_name, disk->driver, elv, qd, m->mode, m->bs, res->ios, res->errors,
		ns / 1000000, mbps / 10, mbps % 10,
		ns ? (u64)res->ios * 1000000000ull / ns : 0,
		res->ios ? res->lat_sum_ns / res->ios / 1000 : 0,
		blkbench_percentile_us(res, 99), reqs);
}

static struct blkbench_result job_res, job_top;

static void bench_one(struct block_device *bdev, const struct measure *m,
		      const char *elv, unsigned int qd)
{
	unsigned long reqs, best_reqs = 0;
	int err = 0;

	memset(&job_top, 0, sizeof(job_top));
	for (int rep = 0; rep < REPS && !err; rep++) {
		err = job_run(bdev, m, qd, &job_res, &reqs);
		if (err)
			break;
		job_best(&job_top, &best_reqs, &job_res, reqs);
		if (job_res.end_ns - job_res.start_ns > (u64)REPEAT_UNDER_MS * 1000000)
			break;
	}
	job_report(bdev->bd_disk, m, elv, qd, &job_top, best_reqs, err);
}

/*
 * The targets' pairs: the 1 MiB limit and noop QD32 1 MiB sequential,
 * measured in turns (limit, queue, limit, queue, ...) so that the host
 * slowing down for a while costs both sides alike and their ratio holds.
 * @m is the sequential 1 MiB measure of direction @rw.
 */
static void bench_target(struct block_device *bdev, const struct measure *m, int rw)
{
	struct gendisk *disk = bdev->bd_disk;
	struct best_rate lim = { 0, 0 };
	unsigned long reqs, best_reqs = 0;
	int lerr = 0, err = 0;

	memset(&job_top, 0, sizeof(job_top));
	for (int rep = 0; rep < REPS; rep++) {
		if (!lerr)
			lerr = limit_run(disk, rw, 1 * MiB, &lim);
		if (!err && !(err = job_run(bdev, m, 32, &job_res, &reqs)))
			job_best(&job_top, &best_reqs, &job_res, reqs);
	}
	limit_report(disk, rw, 1 * MiB, &lim, lerr);
	job_report(disk, m, "noop", 32, &job_top, best_reqs, err);
}

static bool is_target(const struct measure *m, const char *elv, unsigned int qd)
{
	return m->bs == 1 * MiB && !m->random && qd == 32 && !strcmp(elv, "noop");
}

static void bench_disk(struct gendisk *disk)
{
	struct block_device *bdev = lookup_bdev(disk->disk_name);
	struct request_queue *q = disk->queue;
	const char *orig = q->elevator->elevator_type->elevator_name;

	pr_info("bench-disks: %s (%s), %llu sectors\n", disk->disk_name, disk->driver,
		(unsigned long long)get_capacity(disk));
	if (limit_buffers()) {
		pr_err("RESULT bench=disks disk=%s class=limit error=nomem\n", disk->disk_name);
		limit_buffers_free();
		return;
	}
	bench_limit(disk, LIMIT_BYTES);
	for (unsigned int e = 0; e < ARRAY_SIZE(elevators); e++) {
		if (!elevator_find(elevators[e]) || elevator_change(q, elevators[e])) {
			pr_err("RESULT bench=disks disk=%s elevator=%s error=no-elevator\n",
			       disk->disk_name, elevators[e]);
			continue;
		}
		for (unsigned int d = 0; d < ARRAY_SIZE(depths); d++) {
			for (unsigned int i = 0; i < ARRAY_SIZE(measures); i++) {
				const struct measure *m = &measures[i];

				if (!is_target(m, elevators[e], depths[d]))
					bench_one(bdev, m, elevators[e], depths[d]);
				else
					bench_target(bdev, m, m->rw & REQ_WRITE ? WRITE : READ);
			}
		}
	}
	limit_buffers_free();
	elevator_change(q, orig);
}

static void bench_disks(void)
{
	unsigned int n = 0;

	for (struct gendisk *disk = disk_iter_next(NULL); disk; disk = disk_iter_next(disk)) {
		if (!disk->fops || !disk->fops->rw_polled)
			continue;
		bench_disk(disk);
		n++;
	}
	if (!n)
		pr_err("RESULT bench=disks error=no-disks\n");
}
KTEST_BENCH("bench-disks", bench_disks);
