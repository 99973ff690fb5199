/*
 * blk-core.c - from submit_bio() to the driver and back (Linux 2.6's
 * block/blk-core.c). Portable: the hosted tests link it too.
 *
 * The path of a bio (DESIGN.md, "The path of a write"):
 *   submit_bio -> generic_make_request: recursion from stacked devices is
 *   turned into a loop through current->bio_list -> __generic_make_request:
 *   end-of-device check, partition remap -> q->make_request_fn, normally
 *   __make_request: split what exceeds the queue's limits, merge into a
 *   queued request (elv_merge), or get a new request (sleeping when
 *   nr_requests are out) and add it to the elevator; plug an idle queue so
 *   neighbours can join -> unplug (3 ms timer, 4 requests, or REQ_SYNC) ->
 *   q->request_fn: the driver takes requests (blk_fetch_request) ->
 *   interrupt -> blk_complete_request -> BLOCK_SOFTIRQ -> driver's
 *   softirq_done_fn -> blk_end_request: bios end, the request is freed.
 */
#include "kernel.h"
#include "blkdev.h"
#include "elevator.h"
#include "interrupt.h"
#include "jiffies.h"
#include "preempt.h"
#include "sched.h"
#include "slab.h"
#include "string.h"
#include "init.h"
#include "blk.h"

#define BLKDEV_MIN_RQ	4	/* requests the mempool guarantees per queue */

static struct kmem_cache *request_cachep;

void blk_rq_init(struct request_queue *q, struct request *rq)
{
	memset(rq, 0, sizeof(*rq));
	INIT_LIST_HEAD(&rq->queuelist);
	INIT_LIST_HEAD(&rq->timeout_list);
	INIT_HLIST_NODE(&rq->hash);
	RB_CLEAR_NODE(&rq->rb_node);
	rq->q = q;
	rq->ref_count = 1;
}

/* ---- plugging ---- */

void blk_plug_device(struct request_queue *q)
{
	if (q->plugged)
		return;
	q->plugged = true;
	mod_timer(&q->unplug_timer, jiffies + q->unplug_delay);
	q->stats.plugs++;
}

bool blk_remove_plug(struct request_queue *q)
{
	if (!q->plugged)
		return false;
	q->plugged = false;
	del_timer(&q->unplug_timer);
	return true;
}

void __blk_run_queue(struct request_queue *q)
{
	if (q->plugged || !q->request_fn || elv_queue_empty(q))
		return;
	/* A driver that completes inside request_fn would re-enter it. */
	if (q->in_request_fn) {
		q->rerun_request_fn = true;
		return;
	}
	q->in_request_fn = true;
	do {
		q->rerun_request_fn = false;
		q->request_fn(q);
	} while (q->rerun_request_fn);
	q->in_request_fn = false;
}

void blk_run_queue(struct request_queue *q)
{
	unsigned long flags;

	spin_lock_irqsave(q->queue_lock, flags);
	__blk_run_queue(q);
	spin_unlock_irqrestore(q->queue_lock, flags);
}

void __generic_unplug_device(struct request_queue *q, int cause)
{
	if (blk_remove_plug(q))
		q->stats.unplugs[cause]++;
	__blk_run_queue(q);
}

void blk_unplug(struct request_queue *q)
{
	unsigned long flags;

	spin_lock_irqsave(q->queue_lock, flags);
	__generic_unplug_device(q, UNPLUG_EXPLICIT);
	spin_unlock_irqrestore(q->queue_lock, flags);
}

/* Timer (softirq) context. */
static void blk_unplug_timeout(unsigned long data)
{
	struct request_queue *q = (struct request_queue *)data;
	unsigned long flags;

	spin_lock_irqsave(q->queue_lock, flags);
	__generic_unplug_device(q, UNPLUG_TIMER);
	spin_unlock_irqrestore(q->queue_lock, flags);
}

/* ---- request allocation ---- */

void __blk_put_request(struct request_queue *q, struct request *rq)
{
	int dir = rq_data_dir(rq) == WRITE;

	BUG_ON(!list_empty(&rq->queuelist) || !RB_EMPTY_NODE(&rq->rb_node));
	if (rq->cmd_flags & REQ_ELVPRIV) {
		elv_put_request(q, rq);
		q->nr_elvpriv--;
	}
	mempool_free(rq, q->rq_pool);
	q->count[dir]--;
	if (q->count[dir] < q->nr_requests && waitqueue_active(&q->wait[dir]))
		wake_up(&q->wait[dir]);
}

/* A free request, or NULL when the caller must wait. Queue lock held. */
static struct request *get_request(struct request_queue *q, unsigned long rw_flags)
{
	int dir = (rw_flags & REQ_WRITE) != 0;
	/* The whole rw, REQ_SYNC included: CFQ tells sync from async by it. */
	int may = elv_may_queue(q, (int)rw_flags);
	struct request *rq;

	if (may == ELV_MQUEUE_NO)
		return NULL;
	/* Interrupt context cannot wait: it may dig into the reserve. */
	if (q->count[dir] >= q->nr_requests && may != ELV_MQUEUE_MUST &&
	    !in_interrupt())
		return NULL;
	rq = mempool_alloc(q->rq_pool, GFP_ATOMIC);
	if (!rq)
		return NULL;
	blk_rq_init(q, rq);
	rq->cmd_flags = rw_flags;
	/* While elevators are being swapped, requests carry no private data. */
	if (!q->elvswitch) {
		if (elv_set_request(q, rq, GFP_ATOMIC)) {
			mempool_free(rq, q->rq_pool);
			return NULL;
		}
		rq->cmd_flags |= REQ_ELVPRIV;
		q->nr_elvpriv++;
	}
	q->count[dir]++;
	q->stats.requests_allocated++;
	return rq;
}

/*
 * get_request, sleeping until a request is freed. Drops and retakes the
 * queue lock around the sleep; kicks the queue first, since a plugged
 * queue would otherwise hold the very requests we wait for.
 */
static struct request *get_request_wait(struct request_queue *q,
					unsigned long rw_flags)
{
	int dir = (rw_flags & REQ_WRITE) != 0;
	struct request *rq;

	while (!(rq = get_request(q, rw_flags))) {
		DEFINE_WAIT(wait);

		if (in_interrupt())
			return NULL;	/* even the reserve is gone */
		q->stats.get_request_sleeps++;
		prepare_to_wait_exclusive(&q->wait[dir], &wait, TASK_UNINTERRUPTIBLE);
		__generic_unplug_device(q, UNPLUG_EXPLICIT);
		spin_unlock_irq(q->queue_lock);
		/* Re-check once the lock is dropped; a free may have raced us. */
		if (q->count[dir] >= q->nr_requests)
			schedule_timeout(msecs_to_jiffies(100));
		finish_wait(&q->wait[dir], &wait);
		spin_lock_irq(q->queue_lock);
	}
	return rq;
}

int blk_queue_nr_requests(struct request_queue *q, unsigned int nr)
{
	unsigned long flags;

	if (nr < BLKDEV_MIN_RQ || nr > 8192)
		return -EINVAL;
	spin_lock_irqsave(q->queue_lock, flags);
	q->nr_requests = nr;
	wake_up_all(&q->wait[0]);
	wake_up_all(&q->wait[1]);
	spin_unlock_irqrestore(q->queue_lock, flags);
	return 0;
}

/* ---- making requests from bios ---- */

/*
 * The counters of the partition @rq began in, if it did and that one is
 * still there; the disk's own (part0) are always kept as well.
 */
static inline struct disk_stats *rq_part_stats(struct request *rq)
{
	struct hd_struct *part = rq->partno ? rq->rq_disk->part[rq->partno] : NULL;

	return part ? &part->dkstats : NULL;
}

static void blk_account_merge(struct request *rq, struct bio *bio)
{
	struct disk_stats *pst = rq_part_stats(rq);
	int dir = bio_data_dir_write(bio);

	rq->rq_disk->part0.dkstats.merges[dir]++;
	if (pst)
		pst->merges[dir]++;
}

static void init_request_from_bio(struct request *rq, struct bio *bio)
{
	rq->cmd_flags |= bio->bi_rw & (REQ_WRITE | REQ_SYNC | REQ_META |
				       REQ_FLUSH | REQ_FUA | REQ_NOMERGE);
	rq->sector = bio->bi_sector;
	rq->data_len = bio->bi_size;
	rq->bio = rq->biotail = bio;
	rq->rq_disk = bio->bi_bdev->bd_disk;
	/* Most disks in a benchmark have no partitions: not even a call. */
	rq->partno = rq->rq_disk->nr_parts ? disk_partno_of(rq->rq_disk, bio->bi_sector) : 0;
	rq->start_time = jiffies;
	rq->nr_phys_segments = (unsigned short)bio_phys_segments(rq->q, bio);
}

/*
 * Sectors of @bio that fit the queue's limits in one request, or 0 if all
 * of it does. The cut falls on a page-segment edge when segments are the
 * limit, or at max_sectors (rounded to the logical block) otherwise.
 */
static unsigned int blk_bio_split_point(struct request_queue *q, struct bio *bio)
{
	unsigned int max = queue_max_sectors(q), lbs = q->limits.logical_block_size >> 9;
	struct bio_vec *bv;
	unsigned int bytes = 0, segs = 0;
	int i;

	if (bio_sectors(bio) <= max &&
	    bio_phys_segments(q, bio) <= q->limits.max_segments)
		return 0;
	/* Count segments vector by vector (each vector at worst a segment). */
	bio_for_each_segment(bv, bio, i) {
		if (++segs > q->limits.max_segments ||
		    ((bytes + bv->bv_len) >> 9) > max)
			break;
		bytes += bv->bv_len;
	}
	if (!bytes)	/* a single vector larger than max_sectors */
		bytes = max << 9;
	bytes = min(bytes, max << 9);
	return (bytes >> 9) / lbs * lbs;
}

static void add_request(struct request_queue *q, struct request *req)
{
	elv_add_request(q, req, ELEVATOR_INSERT_SORT);
	/* Enough queued behind the plug: the driver can start. */
	if (q->plugged && q->count[0] + q->count[1] - q->in_flight >= q->unplug_thresh)
		__generic_unplug_device(q, UNPLUG_THRESH);
}

int __make_request(struct request_queue *q, struct bio *bio)
{
	bool sync = bio->bi_rw & REQ_SYNC;
	struct request *req;
	unsigned long rw_flags;
	unsigned int split_at;
	int el_ret;

	/* Pages the device cannot reach are copied first (block/bounce.c). */
	blk_queue_bounce(q, &bio);

	/* A bio too big for one request: go on with the first part, queue the rest. */
	split_at = blk_bio_split_point(q, bio);
	if (split_at) {
		struct bio *first = bio_split(bio, split_at, GFP_NOIO);

		if (first) {
			q->stats.splits++;
			generic_make_request(bio);
			bio = first;
		}
	}

	spin_lock_irq(q->queue_lock);
	if ((bio->bi_rw & (REQ_FLUSH | REQ_FUA | REQ_NOMERGE)) || elv_queue_empty(q))
		goto get_rq;

	el_ret = elv_merge(q, &req, bio);
	switch (el_ret) {
	case ELEVATOR_BACK_MERGE:
		if (!ll_back_merge_fn(q, req, bio))
			break;
		req->biotail->bi_next = bio;
		req->biotail = bio;
		req->data_len += bio->bi_size;
		q->stats.back_merges++;
		blk_account_merge(req, bio);
		if (!attempt_back_merge(q, req))
			elv_merged_request(q, req, el_ret);
		goto out;
	case ELEVATOR_FRONT_MERGE:
		if (!ll_front_merge_fn(q, req, bio))
			break;
		bio->bi_next = req->bio;
		req->bio = bio;
		req->sector = bio->bi_sector;
		req->data_len += bio->bi_size;
		q->stats.front_merges++;
		blk_account_merge(req, bio);
		if (!attempt_front_merge(q, req))
			elv_merged_request(q, req, el_ret);
		goto out;
	default:
		break;
	}

get_rq:
	rw_flags = bio->bi_rw & (REQ_WRITE | REQ_SYNC | REQ_META);
	if (!(bio->bi_rw & REQ_NOWAIT)) {
		req = get_request_wait(q, rw_flags);
	} else if (!(req = get_request(q, rw_flags))) {
		/* What we would have waited for may sit behind the plug. */
		__generic_unplug_device(q, UNPLUG_EXPLICIT);
		q->stats.nowait_again++;
		spin_unlock_irq(q->queue_lock);
		bio_endio(bio, -EAGAIN);
		return 0;
	}
	if (!req) {
		spin_unlock_irq(q->queue_lock);
		pr_err("%s: no request for a bio submitted from interrupt context\n",
		       bio->bi_bdev->bd_disk->disk_name);
		bio_endio(bio, -ENOMEM);
		return 0;
	}
	init_request_from_bio(req, bio);
	/* An idle queue waits a moment so that neighbours can merge. */
	if (elv_queue_empty(q) && !(bio->bi_rw & (REQ_FLUSH | REQ_FUA))) {
		if (sync && !q->plugged) {
			/*
			 * Plugged and, being sync, unplugged at once below:
			 * counted as both, without arming and disarming the
			 * plug timer for nothing.
			 */
			q->stats.plugs++;
			q->stats.unplugs[UNPLUG_SYNC]++;
		} else {
			blk_plug_device(q);
		}
	}
	add_request(q, req);
out:
	if (sync)
		__generic_unplug_device(q, UNPLUG_SYNC);
	else
		__blk_run_queue(q);
	spin_unlock_irq(q->queue_lock);
	return 0;
}

/* ---- the front door ---- */

static bool bio_check_eod(struct bio *bio)
{
	sector_t maxsector = bio->bi_bdev->bd_part->nr_sects;
	unsigned int nr = bio_sectors(bio);

	/* Written so that no sum can overflow, whatever bi_sector holds. */
	if (maxsector < nr || maxsector - nr < bio->bi_sector) {
		pr_err("%s: %s beyond end of device: sector %llu + %u > %llu sectors\n",
		       bio->bi_bdev->name, bio_data_dir_write(bio) ? "write" : "read",
		       (unsigned long long)bio->bi_sector, nr,
		       (unsigned long long)maxsector);
		return false;
	}
	return true;
}

/* sda1 sector 10 -> sda sector start_sect + 10. */
static void blk_partition_remap(struct bio *bio)
{
	struct block_device *bdev = bio->bi_bdev;

	if (bdev->bd_partno) {
		bio->bi_sector += bdev->bd_part->start_sect;
		bio->bi_bdev = bdev->bd_disk->bdev[0];
	}
}

static void __generic_make_request(struct bio *bio)
{
	int ret;

	do {
		struct block_device *bdev = bio->bi_bdev;
		struct request_queue *q = bdev ? bdev_get_queue(bdev) : NULL;
		unsigned int lbs;

		if (!q || q->dead) {
			pr_err("%s: I/O to a device without a live queue\n",
			       bdev ? bdev->name : "(no device)");
			bio_endio(bio, -EIO);
			return;
		}
		if (!bio_check_eod(bio)) {
			bio_endio(bio, -EIO);
			return;
		}
		if (bio_data_dir_write(bio) && bdev->bd_disk->read_only) {
			pr_err("%s: write to a read-only device\n", bdev->name);
			bio_endio(bio, -EROFS);
			return;
		}
		lbs = q->limits.logical_block_size;
		/* The disk's blocks: a partition may start inside one. */
		if ((bio->bi_size % lbs) ||
		    (((bdev->bd_part->start_sect + bio->bi_sector) << 9) % lbs)) {
			pr_err("%s: I/O at sector %llu, %u bytes, not aligned to the %u-byte block\n",
			       bdev->name, (unsigned long long)bio->bi_sector,
			       bio->bi_size, lbs);
			bio_endio(bio, -EINVAL);
			return;
		}
		blk_partition_remap(bio);
		/* Nonzero: the bio was remapped to another device; go again. */
		ret = q->make_request_fn(q, bio);
	} while (ret);
}

void generic_make_request(struct bio *bio)
{
	struct bio_list bio_list_on_stack;

	/*
	 * A stacked device's make_request_fn submits to the device below.
	 * Instead of recursing (and growing the stack per layer), queue the
	 * bio; the outermost call drains the list in order.
	 */
	if (current->bio_list) {
		bio_list_add(current->bio_list, bio);
		return;
	}
	bio_list_init(&bio_list_on_stack);
	current->bio_list = &bio_list_on_stack;
	do {
		__generic_make_request(bio);
		bio = bio_list_pop(current->bio_list);
	} while (bio);
	current->bio_list = NULL;
}

void submit_bio(unsigned long rw, struct bio *bio)
{
	bio->bi_rw |= rw;
	generic_make_request(bio);
}

/* ---- the driver's side ---- */

static void blk_rq_timed_out_timer(unsigned long data);

/*
 * Linux's part_round_stats: bring io_ticks (time busy) and time_in_queue
 * (time x requests in flight) up to now, before in_flight changes. Here
 * in_flight counts requests the driver holds (started, not finished),
 * not those still in the elevator as Linux 2.6 counts them. Queue lock.
 */
static void blk_round_stats(struct disk_stats *st)
{
	unsigned long now = jiffies;

	if (st->in_flight) {
		st->io_ticks += jiffies_to_msecs(now - st->stamp);
		st->time_in_queue += st->in_flight * jiffies_to_msecs(now - st->stamp);
	}
	st->stamp = now;
}

/* @rq goes to (+1) or leaves (-1) the driver. Queue lock. */
static void blk_stats_in_flight(struct disk_stats *st, int delta)
{
	blk_round_stats(st);
	st->in_flight += delta;
}

static void blk_account_in_flight(struct request *rq, int delta)
{
	struct disk_stats *pst;

	if (!rq->rq_disk)
		return;
	blk_stats_in_flight(&rq->rq_disk->part0.dkstats, delta);
	pst = rq_part_stats(rq);
	if (pst)
		blk_stats_in_flight(pst, delta);
}

void blk_start_request(struct request *rq)
{
	struct request_queue *q = rq->q;

	blk_account_in_flight(rq, 1);
	elv_dequeue_request(q, rq);
	rq->deadline = jiffies + q->rq_timeout;
	list_add_tail(&rq->timeout_list, &q->timeout_list);
	if (!timer_pending(&q->timeout_timer))
		mod_timer(&q->timeout_timer, rq->deadline);
}

struct request *blk_fetch_request(struct request_queue *q)
{
	struct request *rq = elv_next_request(q);

	if (rq)
		blk_start_request(rq);
	return rq;
}

void blk_requeue_request(struct request_queue *q, struct request *rq)
{
	list_del_init(&rq->timeout_list);
	blk_account_in_flight(rq, -1);
	elv_requeue_request(q, rq);
}

static void blk_account_done(struct request *rq)
{
	struct disk_stats *st = &rq->rq_disk->part0.dkstats, *pst = rq_part_stats(rq);
	int dir = rq_data_dir(rq) == WRITE;
	unsigned long ms = jiffies_to_msecs(jiffies - rq->start_time);

	st->ios[dir]++;
	st->ticks[dir] += ms;
	if (pst) {
		pst->ios[dir]++;
		pst->ticks[dir] += ms;
	}
	blk_account_in_flight(rq, -1);
}

static void blk_finish_request(struct request *rq, int error)
{
	struct request_queue *q = rq->q;

	(void)error;
	list_del_init(&rq->timeout_list);
	if (rq->rq_disk)
		blk_account_done(rq);
	elv_completed_request(q, rq);
	q->stats.requests_completed++;
	__blk_put_request(q, rq);
}

bool __blk_end_request(struct request *rq, int error, unsigned int nr_bytes)
{
	int dir = rq_data_dir(rq) == WRITE;

	nr_bytes = min(nr_bytes, rq->data_len);
	/*
	 * A bio with no data (an empty flush) is done as soon as the loop
	 * reaches it, or the request would stay pending for ever.
	 */
	while (rq->bio && (nr_bytes || !rq->bio->bi_size)) {
		struct bio *bio = rq->bio;
		unsigned int n = min(bio->bi_size, nr_bytes);

		if (rq->rq_disk) {
			struct disk_stats *pst = rq_part_stats(rq);

			rq->rq_disk->part0.dkstats.sectors[dir] += n >> 9;
			if (pst)
				pst->sectors[dir] += n >> 9;
		}
		nr_bytes -= n;
		rq->data_len -= n;
		rq->sector += n >> 9;
		if (n == bio->bi_size) {
			rq->bio = bio->bi_next;
			bio->bi_next = NULL;
			bio_endio(bio, error);
		} else {
			bio_advance(bio, n);
		}
	}
	if (rq->bio) {
		blk_recalc_rq_segments(rq);
		return true;
	}
	blk_finish_request(rq, error);
	return false;
}

bool blk_end_request(struct request *rq, int error, unsigned int nr_bytes)
{
	struct request_queue *q = rq->q;
	unsigned long flags;
	bool pending;

	spin_lock_irqsave(q->queue_lock, flags);
	pending = __blk_end_request(rq, error, nr_bytes);
	spin_unlock_irqrestore(q->queue_lock, flags);
	return pending;
}

bool __blk_end_request_all(struct request *rq, int error)
{
	return __blk_end_request(rq, error, blk_rq_bytes(rq));
}

/* ---- completion through BLOCK_SOFTIRQ ---- */

static LIST_HEAD(blk_done_list);	/* interrupts off to touch */

void blk_complete_request(struct request *rq)
{
	unsigned long flags;

	local_irq_save(flags);
	list_add_tail(&rq->queuelist, &blk_done_list);
	raise_softirq_irqoff(BLOCK_SOFTIRQ);
	local_irq_restore(flags);
}

static void blk_done_softirq(struct softirq_action *h)
{
	LIST_HEAD(local);
	unsigned long flags;

	(void)h;
	local_irq_save(flags);
	list_splice_init(&blk_done_list, &local);
	local_irq_restore(flags);
	while (!list_empty(&local)) {
		struct request *rq = list_first_entry(&local, struct request, queuelist);

		list_del_init(&rq->queuelist);
		rq->q->softirq_done_fn(rq);
	}
}

void blk_softirq_init(void)
{
	open_softirq(BLOCK_SOFTIRQ, blk_done_softirq);
}

static int blk_dev_init(void)
{
	blk_softirq_init();
	return 0;
}
initcall(blk_dev_init);

/* ---- request timeouts ---- */

static void blk_rq_timed_out_timer(unsigned long data)
{
	struct request_queue *q = (struct request_queue *)data;
	struct request *rq, *tmp;
	unsigned long flags, next = 0;
	bool have_next = false;

	spin_lock_irqsave(q->queue_lock, flags);
	list_for_each_entry_safe(rq, tmp, &q->timeout_list, timeout_list) {
		if (time_before(jiffies, rq->deadline)) {
			if (!have_next || time_before(rq->deadline, next))
				next = rq->deadline;
			have_next = true;
			continue;
		}
		list_del_init(&rq->timeout_list);
		q->stats.timeouts++;
		pr_err("%s: request at sector %llu timed out\n",
		       rq->rq_disk ? rq->rq_disk->disk_name : "?",
		       (unsigned long long)blk_rq_pos(rq));
		if (q->rq_timed_out_fn &&
		    q->rq_timed_out_fn(rq) == BLK_EH_RESET_TIMER) {
			rq->deadline = jiffies + q->rq_timeout;
			list_add_tail(&rq->timeout_list, &q->timeout_list);
			if (!have_next || time_before(rq->deadline, next))
				next = rq->deadline;
			have_next = true;
		}
	}
	if (have_next)
		mod_timer(&q->timeout_timer, next);
	spin_unlock_irqrestore(q->queue_lock, flags);
}

/* ---- queues ---- */

struct request_queue *blk_alloc_queue(spinlock_t *lock, const char *elevator)
{
	struct request_queue *q = kzalloc(sizeof(*q), GFP_KERNEL);

	if (!q)
		return NULL;
	blk_set_default_limits(&q->limits);
	spin_lock_init(&q->__queue_lock);
	q->queue_lock = lock ? lock : &q->__queue_lock;
	INIT_LIST_HEAD(&q->queue_head);
	INIT_LIST_HEAD(&q->timeout_list);
	init_waitqueue_head(&q->wait[0]);
	init_waitqueue_head(&q->wait[1]);
	q->nr_requests = BLKDEV_MAX_RQ;
	q->unplug_thresh = BLK_UNPLUG_THRESH;
	q->unplug_delay = msecs_to_jiffies(BLK_UNPLUG_DELAY_MS);
	q->rq_timeout = msecs_to_jiffies(BLK_DEFAULT_TIMEOUT_MS);
	setup_timer(&q->unplug_timer, blk_unplug_timeout, (unsigned long)q);
	setup_timer(&q->timeout_timer, blk_rq_timed_out_timer, (unsigned long)q);
	if (elevator_init(q, elevator)) {
		kfree(q);
		return NULL;
	}
	return q;
}

void blk_queue_make_request(struct request_queue *q, make_request_fn *mfn)
{
	q->make_request_fn = mfn;
}

struct request_queue *blk_init_queue(request_fn_proc *rfn, spinlock_t *lock,
				     const char *elevator)
{
	struct request_queue *q;

	if (!request_cachep) {
		request_cachep = kmem_cache_create("blkdev_requests",
						   sizeof(struct request), 0, 0, NULL);
		if (!request_cachep)
			return NULL;
	}
	q = blk_alloc_queue(lock, elevator);
	if (!q)
		return NULL;
	q->rq_pool = mempool_create_slab_pool(BLKDEV_MIN_RQ, request_cachep);
	if (!q->rq_pool) {
		blk_cleanup_queue(q);
		return NULL;
	}
	q->request_fn = rfn;
	blk_queue_make_request(q, __make_request);
	return q;
}

void blk_cleanup_queue(struct request_queue *q)
{
	unsigned long flags;

	spin_lock_irqsave(q->queue_lock, flags);
	q->dead = true;
	blk_remove_plug(q);
	spin_unlock_irqrestore(q->queue_lock, flags);
	del_timer_sync(&q->unplug_timer);
	del_timer_sync(&q->timeout_timer);
	WARN_ON(q->count[0] || q->count[1]);
	if (q->elevator)
		elevator_exit(q->elevator);
	if (q->rq_pool)
		mempool_destroy(q->rq_pool);
	kfree(q);
}
