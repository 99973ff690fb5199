/*
 * blk-flush.c - asking a disk to write its volatile cache back (Linux's
 * blkdev_issue_flush: block/blk-barrier.c in 2.6.33, blk-flush.c later).
 *
 * A disk may report a write done while the data still sits in its RAM
 * cache. An empty bio with REQ_FLUSH carries no data, only the order
 * "first write back everything you have acknowledged": the ATA and AHCI
 * drivers turn it into FLUSH CACHE (EXT), a RAM disk has nothing to do.
 * The shutdown path (kernel/reboot.c) and the shell's `sync` flush every
 * disk this way (blkdev_flush_all).
 */
#include "kernel.h"
#include "bio.h"
#include "blkdev.h"
#include "genhd.h"

int blkdev_issue_flush(struct block_device *bdev, bool (*stop)(void))
{
	for (;;) {
		struct bio *bio = bio_alloc(GFP_KERNEL, 0);	/* waits for the reserve: never NULL */
		int err;

		bio->bi_bdev = bdev;
		bio->bi_sector = 0;
		err = submit_bio_wait_stoppable(WRITE | REQ_FLUSH, bio, stop);
		bio_put(bio);
		if (err != -EAGAIN || !stop)
			return err;
		err = blk_wait_for_request(stop);
		if (err)
			return err;
	}
}

int blkdev_flush_all(void (*done)(struct gendisk *disk, int err, void *ctx), void *ctx,
		     bool (*stop)(void))
{
	int first = 0;

	for (struct gendisk *disk = disk_iter_next(NULL); disk; disk = disk_iter_next(disk)) {
		int err;

		if (disk->read_only)
			continue;	/* nothing written, and a flush is a write */
		if (stop && stop())
			return first ? first : -EINTR;
		err = blkdev_issue_flush(disk->bdev[0], stop);
		if (err && !first)
			first = err;
		done(disk, err, ctx);
	}
	return first;
}
