/*
 * deadline-iosched.c - the deadline I/O scheduler (Linux 2.6's
 * block/deadline-iosched.c).
 *
 * On the path of a write it sits between __make_request, which sorts a
 * new request in with elv_add_request(SORT), and the driver, which pulls
 * requests with elv_next_request(); it also finds front merges.
 *
 * Each direction (READ, WRITE) keeps its requests twice: in a tree sorted
 * by start sector, to sweep the disk in one direction with few seeks,
 * and in a FIFO by arrival, each request stamped with the time it
 * expires. Requests leave in batches of up to fifo_batch, going up in
 * sector order. Between batches the scheduler picks a direction (reads,
 * unless writes were passed over writes_starved times) and starts the
 * batch where the sweep left off, or at the oldest request if that one
 * has expired. Deadlines are checked only between batches, so they are
 * soft: a request waits at most its expiry plus one batch.
 *
 * Every hook runs with the queue lock held, never sleeps and cannot
 * fail, except init (process context, may sleep, NULL without memory).
 */
#include "kernel.h"
#include "elevator.h"
#include "init.h"
#include "jiffies.h"
#include "slab.h"

/*
 * Linux's defaults. A read usually has a process waiting for it (a
 * page fault, read()), a write usually is writeback nobody waits for:
 * reads expire ten times sooner and win the choice between batches.
 */
#define DEADLINE_READ_EXPIRE_MS		500	/* HZ / 2 */
#define DEADLINE_WRITE_EXPIRE_MS	5000	/* 5 * HZ */
#define DEADLINE_WRITES_STARVED		2	/* read batches before writes must go */
#define DEADLINE_FIFO_BATCH		16	/* requests per sorted batch */

/*
 * Ranges for the tunables (Linux 2.6 accepted any int, we reject with
 * -ERANGE). An expiry of 0 would expire everything at once (pure FIFO),
 * past a minute it stops being a deadline. writes_starved 0 would let
 * writes starve reads instead. fifo_batch 0 would behave as 1; past 1024
 * one batch could hold the disk for seconds.
 */
#define DEADLINE_EXPIRE_MIN_MS		1
#define DEADLINE_EXPIRE_MAX_MS		60000
#define DEADLINE_WRITES_STARVED_MIN	1
#define DEADLINE_WRITES_STARVED_MAX	64
#define DEADLINE_FIFO_BATCH_MIN		1
#define DEADLINE_FIFO_BATCH_MAX		1024

/*
 * What happened, for students: in gdb,
 *	p ((struct deadline_data *)q->elevator->elevator_data)->stats
 */
struct deadline_stats {
	unsigned long dispatched[2];	/* requests moved to the dispatch list */
	unsigned long batches;		/* batches started */
	unsigned long expired[2];	/* batches started at an expired FIFO head */
	unsigned long starved_writes;	/* write batches forced by writes_starved */
	unsigned long front_merged;	/* bios merged at a request's front */
};

/* One per queue. Every member: queue lock. */
struct deadline_data {
	struct rb_root sort_list[2];	/* by start sector, per direction */
	struct list_head fifo_list[2];	/* by arrival, so by fifo_time too */
	/*
	 * Where the current batch goes on: the request after the last one
	 * dispatched, in sector order. At most one direction has one.
	 */
	struct request *next_rq[2];
	unsigned int batching;		/* requests dispatched in this batch */
	unsigned int starved;		/* read batches chosen while writes waited */

	/* tunables */
	unsigned long fifo_expire[2];	/* jiffies */
	unsigned int fifo_batch;
	unsigned int writes_starved;
	bool front_merges;

	struct deadline_stats stats;
};

static struct deadline_data *deadline_data_of(struct request_queue *q)
{
	return q->elevator->elevator_data;
}

static struct rb_root *deadline_rb_root(struct deadline_data *dd,
					struct request *rq)
{
	return &dd->sort_list[rq_data_dir(rq)];
}

/* The request after @rq in sector order, in its direction's tree. */
static struct request *deadline_latter(struct request *rq)
{
	struct rb_node *next = rb_next(&rq->rb_node);

	return next ? rb_entry_rq(next) : NULL;
}

/* ---- adding and removing ---- */

static void deadline_add_request(struct request_queue *q, struct request *rq)
{
	struct deadline_data *dd = deadline_data_of(q);
	int dir = rq_data_dir(rq);

	elv_rb_add(deadline_rb_root(dd, rq), rq);
	rq->fifo_time = jiffies + dd->fifo_expire[dir];
	list_add_tail(&rq->queuelist, &dd->fifo_list[dir]);
}

/* @rq leaves the elevator (dispatched, or merged into another request). */
static void deadline_remove_request(struct deadline_data *dd,
				    struct request *rq)
{
	int dir = rq_data_dir(rq);

	/* A batch heading for @rq goes on with the request after it. */
	if (dd->next_rq[dir] == rq)
		dd->next_rq[dir] = deadline_latter(rq);
	rq_fifo_clear(rq);
	elv_rb_del(deadline_rb_root(dd, rq), rq);
}

/* ---- merging ---- */

/*
 * A front merge: a request of the bio's direction that starts where the
 * bio ends. (Back merges are the core's, through its hash of end sectors.)
 */
static int deadline_merge(struct request_queue *q, struct request **req,
			  struct bio *bio)
{
	struct deadline_data *dd = deadline_data_of(q);
	struct request *rq;

	if (!dd->front_merges)
		return ELEVATOR_NO_MERGE;
	rq = elv_rb_find(&dd->sort_list[bio_data_dir(bio)], bio_end_sector(bio));
	if (!rq || !elv_rq_merge_ok(rq, bio))
		return ELEVATOR_NO_MERGE;
	*req = rq;
	return ELEVATOR_FRONT_MERGE;
}

/* A bio joined @rq. At the front, @rq now starts earlier: re-sort it. */
static void deadline_merged_request(struct request_queue *q,
				    struct request *rq, int type)
{
	struct deadline_data *dd = deadline_data_of(q);

	if (type != ELEVATOR_FRONT_MERGE)
		return;
	elv_rb_del(deadline_rb_root(dd, rq), rq);
	elv_rb_add(deadline_rb_root(dd, rq), rq);
	dd->stats.front_merged++;
}

/*
 * @next was merged into @rq and goes away. @rq now carries @next's I/O,
 * so it must not be served later than @next would have been: it takes
 * @next's deadline and FIFO place when those come first.
 */
static void deadline_merged_requests(struct request_queue *q,
				     struct request *rq, struct request *next)
{
	struct deadline_data *dd = deadline_data_of(q);

	if (!list_empty(&rq->queuelist) && !list_empty(&next->queuelist) &&
	    time_before(next->fifo_time, rq->fifo_time)) {
		list_move(&rq->queuelist, &next->queuelist);
		rq->fifo_time = next->fifo_time;
	}
	deadline_remove_request(dd, next);
}

/* ---- dispatch ---- */

/* Hand @rq to the dispatch list; the batch goes on after it. */
static void deadline_move_request(struct request_queue *q,
				  struct deadline_data *dd, struct request *rq)
{
	int dir = rq_data_dir(rq);

	/* A batch sweeps one direction: forget where the other one was. */
	dd->next_rq[READ] = NULL;
	dd->next_rq[WRITE] = NULL;
	dd->next_rq[dir] = deadline_latter(rq);
	dd->stats.dispatched[dir]++;
	deadline_remove_request(dd, rq);
	elv_dispatch_add_tail(q, rq);
}

/* Has the oldest request of @dir (the list must not be empty) expired? */
static bool deadline_fifo_expired(struct deadline_data *dd, int dir)
{
	struct request *rq = rq_entry_fifo(dd->fifo_list[dir].next);

	return time_after(jiffies, rq->fifo_time);
}

/*
 * The direction of a new batch, or -1 if there is nothing to do. Reads
 * win, unless writes already waited through writes_starved read batches
 * (*@starving). Decides only: deadline_choose_dir() counts.
 */
static int deadline_batch_dir(struct deadline_data *dd, bool *starving)
{
	bool reads = !list_empty(&dd->fifo_list[READ]);
	bool writes = !list_empty(&dd->fifo_list[WRITE]);

	*starving = reads && writes && dd->starved >= dd->writes_starved;
	if (reads && !*starving)
		return READ;
	if (writes)
		return WRITE;
	return -1;
}

/* Every read batch chosen while writes wait counts as a starvation. */
static int deadline_choose_dir(struct deadline_data *dd)
{
	bool starving;
	int dir = deadline_batch_dir(dd, &starving);

	if (starving)
		dd->stats.starved_writes++;
	if (dir == READ && !list_empty(&dd->fifo_list[WRITE]))
		dd->starved++;
	else if (dir == WRITE)
		dd->starved = 0;
	return dir;
}

/*
 * Where a new batch in @dir (the list must not be empty) starts: at the
 * oldest request if its deadline passed (*@expired) or if no sweep is
 * under way, else where the sweep left off.
 */
static struct request *deadline_batch_first(struct deadline_data *dd, int dir,
					    bool *expired)
{
	struct request *oldest = rq_entry_fifo(dd->fifo_list[dir].next);

	*expired = deadline_fifo_expired(dd, dir);
	if (*expired)
		return oldest;
	return dd->next_rq[dir] ? dd->next_rq[dir] : oldest;
}

static struct request *deadline_batch_start(struct deadline_data *dd, int dir)
{
	bool expired;
	struct request *rq = deadline_batch_first(dd, dir, &expired);

	dd->batching = 0;
	dd->stats.batches++;
	if (expired)
		dd->stats.expired[dir]++;
	return rq;
}

/* The request of the batch under way that goes next, or NULL for a new batch. */
static struct request *deadline_batch_next(struct deadline_data *dd)
{
	struct request *rq = dd->next_rq[WRITE] ? dd->next_rq[WRITE] : dd->next_rq[READ];

	return rq && dd->batching < dd->fifo_batch ? rq : NULL;
}

/* Move one request to the dispatch list. Returns 1, or 0 if empty. */
static int deadline_dispatch_one(struct request_queue *q)
{
	struct deadline_data *dd = deadline_data_of(q);
	struct request *rq;
	int dir;

	rq = deadline_batch_next(dd);
	if (!rq) {
		dir = deadline_choose_dir(dd);
		if (dir < 0)
			return 0;
		rq = deadline_batch_start(dd, dir);
	}
	dd->batching++;
	deadline_move_request(q, dd, rq);
	return 1;
}

/*
 * One request at a time, so the choice is made as late as possible. With
 * @force (a barrier or an elevator switch drains us) everything goes at
 * once, still in deadline order. Returns the number moved.
 */
static int deadline_dispatch_requests(struct request_queue *q, int force)
{
	int n = 0;

	if (!force)
		return deadline_dispatch_one(q);
	while (deadline_dispatch_one(q))
		n++;
	return n;
}

static int deadline_queue_empty(struct request_queue *q)
{
	struct deadline_data *dd = deadline_data_of(q);

	return list_empty(&dd->fifo_list[READ]) &&
	       list_empty(&dd->fifo_list[WRITE]);
}

/* ---- `queue DEV` ---- */

/*
 * What goes next and why (the same choice deadline_dispatch_one() makes,
 * without its counting), then each direction's tree and FIFO.
 */
static void deadline_show(struct request_queue *q, struct blk_dump *d)
{
	static const char *const dir_name[2] = { [READ] = "read", [WRITE] = "write" };
	struct deadline_data *dd = deadline_data_of(q);
	struct request *next = deadline_batch_next(dd);
	bool starving, expired = false;
	char title[48];
	int dir;

	if (next) {
		blk_dump_printf(d, "deadline: %s batch under way, %u of fifo_batch %u sent, "
				"next at sector %llu\n", dir_name[rq_data_dir(next)],
				dd->batching, dd->fifo_batch,
				(unsigned long long)blk_rq_pos(next));
	} else if ((dir = deadline_batch_dir(dd, &starving)) >= 0) {
		next = deadline_batch_first(dd, dir, &expired);
		blk_dump_printf(d, "deadline: a new %s batch starts next, at sector %llu%s%s\n",
				dir_name[dir], (unsigned long long)blk_rq_pos(next),
				expired ? " (the oldest: it expired)" : "",
				starving ? " (writes waited long enough)" : "");
	} else {
		blk_dump_printf(d, "deadline: nothing queued\n");
	}
	blk_dump_printf(d, "  read batches while writes waited: %u of writes_starved %u\n",
			dd->starved, dd->writes_starved);
	for (dir = 0; dir < 2; dir++) {	/* READ, WRITE */
		scnprintf(title, sizeof(title), "  %s tree (sector order)", dir_name[dir]);
		blk_dump_rq_tree(d, title, &dd->sort_list[dir], BLK_DUMP_EXPIRY, next);
		scnprintf(title, sizeof(title), "  %s fifo (arrival order)", dir_name[dir]);
		blk_dump_rq_list(d, title, &dd->fifo_list[dir], BLK_DUMP_EXPIRY, next);
	}
}

/* ---- set-up ---- */

static void *deadline_init_queue(struct request_queue *q)
{
	struct deadline_data *dd = kzalloc(sizeof(*dd), GFP_KERNEL);

	if (!dd)
		return NULL;
	for (int dir = 0; dir < 2; dir++) {
		dd->sort_list[dir] = RB_ROOT;
		INIT_LIST_HEAD(&dd->fifo_list[dir]);
	}
	dd->fifo_expire[READ] = msecs_to_jiffies(DEADLINE_READ_EXPIRE_MS);
	dd->fifo_expire[WRITE] = msecs_to_jiffies(DEADLINE_WRITE_EXPIRE_MS);
	dd->writes_starved = DEADLINE_WRITES_STARVED;
	dd->fifo_batch = DEADLINE_FIFO_BATCH;
	dd->front_merges = true;
	return dd;
}

/* The queue must be empty: requests left behind would point into @dd. */
static void deadline_exit_queue(struct elevator_queue *e)
{
	struct deadline_data *dd = e->elevator_data;

	WARN_ON(!list_empty(&dd->fifo_list[READ]) ||
		!list_empty(&dd->fifo_list[WRITE]));
	kfree(dd);
}

/* ---- tunables ---- */

#define deadline_same(v)	(v)

/* deadline_get_NAME / deadline_set_NAME for dd->FIELD, converting units. */
#define DEADLINE_TUNABLE(name, field, to_user, from_user)		\
static long deadline_get_##name(struct elevator_queue *e)		\
{									\
	struct deadline_data *dd = e->elevator_data;			\
									\
	return (long)to_user(dd->field);				\
}									\
static void deadline_set_##name(struct elevator_queue *e, long value)	\
{									\
	struct deadline_data *dd = e->elevator_data;			\
									\
	dd->field = from_user(value);					\
}

DEADLINE_TUNABLE(read_expire, fifo_expire[READ], jiffies_to_msecs, msecs_to_jiffies)
DEADLINE_TUNABLE(write_expire, fifo_expire[WRITE], jiffies_to_msecs, msecs_to_jiffies)
DEADLINE_TUNABLE(writes_starved, writes_starved, deadline_same, deadline_same)
DEADLINE_TUNABLE(front_merges, front_merges, deadline_same, deadline_same)
DEADLINE_TUNABLE(fifo_batch, fifo_batch, deadline_same, deadline_same)

#define DEADLINE_ATTR(n, u, lo, hi) {					\
	.name = #n, .unit = u, .min = lo, .max = hi,			\
	.get = deadline_get_##n, .set = deadline_set_##n }

/* Linux's sysfs names (/sys/block/DEV/queue/iosched/...). */
static const struct elv_tunable deadline_tunables[] = {
	DEADLINE_ATTR(read_expire, "ms", DEADLINE_EXPIRE_MIN_MS, DEADLINE_EXPIRE_MAX_MS),
	DEADLINE_ATTR(write_expire, "ms", DEADLINE_EXPIRE_MIN_MS, DEADLINE_EXPIRE_MAX_MS),
	DEADLINE_ATTR(writes_starved, "batches", DEADLINE_WRITES_STARVED_MIN,
		      DEADLINE_WRITES_STARVED_MAX),
	DEADLINE_ATTR(front_merges, "bool", 0, 1),
	DEADLINE_ATTR(fifo_batch, "requests", DEADLINE_FIFO_BATCH_MIN,
		      DEADLINE_FIFO_BATCH_MAX),
	{ .name = NULL }
};

static struct elevator_type iosched_deadline = {
	.elevator_name = "deadline",
	.ops = {
		.elevator_merge_fn = deadline_merge,
		.elevator_merged_fn = deadline_merged_request,
		.elevator_merge_req_fn = deadline_merged_requests,
		.elevator_dispatch_fn = deadline_dispatch_requests,
		.elevator_add_req_fn = deadline_add_request,
		.elevator_queue_empty_fn = deadline_queue_empty,
		.elevator_former_req_fn = elv_rb_former_request,
		.elevator_latter_req_fn = elv_rb_latter_request,
		.elevator_init_fn = deadline_init_queue,
		.elevator_exit_fn = deadline_exit_queue,
		.elevator_show_fn = deadline_show,
	},
	.tunables = deadline_tunables,
};

static int deadline_init(void)
{
	return elv_register(&iosched_deadline);
}
initcall(deadline_init);
