/*
 * cfq-ioc.c - CFQ's per-process state and the lifetime of its queues
 * (the io_context half of Linux 2.6's block/cfq-iosched.c).
 *
 * A request gets its queue here (cfq_set_request, from get_request): the
 * issuing task's io_context leads to its cfq_io_context ("cic") for this
 * disk, found through a last-hit cache (ioc_data) or the rb-tree
 * cic_root keyed by our cfq_data, and made on the task's first request.
 * The cic points to the task's sync queue and to the shared async queue
 * of its priority (cic_to_cfqq). Queues are reference counted: by cics,
 * by requests, and by the table of shared async queues.
 *
 * Lifetime of a cic. blk-ioc.c frees an io_context when its last
 * reference goes and warns if cic_root is not empty then. So each cic
 * holds one reference on its io_context, and CFQ drops its cics itself:
 *  - at elevator exit (cfq_exit_cics), every cic on cfqd->cic_list;
 *  - when only cics still hold the io_context (refcount == number of
 *    cics: the task has exited and none of its requests is alive). This
 *    is checked when one of its requests is freed (cfq_put_request) and,
 *    for a task whose last request was on another disk, whenever a new
 *    process starts I/O on this one (cfq_reap_orphans). The last cic's
 *    put frees the io_context.
 * Linux instead has exit_io_context() call back into CFQ; our blk-ioc.c
 * knows nothing about elevators.
 *
 * Everything runs under the queue lock (the core holds it for set_req
 * and put_req). ioc->lock, taken inside it, guards cic_root and ioc_data:
 * the cics of several disks, under several queue locks, share them.
 */
#include "kernel.h"
#include "cfq.h"
#include "sched.h"
#include "slab.h"

static struct kmem_cache *cfq_pool;	/* struct cfq_queue */
static struct kmem_cache *cfq_ioc_pool;	/* struct cfq_io_context */

/* ---- priorities ---- */

/* Class NONE: the BE level follows the nice value of current. */
static int cfq_nice_ioprio(void)
{
	return nice_ioprio_level(current->nice);
}

/*
 * The queue's class and level from its io_context (NONE: from the nice
 * value of current, the task we run for). Idle-class I/O is never worth
 * keeping the disk idle for.
 */
static void cfq_init_prio_data(struct cfq_queue *cfqq, struct io_context *ioc)
{
	int ioprio = READ_ONCE(ioc->ioprio);

	if (!cfq_cfqq_prio_changed(cfqq))
		return;
	switch (IOPRIO_PRIO_CLASS(ioprio)) {
	case IOPRIO_CLASS_RT:
	case IOPRIO_CLASS_BE:
		cfqq->ioprio_class = IOPRIO_PRIO_CLASS(ioprio);
		cfqq->ioprio = IOPRIO_PRIO_DATA(ioprio);
		break;
	case IOPRIO_CLASS_IDLE:
		cfqq->ioprio_class = IOPRIO_CLASS_IDLE;
		cfqq->ioprio = IOPRIO_BE_NR - 1;
		break;
	default:
		cfqq->ioprio_class = IOPRIO_CLASS_BE;
		cfqq->ioprio = (unsigned short)cfq_nice_ioprio();
		break;
	}
	if (cfq_cfqq_sync(cfqq) && !cfq_class_idle(cfqq))
		cfq_mark_cfqq_idle_window(cfqq);
	else
		cfq_clear_cfqq_idle_window(cfqq);
	cfq_clear_cfqq_prio_changed(cfqq);
	cfq_resort_rr_list(cfqq->cfqd, cfqq, false);	/* maybe another class */
}

/* ---- queues: making, finding, dropping ---- */

void cfq_put_queue(struct cfq_queue *cfqq)
{
	struct cfq_data *cfqd = cfqq->cfqd;

	BUG_ON(cfqq->ref <= 0);
	if (--cfqq->ref)
		return;
	BUG_ON(!RB_EMPTY_ROOT(&cfqq->sort_list) || cfqq->allocated[0] ||
	       cfqq->allocated[1] || cfq_cfqq_on_rr(cfqq));
	if (cfqd->active_queue == cfqq)
		__cfq_slice_expired(cfqd, cfqq);
	kmem_cache_free(cfq_pool, cfqq);
	cfqd->nr_queues--;
}

static struct cfq_queue *cfq_alloc_queue(struct cfq_data *cfqd, bool is_sync,
					 struct io_context *ioc, gfp_t gfp)
{
	struct cfq_queue *cfqq = kmem_cache_zalloc(cfq_pool, gfp);

	if (!cfqq)
		return NULL;
	cfqq->cfqd = cfqd;
	cfqq->sort_list = RB_ROOT;
	INIT_LIST_HEAD(&cfqq->rr_list);
	INIT_LIST_HEAD(&cfqq->fifo);
	cfqq->pid = current->pid;
	cfq_mark_cfqq_must_alloc(cfqq);
	cfq_mark_cfqq_prio_changed(cfqq);
	if (is_sync)
		cfq_mark_cfqq_sync(cfqq);
	cfq_init_prio_data(cfqq, ioc);
	cfqd->nr_queues++;
	return cfqq;
}

/* The shared async queue slot for @ioc's class and level. */
static struct cfq_queue **cfq_async_queue_prio(struct cfq_data *cfqd,
					       struct io_context *ioc)
{
	int ioprio = READ_ONCE(ioc->ioprio), level = IOPRIO_PRIO_DATA(ioprio);

	switch (IOPRIO_PRIO_CLASS(ioprio)) {
	case IOPRIO_CLASS_RT:
		return &cfqd->async_cfqq[0][level];
	case IOPRIO_CLASS_BE:
		return &cfqd->async_cfqq[1][level];
	case IOPRIO_CLASS_IDLE:
		return &cfqd->async_idle_cfqq;
	default:
		return &cfqd->async_cfqq[1][cfq_nice_ioprio()];
	}
}

/* @cic's queue for @is_sync, made if missing; the caller gets no reference. */
static struct cfq_queue *cfq_get_queue(struct cfq_data *cfqd, bool is_sync,
				       struct cfq_io_context *cic, gfp_t gfp)
{
	struct cfq_queue **async = NULL, *cfqq = cic_to_cfqq(cic, is_sync);

	if (cfqq)
		goto out;
	if (!is_sync) {
		async = cfq_async_queue_prio(cfqd, cic->ioc);
		cfqq = *async;
	}
	if (!cfqq) {
		cfqq = cfq_alloc_queue(cfqd, is_sync, cic->ioc, gfp);
		if (!cfqq)
			return NULL;
		if (async) {
			cfqq->ref++;		/* the table's */
			*async = cfqq;
		}
	}
	cfqq->ref++;				/* the cic's */
	cic->cfqq[is_sync] = cfqq;
out:
	cfq_init_prio_data(cfqq, cic->ioc);
	return cfqq;
}

/* ---- per-process contexts (cic) ---- */

static void cfq_ioc_get(struct io_context *ioc)
{
	unsigned long flags;

	spin_lock_irqsave(&ioc->lock, flags);
	ioc->refcount++;
	spin_unlock_irqrestore(&ioc->lock, flags);
}

/* @ioc's cic for this queue: the last-hit cache, else the rb-tree. */
struct cfq_io_context *cfq_cic_rb_lookup(struct cfq_data *cfqd, struct io_context *ioc)
{
	struct cfq_io_context *cic;
	struct rb_node *n;
	unsigned long flags;

	if (!ioc)
		return NULL;
	spin_lock_irqsave(&ioc->lock, flags);
	cic = ioc->ioc_data;
	if (cic && cic->key == cfqd)
		goto out;
	for (cic = NULL, n = ioc->cic_root.rb_node; n; ) {
		struct cfq_io_context *c = rb_entry(n, struct cfq_io_context, rb_node);

		if ((uintptr_t)cfqd < (uintptr_t)c->key) {
			n = n->rb_left;
		} else if ((uintptr_t)cfqd > (uintptr_t)c->key) {
			n = n->rb_right;
		} else {
			cic = c;
			ioc->ioc_data = c;
			break;
		}
	}
out:
	spin_unlock_irqrestore(&ioc->lock, flags);
	return cic;
}

static void cfq_cic_link(struct cfq_data *cfqd, struct io_context *ioc,
			 struct cfq_io_context *cic)
{
	struct rb_node **p = &ioc->cic_root.rb_node, *parent = NULL;
	unsigned long flags;

	cic->key = cfqd;
	cic->ioc = ioc;
	cic->ioprio = READ_ONCE(ioc->ioprio);
	cfq_ioc_get(ioc);
	spin_lock_irqsave(&ioc->lock, flags);
	while (*p) {
		struct cfq_io_context *c = rb_entry(*p, struct cfq_io_context, rb_node);

		parent = *p;
		if ((uintptr_t)cfqd < (uintptr_t)c->key)
			p = &(*p)->rb_left;
		else
			p = &(*p)->rb_right;
	}
	rb_link_node(&cic->rb_node, parent, p);
	rb_insert_color(&cic->rb_node, &ioc->cic_root);
	ioc->ioc_data = cic;
	spin_unlock_irqrestore(&ioc->lock, flags);
	list_add(&cic->queue_list, &cfqd->cic_list);
}

/*
 * Drop @cic: put its queues (the last put of the active queue ends its
 * turn), unlink it from its io_context and put the reference it held,
 * maybe the io_context's last.
 */
static void cfq_exit_cic(struct cfq_data *cfqd, struct cfq_io_context *cic)
{
	struct io_context *ioc = cic->ioc;
	unsigned long flags;

	list_del_init(&cic->queue_list);
	for (int sync = 0; sync < 2; sync++) {
		struct cfq_queue *cfqq = cic->cfqq[sync];

		if (!cfqq)
			continue;
		cic->cfqq[sync] = NULL;
		cfq_put_queue(cfqq);
	}
	spin_lock_irqsave(&ioc->lock, flags);
	rb_erase(&cic->rb_node, &ioc->cic_root);
	if (ioc->ioc_data == cic)
		ioc->ioc_data = NULL;
	spin_unlock_irqrestore(&ioc->lock, flags);
	kmem_cache_free(cfq_ioc_pool, cic);
	put_io_context(ioc);
}

/*
 * Only cics (of any disk) still hold @ioc: its task has exited and none
 * of its requests is alive, so nobody can reach it again but us.
 */
static bool cfq_ioc_orphaned(struct io_context *ioc)
{
	unsigned long flags;
	int cics = 0;
	bool orphaned;

	spin_lock_irqsave(&ioc->lock, flags);
	for (struct rb_node *n = rb_first(&ioc->cic_root); n; n = rb_next(n))
		cics++;
	orphaned = ioc->refcount == cics;
	spin_unlock_irqrestore(&ioc->lock, flags);
	return orphaned;
}

/* Drop the cics of exited tasks: those another disk's reaping left. */
static void cfq_reap_orphans(struct cfq_data *cfqd)
{
	struct cfq_io_context *cic, *next;

	list_for_each_entry_safe(cic, next, &cfqd->cic_list, queue_list) {
		if (cfq_ioc_orphaned(cic->ioc)) {
			cfq_exit_cic(cfqd, cic);
			cfqd->stats.cics_reaped++;
		}
	}
}

/*
 * The task changed its I/O priority since @cic's queues were made: the
 * async queue is looked up again (another level's shared queue), the
 * sync one re-reads its class and level.
 */
static void cfq_check_ioprio_change(struct cfq_io_context *cic)
{
	unsigned short ioprio = READ_ONCE(cic->ioc->ioprio);

	if (cic->ioprio == ioprio)
		return;
	cic->ioprio = ioprio;
	if (cic->cfqq[false]) {
		cfq_put_queue(cic->cfqq[false]);
		cic->cfqq[false] = NULL;
	}
	if (cic->cfqq[true])
		cfq_mark_cfqq_prio_changed(cic->cfqq[true]);
}

/* current's cic for this queue, made (and linked) on its first request. */
static struct cfq_io_context *cfq_get_io_context(struct cfq_data *cfqd,
						 struct io_context *ioc, gfp_t gfp)
{
	struct cfq_io_context *cic = cfq_cic_rb_lookup(cfqd, ioc);

	if (cic) {
		cfq_check_ioprio_change(cic);
		return cic;
	}
	cfq_reap_orphans(cfqd);		/* a new process: tidy up the dead */
	cic = kmem_cache_zalloc(cfq_ioc_pool, gfp);
	if (!cic)
		return NULL;
	INIT_LIST_HEAD(&cic->queue_list);
	cfq_cic_link(cfqd, ioc, cic);
	return cic;
}

/* ---- elevator hooks: request lifetime ---- */

/*
 * Give @rq the current task's queue: the cic and cfqq are found or made
 * (with @gfp), and @rq holds a reference on both and on the io_context.
 * Queue lock held. 0, or -ENOMEM.
 */
int cfq_set_request(struct request_queue *q, struct request *rq, gfp_t gfp)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;
	bool is_sync = rq_is_sync(rq);
	struct io_context *ioc = get_io_context(gfp);	/* the request's ref */
	struct cfq_io_context *cic = ioc ? cfq_get_io_context(cfqd, ioc, gfp) : NULL;
	struct cfq_queue *cfqq = cic ? cfq_get_queue(cfqd, is_sync, cic, gfp) : NULL;

	if (!cfqq) {
		put_io_context(ioc);
		rq->elevator_private = rq->elevator_private2 = NULL;
		return -ENOMEM;
	}
	cfqq->allocated[rq_data_dir(rq) == WRITE]++;
	cfq_clear_cfqq_must_alloc(cfqq);
	cfqq->ref++;
	rq->elevator_private = cfqq;
	rq->elevator_private2 = cic;
	return 0;
}

/* @rq is freed (queue lock held): drop what set_req took. */
void cfq_put_request(struct request *rq)
{
	struct cfq_queue *cfqq = RQ_CFQQ(rq);
	struct cfq_io_context *cic = RQ_CIC(rq);
	struct cfq_data *cfqd;

	if (!cfqq)
		return;
	cfqd = cfqq->cfqd;
	BUG_ON(!cfqq->allocated[rq_data_dir(rq) == WRITE]);
	cfqq->allocated[rq_data_dir(rq) == WRITE]--;
	rq->elevator_private = rq->elevator_private2 = NULL;
	cfq_put_queue(cfqq);
	put_io_context(cic->ioc);
	if (cfq_ioc_orphaned(cic->ioc)) {	/* the task is gone: so is its cic */
		cfq_exit_cic(cfqd, cic);
		cfqd->stats.cics_reaped++;
	}
}

/*
 * May the current task allocate past nr_requests? Once per turn, if its
 * queue is the one the disk is idling for (or brand new): otherwise the
 * process we wait for could sleep in get_request while we wait for it.
 */
int cfq_may_queue(struct request_queue *q, int rw)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;
	struct cfq_io_context *cic = cfq_cic_rb_lookup(cfqd, current->io_context);
	struct cfq_queue *cfqq = cic ? cic_to_cfqq(cic, cfq_rw_sync((unsigned long)rw)) : NULL;

	if (cfqq && (cfq_cfqq_wait_request(cfqq) || cfq_cfqq_must_alloc(cfqq)) &&
	    !cfq_cfqq_must_alloc_slice(cfqq)) {
		cfq_mark_cfqq_must_alloc_slice(cfqq);
		return ELV_MQUEUE_MUST;
	}
	return ELV_MQUEUE_MAY;
}

/* ---- init and exit ---- */

void cfq_exit_cics(struct cfq_data *cfqd)
{
	while (!list_empty(&cfqd->cic_list))
		cfq_exit_cic(cfqd, list_first_entry(&cfqd->cic_list,
						    struct cfq_io_context, queue_list));
	for (int i = 0; i < 2 * IOPRIO_BE_NR; i++) {
		struct cfq_queue **slot = &cfqd->async_cfqq[i / IOPRIO_BE_NR][i % IOPRIO_BE_NR];

		if (*slot)
			cfq_put_queue(*slot);
		*slot = NULL;
	}
	if (cfqd->async_idle_cfqq)
		cfq_put_queue(cfqd->async_idle_cfqq);
	cfqd->async_idle_cfqq = NULL;
}

int cfq_ioc_init(void)
{
	cfq_pool = kmem_cache_create("cfq_queue", sizeof(struct cfq_queue), 0, 0, NULL);
	cfq_ioc_pool = kmem_cache_create("cfq_io_context",
					 sizeof(struct cfq_io_context), 0, 0, NULL);
	if (!cfq_pool || !cfq_ioc_pool) {
		kmem_cache_destroy(cfq_pool);
		kmem_cache_destroy(cfq_ioc_pool);
		cfq_pool = cfq_ioc_pool = NULL;
		return -ENOMEM;
	}
	return 0;
}
