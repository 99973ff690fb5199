/*
 * elevator.h - pluggable I/O schedulers (Linux 2.6's
 * include/linux/elevator.h).
 *
 * An elevator decides the order in which a queue's requests reach the
 * driver, and helps find merges. Each one (noop, deadline, cfq) is one
 * file with one `struct elevator_type`: a table of hooks and of tunables,
 * registered with elv_register(). A NULL hook means "the core's default".
 * The core (block/elevator.c) owns the parts every elevator shares: the
 * merge hash of request end sectors (back merges), the dispatch list
 * q->queue_head, and the sorted-tree helpers elv_rb_*.
 */
#ifndef _LANTERN_ELEVATOR_H
#define _LANTERN_ELEVATOR_H

#include "blkdev.h"

struct elevator_queue;

/* elevator_merge_fn results: where the bio would go. */
#define ELEVATOR_NO_MERGE	0
#define ELEVATOR_FRONT_MERGE	1	/* bio ends where the request starts */
#define ELEVATOR_BACK_MERGE	2	/* bio starts where the request ends */

/* elv_add_request positions */
#define ELEVATOR_INSERT_FRONT	1	/* head of the dispatch list */
#define ELEVATOR_INSERT_BACK	2	/* tail of the dispatch list, after a drain */
#define ELEVATOR_INSERT_SORT	3	/* into the elevator */

/* elevator_may_queue_fn results */
#define ELV_MQUEUE_MAY		0	/* normal rules */
#define ELV_MQUEUE_NO		1	/* do not allocate now */
#define ELV_MQUEUE_MUST		2	/* allocate even past nr_requests */

/* Find a request @bio can be merged into (front merges: the core does back). */
typedef int (elevator_merge_fn)(struct request_queue *q, struct request **rq,
				struct bio *bio);
/* @rq grew by a bio merged at its front or back (@type); reposition it. */
typedef void (elevator_merged_fn)(struct request_queue *q, struct request *rq,
				  int type);
/* @next was merged into @rq and will be freed. */
typedef void (elevator_merge_req_fn)(struct request_queue *q, struct request *rq,
				     struct request *next);
/* May @bio join @rq? Return 0 to refuse (e.g. another process's queue). */
typedef int (elevator_allow_merge_fn)(struct request_queue *q, struct request *rq,
				      struct bio *bio);
/*
 * Move requests to the dispatch list (elv_dispatch_sort/add_tail).
 * Returns how many. With @force, move everything (draining for a switch).
 */
typedef int (elevator_dispatch_fn)(struct request_queue *q, int force);
typedef void (elevator_add_req_fn)(struct request_queue *q, struct request *rq);
typedef int (elevator_queue_empty_fn)(struct request_queue *q);
/* The request before / after @rq in sector order, for request merging. */
typedef struct request *(elevator_request_list_fn)(struct request_queue *q,
						   struct request *rq);
typedef void (elevator_completed_req_fn)(struct request_queue *q, struct request *rq);
typedef int (elevator_may_queue_fn)(struct request_queue *q, int rw);
/* Attach / release per-request elevator data (CFQ: the process's queue). */
typedef int (elevator_set_req_fn)(struct request_queue *q, struct request *rq,
				  gfp_t gfp);
typedef void (elevator_put_req_fn)(struct request *rq);
/* The driver took @rq / gave it back (requeue). */
typedef void (elevator_activate_req_fn)(struct request_queue *q, struct request *rq);
typedef void (elevator_deactivate_req_fn)(struct request_queue *q, struct request *rq);
/* Make / free the elevator's private data for @q. NULL = out of memory. */
typedef void *(elevator_init_fn)(struct request_queue *q);
typedef void (elevator_exit_fn)(struct elevator_queue *e);
struct blk_dump;
/*
 * Describe what the elevator holds, for `queue DEV` (blk_queue_dump): its
 * lists and trees with their requests, through the blk_dump_* helpers
 * below. Queue lock held: write into @d, never print or sleep.
 */
typedef void (elevator_show_fn)(struct request_queue *q, struct blk_dump *d);

struct elevator_ops {
	elevator_merge_fn *elevator_merge_fn;
	elevator_merged_fn *elevator_merged_fn;
	elevator_merge_req_fn *elevator_merge_req_fn;
	elevator_allow_merge_fn *elevator_allow_merge_fn;
	elevator_dispatch_fn *elevator_dispatch_fn;
	elevator_add_req_fn *elevator_add_req_fn;
	elevator_activate_req_fn *elevator_activate_req_fn;
	elevator_deactivate_req_fn *elevator_deactivate_req_fn;
	elevator_queue_empty_fn *elevator_queue_empty_fn;
	elevator_completed_req_fn *elevator_completed_req_fn;
	elevator_request_list_fn *elevator_former_req_fn;
	elevator_request_list_fn *elevator_latter_req_fn;
	elevator_set_req_fn *elevator_set_req_fn;
	elevator_put_req_fn *elevator_put_req_fn;
	elevator_may_queue_fn *elevator_may_queue_fn;
	elevator_init_fn *elevator_init_fn;
	elevator_exit_fn *elevator_exit_fn;
	elevator_show_fn *elevator_show_fn;	/* NULL: nothing beyond the core's lists */
};

/*
 * A tunable: name, unit and Linux's range; get/set work on the
 * elevator's private data. elv_tunable_store() checks the range, so set
 * only ever sees valid values.
 */
struct elv_tunable {
	const char *name;
	const char *unit;		/* "ms", "requests", "bool", ... */
	long min, max;
	long (*get)(struct elevator_queue *e);
	void (*set)(struct elevator_queue *e, long value);
};

struct elevator_type {
	struct list_head list;		/* on elv_list */
	const char *elevator_name;
	struct elevator_ops ops;
	const struct elv_tunable *tunables;	/* ends with an empty entry */
};

#define ELV_HASH_SHIFT	6
#define ELV_HASH_ENTRIES (1 << ELV_HASH_SHIFT)

struct elevator_queue {
	struct elevator_ops *ops;
	void *elevator_data;		/* the elevator's own state */
	struct elevator_type *elevator_type;
	struct hlist_head hash[ELV_HASH_ENTRIES];	/* requests by end sector */
};

int elv_register(struct elevator_type *e);
void elv_unregister(struct elevator_type *e);
struct elevator_type *elevator_find(const char *name);
/* Call @fn with every registered elevator's name (not sleeping). */
void elevator_names(void (*fn)(const char *name, void *ctx), void *ctx);

/* Give @q the elevator @name (NULL: the boot default). 0 or -errno. */
int elevator_init(struct request_queue *q, const char *name);
void elevator_exit(struct elevator_queue *e);
/*
 * Switch the live queue @q to elevator @name; see block/elevator.c.
 * 0, -EINVAL for an unknown name, -ENOMEM, -EBUSY during another switch.
 * Process context; sleeps.
 */
int elevator_change(struct request_queue *q, const char *name);

/* The elevator `elevator=` chose for disk @disk_name (or the default). */
const char *elevator_boot_choice(const char *disk_name);

/* Tunables by name: -ENOENT unknown, -ERANGE out of range. Queue lock held. */
int elv_tunable_show(struct request_queue *q, const char *name, long *value);
int elv_tunable_store(struct request_queue *q, const char *name, long value);

/* ---- for the shell; each takes the queue lock itself ---- */
/*
 * The name of @q's elevator now. Elevator types are never freed, so the
 * string stays valid after a switch (it just stops being current).
 * "none" for a queue without one.
 */
const char *elv_current_name(struct request_queue *q);
/* A tunable and its value, read together with the others. */
struct elv_tunable_value {
	const struct elv_tunable *t;	/* the type's static table: survives a switch */
	long value;
};
/*
 * @q's elevator name (if @name) and its tunables with their values, all
 * read in one lock hold so they belong to the same elevator. Fills up to
 * @max entries of @v; returns how many tunables the elevator has.
 */
int elv_tunables_get(struct request_queue *q, const char **name,
		     struct elv_tunable_value *v, int max);

/* ---- used by the request path (blk-core.c); queue lock held ---- */
int elv_merge(struct request_queue *q, struct request **req, struct bio *bio);
void elv_merged_request(struct request_queue *q, struct request *rq, int type);
void elv_merge_requests(struct request_queue *q, struct request *rq,
			struct request *next);
void elv_insert(struct request_queue *q, struct request *rq, int where);
void elv_add_request(struct request_queue *q, struct request *rq, int where);
struct request *elv_next_request(struct request_queue *q);
void elv_dequeue_request(struct request_queue *q, struct request *rq);
void elv_requeue_request(struct request_queue *q, struct request *rq);
void elv_completed_request(struct request_queue *q, struct request *rq);
bool elv_queue_empty(struct request_queue *q);
struct request *elv_former_request(struct request_queue *q, struct request *rq);
struct request *elv_latter_request(struct request_queue *q, struct request *rq);
int elv_set_request(struct request_queue *q, struct request *rq, gfp_t gfp);
void elv_put_request(struct request_queue *q, struct request *rq);
int elv_may_queue(struct request_queue *q, int rw);
bool elv_rq_merge_ok(struct request *rq, struct bio *bio);

/* ---- helpers for elevators ---- */
void elv_dispatch_sort(struct request_queue *q, struct request *rq);
void elv_dispatch_add_tail(struct request_queue *q, struct request *rq);
void elv_rb_add(struct rb_root *root, struct request *rq);
void elv_rb_del(struct rb_root *root, struct request *rq);
struct request *elv_rb_find(struct rb_root *root, sector_t sector);
struct request *elv_rb_former_request(struct request_queue *q, struct request *rq);
struct request *elv_rb_latter_request(struct request_queue *q, struct request *rq);

/*
 * ---- describing a queue as text (block/blk-dump.c) ----
 *
 * blk_queue_dump() takes the queue lock, writes what the queue holds into
 * a caller's buffer (the elevator's part through its show hook, then the
 * dispatch list and the requests in flight) and drops the lock: the
 * caller prints afterwards, so nothing slow runs under the lock, and a
 * list longer than @max_rqs shows its first @max_rqs requests and counts
 * the rest. The text always ends in a newline and a NUL; if @size was too
 * small it ends with a line saying it was cut. Returns its length.
 * Process context (it takes the lock with interrupts off).
 */
size_t blk_queue_dump(struct request_queue *q, char *buf, size_t size,
		      unsigned int max_rqs);

struct blk_dump {
	char *buf;
	size_t size;		/* room in buf for text and its NUL */
	size_t len;		/* text so far; always < size */
	bool truncated;		/* something did not fit */
	unsigned int max_rqs;	/* requests shown per list */
	unsigned long now;	/* jiffies of the snapshot: every age agrees */
};

/* For show hooks (queue lock held). */
__printf(2, 3) void blk_dump_printf(struct blk_dump *d, const char *fmt, ...);
/* A request's line also says when its FIFO deadline (fifo_time) comes. */
#define BLK_DUMP_EXPIRY		0x1
/*
 * ... and the elevator counts it expired from fifo_time itself (CFQ:
 * !time_before), where without this flag only once past it (deadline:
 * time_after), so the dump agrees with the elevator to the jiffy.
 */
#define BLK_DUMP_EXPIRED_AT	0x2
/*
 * "    sector 2048 + 8 write sync, 3 ms old[, expires in 497 ms][ (next)]":
 * one request; @next marks the one the elevator means to send next from
 * the list it is on (deadline: overall; cfq: when that queue's turn comes).
 */
void blk_dump_rq(struct blk_dump *d, const struct request *rq, unsigned int flags,
		 bool next);
/*
 * "@title, N requests:" then the requests (at most max_rqs, then how many
 * more), or "@title: empty". A list of requests linked by queuelist (a
 * FIFO, the dispatch list), or a sort tree in sector order. @next may be
 * NULL.
 */
void blk_dump_rq_list(struct blk_dump *d, const char *title, struct list_head *head,
		      unsigned int flags, const struct request *next);
void blk_dump_rq_tree(struct blk_dump *d, const char *title, struct rb_root *root,
		      unsigned int flags, const struct request *next);

#define rb_entry_rq(node)	rb_entry((node), struct request, rb_node)
#define rq_entry_fifo(ptr)	list_entry((ptr), struct request, queuelist)
#define rq_fifo_clear(rq)	list_del_init(&(rq)->queuelist)

#endif
