/*
 * blk-lib.c - synchronous I/O on top of submit_bio (Linux's
 * submit_bio_wait and the helpers of block/blk-lib.c).
 *
 * Everything here goes the whole way a filesystem's I/O goes: partition
 * remap, bounce, the elevator's merges and sorting, the driver. It only
 * adds the waiting, for callers that need the data before going on: the
 * partition scan, flushes, the shell's read/write/verify/dd/cmp.
 */
#include "kernel.h"
#include "bio.h"
#include "blkdev.h"
#include "completion.h"
#include "mm.h"
#include "sched.h"
#include "slab.h"
#include "string.h"
#include "wait.h"

static void submit_bio_wait_end_io(struct bio *bio, int error)
{
	(void)error;	/* bio->bi_error holds the first one */
	complete(bio->bi_private);
}

int submit_bio_wait(unsigned long rw, struct bio *bio)
{
	DECLARE_COMPLETION_ONSTACK(done);

	might_sleep();
	bio->bi_private = &done;
	bio->bi_end_io = submit_bio_wait_end_io;
	/* Someone waits: do not let the plug hold it back for its 3 ms. */
	submit_bio(rw | REQ_SYNC, bio);
	wait_for_completion(&done);
	return bio->bi_error;
}

/* How often a waiter that may stop asks whether it should. */
#define STOP_POLL_MS	20

/*
 * Where a waiter that may walk away meets its bio. Until the waiter has
 * left, it frees this; once it has, the bio's end does, and puts the
 * references the waiter handed over (the bio's and its pages').
 */
struct bio_waiter {
	spinlock_t lock;	/* done, left */
	bool done, left;
	wait_queue_head_t wait;
};

/* A reference on each of @bio's pages, for as long as the bio needs them. */
static void bio_get_pages(struct bio *bio)
{
	for (unsigned short i = 0; i < bio->bi_vcnt; i++)
		get_page(bio->bi_io_vec[i].bv_page);
}

static void bio_put_pages(struct bio *bio)
{
	for (unsigned short i = 0; i < bio->bi_vcnt; i++)
		__free_page(bio->bi_io_vec[i].bv_page);
}

static void bio_waiter_end_io(struct bio *bio, int error)
{
	struct bio_waiter *w = bio->bi_private;
	unsigned long flags;
	bool left;

	(void)error;
	/* Wake under the lock: the waiter frees @w only after taking it. */
	spin_lock_irqsave(&w->lock, flags);
	left = w->left;
	w->done = true;
	if (!left)
		wake_up(&w->wait);
	spin_unlock_irqrestore(&w->lock, flags);
	if (left) {
		bio_put_pages(bio);
		bio_put(bio);
		kfree(w);
	}
}

int submit_bio_wait_stoppable(unsigned long rw, struct bio *bio, bool (*stop)(void))
{
	struct bio_waiter *w;
	unsigned long flags;

	if (!stop)
		return submit_bio_wait(rw, bio);
	might_sleep();
	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	spin_lock_init(&w->lock);
	w->done = w->left = false;
	init_waitqueue_head(&w->wait);
	bio->bi_private = w;
	bio->bi_end_io = bio_waiter_end_io;
	submit_bio(rw | REQ_SYNC | REQ_NOWAIT, bio);
	while (!wait_event_timeout(w->wait, READ_ONCE(w->done),
				   msecs_to_jiffies(STOP_POLL_MS))) {
		if (!stop())
			continue;
		spin_lock_irqsave(&w->lock, flags);
		if (!w->done) {
			/*
			 * The bio is the driver's or the elevator's and may
			 * stay there a long while (behind an rt process, say):
			 * it keeps itself and its pages until it ends.
			 */
			w->left = true;
			bio_get(bio);
			bio_get_pages(bio);
			spin_unlock_irqrestore(&w->lock, flags);
			return -EINPROGRESS;
		}
		spin_unlock_irqrestore(&w->lock, flags);
		break;
	}
	/* The end may still hold the lock it woke us under. */
	spin_lock_irqsave(&w->lock, flags);
	spin_unlock_irqrestore(&w->lock, flags);
	kfree(w);
	return bio->bi_error;
}

int blk_wait_for_request(bool (*stop)(void))
{
	if (stop())
		return -EINTR;
	msleep(STOP_POLL_MS);
	return 0;
}

/*
 * @nr_sects sectors at @sector, one bio after another (as many as the
 * queue's limits need), from byte 0 of @pages on. The caller has checked
 * that @sector and @nr_sects are whole logical blocks: every page but the
 * last is full, so wherever bio_add_page() stops a bio, at a page edge,
 * the bio is whole blocks too.
 */
static int rw_aligned(struct block_device *bdev, unsigned long rw, sector_t sector,
		      struct page **pages, unsigned int nr_sects, bool (*stop)(void))
{
	unsigned int bytes = nr_sects << 9, done = 0;

	while (done < bytes) {
		unsigned int first = done, left = bytes - done;
		struct bio *bio = bio_alloc(GFP_KERNEL,
					    min_t(unsigned int, BIO_MAX_PAGES,
						  DIV_ROUND_UP(left, PAGE_SIZE)));
		int err;

		bio->bi_bdev = bdev;
		bio->bi_sector = sector + (done >> 9);
		while (done < bytes) {
			unsigned int len = min_t(unsigned int, bytes - done, PAGE_SIZE);

			if (bio_add_page(bio, pages[done / PAGE_SIZE], len, 0) != (int)len)
				break;
			done += len;
		}
		if (!bio->bi_size) {	/* limits no queue setter allows */
			bio_put(bio);
			return -EINVAL;
		}
		err = submit_bio_wait_stoppable(rw, bio, stop);
		bio_put(bio);
		if (err == -EAGAIN && stop) {
			/* The same range again, in a new bio, unless told to stop. */
			err = blk_wait_for_request(stop);
			if (err)
				return err;
			done = first;
			continue;
		}
		if (err)
			return err;
	}
	return 0;
}

/* Copy between @buf and the byte run at @pos of the page array @pages. */
static void copy_pages(struct page **pages, unsigned int pos, void *buf,
		       unsigned int len, bool to_pages)
{
	char *b = buf;

	while (len) {
		unsigned int off = pos % PAGE_SIZE, n = min_t(unsigned int, len, PAGE_SIZE - off);
		char *p = (char *)page_address(pages[pos / PAGE_SIZE]) + off;

		if (to_pages)
			memcpy(p, b, n);
		else
			memcpy(b, p, n);
		pos += n;
		b += n;
		len -= n;
	}
}

/*
 * Sectors [@sector + @first, + @n) inside the logical block starting at
 * @sector, through @tmp (one block): a read takes the whole block and
 * keeps the part asked for; a write reads the block, lays the new
 * sectors over it and writes it back. Not atomic against another writer
 * of the same block, as a read-modify-write never is.
 */
static int rw_partial(struct block_device *bdev, unsigned long rw, sector_t sector,
		      unsigned int first, unsigned int n, struct page *tmp,
		      unsigned int lbs, struct page **pages, unsigned int pos,
		      bool (*stop)(void))
{
	char *block = (char *)page_address(tmp) + (first << 9);
	bool whole = !first && n << 9 == lbs;
	int err;

	/* A whole block written needs nothing of the old one. */
	if (!whole || !(rw & REQ_WRITE)) {
		err = rw_aligned(bdev, READ, sector, &tmp, lbs >> 9, stop);
		if (err)
			return err;
	}
	if (!(rw & REQ_WRITE)) {
		copy_pages(pages, pos, block, n << 9, true);
		return 0;
	}
	copy_pages(pages, pos, block, n << 9, false);
	return rw_aligned(bdev, rw, sector, &tmp, lbs >> 9, stop);
}

/*
 * The disk block @sector of @bdev falls in reaches outside @bdev: only
 * where a partition starts or ends inside a block (or past its end).
 */
static bool block_outside(struct block_device *bdev, sector_t sector, unsigned int spb)
{
	unsigned int off = (unsigned int)((bdev->bd_part->start_sect + sector) % spb);

	return off > sector || sector - off + spb > bdev->bd_part->nr_sects;
}

int blkdev_rw_pages(struct block_device *bdev, unsigned long rw, sector_t sector,
		    struct page **pages, unsigned int nr_sects, bool (*stop)(void))
{
	unsigned int spb = bdev_get_queue(bdev)->limits.logical_block_size >> 9;
	/* Blocks are the disk's: a partition may start inside one. */
	sector_t base = bdev->bd_part->start_sect;
	unsigned int off = (unsigned int)((base + sector) % spb);
	struct page *tmp = NULL;
	unsigned int pos = 0;
	int err = 0;

	might_sleep();
	if (!off && !(nr_sects % spb))
		return rw_aligned(bdev, rw, sector, pages, nr_sects, stop);
	/*
	 * Only the edges can be ragged blocks; one not ours to rewrite is
	 * refused before anything is, so -EINVAL means nothing was done.
	 */
	if ((off && block_outside(bdev, sector, spb)) ||
	    block_outside(bdev, sector + nr_sects - 1, spb))
		return -EINVAL;
	/*
	 * Only devices with blocks bigger than 512 bytes get here. A start
	 * inside a block leaves every later block straddling the caller's
	 * pages, so such a range goes one block at a time through a page of
	 * our own; an aligned start with a ragged end does the whole blocks
	 * directly and only the last one that way.
	 */
	tmp = alloc_page(GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	if (!off && nr_sects >= spb) {
		unsigned int whole = nr_sects / spb * spb;

		err = rw_aligned(bdev, rw, sector, pages, whole, stop);
		sector += whole;
		nr_sects -= whole;
		pos = whole << 9;
	}
	while (!err && nr_sects) {
		unsigned int n;

		off = (unsigned int)((base + sector) % spb);
		n = min(spb - off, nr_sects);
		err = rw_partial(bdev, rw, sector - off, off, n, tmp, spb << 9, pages, pos,
				 stop);
		sector += n;
		nr_sects -= n;
		pos += n << 9;
	}
	__free_page(tmp);
	return err;
}
