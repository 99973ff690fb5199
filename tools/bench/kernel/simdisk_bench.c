/*
 * simdisk_bench.c - `ktest=bench-simdisk`: the elevator benchmarks of
 * docs/BENCHMARKS.md on sim0, the RAM disk that takes a rotating disk's
 * time. Run by tools/bench/run, which reads the RESULT lines.
 *
 * Three workloads, each under noop, deadline and cfq in turn:
 *   a  4 sequential readers, each in its own quarter of the disk;
 *   b  4 random readers plus one streaming (async) writer;
 *   c  one sequential async writer.
 * Next to each: the bound, i.e. the modelled time to serve the same bios
 * in one sorted sweep of the disk, which no elevator can beat (it knows
 * the whole workload in advance and never seeks backwards).
 */
#include "kernel.h"
#include "blkbench.h"
#include "blkdev.h"
#include "elevator.h"
#include "kunit.h"
#include "simdisk.h"
#include "slab.h"

#define KiB	1024u
#define NR_ELEVATORS	3

struct workload {
	const char *name;
	const char *what;
	int nr;
	struct blkbench_job jobs[5];
};

/* Quarters of sim0's default 32 MiB are 16384 sectors; regions are given in sectors. */
static const struct workload workloads[] = {
	{ "a", "4 sequential readers", 4, {
		{ "seqrd0", READ_SYNC, false, 64 * KiB, 32, 1, 0 * 16384, 16384, 1, 0 },
		{ "seqrd1", READ_SYNC, false, 64 * KiB, 32, 1, 1 * 16384, 16384, 2, 0 },
		{ "seqrd2", READ_SYNC, false, 64 * KiB, 32, 1, 2 * 16384, 16384, 3, 0 },
		{ "seqrd3", READ_SYNC, false, 64 * KiB, 32, 1, 3 * 16384, 16384, 4, 0 },
	} },
	{ "b", "4 random readers + 1 streaming writer", 5, {
		{ "rndrd0", READ_SYNC, true, 4 * KiB, 40, 1, 0, 0, 11, 0 },
		{ "rndrd1", READ_SYNC, true, 4 * KiB, 40, 1, 0, 0, 12, 0 },
		{ "rndrd2", READ_SYNC, true, 4 * KiB, 40, 1, 0, 0, 13, 0 },
		{ "rndrd3", READ_SYNC, true, 4 * KiB, 40, 1, 0, 0, 14, 0 },
		{ "stream", WRITE, false, 64 * KiB, 128, 32, 16384, 32768, 15, 0 },
	} },
	{ "c", "1 sequential writer", 1, {
		{ "seqwr", WRITE, false, 64 * KiB, 128, 32, 8192, 32768, 21, 0 },
	} },
};

static const char *const elevators[NR_ELEVATORS] = { "noop", "deadline", "cfq" };

struct bio_pos {
	sector_t sector;
	unsigned int bytes;
};

/*
 * The modelled time of serving every bio of @w in one ascending sweep,
 * starting where the first one is: the best any order can do, since the
 * model charges seeks by distance and a sorted sweep covers the disk once.
 */
static u64 sweep_bound_us(const struct workload *w, const struct simdisk_model *m)
{
	unsigned int n = 0, total = 0;
	struct bio_pos *pos;
	sector_t head;
	u64 us = 0;

	for (int j = 0; j < w->nr; j++)
		total += (unsigned int)w->jobs[j].count;
	pos = kcalloc(total, sizeof(*pos), GFP_KERNEL);
	if (!pos)
		return 0;
	for (int j = 0; j < w->nr; j++)
		for (unsigned long i = 0; i < w->jobs[j].count; i++)
			pos[n++] = (struct bio_pos){
				blkbench_sector(&w->jobs[j], m->capacity, i), w->jobs[j].bs };
	/* Insertion sort: a few hundred entries, once per workload. */
	for (unsigned int i = 1; i < n; i++) {
		struct bio_pos p = pos[i];
		unsigned int k = i;

		for (; k && pos[k - 1].sector > p.sector; k--)
			pos[k] = pos[k - 1];
		pos[k] = p;
	}
	head = pos[0].sector;
	for (unsigned int i = 0; i < n; i++) {
		/* Two bios at one place (random reads can repeat) cost one. */
		if (i && pos[i].sector == pos[i - 1].sector)
			continue;
		us += simdisk_service_us(m, head, pos[i].sector, pos[i].bytes);
		head = pos[i].sector + pos[i].bytes / 512;
	}
	kfree(pos);
	return us;
}

static void print_class(const char *w, const char *elv, const char *cls,
			const struct blkbench_result *r)
{
	u64 ns = r->end_ns - r->start_ns;
	unsigned long mbps = blkbench_mbps_x10(r->bytes, ns);

	pr_info("RESULT bench=simdisk workload=%s elevator=%s class=%s ios=%lu errors=%lu "
		"ms=%llu MBps=%lu.%lu mean_us=%llu p99_us=%llu max_us=%llu\n",
		w, elv, cls, r->ios, r->errors, ns / 1000000,
		mbps / 10, mbps % 10,
		r->ios ? r->lat_sum_ns / r->ios / 1000 : 0,
		blkbench_percentile_us(r, 99), r->lat_max_ns / 1000);
}

/*
 * Deadline's promise: no read waits much longer than read_expire, plus
 * the batch of fifo_batch requests that may be under way when it
 * expires, each at worst a full stroke, a full turn and a transfer of
 * the largest request. Read from the queue's elevator, so a tuned
 * deadline is judged by its own settings; 0 for elevators without them.
 */
static u64 read_bound_us(struct request_queue *q, const struct simdisk_model *m)
{
	long expire_ms, batch;

	if (elv_tunable_show(q, "read_expire", &expire_ms) ||
	    elv_tunable_show(q, "fifo_batch", &batch))
		return 0;
	return (u64)expire_ms * 1000 + (u64)batch *
	       (m->full_stroke_us + m->rev_us +
		simdisk_transfer_us(m, queue_max_sectors(q) * 512));
}

static void run_one(struct block_device *bdev, const struct workload *w,
		    const char *elv, u64 bound_us)
{
	const struct simdisk_model *m = simdisk_get_model(bdev->bd_disk);
	struct request_queue *q = bdev_get_queue(bdev);
	const struct simdisk_stats *sds = simdisk_get_stats(bdev->bd_disk);
	struct blkbench_result res[5], all = { 0 }, rd = { 0 }, wr = { 0 };
	unsigned long reqs = sds->requests, seq = sds->sequential;
	unsigned long long seek = sds->seek_us;
	unsigned long merges = q->stats.back_merges + q->stats.front_merges;
	int err;

	err = elevator_change(q, elv);
	if (err) {
		pr_err("RESULT bench=simdisk workload=%s elevator=%s error=%d\n", w->name, elv, err);
		return;
	}
	err = blkbench_run(bdev, w->jobs, res, w->nr, NULL);
	if (err) {
		pr_err("RESULT bench=simdisk workload=%s elevator=%s error=%d\n", w->name, elv, err);
		return;
	}
	for (int j = 0; j < w->nr; j++) {
		blkbench_result_add(&all, &res[j]);
		blkbench_result_add(w->jobs[j].rw & REQ_WRITE ? &wr : &rd, &res[j]);
	}
	print_class(w->name, elv, "all", &all);
	if (rd.ios && wr.ios) {
		print_class(w->name, elv, "read", &rd);
		print_class(w->name, elv, "write", &wr);
	}
	pr_info("RESULT bench=simdisk workload=%s elevator=%s class=disk requests=%lu "
		"sequential=%lu seek_ms=%llu bio_merges=%lu bound_ms=%llu bound_MBps=%lu.%lu "
		"read_bound_us=%llu\n",
		w->name, elv, sds->requests - reqs, sds->sequential - seq,
		(sds->seek_us - seek) / 1000,
		q->stats.back_merges + q->stats.front_merges - merges, bound_us / 1000,
		blkbench_mbps_x10(all.bytes, bound_us * 1000) / 10,
		blkbench_mbps_x10(all.bytes, bound_us * 1000) % 10, read_bound_us(q, m));
}

static void bench_simdisk(void)
{
	struct block_device *bdev = lookup_bdev("sim0");
	const struct simdisk_model *m;
	struct request_queue *q;
	const char *orig;

	if (!bdev || !(m = simdisk_get_model(bdev->bd_disk))) {
		pr_err("bench-simdisk: no sim0\n");
		return;
	}
	q = bdev_get_queue(bdev);
	orig = q->elevator->elevator_type->elevator_name;
	pr_info("RESULT bench=simdisk class=model capacity=%llu full_stroke_us=%u rev_us=%u "
		"mbps=%u max_sectors=%u\n",
		(unsigned long long)m->capacity, m->full_stroke_us, m->rev_us, m->mbps,
		queue_max_sectors(q));
	for (unsigned int w = 0; w < ARRAY_SIZE(workloads); w++) {
		u64 bound = sweep_bound_us(&workloads[w], m);

		pr_info("bench-simdisk: workload %s: %s\n", workloads[w].name, workloads[w].what);
		for (int e = 0; e < NR_ELEVATORS; e++)
			if (elevator_find(elevators[e]))
				run_one(bdev, &workloads[w], elevators[e], bound);
	}
	elevator_change(q, orig);
}
KTEST_BENCH("bench-simdisk", bench_simdisk);
