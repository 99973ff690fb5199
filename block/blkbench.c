/*
 * blkbench.c - a block I/O load generator: jobs of sequential or random
 * bios, each job a kernel thread, timed per bio. See include/blkbench.h.
 *
 * Each job's thread keeps up to qd bios in flight: it sleeps on its wait
 * queue while qd are out, and each bi_end_io (often in softirq context)
 * records the latency and wakes it. Bios go in through submit_bio() like
 * any other, so plugging, merging and the elevator all act on them.
 *
 * The pages are allocated once per job and shared by all its bios in
 * flight: a benchmark cares about where and how much, not what the
 * reads bring back. Every write of a job carries the same bytes, made
 * from its seed (blkbench_fill).
 */
#include "kernel.h"
#include "blkbench.h"
#include "blkdev.h"
#include "completion.h"
#include "gfp.h"
#include "iocontext.h"
#include "kthread.h"
#include "mm.h"
#include "sched.h"
#include "slab.h"
#include "string.h"
#include "wait.h"

struct blkbench_state {
	const struct blkbench_job *job;
	struct blkbench_result *res;
	struct block_device *bdev;
	sector_t capacity;
	volatile bool *stop;
	bool abort;			/* a sibling could not start: do nothing */
	struct page *pages[BIO_MAX_PAGES];
	unsigned int nr_pages;
	spinlock_t lock;		/* inflight and res, against bi_end_io */
	unsigned int inflight;
	wait_queue_head_t wait;
	struct completion done;
};

/* One bio's bookkeeping, in bi_private: whose, and when it went in. */
struct blkbench_io {
	struct blkbench_state *st;
	u64 submitted;
};

/* Bucket of a latency of @us: linear below 8 µs, then 8 per power of two. */
static unsigned int blkbench_bucket(u64 us)
{
	unsigned int msb;

	if (us < BLKBENCH_HIST_SUB)
		return (unsigned int)us;
	if (us >> 32)
		return BLKBENCH_HIST - 1;
	msb = 31 - (unsigned int)__builtin_clz((u32)us);
	return (msb - 2) * BLKBENCH_HIST_SUB + (unsigned int)((us >> (msb - 3)) & 7);
}

/* The largest latency in µs that lands in bucket @b. */
static u64 blkbench_bucket_max(unsigned int b)
{
	unsigned int msb, sub;

	if (b < BLKBENCH_HIST_SUB)
		return b;
	msb = b / BLKBENCH_HIST_SUB + 2;
	sub = b % BLKBENCH_HIST_SUB;
	return ((u64)(BLKBENCH_HIST_SUB + sub + 1) << (msb - 3)) - 1;
}

u64 blkbench_percentile_us(const struct blkbench_result *res, unsigned int pct)
{
	u64 total = 0, want, seen = 0;

	for (unsigned int b = 0; b < BLKBENCH_HIST; b++)
		total += res->hist[b];
	if (!total)
		return 0;
	/* The smallest latency that at least pct% of the bios did not exceed. */
	want = DIV_ROUND_UP(total * min(pct, 100u), 100);
	if (!want)
		want = 1;
	for (unsigned int b = 0; b < BLKBENCH_HIST; b++) {
		seen += res->hist[b];
		if (seen >= want)
			return min(blkbench_bucket_max(b), res->lat_max_ns / 1000);
	}
	return res->lat_max_ns / 1000;
}

void blkbench_result_add(struct blkbench_result *sum, const struct blkbench_result *add)
{
	bool empty = !sum->ios && !sum->start_ns;

	sum->ios += add->ios;
	sum->errors += add->errors;
	sum->bytes += add->bytes;
	sum->lat_sum_ns += add->lat_sum_ns;
	sum->lat_max_ns = max(sum->lat_max_ns, add->lat_max_ns);
	if (empty || add->start_ns < sum->start_ns)
		sum->start_ns = add->start_ns;
	sum->end_ns = max(sum->end_ns, add->end_ns);
	for (unsigned int b = 0; b < BLKBENCH_HIST; b++)
		sum->hist[b] += add->hist[b];
}

/* A 32-bit mix of (seed, i): random offsets that need no state. */
static u32 blkbench_hash(u32 seed, unsigned long i)
{
	u32 h = seed ^ ((u32)i * 0x9e3779b9u);

	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	h *= 0x846ca68bu;
	h ^= h >> 16;
	return h;
}

static sector_t blkbench_span(const struct blkbench_job *job, sector_t capacity)
{
	return job->span ? job->span : capacity - job->start;
}

sector_t blkbench_sector(const struct blkbench_job *job, sector_t capacity,
			 unsigned long i)
{
	sector_t bs = job->bs >> 9;
	sector_t slots = blkbench_span(job, capacity) / bs;

	if (job->random)
		return job->start + (sector_t)(blkbench_hash(job->seed, i) % slots) * bs;
	return job->start + (sector_t)(i % slots) * bs;
}

static void blkbench_end_io(struct bio *bio, int error)
{
	struct blkbench_io *io = bio->bi_private;
	struct blkbench_state *st = io->st;
	struct blkbench_result *res = st->res;
	u64 now = local_clock(), lat = now - io->submitted;
	unsigned int bytes = st->job->bs;
	unsigned long flags;

	spin_lock_irqsave(&st->lock, flags);
	res->ios++;
	if (error)
		res->errors++;
	else
		res->bytes += bytes;
	res->lat_sum_ns += lat;
	res->lat_max_ns = max(res->lat_max_ns, lat);
	res->hist[blkbench_bucket(lat / 1000)]++;
	res->end_ns = max(res->end_ns, now);
	st->inflight--;
	spin_unlock_irqrestore(&st->lock, flags);
	kfree(io);
	bio_put(bio);
	wake_up(&st->wait);
}

static unsigned int blkbench_inflight(struct blkbench_state *st)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&st->lock, flags);
	n = st->inflight;
	spin_unlock_irqrestore(&st->lock, flags);
	return n;
}

static int blkbench_submit(struct blkbench_state *st, unsigned long i)
{
	const struct blkbench_job *job = st->job;
	struct blkbench_io *io = kmalloc(sizeof(*io), GFP_KERNEL);
	struct bio *bio = io ? bio_alloc(GFP_KERNEL, st->nr_pages) : NULL;
	unsigned int left = job->bs;
	unsigned long flags;

	if (!bio) {
		kfree(io);
		return -ENOMEM;
	}
	/*
	 * The device is set after the pages, so bio_add_page() checks no
	 * queue limit: a bio bigger than the queue takes is split on the way
	 * in, as a file system's would be.
	 */
	for (unsigned int p = 0; left; p++) {
		unsigned int len = min_t(unsigned int, left, PAGE_SIZE);

		bio_add_page(bio, st->pages[p], len, 0);
		left -= len;
	}
	bio->bi_bdev = st->bdev;
	bio->bi_sector = blkbench_sector(job, st->capacity, i);
	bio->bi_end_io = blkbench_end_io;
	bio->bi_private = io;
	io->st = st;
	spin_lock_irqsave(&st->lock, flags);
	st->inflight++;
	spin_unlock_irqrestore(&st->lock, flags);
	io->submitted = local_clock();
	if (!st->res->start_ns)
		st->res->start_ns = io->submitted;
	submit_bio(job->rw, bio);
	return 0;
}

static int blkbench_thread(void *data)
{
	struct blkbench_state *st = data;
	const struct blkbench_job *job = st->job;

	if (job->ioprio)
		set_task_ioprio(current, job->ioprio);
	for (unsigned long i = 0; i < job->count; i++) {
		if (st->abort || (st->stop && *st->stop))
			break;
		wait_event(st->wait, blkbench_inflight(st) < job->qd);
		if (blkbench_submit(st, i)) {
			st->res->errors++;	/* not counted in ios: never issued */
			break;
		}
	}
	wait_event(st->wait, blkbench_inflight(st) == 0);
	complete(&st->done);
	return 0;
}

static int blkbench_check(const struct blkbench_job *job, sector_t capacity)
{
	if (!job->bs || job->bs % 512 || job->bs > BLKBENCH_MAX_BS)
		return -EINVAL;
	if (!job->qd || job->qd > BLKBENCH_MAX_QD)
		return -EINVAL;
	if (job->start >= capacity || blkbench_span(job, capacity) > capacity - job->start)
		return -EINVAL;
	if (blkbench_span(job, capacity) < job->bs >> 9)
		return -EINVAL;
	return 0;
}

/*
 * The next page of the bytes every write of a job carries: xorshift32
 * from the seed (0 stands for 0x9e3779b9), each new word stored
 * little-endian, the first after one step: the pattern seed:N of the
 * shell's write and verify and of tests/qemu/diskimg.py, so a block a
 * bench wrote can be checked.
 */
static void blkbench_fill(u32 *w, u32 *x)
{
	for (unsigned int k = 0; k < PAGE_SIZE / 4; k++) {
		*x ^= *x << 13;
		*x ^= *x >> 17;
		*x ^= *x << 5;
		w[k] = *x;	/* little-endian: x86, here and on the host */
	}
}

static void blkbench_free(struct blkbench_state *st)
{
	for (unsigned int p = 0; p < st->nr_pages; p++)
		__free_page(st->pages[p]);
	kfree(st);
}

int blkbench_run(struct block_device *bdev, const struct blkbench_job *jobs,
		 struct blkbench_result *res, int nr, volatile bool *stop)
{
	struct blkbench_state *st[BLKBENCH_MAX_JOBS] = { NULL };
	sector_t capacity = bdev->bd_part->nr_sects;
	int err = 0, started = 0;
	u32 x;

	might_sleep();
	if (nr <= 0 || nr > BLKBENCH_MAX_JOBS)
		return -EINVAL;
	for (int j = 0; j < nr; j++)
		if (blkbench_check(&jobs[j], capacity))
			return -EINVAL;
	for (int j = 0; j < nr && !err; j++) {
		memset(&res[j], 0, sizeof(res[j]));
		st[j] = kzalloc(sizeof(*st[j]), GFP_KERNEL);
		if (!st[j]) {
			err = -ENOMEM;
			break;
		}
		*st[j] = (struct blkbench_state){ .job = &jobs[j], .res = &res[j],
						 .bdev = bdev, .capacity = capacity,
						 .stop = stop };
		spin_lock_init(&st[j]->lock);
		init_waitqueue_head(&st[j]->wait);
		init_completion(&st[j]->done);
		x = jobs[j].seed ? jobs[j].seed : 0x9e3779b9u;
		for (unsigned int p = 0; p < DIV_ROUND_UP(jobs[j].bs, PAGE_SIZE); p++) {
			struct page *page = alloc_page(GFP_KERNEL);

			if (!page) {
				err = -ENOMEM;
				break;
			}
			st[j]->pages[st[j]->nr_pages++] = page;
			if (jobs[j].rw & REQ_WRITE)
				blkbench_fill(page_address(page), &x);
		}
	}
	/*
	 * Create every thread first and wake them together, so the jobs
	 * really compete for the disk; if one cannot be made, the others
	 * are woken only to finish at once.
	 */
	struct task_struct *tasks[BLKBENCH_MAX_JOBS];

	for (int j = 0; j < nr && !err; j++) {
		tasks[j] = kthread_create(blkbench_thread, st[j], "%s",
					  jobs[j].name ? jobs[j].name : "blkbench");
		if (IS_ERR(tasks[j]))
			err = PTR_ERR(tasks[j]);
		else
			started++;
	}
	for (int j = 0; j < started; j++) {
		st[j]->abort = err != 0;
		wake_up_process(tasks[j]);
	}
	for (int j = 0; j < started; j++)
		wait_for_completion(&st[j]->done);
	for (int j = 0; j < nr; j++)
		if (st[j])
			blkbench_free(st[j]);
	return err;
}
