/*
 * brd.c - RAM disks (Linux's drivers/block/brd.c, but request-based).
 *
 * Linux's brd bypasses the elevator (its own make_request); Lantern's
 * goes through a request queue and an elevator like a real disk, so
 * students can watch requests merge and get sorted on a device that
 * needs no hardware. Pages are allocated on first write; reading a
 * sector never written returns zeros, as a fresh disk would.
 *
 * `brd=N,SIZE` on the command line makes N disks (ram0..) of SIZE MiB;
 * the default is one disk of 16 MiB.
 */
#include "kernel.h"
#include "blkdev.h"
#include "init.h"
#include "slab.h"
#include "string.h"
#include "ramstore.h"

#define BRD_MAX_DISKS		4
#define BRD_DEFAULT_MB		16
#define BRD_MAX_MB		256

struct brd_device {
	struct gendisk *disk;
	struct request_queue *queue;
	spinlock_t lock;		/* the queue lock */
	struct ram_store store;
};

static int brd_nr = 1;
static unsigned long brd_size_mb = BRD_DEFAULT_MB;

/* "N" or "N,SIZE": how many disks, how many MiB each. */
static int brd_setup(char *val)
{
	unsigned long n, mb = BRD_DEFAULT_MB;
	char *comma = strchr(val, ',');

	if (comma)
		*comma = '\0';
	if (kstrtoul(val, 10, &n) || n > BRD_MAX_DISKS)
		return -EINVAL;
	if (comma && (kstrtoul(comma + 1, 10, &mb) || !mb || mb > BRD_MAX_MB))
		return -EINVAL;
	brd_nr = (int)n;
	brd_size_mb = mb;
	return 0;
}
__setup_help("brd=", brd_setup, "N[,MiB]: N RAM disks ram0.. (default 1,16; max 4,256)");

static void brd_request_fn(struct request_queue *q)
{
	struct brd_device *brd = q->queuedata;
	struct request *rq;

	while ((rq = blk_fetch_request(q)) != NULL) {
		int err = ram_store_rq(&brd->store, rq);

		if (err)
			pr_err("%s: out of memory writing sector %llu\n",
			       brd->disk->disk_name, (unsigned long long)blk_rq_pos(rq));
		__blk_end_request_all(rq, err);
	}
}

static int brd_alloc(int i)
{
	struct brd_device *brd = kzalloc(sizeof(*brd), GFP_KERNEL);
	int err = -ENOMEM;

	if (!brd)
		return -ENOMEM;
	spin_lock_init(&brd->lock);
	ram_store_init(&brd->store, brd_size_mb << (20 - PAGE_SHIFT));
	brd->disk = alloc_disk();
	if (!brd->store.pages || !brd->disk)
		goto fail;
	snprintf(brd->disk->disk_name, DISK_NAME_LEN, "ram%d", i);
	brd->queue = blk_init_queue(brd_request_fn, &brd->lock, NULL);
	if (!brd->queue)
		goto fail;
	brd->queue->queuedata = brd;
	brd->disk->queue = brd->queue;
	brd->disk->driver = "brd";
	brd->disk->private_data = brd;
	set_capacity(brd->disk, ram_store_sectors(&brd->store));
	err = add_disk(brd->disk);
	if (err)
		goto fail;
	return 0;
fail:
	if (brd->queue)
		blk_cleanup_queue(brd->queue);
	kfree(brd->disk);
	ram_store_free(&brd->store);
	kfree(brd);
	return err;
}

static int brd_init(void)
{
	for (int i = 0; i < brd_nr; i++) {
		int err = brd_alloc(i);

		if (err) {
			pr_err("brd: cannot create ram%d (error %d)\n", i, err);
			return err;
		}
	}
	return 0;
}
initcall(brd_init);
