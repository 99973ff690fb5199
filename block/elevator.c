/*
 * elevator.c - the part of I/O scheduling every elevator shares (Linux
 * 2.6's block/elevator.c).
 *
 *  - A registry of elevator types, chosen with `elevator=NAME` for every
 *    disk or, beyond Linux 2.6, `elevator=DEV:NAME` for one.
 *  - Merging: elv_merge() tries the request merged into last time, then a
 *    back merge found through a hash of request *end* sectors (a bio
 *    starting at sector S joins the request that ends at S), then asks
 *    the elevator, which keeps requests sorted by *start* and so finds
 *    front merges.
 *  - Insertion and dispatch: requests enter the elevator (SORT) or go
 *    straight to the dispatch list q->queue_head (FRONT/BACK); the driver
 *    takes them from there (elv_next_request), and when the list runs dry
 *    the elevator's dispatch hook refills it.
 *  - Helpers: elv_dispatch_sort (a one-way elevator sweep), elv_rb_*.
 * Every function here runs with the queue lock held unless it says not.
 */
#include "kernel.h"
#include "elevator.h"
#include "init.h"
#include "slab.h"
#include "string.h"
#include "sched.h"

static DEFINE_SPINLOCK(elv_list_lock);
static LIST_HEAD(elv_list);

/* elevator=NAME and elevator=DEV:NAME, as given on the command line. */
#define MAX_ELV_CHOICES	8
static char chosen_elevator[16];
static struct {
	char disk[DISK_NAME_LEN];
	char name[16];
} disk_elevator[MAX_ELV_CHOICES];
static int nr_disk_elevators;

/* ---- registry ---- */

struct elevator_type *elevator_find(const char *name)
{
	struct elevator_type *e;

	list_for_each_entry(e, &elv_list, list)
		if (strcmp(e->elevator_name, name) == 0)
			return e;
	return NULL;
}

void elevator_names(void (*fn)(const char *name, void *ctx), void *ctx)
{
	struct elevator_type *e;

	spin_lock(&elv_list_lock);
	list_for_each_entry(e, &elv_list, list)
		fn(e->elevator_name, ctx);
	spin_unlock(&elv_list_lock);
}

int elv_register(struct elevator_type *e)
{
	int err = 0;

	spin_lock(&elv_list_lock);
	if (elevator_find(e->elevator_name))
		err = -EBUSY;
	else
		list_add_tail(&e->list, &elv_list);
	spin_unlock(&elv_list_lock);
	if (!err)
		pr_info("io scheduler %s registered%s\n", e->elevator_name,
			strcmp(e->elevator_name, elevator_boot_choice(NULL)) ? "" : " (default)");
	return err;
}

void elv_unregister(struct elevator_type *e)
{
	spin_lock(&elv_list_lock);
	list_del_init(&e->list);
	spin_unlock(&elv_list_lock);
}

static int elevator_setup(char *val)
{
	char *colon = strchr(val, ':');

	if (!colon) {
		if (!*val || strlen(val) >= sizeof(chosen_elevator))
			return -EINVAL;
		strlcpy(chosen_elevator, val, sizeof(chosen_elevator));
		return 0;
	}
	if (nr_disk_elevators == MAX_ELV_CHOICES)
		return -ENOSPC;
	*colon = '\0';
	if (!*val || !colon[1] || strlen(val) >= DISK_NAME_LEN ||
	    strlen(colon + 1) >= sizeof(disk_elevator[0].name))
		return -EINVAL;
	strlcpy(disk_elevator[nr_disk_elevators].disk, val, DISK_NAME_LEN);
	strlcpy(disk_elevator[nr_disk_elevators].name, colon + 1,
		sizeof(disk_elevator[0].name));
	nr_disk_elevators++;
	return 0;
}
__setup_help("elevator=", elevator_setup,
	     "noop|deadline|cfq, or DEV:NAME for one disk (repeatable)");

/* Linux 2.6's default, when the command line says nothing. */
#define ELEVATOR_DEFAULT	"cfq"

const char *elevator_boot_choice(const char *disk_name)
{
	for (int i = 0; disk_name && i < nr_disk_elevators; i++)
		if (strcmp(disk_elevator[i].disk, disk_name) == 0)
			return disk_elevator[i].name;
	return chosen_elevator[0] ? chosen_elevator : ELEVATOR_DEFAULT;
}

/* ---- attaching an elevator to a queue ---- */

static struct elevator_queue *elevator_alloc(struct request_queue *q,
					     struct elevator_type *e)
{
	struct elevator_queue *eq = kzalloc(sizeof(*eq), GFP_KERNEL);

	if (!eq)
		return NULL;
	eq->ops = &e->ops;
	eq->elevator_type = e;
	for (int i = 0; i < ELV_HASH_ENTRIES; i++)
		INIT_HLIST_HEAD(&eq->hash[i]);
	if (e->ops.elevator_init_fn) {
		eq->elevator_data = e->ops.elevator_init_fn(q);
		if (!eq->elevator_data) {
			kfree(eq);
			return NULL;
		}
	}
	return eq;
}

int elevator_init(struct request_queue *q, const char *name)
{
	struct elevator_type *e;
	struct elevator_queue *eq;

	if (!name)
		name = elevator_boot_choice(NULL);
	e = elevator_find(name);
	if (!e) {
		pr_warn("elevator: no io scheduler named '%s', using noop\n", name);
		e = elevator_find("noop");
		if (!e)
			return -EINVAL;
	}
	eq = elevator_alloc(q, e);
	if (!eq)
		return -ENOMEM;
	q->elevator = eq;
	q->last_merge = NULL;
	q->end_sector = 0;
	q->boundary_rq = NULL;
	return 0;
}

static void elv_drain_elevator(struct request_queue *q);

/*
 * Switch a live queue to elevator @name. The new elevator is made first
 * (it may allocate). Then, under the queue lock: stop attaching private
 * data to new requests, drain everything the old elevator holds to the
 * dispatch list, and wait (lock dropped, queue running) until no request
 * carries the old elevator's data; drain once more and swap in the same
 * lock hold, so no request is left inside the old one. Nothing is lost
 * or completed twice: requests only move to the dispatch list.
 */
int elevator_change(struct request_queue *q, const char *name)
{
	struct elevator_type *e = elevator_find(name);
	struct elevator_queue *old, *new;

	if (!e)
		return -EINVAL;
	if (q->elevator->elevator_type == e)
		return 0;
	new = elevator_alloc(q, e);
	if (!new)
		return -ENOMEM;

	spin_lock_irq(q->queue_lock);
	if (q->elvswitch) {		/* one switch at a time */
		spin_unlock_irq(q->queue_lock);
		elevator_exit(new);
		return -EBUSY;
	}
	q->elvswitch = true;
	elv_drain_elevator(q);
	while (q->nr_elvpriv) {
		__blk_run_queue(q);
		spin_unlock_irq(q->queue_lock);
		msleep(1);
		spin_lock_irq(q->queue_lock);
		elv_drain_elevator(q);
	}
	old = q->elevator;
	q->elevator = new;
	q->last_merge = NULL;
	q->stats.elevator_switches++;
	q->elvswitch = false;
	__blk_run_queue(q);
	spin_unlock_irq(q->queue_lock);
	pr_debug("io scheduler %s -> %s\n", old->elevator_type->elevator_name,
		 e->elevator_name);
	elevator_exit(old);
	return 0;
}

void elevator_exit(struct elevator_queue *e)
{
	if (e->ops->elevator_exit_fn)
		e->ops->elevator_exit_fn(e);
	kfree(e);
}

/* ---- the back-merge hash, keyed by where a request ends ---- */

static unsigned int elv_hash_fn(sector_t sector)
{
	/* Fibonacci hashing: end sectors of nearby requests spread out. */
	return (unsigned int)((u32)(sector * 0x9e3779b9u) >> (32 - ELV_HASH_SHIFT));
}

static bool rq_mergeable(const struct request *rq)
{
	return !(rq->cmd_flags & (REQ_NOMERGE | REQ_STARTED | REQ_SOFTBARRIER |
				  REQ_FLUSH | REQ_FUA));
}

static void elv_rqhash_del(struct request *rq)
{
	hlist_del_init(&rq->hash);
}

static void elv_rqhash_add(struct request_queue *q, struct request *rq)
{
	hlist_add_head(&rq->hash, &q->elevator->hash[elv_hash_fn(rq_end_sector(rq))]);
}

static void elv_rqhash_reposition(struct request_queue *q, struct request *rq)
{
	elv_rqhash_del(rq);
	elv_rqhash_add(q, rq);
}

static struct request *elv_rqhash_find(struct request_queue *q, sector_t offset)
{
	struct hlist_head *head = &q->elevator->hash[elv_hash_fn(offset)];
	struct hlist_node *next;
	struct request *rq;

	hlist_for_each_entry_safe(rq, next, head, struct request, hash) {
		/* A request that stopped being mergeable leaves on sight. */
		if (!rq_mergeable(rq)) {
			elv_rqhash_del(rq);
			continue;
		}
		if (rq_end_sector(rq) == offset)
			return rq;
	}
	return NULL;
}

/* ---- merging ---- */

bool elv_rq_merge_ok(struct request *rq, struct bio *bio)
{
	struct elevator_queue *e = rq->q->elevator;

	if (!rq_mergeable(rq) || (bio->bi_rw & (REQ_NOMERGE | REQ_FLUSH | REQ_FUA)))
		return false;
	if (rq_data_dir(rq) != bio_data_dir(bio))
		return false;
	if (rq->rq_disk != bio->bi_bdev->bd_disk || rq->special)
		return false;
	if (e->ops->elevator_allow_merge_fn &&
	    !e->ops->elevator_allow_merge_fn(rq->q, rq, bio))
		return false;
	return true;
}

static int elv_try_merge(struct request *rq, struct bio *bio)
{
	if (rq_end_sector(rq) == bio->bi_sector)
		return ELEVATOR_BACK_MERGE;
	if (blk_rq_pos(rq) == bio_end_sector(bio))
		return ELEVATOR_FRONT_MERGE;
	return ELEVATOR_NO_MERGE;
}

int elv_merge(struct request_queue *q, struct request **req, struct bio *bio)
{
	struct elevator_queue *e = q->elevator;
	struct request *rq;
	int ret;

	/* The last request merged into is the best bet for the next bio. */
	if (q->last_merge && elv_rq_merge_ok(q->last_merge, bio)) {
		ret = elv_try_merge(q->last_merge, bio);
		if (ret != ELEVATOR_NO_MERGE) {
			*req = q->last_merge;
			return ret;
		}
	}
	rq = elv_rqhash_find(q, bio->bi_sector);
	if (rq && elv_rq_merge_ok(rq, bio)) {
		*req = rq;
		return ELEVATOR_BACK_MERGE;
	}
	if (e->ops->elevator_merge_fn)
		return e->ops->elevator_merge_fn(q, req, bio);
	return ELEVATOR_NO_MERGE;
}

void elv_merged_request(struct request_queue *q, struct request *rq, int type)
{
	struct elevator_queue *e = q->elevator;

	if (e->ops->elevator_merged_fn)
		e->ops->elevator_merged_fn(q, rq, type);
	if (type == ELEVATOR_BACK_MERGE)
		elv_rqhash_reposition(q, rq);
	q->last_merge = rq;
}

void elv_merge_requests(struct request_queue *q, struct request *rq,
			struct request *next)
{
	struct elevator_queue *e = q->elevator;

	if (e->ops->elevator_merge_req_fn)
		e->ops->elevator_merge_req_fn(q, rq, next);
	elv_rqhash_reposition(q, rq);
	elv_rqhash_del(next);
	q->nr_sorted--;
	q->last_merge = rq;
}

/* ---- insertion and dispatch ---- */

/* Drop the bookkeeping of a request leaving the elevator for dispatch. */
static void elv_leave_sort(struct request_queue *q, struct request *rq)
{
	if (q->last_merge == rq)
		q->last_merge = NULL;
	elv_rqhash_del(rq);
	q->nr_sorted--;
}

/*
 * Insert into the dispatch list in a one-way sweep: requests at or past
 * the head position (q->end_sector) in ascending order, then those
 * before it, never passing a request of the other direction, a started
 * one or a barrier.
 */
void elv_dispatch_sort(struct request_queue *q, struct request *rq)
{
	sector_t boundary = q->end_sector;
	struct list_head *entry;

	elv_leave_sort(q, rq);
	list_for_each_prev(entry, &q->queue_head) {
		struct request *pos = rq_entry_fifo(entry);

		if (rq_data_dir(rq) != rq_data_dir(pos))
			break;
		if (pos->cmd_flags & (REQ_SOFTBARRIER | REQ_STARTED))
			break;
		if (blk_rq_pos(rq) >= boundary) {
			if (blk_rq_pos(pos) < boundary)
				continue;
		} else {
			if (blk_rq_pos(pos) >= boundary)
				break;
		}
		if (blk_rq_pos(rq) >= blk_rq_pos(pos))
			break;
	}
	list_add(&rq->queuelist, entry);
}

/* Append, and make the sweep position follow this request. */
void elv_dispatch_add_tail(struct request_queue *q, struct request *rq)
{
	elv_leave_sort(q, rq);
	q->end_sector = rq_end_sector(rq);
	q->boundary_rq = rq;
	list_add_tail(&rq->queuelist, &q->queue_head);
}

/* Move everything the elevator holds onto the dispatch list. */
static void elv_drain_elevator(struct request_queue *q)
{
	while (q->elevator->ops->elevator_dispatch_fn(q, 1))
		;
	if (q->nr_sorted)
		pr_err("elevator: %s kept %u requests after a forced dispatch\n",
		       q->elevator->elevator_type->elevator_name, q->nr_sorted);
}

void elv_insert(struct request_queue *q, struct request *rq, int where)
{
	switch (where) {
	case ELEVATOR_INSERT_FRONT:
		rq->cmd_flags |= REQ_SOFTBARRIER;
		list_add(&rq->queuelist, &q->queue_head);
		break;
	case ELEVATOR_INSERT_BACK:
		/* Everything queued before must be dispatched before it. */
		rq->cmd_flags |= REQ_SOFTBARRIER;
		elv_drain_elevator(q);
		list_add_tail(&rq->queuelist, &q->queue_head);
		break;
	case ELEVATOR_INSERT_SORT:
		rq->cmd_flags |= REQ_SORTED;
		q->nr_sorted++;
		if (rq_mergeable(rq)) {
			elv_rqhash_add(q, rq);
			if (!q->last_merge)
				q->last_merge = rq;
		}
		q->elevator->ops->elevator_add_req_fn(q, rq);
		break;
	default:
		BUG();
	}
}

void elv_add_request(struct request_queue *q, struct request *rq, int where)
{
	/* A flush orders everything around it: no sorting across it. */
	if (where == ELEVATOR_INSERT_SORT && (rq->cmd_flags & (REQ_FLUSH | REQ_FUA)))
		where = ELEVATOR_INSERT_BACK;
	/*
	 * A request made during an elevator switch has no elevator data, so
	 * no elevator may hold it: it goes straight to dispatch.
	 */
	if (where == ELEVATOR_INSERT_SORT && !(rq->cmd_flags & REQ_ELVPRIV))
		where = ELEVATOR_INSERT_BACK;
	elv_insert(q, rq, where);
}

struct request *elv_next_request(struct request_queue *q)
{
	for (;;) {
		if (!list_empty(&q->queue_head))
			return rq_entry_fifo(q->queue_head.next);
		if (!q->elevator->ops->elevator_dispatch_fn(q, 0))
			return NULL;
	}
}

/* The driver starts @rq: it leaves the dispatch list. */
void elv_dequeue_request(struct request_queue *q, struct request *rq)
{
	struct elevator_queue *e = q->elevator;

	BUG_ON(list_empty(&rq->queuelist));
	list_del_init(&rq->queuelist);
	rq->cmd_flags |= REQ_STARTED;
	if (rq == q->boundary_rq)
		q->boundary_rq = NULL;
	q->end_sector = rq_end_sector(rq);
	if ((rq->cmd_flags & REQ_SORTED) && e->ops->elevator_activate_req_fn)
		e->ops->elevator_activate_req_fn(q, rq);
	q->in_flight++;
	if (q->in_flight > q->stats.in_flight_max)
		q->stats.in_flight_max = q->in_flight;
}

/* The driver gives @rq back unfinished: it goes first next time. */
void elv_requeue_request(struct request_queue *q, struct request *rq)
{
	struct elevator_queue *e = q->elevator;

	q->in_flight--;
	if ((rq->cmd_flags & REQ_SORTED) && e->ops->elevator_deactivate_req_fn)
		e->ops->elevator_deactivate_req_fn(q, rq);
	rq->cmd_flags &= ~REQ_STARTED;
	elv_insert(q, rq, ELEVATOR_INSERT_FRONT);
}

void elv_completed_request(struct request_queue *q, struct request *rq)
{
	struct elevator_queue *e = q->elevator;

	q->in_flight--;
	if ((rq->cmd_flags & REQ_SORTED) && e->ops->elevator_completed_req_fn)
		e->ops->elevator_completed_req_fn(q, rq);
}

bool elv_queue_empty(struct request_queue *q)
{
	struct elevator_queue *e = q->elevator;

	if (!list_empty(&q->queue_head))
		return false;
	if (e->ops->elevator_queue_empty_fn)
		return e->ops->elevator_queue_empty_fn(q);
	return true;
}

struct request *elv_former_request(struct request_queue *q, struct request *rq)
{
	struct elevator_queue *e = q->elevator;

	return e->ops->elevator_former_req_fn ?
	       e->ops->elevator_former_req_fn(q, rq) : NULL;
}

struct request *elv_latter_request(struct request_queue *q, struct request *rq)
{
	struct elevator_queue *e = q->elevator;

	return e->ops->elevator_latter_req_fn ?
	       e->ops->elevator_latter_req_fn(q, rq) : NULL;
}

int elv_set_request(struct request_queue *q, struct request *rq, gfp_t gfp)
{
	struct elevator_queue *e = q->elevator;

	if (e->ops->elevator_set_req_fn)
		return e->ops->elevator_set_req_fn(q, rq, gfp);
	rq->elevator_private = NULL;
	return 0;
}

void elv_put_request(struct request_queue *q, struct request *rq)
{
	struct elevator_queue *e = q->elevator;

	if (e->ops->elevator_put_req_fn)
		e->ops->elevator_put_req_fn(rq);
}

int elv_may_queue(struct request_queue *q, int rw)
{
	struct elevator_queue *e = q->elevator;

	if (e->ops->elevator_may_queue_fn)
		return e->ops->elevator_may_queue_fn(q, rw);
	return ELV_MQUEUE_MAY;
}

/* ---- tunables ---- */

static const struct elv_tunable *elv_tunable_find(struct request_queue *q,
						  const char *name)
{
	const struct elv_tunable *t = q->elevator->elevator_type->tunables;

	for (; t && t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

int elv_tunable_show(struct request_queue *q, const char *name, long *value)
{
	const struct elv_tunable *t = elv_tunable_find(q, name);

	if (!t)
		return -ENOENT;
	*value = t->get(q->elevator);
	return 0;
}

int elv_tunable_store(struct request_queue *q, const char *name, long value)
{
	const struct elv_tunable *t = elv_tunable_find(q, name);

	if (!t)
		return -ENOENT;
	if (value < t->min || value > t->max)
		return -ERANGE;
	t->set(q->elevator, value);
	return 0;
}

const char *elv_current_name(struct request_queue *q)
{
	const char *name;
	unsigned long flags;

	/* The lock keeps a switch from freeing q->elevator under us. */
	spin_lock_irqsave(q->queue_lock, flags);
	name = q->elevator ? q->elevator->elevator_type->elevator_name : "none";
	spin_unlock_irqrestore(q->queue_lock, flags);
	return name;
}

int elv_tunables_get(struct request_queue *q, const char **name,
		     struct elv_tunable_value *v, int max)
{
	const struct elv_tunable *t;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(q->queue_lock, flags);
	if (name)
		*name = q->elevator->elevator_type->elevator_name;
	for (t = q->elevator->elevator_type->tunables; t && t->name; t++, n++)
		if (n < max)
			v[n] = (struct elv_tunable_value){ t, t->get(q->elevator) };
	spin_unlock_irqrestore(q->queue_lock, flags);
	return n;
}

/* ---- sorted trees of requests, by start sector ---- */

/* Equal sectors go right, so requests at one sector keep arrival order. */
void elv_rb_add(struct rb_root *root, struct request *rq)
{
	struct rb_node **p = &root->rb_node, *parent = NULL;

	while (*p) {
		struct request *__rq = rb_entry_rq(*p);

		parent = *p;
		if (blk_rq_pos(rq) < blk_rq_pos(__rq))
			p = &(*p)->rb_left;
		else
			p = &(*p)->rb_right;
	}
	rb_link_node(&rq->rb_node, parent, p);
	rb_insert_color(&rq->rb_node, root);
}

void elv_rb_del(struct rb_root *root, struct request *rq)
{
	BUG_ON(RB_EMPTY_NODE(&rq->rb_node));
	rb_erase(&rq->rb_node, root);
	RB_CLEAR_NODE(&rq->rb_node);
}

/* The first request starting exactly at @sector, or NULL. */
struct request *elv_rb_find(struct rb_root *root, sector_t sector)
{
	struct rb_node *n = root->rb_node;
	struct request *found = NULL;

	while (n) {
		struct request *rq = rb_entry_rq(n);

		if (sector < blk_rq_pos(rq)) {
			n = n->rb_left;
		} else if (sector > blk_rq_pos(rq)) {
			n = n->rb_right;
		} else {
			found = rq;	/* keep going left for the earliest */
			n = n->rb_left;
		}
	}
	return found;
}

struct request *elv_rb_former_request(struct request_queue *q, struct request *rq)
{
	struct rb_node *rbprev = rb_prev(&rq->rb_node);

	(void)q;
	return rbprev ? rb_entry_rq(rbprev) : NULL;
}

struct request *elv_rb_latter_request(struct request_queue *q, struct request *rq)
{
	struct rb_node *rbnext = rb_next(&rq->rb_node);

	(void)q;
	return rbnext ? rb_entry_rq(rbnext) : NULL;
}
