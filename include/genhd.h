/*
 * genhd.h - disks, partitions and the devices that name them (Linux
 * 2.6's include/linux/genhd.h and the block_device of fs.h).
 *
 * A gendisk is one disk as its driver registered it (add_disk): a name
 * ("sda"), a capacity, a request_queue and a table of partitions. Every
 * disk and every partition is reachable as a block_device, which is what
 * a bio points at; blk_partition_remap() turns "sda1, sector 10" into
 * "sda, sector start_sect + 10" before the queue sees it.
 */
#ifndef _LANTERN_GENHD_H
#define _LANTERN_GENHD_H

#include "kernel.h"
#include "list.h"

#define DISK_NAME_LEN	32
#define DISK_MAX_PARTS	64

struct request_queue;
struct block_device_operations;
struct scatterlist;

/* Per-device counters, in the field order of Linux's /proc/diskstats. */
struct disk_stats {
	unsigned long ios[2];		/* reads, writes completed */
	unsigned long merges[2];	/* bios merged into an existing request */
	unsigned long long sectors[2];	/* sectors read, written */
	unsigned long ticks[2];		/* ms spent on reads, writes */
	unsigned long in_flight;	/* requests issued, not completed */
	unsigned long io_ticks;		/* ms with at least one in flight */
	unsigned long time_in_queue;	/* ms, weighted by in_flight */
	unsigned long stamp;		/* jiffies io_ticks/time_in_queue were summed to */
};

/* A partition (partno >= 1) or the whole disk (partno 0). */
struct hd_struct {
	sector_t start_sect;		/* in 512-byte sectors, from the disk's start */
	sector_t nr_sects;
	int partno;
	struct disk_stats dkstats;
	/* What the partition table said, for `part` and `lsblk`. */
	u8 sys_ind;			/* MBR type byte; 0 on GPT */
	bool extended;			/* MBR extended container (a 2-sector stub) */
	u8 type_guid[16];		/* GPT type, as stored on disk */
	char label[40];			/* GPT name, ASCII-folded; "" if none */
};

struct gendisk {
	char disk_name[DISK_NAME_LEN];	/* "sda" */
	const char *driver;		/* "ahci", "brd", ... for lsblk */
	struct request_queue *queue;
	const struct block_device_operations *fops;
	void *private_data;		/* the driver's */
	struct hd_struct part0;		/* the whole disk */
	struct hd_struct *part[DISK_MAX_PARTS];	/* [1..] partitions, NULL if none */
	int nr_parts;			/* part[] is NULL from here on */
	int last_lookup;		/* disk_partno_of's last answer: I/O runs on */
	struct block_device *bdev[DISK_MAX_PARTS];
	bool read_only;
	const char *part_table;		/* "msdos", "gpt", or NULL: none found */
	int major, first_minor;		/* /proc/diskstats numbers; major 0: guess by name */
	struct list_head list;		/* on all_disks */
};

struct block_device {
	char name[DISK_NAME_LEN];	/* "sda1" */
	struct gendisk *bd_disk;
	struct hd_struct *bd_part;	/* the partition, or &disk->part0 */
	int bd_partno;
};

struct block_device_operations {
	/* Flush the device's write cache; NULL when it has none. */
	int (*flush)(struct gendisk *disk);
	/*
	 * Move the sectors of @sg (@nents segments of whole sectors) at
	 * @sector in ONE device command, polling for its end with the
	 * device's interrupt off, past the queue and the elevator: the
	 * device's own speed, that make bench holds the request path to.
	 * -EBUSY while the disk has requests in flight, -EINVAL if one
	 * command cannot carry @sg, -EIO/-ETIMEDOUT. Process context.
	 * NULL when the driver has no such path.
	 */
	int (*rw_polled)(struct gendisk *disk, int rw, sector_t sector,
			 struct scatterlist *sg, unsigned int nents);
};

/* block/genhd.c. Process context (add_disk reads the partition table). */
struct gendisk *alloc_disk(void);
/* Register @disk: its block devices, partitions, a boot-log line. 0 or -errno. */
int add_disk(struct gendisk *disk);
void del_gendisk(struct gendisk *disk);
int rescan_partitions(struct gendisk *disk);
/* "sda", "sda1": the block device, or NULL. Any context. */
struct block_device *lookup_bdev(const char *name);
/* Walk the registered disks: NULL starts, NULL ends. */
struct gendisk *disk_iter_next(struct gendisk *prev);
/*
 * The number of the partition of @disk holding @sector, 0 if none does
 * (Linux's disk_map_sector_rcu, by number). The extended container is
 * skipped: its logicals hold the sectors. Any context.
 */
int disk_partno_of(struct gendisk *disk, sector_t sector);

/*
 * block/stats.c: one line of Linux's /proc/diskstats for @disk's partition
 * @partno (0: the whole disk), and one line of the queue's own counters.
 * Both write at most @len bytes with a NUL and return the length that
 * snprintf would, or -EINVAL for a missing partition. Any context; the
 * counters are read without the queue lock, so a line is a snapshot.
 */
int diskstats_show_line(struct gendisk *disk, int partno, char *buf, size_t len);
int blk_queue_stats_show_line(struct gendisk *disk, char *buf, size_t len);

static inline sector_t get_capacity(const struct gendisk *disk)
{
	return disk->part0.nr_sects;
}

static inline void set_capacity(struct gendisk *disk, sector_t sectors)
{
	disk->part0.nr_sects = sectors;
}

#endif
