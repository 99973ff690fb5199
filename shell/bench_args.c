/*
 * bench_args.c - the words of the shell's bench command, and the
 * blkbench jobs they make (include/shell_bench.h).
 *
 * Every word comes from the keyboard: each option is checked against
 * what the engine takes (blkbench.h's limits) and refused with a
 * sentence naming the option, so the user never meets the engine's bare
 * -EINVAL. Portable; tested on the host (tests/host/test_shell_bench.c).
 */
#include "kernel.h"
#include "bio.h"
#include "shell_args.h"
#include "shell_bench.h"
#include "string.h"

enum bench_key { K_BS, K_QD, K_THREADS, K_COUNT, K_TIME, K_SEED, K_LBA, K_SIZE, K_NR };

static const struct bench_key_info {
	const char *name;
	bool size;		/* takes k/M/G, and whole sectors */
	u64 min, max;
} bench_keys[K_NR] = {
	[K_BS]		= { "bs", true, 512, BLKBENCH_MAX_BS },
	[K_QD]		= { "qd", false, 1, BLKBENCH_MAX_QD },
	[K_THREADS]	= { "threads", false, 1, BLKBENCH_MAX_JOBS },
	[K_COUNT]	= { "count", false, 1, BENCH_MAX_COUNT },
	[K_TIME]	= { "time", false, 1, BENCH_MAX_TIME_S },
	[K_SEED]	= { "seed", false, 0, 0xffffffffu },
	[K_LBA]		= { "lba", false, 0, ~0ULL },
	[K_SIZE]	= { "size", true, 512, ~0ULL },
};

static const char *const bench_thread_names[BLKBENCH_MAX_JOBS] = {
	"bench0", "bench1", "bench2", "bench3", "bench4", "bench5", "bench6", "bench7",
	"bench8", "bench9", "bench10", "bench11", "bench12", "bench13", "bench14", "bench15",
};

/* Parse @s as option @k into @v; 0, or an error with the sentence in @msg. */
static int bench_value(const struct bench_key_info *k, const char *s, u64 *v,
		       char *msg, size_t size)
{
	char lim[16];
	bool big;
	int err = k->size ? shell_parse_size(s, v) : shell_parse_u64(s, v);

	if (err == -EINVAL) {
		snprintf(msg, size, "%s=%s: not a %s", k->name, s,
			 k->size ? "size (a number, then k, M or G)" : "number");
		return err;
	}
	/* Past 2^64 is only further past the limit: say what the limit is. */
	big = err == -ERANGE || *v > k->max;
	if (!big && k->size && *v % 512) {
		snprintf(msg, size, "%s=%s: not a whole number of 512-byte sectors", k->name, s);
		return -EINVAL;
	}
	if (big && k->size) {
		shell_format_size(k->max, lim, sizeof(lim));
		snprintf(msg, size, "%s=%s: at most %s", k->name, s, lim);
		return -ERANGE;
	}
	if (big || *v < k->min) {
		if (k->size)
			snprintf(msg, size, "%s=%s: at least %llu bytes", k->name, s,
				 (unsigned long long)k->min);
		else
			snprintf(msg, size, "%s=%s: must be %llu..%llu%s", k->name, s,
				 (unsigned long long)k->min, (unsigned long long)k->max,
				 k == &bench_keys[K_TIME] ? " (seconds)" : "");
		return -ERANGE;
	}
	return 0;
}

int bench_parse(int argc, char *const *argv, struct bench_opts *o,
		char *msg, size_t size)
{
	bool given[K_NR] = { false };
	u64 vals[K_NR] = { 0 };

	msg[0] = '\0';
	if (argc < 2)
		return -EINVAL;
	memset(o, 0, sizeof(*o));
	if (!strcmp(argv[0], "rand"))
		o->random = true;
	else if (strcmp(argv[0], "seq"))
		return -EINVAL;
	if (!strcmp(argv[1], "write"))
		o->write = true;
	else if (strcmp(argv[1], "read"))
		return -EINVAL;
	for (int i = 2; i < argc; i++) {
		const char *val = NULL;
		int k;

		if (!strcmp(argv[i], "&")) {
			if (i != argc - 1) {
				snprintf(msg, size, "'&' must be the last word");
				return -EINVAL;
			}
			o->background = true;
			break;
		}
		for (k = 0; k < K_NR; k++)
			if ((val = shell_key_value(argv[i], bench_keys[k].name)))
				break;
		if (k == K_NR) {
			snprintf(msg, size, "unknown option '%s'; the options are bs= qd= "
				 "threads= count= time= seed= lba= size=, and & last", argv[i]);
			return -EINVAL;
		}
		if (given[k]) {
			snprintf(msg, size, "%s= given twice", bench_keys[k].name);
			return -EINVAL;
		}
		given[k] = true;
		int err = bench_value(&bench_keys[k], val, &vals[k], msg, size);

		if (err)
			return err;
	}
	o->bs = given[K_BS] ? (u32)vals[K_BS] : o->random ? BENCH_RAND_BS : BENCH_SEQ_BS;
	o->qd = given[K_QD] ? (u32)vals[K_QD] : 1;
	o->threads = given[K_THREADS] ? (u32)vals[K_THREADS] : 1;
	o->count = vals[K_COUNT];
	/* A run with neither limit would never end: give it the default time. */
	o->time_ms = given[K_TIME] ? (u32)vals[K_TIME] * 1000 :
		     given[K_COUNT] ? 0 : BENCH_TIME_MS;
	o->seed = given[K_SEED] ? (u32)vals[K_SEED] : 1;
	o->lba = vals[K_LBA];
	o->size = vals[K_SIZE];
	return 0;
}

int bench_make_jobs(const struct bench_opts *o, u64 capacity,
		    struct blkbench_job *jobs, char *msg, size_t size)
{
	u64 bs = o->bs >> 9, sects, slice;
	char region[16], block[16];
	int err;

	msg[0] = '\0';
	if (o->size)
		sects = o->size >> 9;
	else if (o->lba < capacity)
		sects = capacity - o->lba;
	else
		sects = 1;	/* only to have the range check say why */
	err = shell_check_range(o->lba, sects, capacity, msg, size);
	if (err)
		return err;
	slice = o->random ? sects : sects / o->threads / bs * bs;
	if (slice < bs) {
		shell_format_size(sects << 9, region, sizeof(region));
		shell_format_size(o->bs, block, sizeof(block));
		if (o->random || o->threads == 1)
			snprintf(msg, size, "the region (%s) is smaller than one block (bs=%s)",
				 region, block);
		else
			snprintf(msg, size, "the region (%s) is too small for %u threads "
				 "of a block (bs=%s) each", region, o->threads, block);
		return -ERANGE;
	}
	for (u32 t = 0; t < o->threads; t++)
		jobs[t] = (struct blkbench_job){
			.name = bench_thread_names[t],
			.rw = o->write ? WRITE_SYNC : READ_SYNC,
			.random = o->random,
			.bs = o->bs,
			.count = o->count ? (unsigned long)o->count : BENCH_MAX_COUNT,
			.qd = o->qd,
			.start = o->lba + (o->random ? 0 : t * slice),
			.span = slice,
			.seed = o->seed + t,
		};
	return (int)o->threads;
}

const char *bench_workload_name(const struct bench_opts *o)
{
	if (o->random)
		return o->write ? "rand write" : "rand read";
	return o->write ? "seq write" : "seq read";
}
