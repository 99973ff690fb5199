/*
 * cmd_bench.c - bench, bench-all and wait: the block load generator
 * (block/blkbench.c) at the keyboard. The words are parsed and turned
 * into jobs by shell/bench_args.c.
 *
 * blkbench_run() sleeps until every job is done, so it runs in a kernel
 * thread of its own, "bench", and the shell thread stays free. In the
 * foreground the shell thread waits in a loop that polls Ctrl-C (which
 * sets the engine's stop flag: the jobs end once their bios in flight
 * complete) and draws the progress line. With "&" as the last word it
 * goes back to the prompt at once, and the user can type commands while
 * the bios fly: `sched DEV NAME` switches the elevator under the running
 * bench, which is what the background mode is for. `wait` then does the
 * foreground loop and prints the results. A time limit is a timer that
 * sets the same stop flag, so it holds in the background too, where
 * nobody polls.
 *
 * One run at a time: the state is static, and another bench or bench-all
 * is refused until `wait` has printed the last one. Nothing is printed
 * behind the user's back: a background bench's results wait for `wait`.
 */
#include "kernel.h"
#include "blkbench.h"
#include "blkdev.h"
#include "completion.h"
#include "elevator.h"
#include "jiffies.h"
#include "kthread.h"
#include "sched.h"
#include "shell.h"
#include "shell_args.h"
#include "shell_bench.h"
#include "string.h"
#include "timer.h"

#define BENCH_ALL_MS	500	/* per row of bench-all */
#define BENCH_STOP_WAIT_MS	1000	/* after Ctrl-C, for the bios in flight */

static struct bench_run {
	bool busy;			/* started, results not yet printed */
	bool background;
	struct block_device *bdev;
	struct bench_opts opts;
	int nr;
	struct blkbench_job jobs[BLKBENCH_MAX_JOBS];
	struct blkbench_result res[BLKBENCH_MAX_JOBS];
	volatile bool stop;		/* the engine's: set by Ctrl-C or the timer */
	bool interrupted;		/* by Ctrl-C */
	struct timer_list timer;	/* ends a run of opts.time_ms */
	struct completion done;		/* the bench thread is through */
	int err;			/* blkbench_run()'s */
	u64 began_ns;
	const char *elv_begin;		/* the elevator when the run began */
	const char *elv_end;		/* ... and when it ended */
	unsigned long switches;		/* elevator switches while it ran */
} run;

static void bench_time_up(unsigned long data)
{
	(void)data;
	run.stop = true;
}

/* The elevator's name (`sched` may be switching right now) and the queue's switch count. */
static const char *bench_elevator(struct block_device *bdev, unsigned long *switches)
{
	struct request_queue *q = bdev_get_queue(bdev);

	*switches = READ_ONCE(q->stats.elevator_switches);
	return elv_current_name(q);
}

static int bench_thread(void *data)
{
	unsigned long switches;

	(void)data;
	run.err = blkbench_run(run.bdev, run.jobs, run.res, run.nr, &run.stop);
	/* Switches while the bios flew, not while the results waited for `wait`. */
	run.elv_end = bench_elevator(run.bdev, &switches);
	run.switches = switches - run.switches;
	complete(&run.done);
	return 0;
}

/* Refuse a second run while one has not been reported; refuse writes to read-only disks. */
static int bench_may_start(const char *cmd, struct block_device *bdev, bool write)
{
	if (run.busy) {
		shell_printf("%s: one bench at a time: `wait` for the one on %s first\n",
			     cmd, run.bdev->name);
		return -EBUSY;
	}
	if (write && bdev->bd_disk->read_only) {
		shell_printf("%s: %s is read-only\n", cmd, bdev->name);
		return -EROFS;
	}
	return 0;
}

/* Make the jobs of @o and start them; prints why not. */
static int bench_start(const char *cmd, struct block_device *bdev, const struct bench_opts *o)
{
	struct task_struct *task;
	char msg[160];
	int nr = bench_make_jobs(o, bdev->bd_part->nr_sects, run.jobs, msg, sizeof(msg));

	if (nr < 0) {
		shell_printf("%s: %s: %s\n", cmd, bdev->name, msg);
		return nr;
	}
	run.bdev = bdev;
	run.opts = *o;
	run.background = o->background;
	run.nr = nr;
	run.stop = false;
	run.interrupted = false;
	run.err = 0;
	memset(run.res, 0, sizeof(run.res));
	init_completion(&run.done);
	run.elv_begin = bench_elevator(bdev, &run.switches);
	task = kthread_create(bench_thread, NULL, "bench");
	if (IS_ERR(task)) {
		shell_printf("%s: cannot start its thread (%ld)\n", cmd, PTR_ERR(task));
		return (int)PTR_ERR(task);
	}
	run.busy = true;
	run.began_ns = local_clock();
	if (o->time_ms) {
		setup_timer(&run.timer, bench_time_up, 0);
		mod_timer(&run.timer, jiffies + msecs_to_jiffies(o->time_ms));
	}
	wake_up_process(task);
	return 0;
}

/* How far the run is, 0..99: by bios done, or by time, whichever is further. */
static unsigned int bench_percent(void)
{
	u64 ios = 0, pct = 0;

	for (int j = 0; j < run.nr; j++)
		ios += READ_ONCE(run.res[j].ios);
	if (run.opts.count)
		pct = ios * 100 / (run.opts.count * (u64)run.nr);
	if (run.opts.time_ms)
		pct = max(pct, (local_clock() - run.began_ns) / 10000 / run.opts.time_ms);
	return (unsigned int)min_t(u64, pct, 99);
}

/*
 * Wait for the run to end, stopping it on Ctrl-C and showing progress
 * as "@what: N%"; true once it has ended, and the results are in
 * run.res. A stopped run still waits for its bios in flight, and those
 * may wait a long time (behind an rt process that keeps the disk): a
 * second after Ctrl-C the prompt comes back anyway, false, and the run
 * ends in the background.
 */
static bool bench_wait(const char *what)
{
	bool stopping = false;		/* Ctrl-C in this wait */
	unsigned long give_up = 0;

	while (!wait_for_completion_timeout(&run.done, msecs_to_jiffies(50))) {
		if (!stopping && shell_interrupted()) {
			run.interrupted = true;
			run.stop = true;
			stopping = true;
			give_up = jiffies + msecs_to_jiffies(BENCH_STOP_WAIT_MS);
		} else if (stopping && time_after(jiffies, give_up)) {
			shell_progress_done();
			return false;
		}
		shell_progress(what, bench_percent(), 100);
	}
	if (run.opts.time_ms)
		del_timer_sync(&run.timer);
	shell_progress_done();
	return true;
}

/* The prompt returns while a stopped run still has bios on the disk. */
static int bench_detach(const char *cmd)
{
	run.background = true;
	shell_printf("%s: stopping, but bios of it still wait for %s: it ends in the "
		     "background when they are served; `wait` prints what it measured\n",
		     cmd, run.bdev->name);
	return -EINTR;
}

/* "seq read, 1 MiB blocks, qd 1, 1 thread, for 2 s" and the region if one was asked for. */
static void bench_print_header(const char *cmd)
{
	const struct bench_opts *o = &run.opts;
	char bs[16];

	shell_format_size(o->bs, bs, sizeof(bs));
	shell_printf("%s: %s: %s, %s blocks, qd %u, %u thread%s, ", cmd, run.bdev->name,
		     bench_workload_name(o), bs, o->qd, o->threads, o->threads > 1 ? "s" : "");
	if (o->count)
		shell_printf("%llu I/O%s%s%s", (unsigned long long)o->count,
			     o->count > 1 ? "s" : "", o->threads > 1 ? " per thread" : "",
			     o->time_ms ? " or " : "");
	if (o->time_ms)
		shell_printf("%s%u s", o->count ? "" : "for ", o->time_ms / 1000);
	if (o->lba || o->size) {
		u64 sects = o->size ? o->size >> 9 : run.bdev->bd_part->nr_sects - o->lba;

		shell_printf(", LBA %llu + %llu sectors", (unsigned long long)o->lba,
			     (unsigned long long)sects);
	}
	shell_printf("; elevator %s\n", run.elv_begin);
}

struct bench_numbers {
	unsigned long mbps_x10;
	u64 iops, mean_us, p50_us, p99_us, max_us;
};

static void bench_numbers(const struct blkbench_result *r, struct bench_numbers *n)
{
	u64 ns = r->end_ns - r->start_ns;

	n->mbps_x10 = blkbench_mbps_x10(r->bytes, ns);
	n->iops = ns ? (u64)r->ios * 1000000000ull / ns : 0;
	n->mean_us = r->ios ? r->lat_sum_ns / r->ios / 1000 : 0;
	n->p50_us = blkbench_percentile_us(r, 50);
	n->p99_us = blkbench_percentile_us(r, 99);
	n->max_us = r->lat_max_ns / 1000;
}

static void bench_print_row(const char *label, const struct blkbench_result *r)
{
	struct bench_numbers n;

	bench_numbers(r, &n);
	shell_printf("%-9s %8lu %6lu.%lu %8llu %8llu %8llu %8llu %8llu\n", label, r->ios,
		     n.mbps_x10 / 10, n.mbps_x10 % 10, (unsigned long long)n.iops,
		     (unsigned long long)n.mean_us, (unsigned long long)n.p50_us,
		     (unsigned long long)n.p99_us, (unsigned long long)n.max_us);
}

/* What happened around the numbers: errors, elevator switches, Ctrl-C. */
static void bench_print_notes(const char *cmd, const struct blkbench_result *total)
{
	if (total->errors)
		shell_printf("%s: %lu I/O error%s\n", cmd, total->errors,
			     total->errors > 1 ? "s" : "");
	if (run.switches)
		shell_printf("%s: elevator %s at the start, %s at the end (%lu switch%s "
			     "during the run)\n", cmd, run.elv_begin, run.elv_end,
			     run.switches, run.switches > 1 ? "es" : "");
	if (run.interrupted) {
		u64 ms = total->ios ? (total->end_ns - total->start_ns) / 1000000 : 0;

		shell_printf("%s: stopped by Ctrl-C after %llu.%llu s: partial results\n", cmd,
			     (unsigned long long)(ms / 1000), (unsigned long long)(ms / 100 % 10));
	}
}

/* The table of the run that just ended, and the run is over. */
static int bench_report(const char *cmd)
{
	struct blkbench_result total;
	char label[24];

	run.busy = false;
	if (run.err) {
		shell_printf("%s: %s: the run failed (%s)\n", cmd, run.bdev->name,
			     run.err == -ENOMEM ? "out of memory" : "bad job");
		return run.err;
	}
	memset(&total, 0, sizeof(total));
	shell_printf("%-9s %8s %8s %8s %8s %8s %8s %8s\n", "", "I/Os", "MB/s", "IOPS",
		     "mean us", "p50 us", "p99 us", "max us");
	for (int j = 0; j < run.nr; j++) {
		blkbench_result_add(&total, &run.res[j]);
		if (run.nr > 1) {
			snprintf(label, sizeof(label), "thread %d", j);
			bench_print_row(label, &run.res[j]);
		}
	}
	bench_print_row("total", &total);
	bench_print_notes(cmd, &total);
	return total.errors ? -EIO : 0;
}

static int cmd_bench(int argc, char **argv)
{
	struct block_device *bdev;
	struct bench_opts o;
	char msg[160];
	int err;

	if (argc < 4)
		return shell_usage_current();
	bdev = shell_lookup_bdev(argv[1]);
	if (!bdev)
		return -ENODEV;
	err = bench_parse(argc - 2, argv + 2, &o, msg, sizeof(msg));
	if (err && !msg[0])
		return shell_usage_current();
	if (err) {
		shell_printf("bench: %s\n", msg);
		return err;
	}
	err = bench_may_start("bench", bdev, o.write);
	if (!err)
		err = bench_start("bench", bdev, &o);
	if (err)
		return err;
	bench_print_header("bench");
	if (o.background) {
		shell_puts("bench: running in the background; `wait` prints the results\n");
		return 0;
	}
	if (!bench_wait("bench"))
		return bench_detach("bench");
	return bench_report("bench");
}
SHELL_CMD_HELP(bench, "bench", "bench DEV seq|rand read|write [KEY=VALUE...] [&]",
	       "MB/s, IOPS, latency of DEV (write destroys data)",
	       "Each thread is its own process to the elevator and keeps QD bios of\n"
	       "BS bytes in flight, sequential or at random offsets. Prints MB/s, IOPS\n"
	       "and the latency of a bio in us: mean, p50, p99 (within 1/8 above), max.\n"
	       "  bs=SIZE       bytes per bio, whole sectors, up to 1M (rand 4k, seq 1M)\n"
	       "  qd=N          bios in flight per thread, 1..32 (1)\n"
	       "  threads=N     1..16 (1); seq threads each stream their own slice\n"
	       "  count=N       bios per thread (default: as many as fit the time)\n"
	       "  time=S        stop after S seconds, 1..3600 (2 when count= is not given)\n"
	       "  lba=N size=SIZE   the region (default: the whole device)\n"
	       "  seed=N        the random offsets and the data (1); thread T uses N+T\n"
	       "  &             run in the background: the prompt comes back, so other\n"
	       "                commands (sched DEV NAME, say) run while the bios fly;\n"
	       "                `wait` shows the results. One bench at a time.\n"
	       "A write bench DESTROYS THE DATA in the region: every block it writes\n"
	       "holds the first BS bytes of the pattern seed:N, so `verify` can check a\n"
	       "block. Ctrl-C stops a bench (or `wait`) and prints what it measured;\n"
	       "if its bios in flight have not ended a second later (queued behind an\n"
	       "rt process, say), the prompt comes back and `wait` prints it later.");

static int cmd_wait(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage_current();
	if (!run.busy) {
		shell_puts("wait: no bench in the background\n");
		return -ECHILD;
	}
	bench_print_header("bench");
	if (!bench_wait("bench"))
		return bench_detach("wait");
	return bench_report("bench");
}
SHELL_CMD_HELP(wait, "wait", "wait", "print the background bench's results",
	       "Ctrl-C stops the bench and prints what it measured so far; if its\n"
	       "bios are still queued a second later, the prompt comes back first.");

static const struct bench_all_row {
	const char *name;
	bool random, write;
	u32 bs, qd;
} bench_all_rows[] = {
	{ "seq read 1M qd1", false, false, 1u << 20, 1 },
	{ "seq write 1M qd1", false, true, 1u << 20, 1 },
	{ "rand read 4k qd1", true, false, 4096, 1 },
	{ "rand read 4k qd32", true, false, 4096, 32 },
	{ "rand write 4k qd1", true, true, 4096, 1 },
	{ "rand write 4k qd32", true, true, 4096, 32 },
};

static int cmd_bench_all(int argc, char **argv)
{
	const char *name = argc == 2 ? argv[1] : shell_default_dev;
	struct block_device *bdev;
	unsigned long switches;
	int err = 0;

	if (argc > 2)
		return shell_usage_current();
	bdev = shell_lookup_bdev(name);
	if (!bdev)
		return -ENODEV;
	err = bench_may_start("bench-all", bdev, true);
	if (err)
		return err;
	shell_printf("bench-all: %s: %u ms per workload; elevator %s\n", bdev->name,
		     BENCH_ALL_MS, bench_elevator(bdev, &switches));
	shell_printf("%-18s %8s %8s %8s %8s\n", "workload", "MB/s", "IOPS", "p50 us", "p99 us");
	for (unsigned int i = 0; i < ARRAY_SIZE(bench_all_rows) && !err; i++) {
		const struct bench_all_row *row = &bench_all_rows[i];
		struct bench_opts o = { .random = row->random, .write = row->write,
					.bs = row->bs, .qd = row->qd, .threads = 1,
					.time_ms = BENCH_ALL_MS, .seed = 1 };
		struct bench_numbers n;

		err = bench_start("bench-all", bdev, &o);
		if (err)
			break;
		if (!bench_wait(row->name))
			return bench_detach("bench-all");
		run.busy = false;
		if (run.err) {
			shell_printf("%-18s failed (%d)\n", row->name, run.err);
			err = run.err;
			break;
		}
		bench_numbers(&run.res[0], &n);
		shell_printf("%-18s %6lu.%lu %8llu %8llu %8llu", row->name, n.mbps_x10 / 10,
			     n.mbps_x10 % 10, (unsigned long long)n.iops,
			     (unsigned long long)n.p50_us, (unsigned long long)n.p99_us);
		if (run.res[0].errors)
			shell_printf("  %lu I/O errors", run.res[0].errors);
		shell_puts(run.interrupted ? "  (partial)\n" : "\n");
		if (run.interrupted) {
			shell_puts("bench-all: stopped by Ctrl-C\n");
			err = -EINTR;
		}
	}
	return err;
}
SHELL_CMD_HELP(bench_all, "bench-all", "bench-all [DEV]",
	       "the standard benchmark table (overwrites DEV)",
	       "Sequential 1M reads and writes at qd 1, random 4k reads and writes at\n"
	       "qd 1 and qd 32, each for half a second over the whole device, one\n"
	       "thread; DEV defaults to the one in the prompt. The writes DESTROY THE\n"
	       "DATA on DEV (partition tables included). Ctrl-C stops the table.");
