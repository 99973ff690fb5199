/*
 * cfq.h - what the two halves of CFQ share (block/cfq-iosched.c: turns,
 * merging and dispatch; block/cfq-ioc.c: per-process contexts and the
 * lifetime of queues). Nobody outside CFQ may include it.
 */
#ifndef _LANTERN_BLOCK_CFQ_H
#define _LANTERN_BLOCK_CFQ_H

#include "elevator.h"
#include "iocontext.h"
#include "timer.h"

/* Priority classes in service order: rr_list index = class - 1. */
#define CFQ_NR_CLASSES		3

/* What happened, for students: p *(struct cfq_data *)q->elevator->elevator_data */
struct cfq_stats {
	unsigned long dispatched[2];	/* to the dispatch list, [sync] */
	unsigned long front_merges;	/* bios merged at a request's front */
	unsigned long alias_dispatched;	/* sent early: same start sector */
	unsigned long fifo_expired;	/* served first because they were old */
	unsigned long slices;		/* turns ended */
	unsigned long preemptions;	/* turns cut short by a more urgent queue */
	unsigned long idle_waits;	/* idle windows opened */
	unsigned long idle_hits;	/* ... that the process came back in time for */
	unsigned long idle_timeouts;	/* ... that ended the turn */
	unsigned long cics_reaped;	/* contexts of exited tasks dropped */
};

/* One per request queue. Every member: queue lock. */
struct cfq_data {
	struct request_queue *queue;
	struct list_head rr_list[CFQ_NR_CLASSES];	/* busy queues, by class */
	unsigned int busy_queues;	/* queues with requests in their tree */
	unsigned int nr_queues;		/* allocated, for leak checks */
	struct cfq_queue *active_queue;	/* whose turn it is, or NULL */
	int rq_in_driver;		/* started, not completed */
	int sync_flight;		/* sync requests dispatched, not completed */
	sector_t last_position;		/* end of the last request started */
	struct timer_list idle_slice_timer;
	/* Shared async queues by class and level; each holds a reference. */
	struct cfq_queue *async_cfqq[2][IOPRIO_BE_NR];	/* [RT, BE][level] */
	struct cfq_queue *async_idle_cfqq;
	struct list_head cic_list;	/* every cic made for this queue */

	/* tunables */
	unsigned int cfq_quantum;
	unsigned long cfq_fifo_expire[2];	/* jiffies, [sync] */
	unsigned int cfq_back_max;		/* KiB */
	unsigned int cfq_back_penalty;
	unsigned long cfq_slice[2];		/* jiffies, [sync] */
	unsigned int cfq_slice_async_rq;
	unsigned long cfq_slice_idle;		/* jiffies */

	struct cfq_stats stats;
};

/* A process's sync queue, or a shared async one. Queue lock. */
struct cfq_queue {
	int ref;			/* cics, requests, the async table */
	unsigned int flags;		/* CFQ_CFQQ_FLAG_* */
	struct cfq_data *cfqd;
	struct list_head rr_list;	/* on cfqd->rr_list[] while on_rr */
	struct rb_root sort_list;	/* queued requests by start sector */
	struct request *next_rq;	/* the best one to send next */
	int queued[2];			/* in sort_list, [sync] */
	int allocated[2];		/* requests holding us, [READ/WRITE] */
	int meta_pending;		/* REQ_META requests queued */
	struct list_head fifo;		/* queued requests by arrival */
	unsigned long slice_end;	/* jiffies; set at the first completion */
	int slice_dispatch;		/* dispatched in this turn */
	int dispatched;			/* on the dispatch list or in the driver */
	unsigned short ioprio, ioprio_class;
	int pid;			/* the owner (sync), the creator (async) */
};

/* Per process and queue, in ioc->cic_root. */
struct cfq_io_context {
	struct rb_node rb_node;		/* in ioc->cic_root by key: ioc->lock */
	void *key;			/* our cfq_data */
	struct io_context *ioc;		/* referenced */
	struct cfq_queue *cfqq[2];	/* [is_sync], referenced: queue lock */
	struct list_head queue_list;	/* on cfqd->cic_list: queue lock */
	unsigned short ioprio;		/* ioc->ioprio our queues were made for */
};

enum cfqq_state_flags {
	CFQ_CFQQ_FLAG_on_rr,		/* on an rr_list: has queued requests */
	CFQ_CFQQ_FLAG_wait_request,	/* the idle window is open for it */
	CFQ_CFQQ_FLAG_must_alloc,	/* new: may pass nr_requests once */
	CFQ_CFQQ_FLAG_must_alloc_slice,	/* did so in this slice already */
	CFQ_CFQQ_FLAG_fifo_expire,	/* FIFO checked in this slice */
	CFQ_CFQQ_FLAG_idle_window,	/* idling after it is worth it */
	CFQ_CFQQ_FLAG_prio_changed,	/* re-read the ioprio */
	CFQ_CFQQ_FLAG_slice_new,	/* slice starts at the first completion */
	CFQ_CFQQ_FLAG_sync,		/* a process's sync queue */
};

#define CFQ_CFQQ_FNS(name)						\
static inline void cfq_mark_cfqq_##name(struct cfq_queue *cfqq)	\
{ cfqq->flags |= 1u << CFQ_CFQQ_FLAG_##name; }				\
static inline void cfq_clear_cfqq_##name(struct cfq_queue *cfqq)	\
{ cfqq->flags &= ~(1u << CFQ_CFQQ_FLAG_##name); }			\
static inline bool cfq_cfqq_##name(const struct cfq_queue *cfqq)	\
{ return cfqq->flags & (1u << CFQ_CFQQ_FLAG_##name); }

CFQ_CFQQ_FNS(on_rr)
CFQ_CFQQ_FNS(wait_request)
CFQ_CFQQ_FNS(must_alloc)
CFQ_CFQQ_FNS(must_alloc_slice)
CFQ_CFQQ_FNS(fifo_expire)
CFQ_CFQQ_FNS(idle_window)
CFQ_CFQQ_FNS(prio_changed)
CFQ_CFQQ_FNS(slice_new)
CFQ_CFQQ_FNS(sync)

#define RQ_CFQQ(rq)	((struct cfq_queue *)(rq)->elevator_private)
#define RQ_CIC(rq)	((struct cfq_io_context *)(rq)->elevator_private2)
#define cfq_class_idle(cfqq)	((cfqq)->ioprio_class == IOPRIO_CLASS_IDLE)
#define cfq_class_rt(cfqq)	((cfqq)->ioprio_class == IOPRIO_CLASS_RT)

/* Reads, and writes someone waits for. */
static inline bool cfq_rw_sync(unsigned long rw)
{
	return !(rw & REQ_WRITE) || (rw & REQ_SYNC);
}
#define cfq_bio_sync(bio)	cfq_rw_sync((bio)->bi_rw)

static inline struct cfq_queue *cic_to_cfqq(struct cfq_io_context *cic, bool is_sync)
{
	return cic->cfqq[is_sync];
}

/* ---- cfq-iosched.c ---- */
/* To the back of its class for its next turn, or the front to go next. */
void cfq_resort_rr_list(struct cfq_data *cfqd, struct cfq_queue *cfqq, bool front);
/* End @cfqq's turn (it is the active queue, or nothing happens to the turn). */
void __cfq_slice_expired(struct cfq_data *cfqd, struct cfq_queue *cfqq);

/* ---- cfq-dump.c ---- */
/* elevator_show_fn: whose turn it is, and each busy queue with its requests. */
void cfq_show(struct request_queue *q, struct blk_dump *d);

/* ---- cfq-ioc.c (all under the queue lock, but cfq_ioc_init) ---- */
/* Make the slab caches; once, from the initcall. 0 or -ENOMEM. */
int cfq_ioc_init(void);
/* @ioc's cic for @cfqd (last-hit cache, then the rb-tree), or NULL. */
struct cfq_io_context *cfq_cic_rb_lookup(struct cfq_data *cfqd, struct io_context *ioc);
void cfq_put_queue(struct cfq_queue *cfqq);
/* elevator_set_req_fn / elevator_put_req_fn / elevator_may_queue_fn */
int cfq_set_request(struct request_queue *q, struct request *rq, gfp_t gfp);
void cfq_put_request(struct request *rq);
int cfq_may_queue(struct request_queue *q, int rw);
/* Elevator exit: drop every cic of @cfqd and the shared async queues. */
void cfq_exit_cics(struct cfq_data *cfqd);

#endif
