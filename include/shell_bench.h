/*
 * shell_bench.h - the words of the shell's bench command
 * (shell/bench_args.c): the workload, its KEY=VALUE options, and the
 * blkbench jobs they make. shell/cmd_bench.c runs them.
 *
 * Portable, so tested on the host (tests/host/test_shell_bench.c) with
 * everything a user might type; nothing here touches a device.
 */
#ifndef _LANTERN_SHELL_BENCH_H
#define _LANTERN_SHELL_BENCH_H

#include "types.h"
#include "blkbench.h"

#define BENCH_SEQ_BS		(1u << 20)	/* the default bs of seq */
#define BENCH_RAND_BS		4096u		/* and of rand */
#define BENCH_TIME_MS		2000u		/* a run without count= */
#define BENCH_MAX_TIME_S	3600u
#define BENCH_MAX_COUNT		0xffffffffu	/* fits unsigned long anywhere */

struct bench_opts {
	bool random;		/* rand, else seq */
	bool write;
	bool background;	/* the last word was "&" */
	u32 bs;			/* bytes per bio */
	u32 qd;			/* bios in flight per thread */
	u32 threads;		/* jobs, each its own kthread */
	u64 count;		/* bios per thread; 0: until the time is up */
	u32 time_ms;		/* stop after this long; 0: only count stops it */
	u32 seed;		/* thread T uses seed + T */
	u64 lba;		/* the region's first sector */
	u64 size;		/* its bytes; 0: to the end of the device */
};

/*
 * Parse the words after DEV: "seq|rand read|write", then KEY=VALUE
 * options in any order (bs= qd= threads= count= time= seed= lba= size=),
 * then optionally "&". Fills @o with the options and the defaults
 * (bs 1M for seq, 4k for rand; qd 1; threads 1; seed 1; the whole
 * device; time 2 s unless count= is given).
 *
 * Returns 0; or -EINVAL with @msg "" when the words are not the
 * command's shape (the caller prints the usage line); or -EINVAL or
 * -ERANGE with a sentence in @msg naming the option and what is wrong
 * ("qd=0: must be 1..32"). On error @o holds garbage.
 */
int bench_parse(int argc, char *const *argv, struct bench_opts *o,
		char *msg, size_t size);

/*
 * The jobs of @o on a device of @capacity sectors: one per thread,
 * READ_SYNC or WRITE_SYNC (someone waits for each bio, as with O_DIRECT),
 * random ones each over the whole region, sequential ones each streaming
 * its own equal slice of it. Returns the number of jobs, or -ERANGE with
 * @msg ("LBA ... is past the end of the device (...)", "the region ... is
 * smaller than ...") when the region does not fit the device or the
 * blocks do not fit the region.
 */
int bench_make_jobs(const struct bench_opts *o, u64 capacity,
		    struct blkbench_job *jobs, char *msg, size_t size);

/* "seq read", "rand write" */
const char *bench_workload_name(const struct bench_opts *o);

#endif
