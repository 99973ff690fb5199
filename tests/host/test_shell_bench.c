/*
 * test_shell_bench.c - host tests for shell/bench_args.c, the words of
 * the shell's bench command: defaults, every option at its limits, the
 * sentence for each mistake, the shapes that are only a usage error, the
 * jobs made for a region (inside the device, sequential threads in
 * disjoint slices, where blkbench_sector() sends every bio), and random
 * words, whose result must always be a valid set of options or an error.
 */
#include <stdlib.h>
#include "harness.h"
#include "kernel.h"
#include "bio.h"
#include "shell_bench.h"

#define MAXW	16

/* Split @line at spaces into exact heap copies (for ASan); parse them. */
static int parse(const char *line, struct bench_opts *o, char *msg, size_t size)
{
	char *words[MAXW] = { NULL };
	int n = 0, err;
	const char *p = line;

	while (*p && n < MAXW) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		words[n] = malloc(len + 1);
		memcpy(words[n], p, len);
		words[n++][len] = '\0';
		p += len + (e ? 1 : 0);
	}
	err = bench_parse(n, words, o, msg, size);
	while (n--)
		free(words[n]);
	return err;
}

static char msg[160];

/* @line must fail with @err and exactly the sentence @want. */
#define CHECK_REFUSED(line, err, want) do {				\
	struct bench_opts __o;						\
	CHECK_EQ(parse(line, &__o, msg, sizeof(msg)), err);		\
	CHECK_STREQ(msg, want);						\
} while (0)

TEST(defaults_follow_the_workload)
{
	struct bench_opts o;

	CHECK_EQ(parse("seq read", &o, msg, sizeof(msg)), 0);
	CHECK(!o.random && !o.write && !o.background);
	CHECK_EQ(o.bs, 1 << 20);
	CHECK_EQ(o.qd, 1);
	CHECK_EQ(o.threads, 1);
	CHECK_EQ(o.count, 0);
	CHECK_EQ(o.time_ms, 2000);
	CHECK_EQ(o.seed, 1);
	CHECK_EQ(o.lba, 0);
	CHECK_EQ(o.size, 0);
	CHECK_STREQ(bench_workload_name(&o), "seq read");
	CHECK_EQ(parse("rand write", &o, msg, sizeof(msg)), 0);
	CHECK(o.random && o.write);
	CHECK_EQ(o.bs, 4096);
	CHECK_STREQ(bench_workload_name(&o), "rand write");
	CHECK_EQ(parse("seq write", &o, msg, sizeof(msg)), 0);
	CHECK_STREQ(bench_workload_name(&o), "seq write");
	CHECK_EQ(parse("rand read", &o, msg, sizeof(msg)), 0);
	CHECK_STREQ(bench_workload_name(&o), "rand read");
}

TEST(options_in_any_order_and_at_their_limits)
{
	struct bench_opts o;

	CHECK_EQ(parse("rand read size=1M qd=32 bs=0x200 threads=16 count=4294967295 "
		       "seed=0xffffffff lba=2048", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(o.bs, 512);
	CHECK_EQ(o.qd, 32);
	CHECK_EQ(o.threads, 16);
	CHECK_EQ(o.count, 4294967295u);
	CHECK_EQ(o.time_ms, 0);		/* count= alone: no time limit */
	CHECK_EQ(o.seed, 0xffffffffu);
	CHECK_EQ(o.lba, 2048);
	CHECK_EQ(o.size, 1 << 20);
	CHECK_EQ(parse("seq write bs=1M qd=1 threads=1 count=1 time=3600 seed=0", &o, msg,
		       sizeof(msg)), 0);
	CHECK_EQ(o.bs, 1 << 20);
	CHECK_EQ(o.count, 1);
	CHECK_EQ(o.time_ms, 3600000);	/* both limits: whichever comes first */
	CHECK_EQ(o.seed, 0);
	CHECK_EQ(parse("seq read time=1 &", &o, msg, sizeof(msg)), 0);
	CHECK(o.background);
	CHECK_EQ(o.time_ms, 1000);
	CHECK_EQ(o.count, 0);
}

TEST(wrong_shapes_are_usage_errors)
{
	static const char *const lines[] = {
		"", "seq", "read", "read seq", "seq rw", "sequential read", "SEQ read",
		"rand", "rand  read", "seq read-",
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(lines); i++) {
		struct bench_opts o;

		strcpy(msg, "x");
		CHECK_EQ(parse(lines[i], &o, msg, sizeof(msg)), -EINVAL);
		CHECK_STREQ(msg, "");
	}
}

TEST(every_mistake_gets_its_sentence)
{
	CHECK_REFUSED("seq read bogus=1", -EINVAL, "unknown option 'bogus=1'; the options are "
		      "bs= qd= threads= count= time= seed= lba= size=, and & last");
	CHECK_REFUSED("seq read bs", -EINVAL, "unknown option 'bs'; the options are "
		      "bs= qd= threads= count= time= seed= lba= size=, and & last");
	CHECK_REFUSED("seq read bsx=4k", -EINVAL, "unknown option 'bsx=4k'; the options are "
		      "bs= qd= threads= count= time= seed= lba= size=, and & last");
	CHECK_REFUSED("seq read =4k", -EINVAL, "unknown option '=4k'; the options are "
		      "bs= qd= threads= count= time= seed= lba= size=, and & last");
	CHECK_REFUSED("seq read & qd=2", -EINVAL, "'&' must be the last word");
	CHECK_REFUSED("seq read qd=2 qd=2", -EINVAL, "qd= given twice");
	CHECK_REFUSED("seq read bs=1000", -EINVAL, "bs=1000: not a whole number of 512-byte sectors");
	CHECK_REFUSED("seq read bs=0", -ERANGE, "bs=0: at least 512 bytes");
	CHECK_REFUSED("seq read bs=2M", -ERANGE, "bs=2M: at most 1 MiB");
	CHECK_REFUSED("seq read bs=1049088", -ERANGE, "bs=1049088: at most 1 MiB");
	CHECK_REFUSED("seq read bs=1048577", -ERANGE, "bs=1048577: at most 1 MiB");
	CHECK_REFUSED("seq read bs=1k1", -EINVAL, "bs=1k1: not a size (a number, then k, M or G)");
	CHECK_REFUSED("seq read bs=4x", -EINVAL, "bs=4x: not a size (a number, then k, M or G)");
	CHECK_REFUSED("seq read bs=", -EINVAL, "bs=: not a size (a number, then k, M or G)");
	CHECK_REFUSED("seq read bs=-4k", -EINVAL, "bs=-4k: not a size (a number, then k, M or G)");
	CHECK_REFUSED("seq read bs=16777216G", -ERANGE, "bs=16777216G: at most 1 MiB");
	CHECK_REFUSED("seq read bs=17179869184G", -ERANGE, "bs=17179869184G: at most 1 MiB");
	CHECK_REFUSED("seq read qd=0", -ERANGE, "qd=0: must be 1..32");
	CHECK_REFUSED("seq read qd=33", -ERANGE, "qd=33: must be 1..32");
	CHECK_REFUSED("seq read qd=4k", -EINVAL, "qd=4k: not a number");
	CHECK_REFUSED("seq read threads=0", -ERANGE, "threads=0: must be 1..16");
	CHECK_REFUSED("seq read threads=17", -ERANGE, "threads=17: must be 1..16");
	CHECK_REFUSED("seq read count=0", -ERANGE, "count=0: must be 1..4294967295");
	CHECK_REFUSED("seq read count=4294967296", -ERANGE, "count=4294967296: must be 1..4294967295");
	CHECK_REFUSED("seq read count=18446744073709551616", -ERANGE,
		      "count=18446744073709551616: must be 1..4294967295");
	CHECK_REFUSED("seq read lba=18446744073709551616", -ERANGE,
		      "lba=18446744073709551616: must be 0..18446744073709551615");
	CHECK_REFUSED("seq read time=0", -ERANGE, "time=0: must be 1..3600 (seconds)");
	CHECK_REFUSED("seq read time=3601", -ERANGE, "time=3601: must be 1..3600 (seconds)");
	CHECK_REFUSED("seq read seed=0x100000000", -ERANGE, "seed=0x100000000: must be 0..4294967295");
	CHECK_REFUSED("seq read size=0", -ERANGE, "size=0: at least 512 bytes");
	CHECK_REFUSED("seq read size=100", -EINVAL, "size=100: not a whole number of 512-byte sectors");
	CHECK_REFUSED("seq read lba=x", -EINVAL, "lba=x: not a number");
}

TEST(a_short_message_buffer_is_cut_not_overrun)
{
	char *small = malloc(8);
	struct bench_opts o;

	CHECK_EQ(parse("seq read bogus=1", &o, small, 8), -EINVAL);
	CHECK_STREQ(small, "unknown");
	free(small);
}

/* Every bio each job would issue, against where it must stay. */
static void check_jobs_stay_inside(const struct bench_opts *o, u64 capacity, int n,
				   const struct blkbench_job *jobs)
{
	u64 first = o->lba, end = o->size ? o->lba + o->size / 512 : capacity;

	for (int t = 0; t < n; t++) {
		const struct blkbench_job *j = &jobs[t];

		CHECK_EQ(j->bs, o->bs);
		CHECK_EQ(j->qd, o->qd);
		CHECK_EQ(j->seed, o->seed + (u32)t);
		CHECK_EQ(j->random, o->random);
		CHECK_EQ(j->rw, o->write ? WRITE_SYNC : READ_SYNC);
		CHECK_EQ(j->count, o->count ? o->count : 0xffffffffu);
		CHECK(j->start >= first && j->start + j->span <= end);
		/* Sequential threads: disjoint slices, in order. */
		if (!o->random && t)
			CHECK(j->start >= jobs[t - 1].start + jobs[t - 1].span);
		for (unsigned long i = 0; i < 3000; i++) {
			sector_t s = blkbench_sector(j, capacity, i);

			CHECK(s >= j->start && s + j->bs / 512 <= j->start + j->span);
			if (!(s >= j->start && s + j->bs / 512 <= j->start + j->span))
				return;
		}
	}
}

TEST(jobs_fit_the_region_and_sequential_threads_share_it)
{
	struct blkbench_job jobs[BLKBENCH_MAX_JOBS];
	struct bench_opts o;

	CHECK_EQ(parse("seq write threads=3 bs=64k lba=100 size=1M count=7", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 32768, jobs, msg, sizeof(msg)), 3);
	/* 2048 sectors in 3 slices of 5 blocks of 128 sectors: 640 each. */
	CHECK_EQ(jobs[0].start, 100);
	CHECK_EQ(jobs[1].start, 740);
	CHECK_EQ(jobs[2].start, 1380);
	CHECK_EQ(jobs[2].span, 640);
	CHECK_STREQ(jobs[2].name, "bench2");
	check_jobs_stay_inside(&o, 32768, 3, jobs);

	CHECK_EQ(parse("rand read threads=16 qd=32 bs=4k seed=9", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 32768, jobs, msg, sizeof(msg)), 16);
	CHECK_EQ(jobs[15].start, 0);
	CHECK_EQ(jobs[15].span, 32768);
	CHECK_STREQ(jobs[15].name, "bench15");
	check_jobs_stay_inside(&o, 32768, 16, jobs);

	/* A region that is not a whole number of blocks: the tail is left. */
	CHECK_EQ(parse("rand write bs=1M lba=1 size=3000k", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 32768, jobs, msg, sizeof(msg)), 1);
	check_jobs_stay_inside(&o, 32768, 1, jobs);

	/* The whole of a device exactly one block big. */
	CHECK_EQ(parse("seq read bs=8k", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 16, jobs, msg, sizeof(msg)), 1);
	check_jobs_stay_inside(&o, 16, 1, jobs);
}

TEST(regions_that_do_not_fit_are_refused)
{
	struct blkbench_job jobs[BLKBENCH_MAX_JOBS];
	struct bench_opts o;

	CHECK_EQ(parse("seq read lba=32768", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 32768, jobs, msg, sizeof(msg)), -ERANGE);
	CHECK_STREQ(msg, "LBA 32768 is past the end of the device (32768 sectors, 16 MiB)");
	CHECK_EQ(parse("seq read size=32M", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 32768, jobs, msg, sizeof(msg)), -ERANGE);
	CHECK_STREQ(msg, "LBA 0 + 65536 sectors is past the end of the device "
		    "(32768 sectors, 16 MiB)");
	CHECK_EQ(parse("seq read lba=0xffffffffffffffff size=512", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 32768, jobs, msg, sizeof(msg)), -ERANGE);
	CHECK_EQ(parse("seq read", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 1024, jobs, msg, sizeof(msg)), -ERANGE);
	CHECK_STREQ(msg, "the region (512 KiB) is smaller than one block (bs=1 MiB)");
	CHECK_EQ(parse("rand read bs=8k size=4k", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 1024, jobs, msg, sizeof(msg)), -ERANGE);
	CHECK_STREQ(msg, "the region (4 KiB) is smaller than one block (bs=8 KiB)");
	CHECK_EQ(parse("seq read bs=8k size=60k threads=8", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 1024, jobs, msg, sizeof(msg)), -ERANGE);
	CHECK_STREQ(msg, "the region (60 KiB) is too small for 8 threads of a block "
		    "(bs=8 KiB) each");
	CHECK_EQ(parse("seq read bs=8k size=64k threads=8", &o, msg, sizeof(msg)), 0);
	CHECK_EQ(bench_make_jobs(&o, 1024, jobs, msg, sizeof(msg)), 8);
	check_jobs_stay_inside(&o, 1024, 8, jobs);
}

/* Random lines from words that are nearly right: valid, or refused with a reason. */
TEST(random_words_give_valid_options_or_an_error)
{
	static const char *const parts[] = {
		"seq", "rand", "read", "write", "&", "bs=", "qd=", "threads=", "count=",
		"time=", "seed=", "lba=", "size=", "0", "1", "32", "33", "512", "4k", "1M",
		"2M", "0x", "-", "=", "k", "9999999999999999999999", "16", "17", "x", "",
	};
	struct blkbench_job jobs[BLKBENCH_MAX_JOBS];

	srand(7);
	for (int iter = 0; iter < 200000; iter++) {
		char line[256] = "";
		int words = rand() % 6;
		struct bench_opts o;
		int err;

		/* Mostly a right start, so the options get exercised. */
		if (rand() % 8)
			strcat(line, rand() % 2 ? "seq " : "rand ");
		if (rand() % 8)
			strcat(line, rand() % 2 ? "read" : "write");
		for (int w = 0; w < words; w++) {
			strcat(line, " ");
			for (int k = rand() % 3 + 1; k; k--)
				strcat(line, parts[rand() % ARRAY_SIZE(parts)]);
		}
		err = parse(line, &o, msg, sizeof(msg));
		if (err) {
			CHECK(err == -EINVAL || err == -ERANGE);
			continue;
		}
		CHECK(o.bs >= 512 && o.bs <= BLKBENCH_MAX_BS && o.bs % 512 == 0);
		CHECK(o.qd >= 1 && o.qd <= BLKBENCH_MAX_QD);
		CHECK(o.threads >= 1 && o.threads <= BLKBENCH_MAX_JOBS);
		CHECK(o.count || o.time_ms);
		CHECK(o.size % 512 == 0);
		err = bench_make_jobs(&o, 65536, jobs, msg, sizeof(msg));
		if (err < 0) {
			CHECK_EQ(err, -ERANGE);
			CHECK(msg[0]);
		} else {
			CHECK_EQ(err, (int)o.threads);
			check_jobs_stay_inside(&o, 65536, err, jobs);
		}
	}
}
