/*
 * noop-iosched.c - the elevator that does nothing but merge (Linux's
 * block/noop-iosched.c): requests go to the driver in the order they
 * arrived. The right choice for devices without seek cost (RAM disks,
 * SSDs) or that schedule for themselves (NCQ). It is also the smallest
 * complete example of an elevator: a list, five hooks, one registration.
 */
#include "kernel.h"
#include "elevator.h"
#include "init.h"
#include "slab.h"

struct noop_data {
	struct list_head queue;		/* requests, in arrival order */
};

static void noop_merged_requests(struct request_queue *q, struct request *rq,
				 struct request *next)
{
	(void)q;
	(void)rq;
	list_del_init(&next->queuelist);
}

static int noop_dispatch(struct request_queue *q, int force)
{
	struct noop_data *nd = q->elevator->elevator_data;
	struct request *rq;

	(void)force;
	if (list_empty(&nd->queue))
		return 0;
	rq = list_first_entry(&nd->queue, struct request, queuelist);
	list_del_init(&rq->queuelist);
	elv_dispatch_sort(q, rq);
	return 1;
}

static void noop_add_request(struct request_queue *q, struct request *rq)
{
	struct noop_data *nd = q->elevator->elevator_data;

	list_add_tail(&rq->queuelist, &nd->queue);
}

static int noop_queue_empty(struct request_queue *q)
{
	struct noop_data *nd = q->elevator->elevator_data;

	return list_empty(&nd->queue);
}

/* Former/latter in arrival order: what request merging looks at. */
static struct request *noop_former_request(struct request_queue *q,
					   struct request *rq)
{
	struct noop_data *nd = q->elevator->elevator_data;

	return rq->queuelist.prev == &nd->queue ? NULL :
	       list_entry(rq->queuelist.prev, struct request, queuelist);
}

static struct request *noop_latter_request(struct request_queue *q,
					   struct request *rq)
{
	struct noop_data *nd = q->elevator->elevator_data;

	return rq->queuelist.next == &nd->queue ? NULL :
	       list_entry(rq->queuelist.next, struct request, queuelist);
}

/* `queue DEV`: the one list. */
static void noop_show(struct request_queue *q, struct blk_dump *d)
{
	struct noop_data *nd = q->elevator->elevator_data;

	blk_dump_printf(d, "noop: requests leave in arrival order\n");
	blk_dump_rq_list(d, "  list", &nd->queue, 0, NULL);
}

static void *noop_init_queue(struct request_queue *q)
{
	struct noop_data *nd = kmalloc(sizeof(*nd), GFP_KERNEL);

	(void)q;
	if (nd)
		INIT_LIST_HEAD(&nd->queue);
	return nd;
}

static void noop_exit_queue(struct elevator_queue *e)
{
	struct noop_data *nd = e->elevator_data;

	WARN_ON(!list_empty(&nd->queue));
	kfree(nd);
}

static struct elevator_type elevator_noop = {
	.elevator_name = "noop",
	.ops = {
		.elevator_merge_req_fn = noop_merged_requests,
		.elevator_dispatch_fn = noop_dispatch,
		.elevator_add_req_fn = noop_add_request,
		.elevator_queue_empty_fn = noop_queue_empty,
		.elevator_former_req_fn = noop_former_request,
		.elevator_latter_req_fn = noop_latter_request,
		.elevator_init_fn = noop_init_queue,
		.elevator_exit_fn = noop_exit_queue,
		.elevator_show_fn = noop_show,
	},
};

static int noop_init(void)
{
	return elv_register(&elevator_noop);
}
initcall(noop_init);
