/*
 * test_cmd_bench.c - the shell's bench, bench-all and wait
 * (shell/cmd_bench.c) run on the host, unchanged, on an in-memory disk
 * behind the real request path and the real engine (block/blkbench.c),
 * with the shell's output captured. What the QEMU scenarios cannot
 * reach or time exactly: a read-only disk, Ctrl-C at a chosen poll, a
 * time limit ended by the jiffies the test moves, an elevator switched
 * at a chosen moment of a background run, and every byte a write bench
 * leaves on the disk against a model.
 */
#include <stdlib.h>
#include <unistd.h>
#include "harness.h"
#include "shell_stub.h"
#include "hosted.h"
#include "elevator.h"
#include "shell.h"
#include "shell_args.h"
#include "string.h"

#define DISK_SECTORS	4096

/* ---- the disk "ram": media, and a model of what it must hold ---- */

static struct gendisk disk;
static struct block_device whole;
static struct request_queue *q;
static spinlock_t lock;
static u8 media[DISK_SECTORS * 512];
static u8 model[DISK_SECTORS * 512];
static int delay_us;		/* each request takes this long */
static volatile unsigned long requests;	/* served so far */

static void mem_request_fn(struct request_queue *rq_q)
{
	struct request *rq;

	while ((rq = blk_fetch_request(rq_q)) != NULL) {
		hosted_rq_copy(rq, media);
		if (delay_us)
			usleep(delay_us);
		requests++;
		__blk_end_request_all(rq, 0);
	}
}

struct block_device *shell_lookup_bdev(const char *name)
{
	if (!strcmp(name, "ram"))
		return &whole;
	shell_printf("unknown device '%s'; known: ram\n", name);
	return NULL;
}

static void setup(void)
{
	static bool booted;

	if (!booted) {
		hosted_block_boot();
		spin_lock_init(&lock);
		booted = true;
	}
	if (q) {
		/* A failed test may have left a background bench on the old queue. */
		shell_intr_after = 0;
		shell_run("wait");
		blk_cleanup_queue(q);
	}
	q = blk_init_queue(mem_request_fn, &lock, "noop");
	hosted_disk_init(&disk, &whole, q, "ram", DISK_SECTORS);
	for (size_t i = 0; i < sizeof(media); i++)
		media[i] = (u8)rand();
	memcpy(model, media, sizeof(media));
	strcpy(shell_default_dev, "ram");
	shell_intr_after = -1;
	shell_progress_calls = 0;
	delay_us = 0;
}

static bool has(const char *text)
{
	return strstr(shell_out, text) != NULL;
}

/* The number in the I/Os column of the row @label ("total"). */
static unsigned long ios_of(const char *label)
{
	const char *row = strstr(shell_out, label);

	return row ? strtoul(row + strlen(label), NULL, 10) : 0;
}

/* @pat's first @bytes into @buf. */
static void pattern(void *buf, size_t bytes, const char *pat)
{
	struct shell_pattern p;
	struct shell_pattern_cursor c;

	CHECK_EQ(shell_parse_pattern(pat, &p), 0);
	shell_pattern_init(&c, &p);
	shell_pattern_fill(&c, buf, bytes);
}

/* Is the disk still being read or written? */
static bool disk_busy(void)
{
	unsigned long before = requests;

	usleep(20000);
	return requests != before;
}

TEST(a_read_only_disk_refuses_write_benches_but_not_reads)
{
	setup();
	disk.read_only = true;
	RUN("bench ram seq write count=4", -EROFS, "bench: ram is read-only\n");
	RUN("bench ram rand write count=4 &", -EROFS, "bench: ram is read-only\n");
	RUN("bench-all", -EROFS, "bench-all: ram is read-only\n");
	RUN("bench-all ram", -EROFS, "bench-all: ram is read-only\n");
	CHECK_EQ(shell_run("bench ram seq read bs=4k count=8"), 0);
	CHECK_EQ(ios_of("total"), 8);
	CHECK(!memcmp(media, model, sizeof(media)));
	disk.read_only = false;
}

TEST(write_benches_leave_seed_blocks_in_their_region_and_nothing_else)
{
	static u8 block[8192];
	int written = 0;
	char pat[24];

	setup();
	/* Two threads, each its own half of 64 KiB at LBA 100, seeds 3 and 4. */
	CHECK_EQ(shell_run("bench ram seq write bs=4k lba=100 size=64k threads=2 count=8 seed=3"), 0);
	CHECK(has("thread 0"));
	CHECK(has("thread 1"));
	CHECK_EQ(ios_of("total"), 16);
	for (int t = 0; t < 2; t++)
		for (int b = 0; b < 8; b++) {
			snprintf(pat, sizeof(pat), "seed:%d", 3 + t);
			pattern(model + (100 + t * 64 + b * 8) * 512, 4096, pat);
		}
	CHECK(!memcmp(media, model, sizeof(media)));
	/* Random writes: only whole blocks of the region, all the same bytes. */
	CHECK_EQ(shell_run("bench ram rand write bs=8k lba=1024 size=256k count=200 qd=8 seed=0"), 0);
	CHECK(!memcmp(media, model, 1024 * 512));
	CHECK(!memcmp(media + (1024 + 512) * 512, model + (1024 + 512) * 512,
		      sizeof(media) - (1024 + 512) * 512));
	pattern(block, sizeof(block), "seed:0");
	for (int b = 0; b < 32; b++) {
		u8 *now = media + (1024 + b * 16) * 512, *was = model + (1024 + b * 16) * 512;

		CHECK(!memcmp(now, was, 8192) || !memcmp(now, block, 8192));
		written += !memcmp(now, block, 8192);
	}
	CHECK(written > 16);	/* 200 writes at random over 32 blocks */
}

TEST(ctrl_c_stops_a_bench_and_prints_partial_results)
{
	setup();
	delay_us = 200;
	shell_intr_after = 3;
	CHECK_EQ(shell_run("bench ram rand read qd=4 count=4294967295"), 0);
	CHECK(has("total"));
	CHECK(ios_of("total") > 0 && ios_of("total") < 100000);
	CHECK(has("bench: stopped by Ctrl-C after "));
	CHECK(has(" s: partial results\n"));
	CHECK(shell_progress_calls >= 3);
	CHECK_EQ(q->in_flight, 0);
	/* Not stopped: no such line. */
	shell_intr_after = -1;
	CHECK_EQ(shell_run("bench ram seq read bs=4k count=10"), 0);
	CHECK(!has("Ctrl-C"));
}

TEST(a_time_limit_ends_the_run_when_jiffies_reach_it)
{
	setup();
	delay_us = 100;
	/* time=1: the timer fires after 1000 jiffies, which only the test moves. */
	RUN("bench ram rand read time=1 &", 0,
	    "bench: ram: rand read, 4 KiB blocks, qd 1, 1 thread, for 1 s; elevator noop\n"
	    "bench: running in the background; `wait` prints the results\n");
	hosted_advance_jiffies(999);
	CHECK(disk_busy());
	hosted_advance_jiffies(1);
	CHECK_EQ(shell_run("wait"), 0);
	CHECK(!disk_busy());
	CHECK(has("for 1 s; elevator noop\n"));
	CHECK(ios_of("total") > 0);
	CHECK(!has("Ctrl-C"));
	CHECK_EQ(q->in_flight, 0);
}

TEST(background_benches_run_one_at_a_time_and_report_switches_made_meanwhile)
{
	setup();
	delay_us = 100;
	CHECK_EQ(shell_run("bench ram rand read qd=4 count=4294967295 &"), 0);
	RUN("bench ram seq read", -EBUSY, "bench: one bench at a time: `wait` for the one on ram first\n");
	RUN("bench-all", -EBUSY,
	    "bench-all: one bench at a time: `wait` for the one on ram first\n");
	usleep(20000);
	CHECK_EQ(elevator_change(q, "deadline"), 0);
	usleep(20000);
	CHECK_EQ(elevator_change(q, "cfq"), 0);
	shell_intr_after = 1;
	CHECK_EQ(shell_run("wait"), 0);
	CHECK(has("elevator noop\n"));	/* the header: as it began */
	CHECK(has("bench: elevator noop at the start, cfq at the end (2 switches during the run)\n"));
	CHECK(has("bench: stopped by Ctrl-C after "));
	RUN("wait", -ECHILD, "wait: no bench in the background\n");
	/* A switch after the run ended is not one during it. */
	shell_intr_after = -1;
	CHECK_EQ(shell_run("bench ram seq read bs=4k count=5 &"), 0);
	usleep(50000);
	CHECK_EQ(elevator_change(q, "noop"), 0);
	CHECK_EQ(shell_run("wait"), 0);
	CHECK_EQ(ios_of("total"), 5);
	CHECK(!has("switch"));
	RUN("wait now", -EINVAL, "usage: wait\n");
}

TEST(mistakes_are_named_before_anything_runs)
{
	setup();
	RUN("bench", -EINVAL, "usage: bench DEV seq|rand read|write [KEY=VALUE...] [&]\n");
	RUN("bench ram seq", -EINVAL, "usage: bench DEV seq|rand read|write [KEY=VALUE...] [&]\n");
	RUN("bench ram seq rw", -EINVAL, "usage: bench DEV seq|rand read|write [KEY=VALUE...] [&]\n");
	RUN("bench nosuch seq read", -ENODEV, "unknown device 'nosuch'; known: ram\n");
	RUN("bench ram seq write qd=0", -ERANGE, "bench: qd=0: must be 1..32\n");
	RUN("bench ram seq write size=4M", -ERANGE, "bench: ram: LBA 0 + 8192 sectors is past "
	    "the end of the device (4096 sectors, 2 MiB)\n");
	RUN("bench-all ram ram", -EINVAL, "usage: bench-all [DEV]\n");
	RUN("bench-all nosuch", -ENODEV, "unknown device 'nosuch'; known: ram\n");
	CHECK(!memcmp(media, model, sizeof(media)));
}
