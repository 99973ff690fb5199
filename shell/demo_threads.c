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
#include "slab.h"
#include "wait.h"
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

/*
 * A read's buffer, shared by the thread and its bio. Whichever lets go
 * last frees it: kill must not wait for a read the elevator may never
 * serve (a thread of class rt keeps every be thread's reads waiting as
 * long as it runs), so a stopping thread abandons its read and the
 * bio's end frees the buffer, whenever that comes.
 */
struct demo_io {
	spinlock_t lock;		/* refs, done, error */
	int refs;			/* the thread's, and the bio's in flight */
	bool done;			/* the last read has ended */
	int error;
	wait_queue_head_t wait;		/* the thread waits here for done */
	struct page *page;
};

unsigned long demo_ios_alive;		/* for the leak checks of the tests */

static struct demo_io *demo_io_alloc(void)
{
	struct demo_io *io = kzalloc(sizeof(*io), GFP_KERNEL);

	if (!io)
		return NULL;
	io->page = alloc_page(GFP_KERNEL);
	if (!io->page) {
		kfree(io);
		return NULL;
	}
	spin_lock_init(&io->lock);
	init_waitqueue_head(&io->wait);
	io->refs = 1;
	io->done = true;
	__atomic_add_fetch(&demo_ios_alive, 1, __ATOMIC_RELAXED);
	return io;
}

static void demo_io_free(struct demo_io *io)
{
	__free_page(io->page);
	kfree(io);
	__atomic_sub_fetch(&demo_ios_alive, 1, __ATOMIC_RELAXED);
}

static void demo_io_put(struct demo_io *io)
{
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&io->lock, flags);
	last = --io->refs == 0;
	spin_unlock_irqrestore(&io->lock, flags);
	if (last)
		demo_io_free(io);
}

static void demo_end_io(struct bio *bio, int error)
{
	struct demo_io *io = bio->bi_private;
	unsigned long flags;
	bool last;

	bio_put(bio);
	/*
	 * Wake under the lock: the thread's put takes it too, so the wait
	 * queue cannot be freed under wake_up().
	 */
	spin_lock_irqsave(&io->lock, flags);
	io->error = error;
	WRITE_ONCE(io->done, true);
	wake_up(&io->wait);
	last = --io->refs == 0;
	spin_unlock_irqrestore(&io->lock, flags);
	if (last)
		demo_io_free(io);
}

/*
 * One read at the thread's position; it sleeps (state D) until the read
 * ends, or until kthread_stop(): then -EINTR, the read left to finish
 * on its own. -EAGAIN when the queue had no request free.
 */
static int demo_read(struct demo_thread *d, struct demo_io *io)
{
	unsigned int sectors = (unsigned int)min_t(sector_t, DEMO_BIO_SECTORS, d->len);
	struct bio *bio = bio_alloc(GFP_KERNEL, 1);
	unsigned long flags;

	if (!bio)
		return -ENOMEM;
	if (bio_add_page(bio, io->page, sectors << 9, 0) != (int)(sectors << 9)) {
		bio_put(bio);
		return -EIO;
	}
	bio->bi_bdev = d->bdev;
	bio->bi_sector = d->start + d->pos;
	bio->bi_end_io = demo_end_io;
	bio->bi_private = io;
	spin_lock_irqsave(&io->lock, flags);
	io->refs++;			/* the bio's */
	io->done = false;
	io->error = 0;
	spin_unlock_irqrestore(&io->lock, flags);
	/*
	 * Never asleep for a free request, where kthread_stop could not
	 * reach us: with all of them out the read comes back -EAGAIN.
	 */
	submit_bio(READ | REQ_NOWAIT, bio);
	/* kthread_stop's wake-up makes wait_event look at its condition again. */
	wait_event(io->wait, READ_ONCE(io->done) || kthread_should_stop());
	if (!READ_ONCE(io->done))
		return -EINTR;
	if (io->error == -EAGAIN)
		return -EAGAIN;		/* not a read: try the same one again */
	d->pos += sectors;
	if (d->pos + sectors > d->len)
		d->pos = 0;
	return io->error;
}

static int demo_thread_fn(void *data)
{
	struct demo_thread *d = data;
	struct demo_io *io = NULL;

	/*
	 * The context now, not at the first request: `ioprio` and ps show
	 * it from the start, and a priority set before the first read is
	 * the one CFQ files that read under.
	 */
	put_io_context(get_io_context(GFP_KERNEL));
	while (!kthread_should_stop()) {
		unsigned int think = DEMO_THINK_MS;
		int err;

		if (!io)
			io = demo_io_alloc();
		err = io ? demo_read(d, io) : -ENOMEM;
		if (err == -EINTR)
			break;
		if (err == -EAGAIN) {
			think = DEMO_BACKOFF_MS;
		} else if (err) {
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
	if (io)
		demo_io_put(io);
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

int demo_threads_stop_all(void)
{
	struct demo_thread_info buf[DEMO_THREADS_MAX];
	int n = demo_threads_snapshot(buf, DEMO_THREADS_MAX), stopped = 0;

	for (int i = 0; i < n; i++)
		if (!demo_thread_stop(buf[i].pid, NULL))
			stopped++;
	return stopped;
}
