/*
 * blkbench.h - a block I/O load generator (block/blkbench.c), the engine
 * behind `make bench` and the shell's bench command.
 *
 * A run is a set of jobs, each in its own kernel thread (so each is its
 * own "process" with its own io_context, which is what CFQ schedules).
 * A job issues @count bios of @bs bytes, sequential or random inside a
 * region, keeping up to @qd of them in flight, and measures each bio
 * from submit_bio() to its bi_end_io. Nothing like it exists in Linux,
 * where fio does this from user space.
 */
#ifndef _LANTERN_BLKBENCH_H
#define _LANTERN_BLKBENCH_H

#include "types.h"

struct block_device;

#define BLKBENCH_MAX_BS		(1u << 20)	/* a bio of BIO_MAX_PAGES pages */
#define BLKBENCH_MAX_QD		32
#define BLKBENCH_MAX_JOBS	16

struct blkbench_job {
	const char *name;	/* the thread's name; NULL: "blkbench" */
	unsigned long rw;	/* READ or WRITE, with REQ_SYNC etc. as wanted */
	bool random;		/* else sequential, wrapping at the region's end */
	unsigned int bs;	/* bytes per bio: whole 512-byte sectors */
	unsigned long count;	/* bios to issue */
	unsigned int qd;	/* bios kept in flight, 1..BLKBENCH_MAX_QD */
	sector_t start;		/* the region: [start, start + span) */
	sector_t span;		/* 0: to the end of the device */
	u32 seed;		/* random offsets, and the bytes written: every
				 * write carries the first bs bytes of the
				 * pattern seed:N (xorshift32, shell_args.h) */
	int ioprio;		/* IOPRIO_PRIO_VALUE(); 0 leaves the default */
};

/*
 * Latencies are kept in a log-linear histogram: 8 buckets per power of
 * two of microseconds, so a percentile read from it is within 1/8 (12.5%)
 * above the true value. Mean and max are exact.
 */
#define BLKBENCH_HIST_SUB	8
#define BLKBENCH_HIST		(32 * BLKBENCH_HIST_SUB)

struct blkbench_result {
	unsigned long ios;	/* bios completed, good or bad */
	unsigned long errors;	/* of those, ended with an error */
	u64 bytes;		/* moved by the good ones */
	u64 start_ns, end_ns;	/* local_clock(): first submit, last completion */
	u64 lat_sum_ns, lat_max_ns;
	u32 hist[BLKBENCH_HIST];
};

/*
 * Run @nr jobs on @bdev at once and wait for all of them; @res[i] is job
 * i's. Setting *@stop (may be NULL) ends every job early, after its bios
 * in flight complete. Another thread may read @res[i].ios while the run
 * goes on, as a count of progress (zeroed when the run begins). Returns 0, or -EINVAL for a job that is out of
 * range (bs, qd, or a region not inside the device), -ENOMEM.
 * Process context; sleeps.
 */
int blkbench_run(struct block_device *bdev, const struct blkbench_job *jobs,
		 struct blkbench_result *res, int nr, volatile bool *stop);

/* Where job @job's @i-th bio goes: what the run does, for bounds and tests. */
sector_t blkbench_sector(const struct blkbench_job *job, sector_t capacity,
			 unsigned long i);

/* The @pct-th percentile latency in µs (an upper bound, see above). */
u64 blkbench_percentile_us(const struct blkbench_result *res, unsigned int pct);

/* @bytes in @ns as MB/s times ten, for printing with one decimal. */
static inline unsigned long blkbench_mbps_x10(u64 bytes, u64 ns)
{
	/* bytes/ns * 1000 = MB/s */
	return ns ? (unsigned long)(bytes * 10000 / ns) : 0;
}

/* Fold @add into @sum: for totals over several jobs. */
void blkbench_result_add(struct blkbench_result *sum, const struct blkbench_result *add);

#endif
