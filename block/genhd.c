/*
 * genhd.c - registering disks and their partitions (Linux's
 * block/genhd.c and fs/partitions/check.c's rescan).
 *
 * add_disk() makes the disk's own block_device ("sda"), reads its
 * partition table through the block layer itself (a real bio to the
 * driver, as Linux does), and makes one block_device per partition
 * ("sda1"), whose I/O blk_partition_remap() shifts by the partition's
 * start. The boot log says what was found the way Linux does:
 *     sda: 131072 512-byte logical blocks (64 MiB), driver brd
 *      sda: sda1 sda2 < sda5 sda6 >
 */
#include "kernel.h"
#include "blkdev.h"
#include "elevator.h"
#include "slab.h"
#include "string.h"
#include "partitions/check.h"

static LIST_HEAD(all_disks);
static DEFINE_SPINLOCK(disks_lock);

struct gendisk *alloc_disk(void)
{
	return kzalloc(sizeof(struct gendisk), GFP_KERNEL);
}

static struct block_device *bdev_alloc(struct gendisk *disk, int partno,
				       struct hd_struct *part)
{
	struct block_device *bdev = kzalloc(sizeof(*bdev), GFP_KERNEL);

	if (!bdev)
		return NULL;
	if (partno)
		disk_name(disk->disk_name, partno, bdev->name);
	else
		strlcpy(bdev->name, disk->disk_name, sizeof(bdev->name));
	bdev->bd_disk = disk;
	bdev->bd_part = part;
	bdev->bd_partno = partno;
	disk->bdev[partno] = bdev;
	return bdev;
}

/*
 * Read one 512-byte sector of the whole disk through the block layer
 * (blk-lib.c widens it to the logical block). Process context; sleeps.
 */
static int disk_read_sector(void *ctx, sector_t sector, void *buf)
{
	struct gendisk *disk = ctx;
	struct page *page = alloc_page(GFP_KERNEL);
	int err;

	if (!page)
		return -ENOMEM;
	err = blkdev_rw_pages(disk->bdev[0], READ, sector, &page, 1, NULL);
	if (!err)
		memcpy(buf, page_address(page), 512);
	__free_page(page);
	return err;
}

/* Forget @disk's partitions (the whole disk stays). No I/O may be in flight to them. */
static void drop_partitions(struct gendisk *disk)
{
	for (int n = 1; n < DISK_MAX_PARTS; n++) {
		kfree(disk->bdev[n]);
		kfree(disk->part[n]);
		disk->bdev[n] = NULL;
		disk->part[n] = NULL;
	}
	disk->nr_parts = disk->last_lookup = 0;
}

/*
 * Read the partition table again and make a block device per partition,
 * replacing the old ones. 0 or -errno. Process context.
 */
int rescan_partitions(struct gendisk *disk)
{
	struct parsed_partitions *state = kzalloc(sizeof(*state), GFP_KERNEL);
	int ret, n;

	if (!state)
		return -ENOMEM;
	drop_partitions(disk);
	strlcpy(state->name, disk->disk_name, sizeof(state->name));
	state->capacity = get_capacity(disk);
	state->read_sector = disk_read_sector;
	state->ctx = disk;
	/* check_partition() logs what it found, or why it found nothing. */
	ret = check_partition(state);
	disk->part_table = ret > 0 ? state->table : NULL;
	if (ret <= 0)
		goto out;
	for (n = 1; n < DISK_MAX_PARTS; n++) {
		struct hd_struct *part;

		if (!state->parts[n].size)
			continue;
		part = kzalloc(sizeof(*part), GFP_KERNEL);
		if (!part || !bdev_alloc(disk, n, part)) {
			kfree(part);
			ret = -ENOMEM;
			goto out;
		}
		part->start_sect = state->parts[n].from;
		part->nr_sects = state->parts[n].size;
		part->partno = n;
		part->sys_ind = state->parts[n].sys_ind;
		part->extended = state->parts[n].flags & ADDPART_FLAG_EXTENDED;
		memcpy(part->type_guid, state->parts[n].type_guid, sizeof(part->type_guid));
		strlcpy(part->label, state->parts[n].label, sizeof(part->label));
		disk->part[n] = part;
		disk->nr_parts = n + 1;
	}
	ret = 0;
out:
	kfree(state);
	return ret;
}

/*
 * elevator=DEV:NAME names the disk, which the queue did not know when the
 * driver made it: switch to the chosen elevator now, before any I/O.
 */
static void disk_apply_elevator_choice(struct gendisk *disk)
{
	struct request_queue *q = disk->queue;
	const char *want = elevator_boot_choice(disk->disk_name);
	int err;

	if (!q || !q->elevator ||
	    strcmp(q->elevator->elevator_type->elevator_name, want) == 0)
		return;
	err = elevator_change(q, want);
	if (err)
		pr_err("%s: cannot use io scheduler %s (error %d), keeping %s\n",
		       disk->disk_name, want, err,
		       q->elevator->elevator_type->elevator_name);
}

int add_disk(struct gendisk *disk)
{
	sector_t cap = get_capacity(disk);
	unsigned long flags;
	bool limited;
	u64 dma_limit = dma_limit_for(disk->disk_name, &limited);

	if (lookup_bdev(disk->disk_name)) {
		pr_err("add_disk: a disk named %s already exists\n", disk->disk_name);
		return -EEXIST;
	}
	if (!bdev_alloc(disk, 0, &disk->part0))
		return -ENOMEM;
	spin_lock_irqsave(&disks_lock, flags);
	list_add_tail(&disk->list, &all_disks);
	spin_unlock_irqrestore(&disks_lock, flags);
	pr_info("%s: %llu 512-byte logical blocks (%llu MiB), driver %s\n",
		disk->disk_name, (unsigned long long)cap,
		(unsigned long long)(cap >> 11), disk->driver ? disk->driver : "?");
	/* Before the partition scan: its reads must be bounced too. */
	if (limited && disk->queue) {
		if (blk_queue_bounce_setup(disk->queue, dma_limit))
			pr_err("%s: no memory for bounce buffers, dma_limit= ignored\n",
			       disk->disk_name);
		else
			pr_info("%s: DMA limit %#llx, pages above it are bounced\n",
				disk->disk_name, (unsigned long long)dma_limit);
	}
	disk_apply_elevator_choice(disk);
	rescan_partitions(disk);
	return 0;
}

void del_gendisk(struct gendisk *disk)
{
	unsigned long flags;

	spin_lock_irqsave(&disks_lock, flags);
	list_del_init(&disk->list);
	spin_unlock_irqrestore(&disks_lock, flags);
	drop_partitions(disk);
	kfree(disk->bdev[0]);
	disk->bdev[0] = NULL;
}

struct block_device *lookup_bdev(const char *name)
{
	struct gendisk *disk;
	unsigned long flags;
	struct block_device *found = NULL;

	spin_lock_irqsave(&disks_lock, flags);
	list_for_each_entry(disk, &all_disks, list)
		for (int n = 0; n < DISK_MAX_PARTS && !found; n++)
			if (disk->bdev[n] && strcmp(disk->bdev[n]->name, name) == 0)
				found = disk->bdev[n];
	spin_unlock_irqrestore(&disks_lock, flags);
	return found;
}

static bool part_holds(const struct hd_struct *part, sector_t sector)
{
	return part && !part->extended && sector >= part->start_sect &&
	       sector - part->start_sect < part->nr_sects;
}

/*
 * Every request asks, so it must cost little: most I/O goes where the
 * last did (Linux keeps the same last_lookup), and a disk without
 * partitions looks at none.
 */
int disk_partno_of(struct gendisk *disk, sector_t sector)
{
	int last = READ_ONCE(disk->last_lookup);

	if (last && part_holds(disk->part[last], sector))
		return last;
	for (int p = 1; p < disk->nr_parts; p++) {
		if (part_holds(disk->part[p], sector)) {
			WRITE_ONCE(disk->last_lookup, p);
			return p;
		}
	}
	return 0;
}

struct gendisk *disk_iter_next(struct gendisk *prev)
{
	struct list_head *next;
	unsigned long flags;
	struct gendisk *disk = NULL;

	spin_lock_irqsave(&disks_lock, flags);
	next = prev ? prev->list.next : all_disks.next;
	if (next != &all_disks)
		disk = list_entry(next, struct gendisk, list);
	spin_unlock_irqrestore(&disks_lock, flags);
	return disk;
}
