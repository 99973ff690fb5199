/*
 * demo_threads.c - the demo I/O threads of `kthread spawn` (see
 * demo_threads.h for what they do and why).
 *
 * The table of slots is the shell's, under demo_lock: a slot is set up
 * before its thread runs and cleared only after kthread_stop() returned,
 * so a thread may use its slot without the lock for its whole life. Its
 * counters are written by the thread alone and read as a snapshot.
 */
#include "kernel.h"
#include "bio.h"
#include "blkdev.h"
#include "completion.h"
#include "demo_threads.h"
#include "iocontext.h"
#include "jiffies.h"
#include "kthread.h"
#include "mm.h"
#include "mutex.h"
#include "string.h"

/* After an error or without memory, wait longer: no log or CPU flood. */
#define DEMO_BACKOFF_MS		100

struct demo_thread {
	struct task_struct *task;	/* NULL: the slot is free */
	int pid;			/* task's, kept for after kthread_stop */
	struct block_device *bdev;
	sector_t start, len, pos;	/* slice, and the next read in it */
	unsigned long reads, errors;
};

static DEFINE_MUTEX(demo_lock);
static struct demo_thread demo_slots[DEMO_THREADS_MAX];

struct demo_wait {
	struct completion done;
	int error;
};

static void demo_end_io(struct bio *bio, int error)
{
	struct demo_wait *w = bio->bi_private;

	w->error = error;
	complete(&w->done);
}

/* One read at the thread's position; it sleeps (state D) until it ends. */
static int demo_read(struct demo_thread *d, struct page *page)
{
	unsigned int sectors = (unsigned int)min_t(sector_t, DEMO_BIO_SECTORS, d->len);
	struct bio *bio = bio_alloc(GFP_KERNEL, 1);
	struct demo_wait w;

	if (!bio)
		return -ENOMEM;
	if (bio_add_page(bio, page, sectors << 9, 0) != (int)(sectors << 9)) {
		bio_put(bio);
		return -EIO;
	}
	init_completion(&w.done);
	w.error = 0;
	bio->bi_bdev = d->bdev;
	bio->bi_sector = d->start + d->pos;
	bio->bi_end_io = demo_end_io;
	bio->bi_private = &w;
	submit_bio(READ, bio);
	/* No timeout: the bio points at w, on this stack. Drivers time out. */
	wait_for_completion(&w.done);
	bio_put(bio);
	d->pos += sectors;
	if (d->pos + sectors > d->len)
		d->pos = 0;
	return w.error;
}

static int demo_thread_fn(void *data)
{
	struct demo_thread *d = data;
	struct page *page = NULL;

	/*
	 * The context now, not at the first request: `ioprio` and ps show
	 * it from the start, and a priority set before the first read is
	 * the one CFQ files that read under.
	 */
	put_io_context(get_io_context(GFP_KERNEL));
	while (!kthread_should_stop()) {
		unsigned int think = DEMO_THINK_MS;
		int err;

		if (!page)
			page = alloc_page(GFP_KERNEL);
		err = page ? demo_read(d, page) : -ENOMEM;
		if (err) {
			WRITE_ONCE(d->errors, d->errors + 1);
			think = DEMO_BACKOFF_MS;
		} else {
			WRITE_ONCE(d->reads, d->reads + 1);
		}
		/* Sleep interruptibly, so kthread_stop's wake-up ends it early. */
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule_timeout((long)msecs_to_jiffies(think));
		__set_current_state(TASK_RUNNING);
	}
	if (page)
		__free_page(page);
	return 0;
}

static void demo_fill_info(struct demo_thread_info *info, struct demo_thread *d, int slot)
{
	info->pid = d->pid;
	info->slot = slot;
	strlcpy(info->dev, d->bdev->name, sizeof(info->dev));
	info->start = d->start;
	info->len = d->len;
	info->reads = READ_ONCE(d->reads);
	info->errors = READ_ONCE(d->errors);
}

int demo_thread_start(struct block_device *bdev, struct demo_thread_info *info)
{
	sector_t cap = bdev->bd_part->nr_sects;
	struct task_struct *task;
	struct demo_thread *d;
	int slot, pid;

	if (!cap)
		return -EINVAL;
	mutex_lock(&demo_lock);
	for (slot = 0; slot < DEMO_THREADS_MAX && demo_slots[slot].task; slot++)
		;
	if (slot == DEMO_THREADS_MAX) {
		mutex_unlock(&demo_lock);
		return -ENOSPC;
	}
	d = &demo_slots[slot];
	memset(d, 0, sizeof(*d));
	d->bdev = bdev;
	/* A slice per slot; a disk too small to cut is read whole by all. */
	if (cap >= DEMO_THREADS_MAX * DEMO_BIO_SECTORS) {
		d->len = cap / DEMO_THREADS_MAX;
		d->start = d->len * (sector_t)slot;
	} else {
		d->len = cap;
	}
	task = kthread_run(demo_thread_fn, d, "demo/%d", slot);
	if (IS_ERR(task)) {
		mutex_unlock(&demo_lock);
		return (int)PTR_ERR(task);
	}
	d->task = task;
	d->pid = pid = task->pid;
	if (info)
		demo_fill_info(info, d, slot);
	mutex_unlock(&demo_lock);
	return pid;
}

int demo_thread_stop(int pid, struct demo_thread_info *info)
{
	int slot;

	mutex_lock(&demo_lock);
	for (slot = 0; slot < DEMO_THREADS_MAX; slot++)
		if (demo_slots[slot].task && demo_slots[slot].pid == pid)
			break;
	if (slot == DEMO_THREADS_MAX) {
		mutex_unlock(&demo_lock);
		return -ESRCH;
	}
	/* Our threads never exit on their own, as kthread_stop() requires. */
	kthread_stop(demo_slots[slot].task);
	if (info)
		demo_fill_info(info, &demo_slots[slot], slot);
	demo_slots[slot].task = NULL;
	mutex_unlock(&demo_lock);
	return 0;
}

int demo_threads_snapshot(struct demo_thread_info *buf, int max)
{
	int n = 0;

	mutex_lock(&demo_lock);
	for (int slot = 0; slot < DEMO_THREADS_MAX; slot++) {
		if (!demo_slots[slot].task)
			continue;
		if (n < max)
			demo_fill_info(&buf[n], &demo_slots[slot], slot);
		n++;
	}
	mutex_unlock(&demo_lock);
	return n;
}
