/*
 * blkdev.h - requests and request queues (Linux 2.6's
 * include/linux/blkdev.h, trimmed to what Lantern uses).
 *
 * A request is what a driver executes: one or more bios for adjacent
 * sectors in the same direction, merged by the elevator. A request_queue
 * belongs to one disk and holds its limits, its elevator, its plug state
 * and its counters. Drivers only see queues through blk_init_queue(),
 * elv_next_request()/blk_start_request() and blk_end_request().
 */
#ifndef _LANTERN_BLKDEV_H
#define _LANTERN_BLKDEV_H

#include "bio.h"
#include "genhd.h"
#include "list.h"
#include "rbtree.h"
#include "spinlock.h"
#include "timer.h"
#include "wait.h"

struct request_queue;
struct elevator_queue;
struct io_context;

/* What a queue lets through, set by its driver (block/blk-settings.c). */
struct queue_limits {
	unsigned int max_sectors;		/* per request */
	unsigned short max_segments;		/* scatter-gather entries per request */
	unsigned int max_segment_size;		/* bytes per entry */
	unsigned long seg_boundary_mask;	/* no entry may cross (mask + 1) */
	unsigned short logical_block_size;	/* bytes; I/O must align to it */
	u64 bounce_pfn;				/* pages above this pfn are bounced */
};

/* Request flags (cmd_flags): the bio bits plus request-only state. */
#define REQ_STARTED	(1UL << 16)	/* handed to the driver */
#define REQ_SORTED	(1UL << 17)	/* owned by the elevator's sort */
#define REQ_SOFTBARRIER	(1UL << 18)	/* nothing may be reordered across it */

struct request {
	struct list_head queuelist;	/* on q->queue_head (dispatch) or an elevator list */
	struct request_queue *q;
	unsigned long cmd_flags;	/* REQ_* */

	sector_t sector;		/* next sector to do */
	unsigned int data_len;		/* bytes left */
	unsigned short nr_phys_segments;

	struct bio *bio;		/* first bio still to do */
	struct bio *biotail;

	struct hlist_node hash;		/* in the merge hash, by end sector */
	struct rb_node rb_node;		/* in the elevator's sort tree */

	void *elevator_private;		/* the elevator's (CFQ: its queue) */
	void *elevator_private2;
	struct io_context *ioc;		/* the issuer's, referenced */
	struct gendisk *rq_disk;

	unsigned long start_time;	/* jiffies when made */
	unsigned long fifo_time;	/* deadline: when it expires */
	unsigned long deadline;		/* driver timeout, jiffies */
	int errors;
	void *special;			/* the driver's */
	int ref_count;
};

#define rq_data_dir(rq)		(((rq)->cmd_flags & REQ_WRITE) ? WRITE : READ)
#define rq_is_sync(rq)		(!((rq)->cmd_flags & REQ_WRITE) || \
				 ((rq)->cmd_flags & REQ_SYNC))
#define blk_rq_pos(rq)		((rq)->sector)
#define blk_rq_sectors(rq)	((rq)->data_len >> 9)
#define blk_rq_bytes(rq)	((rq)->data_len)
#define rq_end_sector(rq)	(blk_rq_pos(rq) + blk_rq_sectors(rq))

/*
 * The queue. This is the part the limits code and bio_add_page() use;
 * the request path (block/blk-core.c) adds its members next to these.
 */
struct request_queue {
	struct queue_limits limits;
	spinlock_t __queue_lock;
	spinlock_t *queue_lock;		/* the driver's, or &__queue_lock */

	/* Dispatch: requests ready for the driver, in order. Queue lock. */
	struct list_head queue_head;
	struct request *last_merge;	/* last request merged into: try it first */
	struct elevator_queue *elevator;
	unsigned int nr_sorted;		/* requests inside the elevator */
	unsigned int in_flight;		/* dispatched, not completed */
	sector_t end_sector;		/* where the last dispatched request ended */
	struct request *boundary_rq;	/* dispatch sorting restarts after it */

	void *queuedata;		/* the driver's */
	unsigned long bounced;		/* pages copied by blk_queue_bounce */
};

static inline struct request_queue *bdev_get_queue(struct block_device *bdev)
{
	return bdev->bd_disk->queue;
}

static inline unsigned int queue_max_sectors(const struct request_queue *q)
{
	return q->limits.max_sectors;
}

/*
 * block/blk-settings.c: drivers describe their hardware. Each setter
 * rejects impossible values with -EINVAL, leaving the limit unchanged.
 */
void blk_set_default_limits(struct queue_limits *lim);
int blk_queue_max_sectors(struct request_queue *q, unsigned int sectors);
int blk_queue_max_segments(struct request_queue *q, unsigned short segments);
int blk_queue_max_segment_size(struct request_queue *q, unsigned int bytes);
int blk_queue_segment_boundary(struct request_queue *q, unsigned long mask);
int blk_queue_logical_block_size(struct request_queue *q, unsigned short size);
/*
 * Pages above @dma_addr (the highest address the device can reach)
 * are copied into low memory before I/O (block/bounce.c).
 */
void blk_queue_bounce_limit(struct request_queue *q, u64 dma_addr);

/*
 * Scatter-gather entries the bio chain starting at @bio needs on @q
 * (block/blk-merge.c).
 */
unsigned int blk_bio_phys_segments(const struct request_queue *q, struct bio *bio);

/* block/blk-core.c */
void blk_rq_init(struct request_queue *q, struct request *rq);
struct request_queue *blk_alloc_queue(spinlock_t *lock, const char *elevator);
void blk_cleanup_queue(struct request_queue *q);

/* block/bio.c: make fs_bio_set (boot, and each host test). */
void bio_init_sets(void);

/* The defaults, as in Linux 2.6. */
#define BLK_DEF_MAX_SECTORS	1024	/* 512 KiB per request */
#define BLK_MAX_SEGMENTS	128
#define BLK_MAX_SEGMENT_SIZE	65536
#define BLK_SEG_BOUNDARY_MASK	0xffffffffUL
#define BLK_BOUNCE_ANY		(~0ULL)

#endif
