/*
 * blk-core.c - request queues and requests (Linux 2.6's
 * block/blk-core.c). This first part makes queues and initialises
 * requests; submit_bio, __make_request, plugging and completion follow.
 */
#include "kernel.h"
#include "blkdev.h"
#include "elevator.h"
#include "slab.h"
#include "string.h"

void blk_rq_init(struct request_queue *q, struct request *rq)
{
	memset(rq, 0, sizeof(*rq));
	INIT_LIST_HEAD(&rq->queuelist);
	INIT_HLIST_NODE(&rq->hash);
	RB_CLEAR_NODE(&rq->rb_node);
	rq->q = q;
	rq->ref_count = 1;
}

/*
 * An empty queue with default limits and the elevator @elevator (NULL:
 * the boot choice). The caller's @lock protects it, or its own if NULL.
 * Returns NULL if memory ran out. Process context.
 */
struct request_queue *blk_alloc_queue(spinlock_t *lock, const char *elevator)
{
	struct request_queue *q = kzalloc(sizeof(*q), GFP_KERNEL);

	if (!q)
		return NULL;
	blk_set_default_limits(&q->limits);
	spin_lock_init(&q->__queue_lock);
	q->queue_lock = lock ? lock : &q->__queue_lock;
	INIT_LIST_HEAD(&q->queue_head);
	if (elevator_init(q, elevator)) {
		kfree(q);
		return NULL;
	}
	return q;
}

void blk_cleanup_queue(struct request_queue *q)
{
	if (q->elevator)
		elevator_exit(q->elevator);
	kfree(q);
}
