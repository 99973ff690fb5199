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
#include "scatterlist.h"
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
#define REQ_ELVPRIV	(1UL << 19)	/* carries elevator private data */

struct request {
	struct list_head queuelist;	/* on q->queue_head (dispatch), an elevator list,
					   or the BLOCK softirq's done list */
	struct list_head timeout_list;	/* on q->timeout_list while started */
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
	/*
	 * The partition it began in, whose counters it also keeps (0: the
	 * disk's only). A number, not Linux's rq->part pointer: a rescan may
	 * replace the partitions under a request.
	 */
	int partno;

	unsigned long start_time;	/* jiffies when made */
	unsigned long fifo_time;	/* deadline: when it expires */
	unsigned long deadline;		/* driver timeout, jiffies */
	int errors;			/* the driver's result, kept until the softirq */
	unsigned int resid_len;		/* with it: bytes at the end the driver did not do */
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

typedef int (make_request_fn)(struct request_queue *q, struct bio *bio);
/* The driver's "there is work": take requests with elv_next_request(). */
typedef void (request_fn_proc)(struct request_queue *q);
/* Finish @rq in softirq context after blk_complete_request(). */
typedef void (softirq_done_fn)(struct request *rq);
/* A started request outlived q->rq_timeout: what now? */
enum blk_eh_timer_return {
	BLK_EH_NOT_HANDLED,	/* the driver will complete it (it reset the device) */
	BLK_EH_HANDLED,		/* the driver completed it already */
	BLK_EH_RESET_TIMER,	/* give it another q->rq_timeout */
};
typedef enum blk_eh_timer_return (rq_timed_out_fn)(struct request *rq);

/* Why a plugged queue was unplugged (counters in struct blk_queue_stats). */
enum { UNPLUG_TIMER, UNPLUG_THRESH, UNPLUG_SYNC, UNPLUG_EXPLICIT, NR_UNPLUG_CAUSES };

/* What the queue did, for `stat` and the tests. Queue lock. */
struct blk_queue_stats {
	unsigned long back_merges, front_merges;	/* bios merged into requests */
	unsigned long rq_merges;			/* requests merged into requests */
	unsigned long bounced_bios;
	unsigned long plugs, unplugs[NR_UNPLUG_CAUSES];
	unsigned long get_request_sleeps;		/* allocations that waited */
	unsigned long nowait_again;			/* REQ_NOWAIT bios sent back */
	unsigned long requests_allocated, requests_completed;
	unsigned long timeouts;
	unsigned long splits;
	unsigned long elevator_switches;
	unsigned int in_flight_max;	/* most requests the driver held at once */
};

#define BLKDEV_MAX_RQ		128	/* default nr_requests */
#define BLK_UNPLUG_THRESH	4	/* requests queued before a forced unplug */
#define BLK_UNPLUG_DELAY_MS	3	/* ms a plug may hold requests back */
#define BLK_DEFAULT_TIMEOUT_MS	30000	/* per-request driver timeout */

/*
 * The queue: limits, the elevator, the request pool, plug state and
 * counters. Members are protected by *queue_lock unless they say not.
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

	make_request_fn *make_request_fn;	/* __make_request, or dm's */
	request_fn_proc *request_fn;		/* the driver */
	softirq_done_fn *softirq_done_fn;
	rq_timed_out_fn *rq_timed_out_fn;

	/* Request allocation: at most nr_requests per direction. */
	mempool_t *rq_pool;
	unsigned int nr_requests;
	unsigned int count[2];		/* allocated, by direction */
	wait_queue_head_t wait[2];	/* get_request() sleepers */

	/* Plugging: hold requests back briefly so neighbours can merge. */
	bool plugged;
	struct timer_list unplug_timer;
	unsigned int unplug_thresh;	/* requests */
	unsigned long unplug_delay;	/* jiffies */

	/* Driver timeouts for started requests. */
	struct timer_list timeout_timer;
	struct list_head timeout_list;	/* started requests, oldest first */
	unsigned long rq_timeout;	/* jiffies */

	bool dead;			/* blk_cleanup_queue() began: fail new I/O */
	bool elvswitch;			/* an elevator switch is under way */
	unsigned int nr_elvpriv;	/* requests holding elevator private data */
	bool in_request_fn;		/* request_fn running: do not re-enter */
	bool rerun_request_fn;		/* ...but run it again when it returns */
	struct blk_queue_stats stats;
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

/* ---- block/bounce.c ---- */
/*
 * blk_queue_bounce_limit() plus the bounce pools it needs, made now so
 * that no bio has to. Process context, may sleep. 0 or -ENOMEM (the
 * limit is then left unchanged).
 */
int blk_queue_bounce_setup(struct request_queue *q, u64 dma_addr);
/*
 * First step of __make_request: if a page of *@bio lies above the queue's
 * bounce limit, replace *@bio by a bounce bio whose high pages are copies
 * in ZONE_DMA; the original ends when the bounce bio does, with its error.
 * Process context, may sleep (GFP_NOIO pools). Counts q->bounced (pages)
 * and q->stats.bounced_bios.
 */
void blk_queue_bounce(struct request_queue *q, struct bio **bio);
/*
 * The address given for @disk_name with dma_limit=DEV:ADDR at boot;
 * *@found says whether there was one (else BLK_BOUNCE_ANY). Any context.
 */
u64 dma_limit_for(const char *disk_name, bool *found);

/*
 * Scatter-gather entries the bio chain starting at @bio needs on @q
 * (block/blk-merge.c).
 */
unsigned int blk_bio_phys_segments(const struct request_queue *q, struct bio *bio);
/*
 * @rq's memory as physical segments, by the rules the segment counts use
 * (contiguity, max_segment_size, seg_boundary_mask), into @sg; returns
 * how many, never more than the request's nr_phys_segments, so @sg needs
 * room for the queue's max_segments. Any context.
 */
unsigned int blk_rq_map_sg(struct request_queue *q, struct request *rq,
			   struct scatterlist *sg);
/* Count @bio's own segments into its cache; bio_phys_segments() reads it. */
void blk_recount_segments(const struct request_queue *q, struct bio *bio);
unsigned int bio_phys_segments(const struct request_queue *q, struct bio *bio);
/*
 * May @prev (whose last segment is @seg_size bytes so far) be followed by
 * @next in the same segment?
 */
bool biovec_phys_mergeable(const struct request_queue *q, const struct bio_vec *prev,
			   const struct bio_vec *next, unsigned int seg_size);

/* ---- block/blk-merge.c ---- */
/* Can @bio join @rq at the back / the front without breaking a limit? */
bool ll_back_merge_fn(struct request_queue *q, struct request *rq, struct bio *bio);
bool ll_front_merge_fn(struct request_queue *q, struct request *rq, struct bio *bio);
/* Merge the request after / before @rq into it if possible. */
bool attempt_back_merge(struct request_queue *q, struct request *rq);
bool attempt_front_merge(struct request_queue *q, struct request *rq);
void blk_recalc_rq_segments(struct request *rq);

/* ---- block/blk-core.c ---- */
void blk_rq_init(struct request_queue *q, struct request *rq);
/*
 * A queue served by @rfn (the driver), under @lock (NULL: its own), with
 * elevator @elevator (NULL: the boot choice). NULL if memory ran out.
 * Process context.
 */
struct request_queue *blk_init_queue(request_fn_proc *rfn, spinlock_t *lock,
				     const char *elevator);
/* A queue with no requests, for stacked drivers (dm): @mfn gets every bio. */
struct request_queue *blk_alloc_queue(spinlock_t *lock, const char *elevator);
void blk_queue_make_request(struct request_queue *q, make_request_fn *mfn);
void blk_cleanup_queue(struct request_queue *q);

/*
 * Submit @bio with direction and hints @rw (READ, WRITE, | REQ_SYNC ...).
 * bi_end_io runs once when it is done. Any context that may sleep
 * (a full queue makes the submitter wait). Errors arrive via bi_end_io.
 */
void submit_bio(unsigned long rw, struct bio *bio);
void generic_make_request(struct bio *bio);
/*
 * block/blk-flush.c: write back @bdev's disk cache with an empty
 * REQ_FLUSH bio and wait. 0 or -errno (-EROFS on a read-only disk).
 * @stop as for submit_bio_wait_stoppable (NULL: wait whatever comes);
 * -EINTR when it stopped the wait for a free request, -EINPROGRESS when
 * the flush was out. Process context; sleeps.
 */
int blkdev_issue_flush(struct block_device *bdev, bool (*stop)(void));
/*
 * Flush every writable disk, calling @done with each one's result; the
 * first error, or 0. @stop as above, also asked between disks. Process
 * context; sleeps.
 */
int blkdev_flush_all(void (*done)(struct gendisk *disk, int err, void *ctx), void *ctx,
		     bool (*stop)(void));

/* ---- block/blk-lib.c: synchronous I/O through submit_bio ---- */
/*
 * Submit @bio with @rw (| REQ_SYNC) and wait for it to end: 0 or the
 * first -errno any part of it ended with. Sets bi_end_io and bi_private;
 * the caller still holds its reference (bio_put after). Process context;
 * sleeps.
 */
int submit_bio_wait(unsigned long rw, struct bio *bio);
/*
 * submit_bio_wait for a waiter that must stay able to give up (the
 * shell's Ctrl-C): while the bio is out it asks @stop every 20 ms, and
 * once @stop says so it leaves: -EINPROGRESS, the bio carries on alone,
 * holding a reference on itself and on each of its pages, so the caller
 * puts both as usual. It never sleeps for a free request (REQ_NOWAIT):
 * -EAGAIN when all are out. -ENOMEM without memory to wait with. A NULL
 * @stop makes it submit_bio_wait.
 */
int submit_bio_wait_stoppable(unsigned long rw, struct bio *bio, bool (*stop)(void));
/*
 * After its -EAGAIN (every request of the queue is out): wait a little
 * for one to come free, as get_request_wait would, but able to give up.
 * -EINTR if @stop says so, else 0: send the same I/O again, in a new bio.
 */
int blk_wait_for_request(bool (*stop)(void));
/*
 * Read (@rw READ) or write (WRITE) @nr_sects 512-byte sectors of @bdev
 * from @sector on, into or from @pages: DIV_ROUND_UP(@nr_sects, 8) pages
 * of PAGE_SIZE filled in order, byte 0 of pages[0] being @sector's first.
 * As many bios as the queue's limits need, each waited for in turn.
 * Ranges that are not whole logical blocks work too: the blocks at the
 * edges are read in full (and, for a write, written back with the new
 * sectors laid over: read-modify-write), unless such a block reaches
 * past the partition (-EINVAL, before any I/O). Blocks are the disk's,
 * wherever the partition starts. 0, or the first -errno (the I/O after it
 * is not issued); -ENOMEM only on such a ragged range. With @stop, each
 * bio is waited for by submit_bio_wait_stoppable, a full request pool is
 * waited out, and @stop ends it all: -EINTR when nothing was left in
 * flight, -EINPROGRESS when a bio was (it may still read or write its
 * sectors; the caller's pages are safe to free). Process context; sleeps.
 */
int blkdev_rw_pages(struct block_device *bdev, unsigned long rw, sector_t sector,
		    struct page **pages, unsigned int nr_sects, bool (*stop)(void));
int __make_request(struct request_queue *q, struct bio *bio);

/* Plugging. Queue lock held. */
void blk_plug_device(struct request_queue *q);
bool blk_remove_plug(struct request_queue *q);
void __generic_unplug_device(struct request_queue *q, int cause);
/* Unplug and run the queue now (takes the lock). */
void blk_unplug(struct request_queue *q);
/* Call the driver's request_fn (queue lock held). */
void __blk_run_queue(struct request_queue *q);
void blk_run_queue(struct request_queue *q);

/* ---- for drivers (queue lock held unless the name says otherwise) ---- */
/* Take @rq off the dispatch list: it is the driver's now; starts its timer. */
void blk_start_request(struct request *rq);
/* elv_next_request + blk_start_request. */
struct request *blk_fetch_request(struct request_queue *q);
/* Give a started request back; it is dispatched again first. */
void blk_requeue_request(struct request_queue *q, struct request *rq);
/*
 * @nr_bytes of @rq are done with @error. Returns true if part of it is
 * still pending (partial completion), false when it is finished and
 * freed. __blk_end_request: queue lock held; blk_end_request takes it.
 */
bool __blk_end_request(struct request *rq, int error, unsigned int nr_bytes);
bool blk_end_request(struct request *rq, int error, unsigned int nr_bytes);
bool __blk_end_request_all(struct request *rq, int error);
/*
 * From the IRQ handler: @rq is done; q->softirq_done_fn(rq) runs in
 * BLOCK_SOFTIRQ, which then ends it. Any context.
 */
void blk_complete_request(struct request *rq);

int blk_queue_nr_requests(struct request_queue *q, unsigned int nr);

/* block/bio.c: make fs_bio_set (boot, and each host test). */
void bio_init_sets(void);

/* The defaults, as in Linux 2.6. */
#define BLK_DEF_MAX_SECTORS	1024	/* 512 KiB per request */
#define BLK_MAX_SEGMENTS	128
#define BLK_MAX_SEGMENT_SIZE	65536
#define BLK_SEG_BOUNDARY_MASK	0xffffffffUL
#define BLK_BOUNCE_ANY		(~0ULL)

#endif
