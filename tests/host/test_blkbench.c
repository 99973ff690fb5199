/*
 * test_blkbench.c - the load generator (block/blkbench.c) on an instant
 * in-memory driver: every bio it issues reaches the driver where
 * blkbench_sector() says, results add up, bad jobs are refused, the stop
 * flag stops it, and the latency histogram's percentiles bound the truth.
 */
#include <pthread.h>
#include <unistd.h>
#include "harness.h"
#include "hosted.h"
#include "blkbench.h"
#include "elevator.h"
#include "string.h"

#define CAPACITY	(1 << 16)		/* sectors: 32 MiB */

static struct gendisk disk;
static struct block_device whole;
static struct request_queue *q;
static spinlock_t lock;

/* Sectors the driver was asked for, one flag per 512-byte sector. */
static unsigned char touched[CAPACITY];
static unsigned long driver_bytes;
static int delay_us;			/* the "device" takes this long */
/* The bytes of every write, where it went (one job, one pass of the region). */
static unsigned char written[CAPACITY / 8 * 512];

static void instant_request_fn(struct request_queue *rq_q)
{
	struct request *rq;

	while ((rq = blk_fetch_request(rq_q)) != NULL) {
		for (sector_t s = blk_rq_pos(rq); s < rq_end_sector(rq); s++)
			touched[s] = 1;
		if (rq_data_dir(rq) == WRITE && rq_end_sector(rq) <= CAPACITY / 8)
			hosted_rq_copy(rq, written);
		driver_bytes += blk_rq_bytes(rq);
		if (delay_us)
			usleep(delay_us);
		__blk_end_request_all(rq, 0);
	}
}

static void setup(const char *elevator)
{
	static bool booted;

	if (!booted) {
		hosted_block_boot();
		spin_lock_init(&lock);
		booted = true;
	}
	if (q)
		blk_cleanup_queue(q);
	q = blk_init_queue(instant_request_fn, &lock, elevator);
	hosted_disk_init(&disk, &whole, q, "bb", CAPACITY);
	memset(touched, 0, sizeof(touched));
	driver_bytes = 0;
	delay_us = 0;
}

/* The plug's 3 ms timer needs jiffies to move: a ticker thread moves them. */
static volatile bool ticking;
static void *ticker(void *unused)
{
	(void)unused;
	while (ticking) {
		hosted_advance_jiffies(1);
		usleep(1000);
	}
	return NULL;
}

static unsigned long hist_total(const struct blkbench_result *r)
{
	unsigned long n = 0;

	for (int b = 0; b < BLKBENCH_HIST; b++)
		n += r->hist[b];
	return n;
}

TEST(sequential_and_random_jobs_touch_what_they_say)
{
	struct blkbench_job jobs[2] = {
		{ .rw = WRITE_SYNC, .bs = 4096, .count = 100, .qd = 4,
		  .start = 1000, .span = 400, .seed = 1 },
		{ .rw = READ_SYNC, .random = true, .bs = 8192, .count = 50, .qd = 1,
		  .start = 8192, .span = 8192, .seed = 7 },
	};
	struct blkbench_result res[2];
	static unsigned char want[CAPACITY];

	setup("noop");
	CHECK_EQ(blkbench_run(&whole, jobs, res, 2, NULL), 0);
	CHECK_EQ(res[0].ios, 100);
	CHECK_EQ(res[1].ios, 50);
	CHECK_EQ(res[0].errors + res[1].errors, 0);
	CHECK_EQ(res[0].bytes, 100 * 4096);
	CHECK_EQ(res[1].bytes, 50 * 8192);
	CHECK_EQ(driver_bytes, 100 * 4096 + 50 * 8192);
	CHECK_EQ(hist_total(&res[0]), 100);
	CHECK(res[0].end_ns >= res[0].start_ns && res[0].start_ns);
	CHECK(res[0].lat_max_ns >= res[0].lat_sum_ns / 100);
	/* Exactly the sectors blkbench_sector() names, and nothing else. */
	memset(want, 0, sizeof(want));
	for (int j = 0; j < 2; j++)
		for (unsigned long i = 0; i < jobs[j].count; i++) {
			sector_t s = blkbench_sector(&jobs[j], CAPACITY, i);

			CHECK(s >= jobs[j].start &&
			      s + jobs[j].bs / 512 <= jobs[j].start + jobs[j].span);
			memset(want + s, 1, jobs[j].bs / 512);
		}
	CHECK(memcmp(want, touched, sizeof(want)) == 0);
}

TEST(sequential_wraps_at_the_end_of_its_region)
{
	struct blkbench_job job = { .bs = 4096, .start = 100, .span = 24 };

	CHECK_EQ(blkbench_sector(&job, CAPACITY, 0), 100);
	CHECK_EQ(blkbench_sector(&job, CAPACITY, 2), 116);
	CHECK_EQ(blkbench_sector(&job, CAPACITY, 3), 100);
	/* span 0: to the end of the device. */
	job.span = 0;
	CHECK_EQ(blkbench_sector(&job, CAPACITY, (CAPACITY - 100) / 8), 100);
	CHECK_EQ(blkbench_sector(&job, CAPACITY, (CAPACITY - 100) / 8 - 1),
		 100 + ((CAPACITY - 100) / 8 - 1) * 8);
}

TEST(async_writes_go_out_through_the_unplug_timer)
{
	struct blkbench_job job = { .rw = WRITE, .bs = 4096, .count = 64, .qd = 2,
				    .seed = 3 };
	struct blkbench_result res;
	pthread_t t;

	setup("cfq");
	ticking = true;
	CHECK_EQ(pthread_create(&t, NULL, ticker, NULL), 0);
	CHECK_EQ(blkbench_run(&whole, &job, &res, 1, NULL), 0);
	ticking = false;
	pthread_join(t, NULL);
	CHECK_EQ(res.ios, 64);
	CHECK_EQ(res.errors, 0);
	CHECK_EQ(driver_bytes, 64 * 4096);
}

/*
 * Every block a job writes holds the first bs bytes of the shell's
 * pattern seed:N (xorshift32, the first word after one step; seed 0
 * stands for 0x9e3779b9), so a bench's writes can be checked.
 */
TEST(writes_carry_the_seed_pattern)
{
	static const u32 seeds[] = { 7, 0 };

	for (unsigned int n = 0; n < ARRAY_SIZE(seeds); n++) {
		struct blkbench_job job = { .rw = WRITE_SYNC, .bs = 3 * 4096 + 512,
					    .count = 5, .qd = 3, .span = CAPACITY / 8,
					    .seed = seeds[n] };
		struct blkbench_result res;
		u32 x = seeds[n] ? seeds[n] : 0x9e3779b9u, want[(3 * 4096 + 512) / 4];

		setup("deadline");
		memset(written, 0, sizeof(written));
		for (unsigned int k = 0; k < ARRAY_SIZE(want); k++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			want[k] = x;
		}
		CHECK_EQ(blkbench_run(&whole, &job, &res, 1, NULL), 0);
		CHECK_EQ(res.ios, 5);
		for (unsigned long i = 0; i < job.count; i++)
			CHECK(!memcmp(written + i * job.bs, want, job.bs));
		CHECK(written[job.count * job.bs] == 0);
	}
}

TEST(bad_jobs_are_refused)
{
	struct blkbench_job ok = { .rw = READ_SYNC, .bs = 4096, .count = 1, .qd = 1 };
	struct blkbench_job bad;
	struct blkbench_result res;

	setup("noop");
	bad = ok; bad.bs = 0;
	CHECK_EQ(blkbench_run(&whole, &bad, &res, 1, NULL), -EINVAL);
	bad = ok; bad.bs = 1000;
	CHECK_EQ(blkbench_run(&whole, &bad, &res, 1, NULL), -EINVAL);
	bad = ok; bad.bs = BLKBENCH_MAX_BS + 512;
	CHECK_EQ(blkbench_run(&whole, &bad, &res, 1, NULL), -EINVAL);
	bad = ok; bad.qd = 0;
	CHECK_EQ(blkbench_run(&whole, &bad, &res, 1, NULL), -EINVAL);
	bad = ok; bad.qd = BLKBENCH_MAX_QD + 1;
	CHECK_EQ(blkbench_run(&whole, &bad, &res, 1, NULL), -EINVAL);
	bad = ok; bad.start = CAPACITY;
	CHECK_EQ(blkbench_run(&whole, &bad, &res, 1, NULL), -EINVAL);
	bad = ok; bad.start = CAPACITY - 8; bad.span = 16;
	CHECK_EQ(blkbench_run(&whole, &bad, &res, 1, NULL), -EINVAL);
	bad = ok; bad.span = 4;		/* smaller than one bio */
	CHECK_EQ(blkbench_run(&whole, &bad, &res, 1, NULL), -EINVAL);
	CHECK_EQ(blkbench_run(&whole, &ok, &res, 0, NULL), -EINVAL);
	CHECK_EQ(driver_bytes, 0);
	CHECK_EQ(blkbench_run(&whole, &ok, &res, 1, NULL), 0);
	CHECK_EQ(res.ios, 1);
}

static volatile bool stop_flag;
static void *stopper(void *unused)
{
	(void)unused;
	usleep(20000);
	stop_flag = true;
	return NULL;
}

TEST(stop_ends_the_run_early_with_nothing_in_flight)
{
	struct blkbench_job job = { .rw = READ_SYNC, .bs = 4096, .count = 1000000,
				    .qd = 4 };
	struct blkbench_result res;
	pthread_t t;

	setup("deadline");
	delay_us = 100;
	stop_flag = false;
	CHECK_EQ(pthread_create(&t, NULL, stopper, NULL), 0);
	CHECK_EQ(blkbench_run(&whole, &job, &res, 1, &stop_flag), 0);
	pthread_join(t, NULL);
	CHECK(res.ios > 0 && res.ios < 1000000);
	CHECK_EQ(driver_bytes, res.ios * 4096);
	CHECK_EQ(q->in_flight, 0);
}

TEST(percentiles_bound_the_latencies_from_above_by_an_eighth)
{
	struct blkbench_result r;

	memset(&r, 0, sizeof(r));
	/* 90 bios of ~100 µs and 10 of ~5000 µs, through the job's own path. */
	for (int i = 0; i < 100; i++) {
		u64 us = i < 90 ? 100 : 5000;
		unsigned int b;

		/* blkbench_bucket is private: find the bucket by its bound. */
		for (b = 0; b < BLKBENCH_HIST; b++) {
			struct blkbench_result one;

			memset(&one, 0, sizeof(one));
			one.hist[b] = 1;
			one.lat_max_ns = ~0ull;
			if (blkbench_percentile_us(&one, 100) >= us)
				break;
		}
		r.hist[b]++;
		r.lat_max_ns = max(r.lat_max_ns, us * 1000);
	}
	CHECK(blkbench_percentile_us(&r, 50) >= 100);
	CHECK(blkbench_percentile_us(&r, 50) <= 100 + 100 / 8);
	CHECK(blkbench_percentile_us(&r, 90) <= 100 + 100 / 8);
	CHECK(blkbench_percentile_us(&r, 91) >= 5000);
	CHECK_EQ(blkbench_percentile_us(&r, 100), 5000);	/* capped by max */
	memset(&r, 0, sizeof(r));
	CHECK_EQ(blkbench_percentile_us(&r, 99), 0);
}

TEST(results_add_up)
{
	struct blkbench_result a, b, sum;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&sum, 0, sizeof(sum));
	a = (struct blkbench_result){ .ios = 3, .bytes = 300, .start_ns = 50,
				      .end_ns = 90, .lat_sum_ns = 30, .lat_max_ns = 20 };
	a.hist[4] = 3;
	b = (struct blkbench_result){ .ios = 2, .errors = 1, .bytes = 100,
				      .start_ns = 10, .end_ns = 70, .lat_sum_ns = 5,
				      .lat_max_ns = 40 };
	b.hist[9] = 2;
	blkbench_result_add(&sum, &a);
	blkbench_result_add(&sum, &b);
	CHECK_EQ(sum.ios, 5);
	CHECK_EQ(sum.errors, 1);
	CHECK_EQ(sum.bytes, 400);
	CHECK_EQ(sum.start_ns, 10);
	CHECK_EQ(sum.end_ns, 90);
	CHECK_EQ(sum.lat_max_ns, 40);
	CHECK_EQ(sum.hist[4] + sum.hist[9], 5);
}
