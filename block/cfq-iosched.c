/*
 * cfq-iosched.c - Completely Fair Queueing, the default I/O scheduler
 * (Linux 2.6's block/cfq-iosched.c, simplified).
 *
 * On the path of a write it sits between __make_request, which asks it
 * for front merges (cfq_merge) and sorts new requests in (SORT insert),
 * and the driver, which pulls requests through elv_next_request().
 *
 * Every process gets its own queue (cfq_queue) for its synchronous I/O
 * (reads, and writes someone waits for); asynchronous writes go to one
 * queue shared by every process of the same I/O priority. A process
 * finds its queues through its io_context: one cfq_io_context ("cic") per
 * disk it used, kept in the io_context's rb-tree cic_root keyed by our
 * cfq_data, with a one-entry last-hit cache (ioc_data).
 *
 * Busy queues take turns, round robin within each priority class (RT
 * before BE before IDLE). The queue whose turn it is (active_queue) owns
 * the disk for a time slice (slice_sync / slice_async, longer for higher
 * priority levels), sending up to `quantum` requests at a time in the
 * order that seeks least (cfq_choose_req), oldest first once one has
 * waited past its fifo_expire. When a process's sync queue runs dry, the
 * disk idles for slice_idle ms in the hope that the same process sends
 * its next request (it usually does, right after the last one finished):
 * a short wait is cheaper than a seek away and back.
 *
 * Differences from Linux, for the reader with both open: Linux 2.6.24+
 * orders busy queues by a time-keyed service tree, we use one round-robin
 * list per class (priority shows in slice length); there is no think-time
 * or seekiness heuristic and no idle-class grace period; and a cic holds
 * a reference on its io_context (see cfq-ioc.c).
 *
 * Per-process contexts and the lifetime of queues live in cfq-ioc.c;
 * cfq.h holds the structures both halves share.
 *
 * Locking: every hook runs with the queue lock held (set_req too: the
 * core calls it from get_request with GFP_ATOMIC); init and exit run in
 * process context unlocked; the idle timer takes the lock itself.
 */
#include "kernel.h"
#include "cfq.h"
#include "init.h"
#include "jiffies.h"
#include "sched.h"
#include "slab.h"

/* Linux's defaults, with the reason for each. */
#define CFQ_QUANTUM		4	/* requests one queue may have in the driver */
#define CFQ_FIFO_EXPIRE_SYNC_MS	125	/* HZ / 8: someone waits for these */
#define CFQ_FIFO_EXPIRE_ASYNC_MS 250	/* HZ / 4: writeback can wait longer */
#define CFQ_BACK_SEEK_MAX_KB	(16 * 1024)	/* a backward seek this short is OK */
#define CFQ_BACK_SEEK_PENALTY	2	/* ... but counts double */
#define CFQ_SLICE_SYNC_MS	100	/* HZ / 10 */
#define CFQ_SLICE_ASYNC_MS	40	/* HZ / 25 */
#define CFQ_SLICE_ASYNC_RQ	2	/* async requests per slice, scaled by prio */
#define CFQ_SLICE_IDLE_MS	8	/* HZ / 125: wait for the next sync request */
#define CFQ_SLICE_SCALE		5	/* slice + slice/5 per priority level from 4 */

/*
 * Ranges (Linux took any value; we reject the rest with -ERANGE). A
 * quantum or async_rq past 128 exceeds the request pool; times past 10
 * s (slices), 1 s (idling) or a minute (expiry) stop meaning a turn, an
 * idle window or a deadline. slice_idle 0 turns idling off; back_seek_max
 * 0 forbids backward seeks; a penalty of 1 makes them cost the same.
 */
#define CFQ_RQ_MAX		128
#define CFQ_SLICE_MAX_MS	10000
#define CFQ_IDLE_MAX_MS		1000
#define CFQ_EXPIRE_MAX_MS	60000
#define CFQ_BACK_MAX_KB_MAX	(1024 * 1024)
#define CFQ_PENALTY_MAX		1024

static void cfq_dispatch_insert(struct request_queue *q, struct request *rq);

/* ---- time slices and priorities ---- */

/* base + base/5 per level from the default 4: sync 180 ms at level 0, 40 at 7. */
static unsigned long cfq_prio_slice(struct cfq_data *cfqd, bool sync, int prio)
{
	long base = (long)cfqd->cfq_slice[sync];

	return (unsigned long)(base + base / CFQ_SLICE_SCALE * (4 - prio));
}

/* Async requests a queue may send in one turn. */
static int cfq_prio_to_maxrq(struct cfq_data *cfqd, struct cfq_queue *cfqq)
{
	int base_rq = (int)cfqd->cfq_slice_async_rq;

	return 2 * (base_rq + base_rq * (IOPRIO_BE_NR - 1 - cfqq->ioprio));
}

static bool cfq_slice_used(struct cfq_queue *cfqq)
{
	if (cfq_cfqq_slice_new(cfqq))
		return false;
	return !time_before(jiffies, cfqq->slice_end);
}

/* ---- the round robin of busy queues ---- */

static struct list_head *cfq_rr_list(struct cfq_data *cfqd, struct cfq_queue *cfqq)
{
	return &cfqd->rr_list[cfqq->ioprio_class - 1];
}

void cfq_resort_rr_list(struct cfq_data *cfqd, struct cfq_queue *cfqq, bool front)
{
	if (!cfq_cfqq_on_rr(cfqq))
		return;
	if (front)
		list_move(&cfqq->rr_list, cfq_rr_list(cfqd, cfqq));
	else
		list_move_tail(&cfqq->rr_list, cfq_rr_list(cfqd, cfqq));
}

static void cfq_add_cfqq_rr(struct cfq_data *cfqd, struct cfq_queue *cfqq)
{
	BUG_ON(cfq_cfqq_on_rr(cfqq));
	cfq_mark_cfqq_on_rr(cfqq);
	cfqd->busy_queues++;
	list_add_tail(&cfqq->rr_list, cfq_rr_list(cfqd, cfqq));
}

static void cfq_del_cfqq_rr(struct cfq_data *cfqd, struct cfq_queue *cfqq)
{
	BUG_ON(!cfq_cfqq_on_rr(cfqq));
	cfq_clear_cfqq_on_rr(cfqq);
	list_del_init(&cfqq->rr_list);
	cfqd->busy_queues--;
}

/* The next queue to serve: RT first, then BE, then IDLE. */
static struct cfq_queue *cfq_get_next_queue(struct cfq_data *cfqd)
{
	for (int i = 0; i < CFQ_NR_CLASSES; i++)
		if (!list_empty(&cfqd->rr_list[i]))
			return list_first_entry(&cfqd->rr_list[i],
						struct cfq_queue, rr_list);
	return NULL;
}

static void __cfq_set_active_queue(struct cfq_data *cfqd, struct cfq_queue *cfqq)
{
	if (cfqq) {
		cfqq->slice_end = 0;
		cfqq->slice_dispatch = 0;
		cfq_clear_cfqq_must_alloc_slice(cfqq);
		cfq_clear_cfqq_fifo_expire(cfqq);
		cfq_mark_cfqq_slice_new(cfqq);
	}
	cfqd->active_queue = cfqq;
}

/* End @cfqq's turn: it goes to the back of its class. */
void __cfq_slice_expired(struct cfq_data *cfqd, struct cfq_queue *cfqq)
{
	if (cfq_cfqq_wait_request(cfqq))
		del_timer(&cfqd->idle_slice_timer);
	cfq_clear_cfqq_wait_request(cfqq);
	cfq_resort_rr_list(cfqd, cfqq, false);
	if (cfqq == cfqd->active_queue)
		cfqd->active_queue = NULL;
	cfqd->stats.slices++;
}

static void cfq_slice_expired(struct cfq_data *cfqd)
{
	if (cfqd->active_queue)
		__cfq_slice_expired(cfqd, cfqd->active_queue);
}

/*
 * Whose turn is it? The active queue keeps the disk while its slice
 * lasts and it has requests, or is waiting for its process's next one
 * (in flight or in the idle window). Else the next busy queue.
 */
static struct cfq_queue *cfq_select_queue(struct cfq_data *cfqd)
{
	struct cfq_queue *cfqq = cfqd->active_queue;

	if (cfqq) {
		if (cfq_slice_used(cfqq))
			goto expire;
		if (!RB_EMPTY_ROOT(&cfqq->sort_list))
			return cfqq;
		if (timer_pending(&cfqd->idle_slice_timer) ||
		    (cfqq->dispatched && cfq_cfqq_idle_window(cfqq) &&
		     cfqd->cfq_slice_idle))
			return NULL;	/* wait: do not give the disk away yet */
expire:
		cfq_slice_expired(cfqd);
	}
	cfqq = cfq_get_next_queue(cfqd);
	__cfq_set_active_queue(cfqd, cfqq);
	return cfqq;
}

/*
 * The active sync queue ran dry and its last request finished: give its
 * process slice_idle to send the next one before the turn passes on.
 */
static void cfq_arm_slice_timer(struct cfq_data *cfqd)
{
	struct cfq_queue *cfqq = cfqd->active_queue;

	if (!cfqd->cfq_slice_idle || !cfq_cfqq_idle_window(cfqq))
		return;
	cfq_mark_cfqq_wait_request(cfqq);
	mod_timer(&cfqd->idle_slice_timer, jiffies + cfqd->cfq_slice_idle);
	cfqd->stats.idle_waits++;
}

/*
 * Timer (softirq) context: the idle window closed without a request.
 * Pass the turn on, unless the slice is still running and nobody else
 * waits, and start the driver again (Linux: kblockd runs the queue).
 */
static void cfq_idle_slice_timer(unsigned long data)
{
	struct cfq_data *cfqd = (struct cfq_data *)data;
	struct request_queue *q = cfqd->queue;
	struct cfq_queue *cfqq;
	unsigned long flags;

	spin_lock_irqsave(q->queue_lock, flags);
	cfqq = cfqd->active_queue;
	if (cfqq && !cfq_slice_used(cfqq)) {
		if (!cfqd->busy_queues)
			goto out;	/* nobody else waits: keep the turn */
		if (!RB_EMPTY_ROOT(&cfqq->sort_list))
			goto kick;	/* a request raced in: let it go */
	}
	if (cfqq) {
		cfqd->stats.idle_timeouts++;
		cfq_slice_expired(cfqd);
	}
kick:
	__blk_run_queue(q);
out:
	spin_unlock_irqrestore(q->queue_lock, flags);
}

/* ---- choosing the next request: fewest seeks ---- */

/*
 * Which of @rq1, @rq2 to send first, seen from the head position
 * last_position: sync before async, metadata before data, then the
 * shorter seek. Forward seeks count their distance; a backward one up to
 * back_seek_max counts back_seek_penalty times its distance; a longer
 * backward one only if both are ("wrapped"), then the lower sector.
 */
static struct request *cfq_choose_req(struct cfq_data *cfqd, struct request *rq1,
				      struct request *rq2)
{
	sector_t s1, s2, d1 = 0, d2 = 0, last = cfqd->last_position;
	sector_t back_max = (sector_t)cfqd->cfq_back_max * 2;	/* KiB to sectors */
	bool wrap1 = false, wrap2 = false;

	if (!rq1 || rq1 == rq2)
		return rq2;
	if (!rq2)
		return rq1;
	if (rq_is_sync(rq1) != rq_is_sync(rq2))
		return rq_is_sync(rq1) ? rq1 : rq2;
	if ((rq1->cmd_flags ^ rq2->cmd_flags) & REQ_META)
		return (rq1->cmd_flags & REQ_META) ? rq1 : rq2;

	s1 = blk_rq_pos(rq1);
	s2 = blk_rq_pos(rq2);
	if (s1 >= last)
		d1 = s1 - last;
	else if (s1 + back_max >= last)
		d1 = (last - s1) * cfqd->cfq_back_penalty;
	else
		wrap1 = true;
	if (s2 >= last)
		d2 = s2 - last;
	else if (s2 + back_max >= last)
		d2 = (last - s2) * cfqd->cfq_back_penalty;
	else
		wrap2 = true;

	if (!wrap1 && !wrap2) {
		if (d1 != d2)
			return d1 < d2 ? rq1 : rq2;
		return s1 >= s2 ? rq1 : rq2;
	}
	if (wrap1 != wrap2)
		return wrap1 ? rq2 : rq1;
	/* Both far behind: start from the lowest, one long seek back. */
	return s1 <= s2 ? rq1 : rq2;
}

/* The best request after @last leaves: its neighbours in sector order. */
static struct request *cfq_find_next_rq(struct cfq_data *cfqd, struct cfq_queue *cfqq,
					struct request *last)
{
	struct rb_node *rbnext = rb_next(&last->rb_node);
	struct rb_node *rbprev = rb_prev(&last->rb_node);
	struct request *next = NULL, *prev = NULL;

	if (rbprev)
		prev = rb_entry_rq(rbprev);
	if (rbnext)
		next = rb_entry_rq(rbnext);
	else if ((rbnext = rb_first(&cfqq->sort_list)) && rbnext != &last->rb_node)
		next = rb_entry_rq(rbnext);	/* wrap around to the lowest */
	return cfq_choose_req(cfqd, next, prev);
}

/* ---- a queue's requests: sort tree, FIFO, counts ---- */

/*
 * Sort @rq into its queue. A request already starting at the same sector
 * (an alias) cannot share the tree position that merging looks up, so it
 * goes straight to the dispatch list first.
 */
static void cfq_add_rq_rb(struct request *rq)
{
	struct cfq_queue *cfqq = RQ_CFQQ(rq);
	struct cfq_data *cfqd = cfqq->cfqd;
	struct request *alias;

	cfqq->queued[rq_is_sync(rq)]++;
	while ((alias = elv_rb_find(&cfqq->sort_list, blk_rq_pos(rq))) != NULL) {
		cfq_dispatch_insert(cfqd->queue, alias);
		cfqd->stats.alias_dispatched++;
	}
	elv_rb_add(&cfqq->sort_list, rq);
	if (!cfq_cfqq_on_rr(cfqq))
		cfq_add_cfqq_rr(cfqd, cfqq);
	cfqq->next_rq = cfq_choose_req(cfqd, cfqq->next_rq, rq);
	BUG_ON(!cfqq->next_rq);
}

static void cfq_del_rq_rb(struct request *rq)
{
	struct cfq_queue *cfqq = RQ_CFQQ(rq);

	BUG_ON(!cfqq->queued[rq_is_sync(rq)]);
	cfqq->queued[rq_is_sync(rq)]--;
	elv_rb_del(&cfqq->sort_list, rq);
	if (cfq_cfqq_on_rr(cfqq) && RB_EMPTY_ROOT(&cfqq->sort_list))
		cfq_del_cfqq_rr(cfqq->cfqd, cfqq);
}

/* @rq's start moved (front merge): take it out and sort it in again. */
static void cfq_reposition_rq_rb(struct cfq_queue *cfqq, struct request *rq)
{
	elv_rb_del(&cfqq->sort_list, rq);
	cfqq->queued[rq_is_sync(rq)]--;
	cfq_add_rq_rb(rq);
}

/* @rq leaves the elevator (dispatch, or merged into another). */
static void cfq_remove_request(struct request *rq)
{
	struct cfq_queue *cfqq = RQ_CFQQ(rq);

	if (cfqq->next_rq == rq)
		cfqq->next_rq = cfq_find_next_rq(cfqq->cfqd, cfqq, rq);
	list_del_init(&rq->queuelist);	/* off the FIFO */
	cfq_del_rq_rb(rq);
	if (rq->cmd_flags & REQ_META)
		cfqq->meta_pending--;
}

static void cfq_dispatch_insert(struct request_queue *q, struct request *rq)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;
	struct cfq_queue *cfqq = RQ_CFQQ(rq);

	cfq_remove_request(rq);
	cfqq->dispatched++;
	if (cfq_cfqq_sync(cfqq))
		cfqd->sync_flight++;
	cfqd->stats.dispatched[cfq_cfqq_sync(cfqq)]++;
	elv_dispatch_sort(q, rq);
}

/* The oldest request if it expired; looked at once per turn, as in Linux. */
static struct request *cfq_check_fifo(struct cfq_queue *cfqq)
{
	struct request *rq;

	if (cfq_cfqq_fifo_expire(cfqq))
		return NULL;
	cfq_mark_cfqq_fifo_expire(cfqq);
	if (list_empty(&cfqq->fifo))
		return NULL;
	rq = rq_entry_fifo(cfqq->fifo.next);
	if (time_before(jiffies, rq->fifo_time))
		return NULL;
	cfqq->cfqd->stats.fifo_expired++;
	return rq;
}

/* ---- elevator hooks: merging ---- */

/* A request of the caller's queue for @bio that starts where @bio ends. */
static struct request *cfq_find_rq_fmerge(struct cfq_data *cfqd, struct bio *bio)
{
	struct cfq_io_context *cic = cfq_cic_rb_lookup(cfqd, current->io_context);
	struct cfq_queue *cfqq;

	if (!cic)
		return NULL;
	cfqq = cic_to_cfqq(cic, cfq_bio_sync(bio));
	return cfqq ? elv_rb_find(&cfqq->sort_list, bio_end_sector(bio)) : NULL;
}

static int cfq_merge(struct request_queue *q, struct request **req, struct bio *bio)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;
	struct request *rq = cfq_find_rq_fmerge(cfqd, bio);

	if (rq && elv_rq_merge_ok(rq, bio)) {
		*req = rq;
		return ELEVATOR_FRONT_MERGE;
	}
	return ELEVATOR_NO_MERGE;
}

static void cfq_merged_request(struct request_queue *q, struct request *rq, int type)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;

	if (type == ELEVATOR_FRONT_MERGE && RQ_CFQQ(rq)) {
		cfq_reposition_rq_rb(RQ_CFQQ(rq), rq);
		cfqd->stats.front_merges++;
	}
}

/* @next joins @rq: @rq inherits @next's place in the FIFO if older. */
static void cfq_merged_requests(struct request_queue *q, struct request *rq,
				struct request *next)
{
	if (!list_empty(&rq->queuelist) && !list_empty(&next->queuelist) &&
	    time_before(next->fifo_time, rq->fifo_time)) {
		list_move(&rq->queuelist, &next->queuelist);
		rq->fifo_time = next->fifo_time;
	}
	cfq_remove_request(next);
}

/*
 * A bio may only join a request of the queue it would itself be queued
 * on (the caller's), and a sync bio never an async request: it would wait
 * behind writeback for no reason.
 */
static int cfq_allow_merge(struct request_queue *q, struct request *rq, struct bio *bio)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;
	struct cfq_io_context *cic;

	if (cfq_bio_sync(bio) && !rq_is_sync(rq))
		return 0;
	cic = cfq_cic_rb_lookup(cfqd, current->io_context);
	if (!cic)
		return 0;
	return RQ_CFQQ(rq) && cic_to_cfqq(cic, cfq_bio_sync(bio)) == RQ_CFQQ(rq);
}

/* ---- elevator hooks: insertion ---- */

/* Should @cfqq's new request @rq end the active queue's turn now? */
static bool cfq_should_preempt(struct cfq_data *cfqd, struct cfq_queue *cfqq,
			       struct request *rq)
{
	struct cfq_queue *active = cfqd->active_queue;

	if (!active || cfq_class_idle(cfqq))
		return false;
	if (cfq_class_idle(active))
		return true;
	if (rq_is_sync(rq) && !cfq_cfqq_sync(active))
		return true;	/* someone waits; writeback does not */
	if (cfq_slice_used(active))
		return true;
	if (cfq_class_rt(cfqq) && !cfq_class_rt(active))
		return true;
	/* Filesystem metadata unblocks more I/O than plain data does. */
	return (rq->cmd_flags & REQ_META) && !active->meta_pending;
}

static void cfq_rq_enqueued(struct cfq_data *cfqd, struct cfq_queue *cfqq,
			    struct request *rq)
{
	if (cfqq == cfqd->active_queue) {
		if (cfq_cfqq_wait_request(cfqq)) {
			/* The process we idled for came back: carry on. */
			cfq_clear_cfqq_wait_request(cfqq);
			del_timer(&cfqd->idle_slice_timer);
			cfqd->stats.idle_hits++;
		}
	} else if (cfq_should_preempt(cfqd, cfqq, rq)) {
		cfq_slice_expired(cfqd);
		cfq_resort_rr_list(cfqd, cfqq, true);	/* it goes next */
		cfqd->stats.preemptions++;
	}
}

static void cfq_insert_request(struct request_queue *q, struct request *rq)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;
	struct cfq_queue *cfqq = RQ_CFQQ(rq);

	if (!cfqq) {
		/* No queue of ours (the core sends these BACK): never hold it. */
		elv_dispatch_sort(q, rq);
		return;
	}
	cfq_add_rq_rb(rq);
	rq->fifo_time = jiffies + cfqd->cfq_fifo_expire[rq_is_sync(rq)];
	list_add_tail(&rq->queuelist, &cfqq->fifo);
	if (rq->cmd_flags & REQ_META)
		cfqq->meta_pending++;
	cfq_rq_enqueued(cfqd, cfqq, rq);
}

static int cfq_queue_empty(struct request_queue *q)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;

	return !cfqd->busy_queues;
}

/* ---- elevator hooks: dispatch ---- */

/* Move up to @max requests of the active queue to the dispatch list. */
static int __cfq_dispatch_requests(struct cfq_data *cfqd, struct cfq_queue *cfqq,
				   int max)
{
	int dispatched = 0;

	do {
		struct request *rq = cfq_check_fifo(cfqq);

		cfq_dispatch_insert(cfqd->queue, rq ? rq : cfqq->next_rq);
		dispatched++;
	} while (dispatched < max && !RB_EMPTY_ROOT(&cfqq->sort_list));
	cfqq->slice_dispatch += dispatched;

	/*
	 * Async queues end their turn after a number of requests (they have
	 * no completion to time a slice by when the disk is busy), idle-class
	 * ones after every request, as long as someone else waits.
	 */
	if (cfqd->busy_queues > 1 &&
	    ((!cfq_cfqq_sync(cfqq) &&
	      cfqq->slice_dispatch >= cfq_prio_to_maxrq(cfqd, cfqq)) ||
	     cfq_class_idle(cfqq)))
		cfq_slice_expired(cfqd);
	return dispatched;
}

/* Everything, now, in class order (elevator switch, flush, exit). */
static int cfq_forced_dispatch(struct cfq_data *cfqd)
{
	struct cfq_queue *cfqq;
	int dispatched = 0;

	while ((cfqq = cfq_get_next_queue(cfqd)) != NULL) {
		while (cfqq->next_rq) {
			cfq_dispatch_insert(cfqd->queue, cfqq->next_rq);
			dispatched++;
		}
		BUG_ON(!list_empty(&cfqq->fifo));
	}
	cfq_slice_expired(cfqd);
	BUG_ON(cfqd->busy_queues);
	return dispatched;
}

static int cfq_dispatch_requests(struct request_queue *q, int force)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;
	struct cfq_queue *cfqq;
	int max_dispatch;

	if (!cfqd->busy_queues)
		return 0;
	if (force)
		return cfq_forced_dispatch(cfqd);
	cfqq = cfq_select_queue(cfqd);
	if (!cfqq)
		return 0;
	/* quantum: how deep one queue may fill the driver while others wait. */
	max_dispatch = cfq_class_idle(cfqq) ? 1 : (int)cfqd->cfq_quantum;
	if (cfqq->dispatched >= max_dispatch) {
		if (cfqd->busy_queues > 1)
			return 0;
		max_dispatch *= 4;	/* alone on the disk: let it go deeper */
		if (cfqq->dispatched >= max_dispatch)
			return 0;
	}
	/* Writeback waits while sync requests are in flight. */
	if (cfqd->sync_flight && !cfq_cfqq_sync(cfqq))
		return 0;
	cfq_clear_cfqq_wait_request(cfqq);
	del_timer(&cfqd->idle_slice_timer);
	return __cfq_dispatch_requests(cfqd, cfqq, max_dispatch - cfqq->dispatched);
}

/* ---- elevator hooks: the driver's side ---- */

static void cfq_activate_request(struct request_queue *q, struct request *rq)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;

	cfqd->rq_in_driver++;
	cfqd->last_position = rq_end_sector(rq);
}

static void cfq_deactivate_request(struct request_queue *q, struct request *rq)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;

	WARN_ON(!cfqd->rq_in_driver);
	cfqd->rq_in_driver--;
}

/*
 * A request finished. The active queue's slice starts with its first
 * completion (so it measures disk time, not time spent waiting to get
 * on the disk); a sync queue left with nothing queued or in flight opens
 * the idle window.
 */
static void cfq_completed_request(struct request_queue *q, struct request *rq)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;
	struct cfq_queue *cfqq = RQ_CFQQ(rq);

	WARN_ON(!cfqd->rq_in_driver);
	cfqd->rq_in_driver--;
	if (!cfqq)
		return;
	WARN_ON(!cfqq->dispatched);
	cfqq->dispatched--;
	if (cfq_cfqq_sync(cfqq))
		cfqd->sync_flight--;
	if (cfqd->active_queue == cfqq) {
		if (cfq_cfqq_slice_new(cfqq)) {
			cfqq->slice_end = jiffies +
				cfq_prio_slice(cfqd, cfq_cfqq_sync(cfqq), cfqq->ioprio);
			cfq_clear_cfqq_slice_new(cfqq);
		}
		if (cfq_slice_used(cfqq) || cfq_class_idle(cfqq))
			cfq_slice_expired(cfqd);
		else if (cfq_cfqq_sync(cfqq) && RB_EMPTY_ROOT(&cfqq->sort_list) &&
			 !cfqq->dispatched)
			cfq_arm_slice_timer(cfqd);
	}
	/*
	 * Requests we held back (quantum, a turn that just ended, writeback
	 * behind sync) wait for the next dispatch, and a driver that was
	 * just emptied may not ask again until its next interrupt, which
	 * will never come: start it (Linux's cfq_schedule_dispatch, done at
	 * once rather than by kblockd; __blk_run_queue copes with being
	 * called from inside the driver).
	 */
	if (!cfqd->rq_in_driver && cfqd->busy_queues)
		__blk_run_queue(q);
}

/* ---- elevator hooks: init and exit ---- */

static void *cfq_init_queue(struct request_queue *q)
{
	struct cfq_data *cfqd = kzalloc(sizeof(*cfqd), GFP_KERNEL);

	if (!cfqd)
		return NULL;
	cfqd->queue = q;
	for (int i = 0; i < CFQ_NR_CLASSES; i++)
		INIT_LIST_HEAD(&cfqd->rr_list[i]);
	INIT_LIST_HEAD(&cfqd->cic_list);
	setup_timer(&cfqd->idle_slice_timer, cfq_idle_slice_timer, (unsigned long)cfqd);
	cfqd->cfq_quantum = CFQ_QUANTUM;
	cfqd->cfq_fifo_expire[0] = msecs_to_jiffies(CFQ_FIFO_EXPIRE_ASYNC_MS);
	cfqd->cfq_fifo_expire[1] = msecs_to_jiffies(CFQ_FIFO_EXPIRE_SYNC_MS);
	cfqd->cfq_back_max = CFQ_BACK_SEEK_MAX_KB;
	cfqd->cfq_back_penalty = CFQ_BACK_SEEK_PENALTY;
	cfqd->cfq_slice[0] = msecs_to_jiffies(CFQ_SLICE_ASYNC_MS);
	cfqd->cfq_slice[1] = msecs_to_jiffies(CFQ_SLICE_SYNC_MS);
	cfqd->cfq_slice_async_rq = CFQ_SLICE_ASYNC_RQ;
	cfqd->cfq_slice_idle = msecs_to_jiffies(CFQ_SLICE_IDLE_MS);
	return cfqd;
}

/*
 * Process context, queue drained. Every cic is unlinked from its
 * io_context, which gets its reference back; then the shared queues go.
 */
static void cfq_exit_queue(struct elevator_queue *e)
{
	struct cfq_data *cfqd = e->elevator_data;
	struct request_queue *q = cfqd->queue;

	del_timer_sync(&cfqd->idle_slice_timer);
	spin_lock_irq(q->queue_lock);
	cfq_slice_expired(cfqd);
	cfq_exit_cics(cfqd);
	spin_unlock_irq(q->queue_lock);
	del_timer_sync(&cfqd->idle_slice_timer);
	/* Requests still hold queues: better a leak than a use after free. */
	if (WARN_ON(cfqd->nr_queues))
		return;
	kfree(cfqd);
}

/* ---- tunables ---- */

#define cfq_same(v)	(v)

/* cfq_get_NAME / cfq_set_NAME for cfqd->FIELD, converting units. */
#define CFQ_TUNABLE(name, field, to_user, from_user)			\
static long cfq_get_##name(struct elevator_queue *e)			\
{									\
	struct cfq_data *cfqd = e->elevator_data;			\
									\
	return (long)to_user(cfqd->field);				\
}									\
static void cfq_set_##name(struct elevator_queue *e, long value)	\
{									\
	struct cfq_data *cfqd = e->elevator_data;			\
									\
	cfqd->field = from_user(value);					\
}

CFQ_TUNABLE(quantum, cfq_quantum, cfq_same, (unsigned int))
CFQ_TUNABLE(fifo_expire_sync, cfq_fifo_expire[1], jiffies_to_msecs, msecs_to_jiffies)
CFQ_TUNABLE(fifo_expire_async, cfq_fifo_expire[0], jiffies_to_msecs, msecs_to_jiffies)
CFQ_TUNABLE(back_seek_max, cfq_back_max, cfq_same, (unsigned int))
CFQ_TUNABLE(back_seek_penalty, cfq_back_penalty, cfq_same, (unsigned int))
CFQ_TUNABLE(slice_sync, cfq_slice[1], jiffies_to_msecs, msecs_to_jiffies)
CFQ_TUNABLE(slice_async, cfq_slice[0], jiffies_to_msecs, msecs_to_jiffies)
CFQ_TUNABLE(slice_async_rq, cfq_slice_async_rq, cfq_same, (unsigned int))
CFQ_TUNABLE(slice_idle, cfq_slice_idle, jiffies_to_msecs, msecs_to_jiffies)

#define CFQ_ATTR(n, u, lo, hi) {					\
	.name = #n, .unit = u, .min = lo, .max = hi,			\
	.get = cfq_get_##n, .set = cfq_set_##n }

/* Linux's sysfs names (/sys/block/DEV/queue/iosched/...). */
static const struct elv_tunable cfq_tunables[] = {
	CFQ_ATTR(quantum, "requests", 1, CFQ_RQ_MAX),
	CFQ_ATTR(fifo_expire_sync, "ms", 1, CFQ_EXPIRE_MAX_MS),
	CFQ_ATTR(fifo_expire_async, "ms", 1, CFQ_EXPIRE_MAX_MS),
	CFQ_ATTR(back_seek_max, "KiB", 0, CFQ_BACK_MAX_KB_MAX),
	CFQ_ATTR(back_seek_penalty, "factor", 1, CFQ_PENALTY_MAX),
	CFQ_ATTR(slice_sync, "ms", 1, CFQ_SLICE_MAX_MS),
	CFQ_ATTR(slice_async, "ms", 1, CFQ_SLICE_MAX_MS),
	CFQ_ATTR(slice_async_rq, "requests", 1, CFQ_RQ_MAX),
	CFQ_ATTR(slice_idle, "ms", 0, CFQ_IDLE_MAX_MS),
	{ .name = NULL }
};

static struct elevator_type iosched_cfq = {
	.elevator_name = "cfq",
	.ops = {
		.elevator_merge_fn = cfq_merge,
		.elevator_merged_fn = cfq_merged_request,
		.elevator_merge_req_fn = cfq_merged_requests,
		.elevator_allow_merge_fn = cfq_allow_merge,
		.elevator_dispatch_fn = cfq_dispatch_requests,
		.elevator_add_req_fn = cfq_insert_request,
		.elevator_activate_req_fn = cfq_activate_request,
		.elevator_deactivate_req_fn = cfq_deactivate_request,
		.elevator_queue_empty_fn = cfq_queue_empty,
		.elevator_completed_req_fn = cfq_completed_request,
		.elevator_former_req_fn = elv_rb_former_request,
		.elevator_latter_req_fn = elv_rb_latter_request,
		.elevator_set_req_fn = cfq_set_request,
		.elevator_put_req_fn = cfq_put_request,
		.elevator_may_queue_fn = cfq_may_queue,
		.elevator_init_fn = cfq_init_queue,
		.elevator_exit_fn = cfq_exit_queue,
		.elevator_show_fn = cfq_show,
	},
	.tunables = cfq_tunables,
};

static int cfq_init(void)
{
	int err = cfq_ioc_init();

	return err ? err : elv_register(&iosched_cfq);
}
initcall(cfq_init);
