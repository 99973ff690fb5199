/*
 * test_deadline.c - the deadline I/O scheduler (block/deadline-iosched.c)
 * through the elevator core, the way __make_request and a driver use it:
 * requests go in with elv_add_request(SORT), come out with
 * elv_next_request() + elv_dequeue_request(). Time is ours: jiffies only
 * moves when a test sets it, so expiry is exact to the tick.
 *
 * Reads sit at small sectors, writes at 10000 and up, so a dispatch
 * order written as a list of sectors names every request.
 */
#include "harness.h"
#include "hosted.h"
#include "elevator.h"
#include "init.h"
#include "jiffies.h"
#include "slab.h"

#define W	10000		/* writes live at W + x */

static struct gendisk disk;
static struct block_device bdev = { .bd_disk = &disk };
static struct request rqs[16];
static unsigned long t0;	/* jiffies at the start of a test */

static struct request_queue *setup(void)
{
	static bool booted;
	struct request_queue *q;

	if (!booted) {
		hosted_block_boot();
		booted = true;
	}
	t0 = 1000;
	jiffies = t0;
	q = blk_alloc_queue(NULL, "deadline");
	BUG_ON(!q);		/* every test needs one */
	disk.queue = q;
	return q;
}

/* Time @ms after the start of the test (HZ is 1000: a tick is a ms). */
static void at(unsigned long ms)
{
	jiffies = t0 + ms;
}

/* Queue request @i for [sector, sector + sectors), like __make_request. */
static struct request *add_rw(struct request_queue *q, int i, sector_t sector,
			      unsigned int sectors, unsigned long rw, int where)
{
	struct request *rq = &rqs[i];

	blk_rq_init(q, rq);
	rq->sector = sector;
	rq->data_len = sectors << 9;
	rq->cmd_flags = rw | REQ_ELVPRIV;	/* as get_request() makes them */
	rq->rq_disk = &disk;
	elv_add_request(q, rq, where);
	return rq;
}

/* The usual case: sorted in, direction from the sector (see W). */
static struct request *add(struct request_queue *q, int i, sector_t sector,
			   unsigned int sectors)
{
	return add_rw(q, i, sector, sectors, sector >= W ? WRITE : READ,
		      ELEVATOR_INSERT_SORT);
}

static struct bio mkbio(sector_t sector, unsigned int sectors, unsigned long rw)
{
	struct bio bio = { .bi_sector = sector, .bi_size = sectors << 9,
			   .bi_rw = rw, .bi_bdev = &bdev };
	return bio;
}

/* The next request, taken and completed the way a driver does. */
static struct request *take(struct request_queue *q)
{
	struct request *rq = elv_next_request(q);

	if (rq) {
		elv_dequeue_request(q, rq);
		elv_completed_request(q, rq);
	}
	return rq;
}

static void set(struct request_queue *q, const char *name, long value)
{
	int err = elv_tunable_store(q, name, value);

	if (err)
		harness_fail(__FILE__, __LINE__, "store %s=%ld: error %d",
			     name, value, err);
}

static long show(struct request_queue *q, const char *name)
{
	long value = -12345;
	int err = elv_tunable_show(q, name, &value);

	if (err)
		harness_fail(__FILE__, __LINE__, "show %s: error %d", name, err);
	return value;
}

/* Take @n requests and compare their sectors with @want. */
static void check_order(struct request_queue *q, const sector_t *want,
			size_t n, int line)
{
	for (size_t i = 0; i < n; i++) {
		struct request *rq = take(q);

		if (!rq) {
			harness_fail(__FILE__, line, "dispatch %zu: nothing, wanted %llu",
				     i, (unsigned long long)want[i]);
			return;
		}
		if (blk_rq_pos(rq) != want[i])
			harness_fail(__FILE__, line, "dispatch %zu: sector %llu, wanted %llu",
				     i, (unsigned long long)blk_rq_pos(rq),
				     (unsigned long long)want[i]);
	}
}
#define CHECK_NEXT(q, ...) do {						\
	static const sector_t __want[] = { __VA_ARGS__ };		\
	check_order(q, __want, ARRAY_SIZE(__want), __LINE__);		\
} while (0)

/* Everything dispatched, nothing warned: free the queue. */
static void done(struct request_queue *q)
{
	int warns = hosted_warn_count;

	CHECK(elv_next_request(q) == NULL);
	CHECK(elv_queue_empty(q));
	CHECK_EQ(q->nr_sorted, 0);
	blk_cleanup_queue(q);
	CHECK_EQ(hosted_warn_count, warns);
}

/* ---- registration and tunables ---- */

TEST(registered_as_deadline)
{
	struct request_queue *q = setup();

	CHECK_STREQ(q->elevator->elevator_type->elevator_name, "deadline");
	CHECK(elv_queue_empty(q));
	done(q);
}

TEST(tunable_defaults_are_linux_defaults)
{
	struct request_queue *q = setup();

	CHECK_EQ(show(q, "read_expire"), 500);
	CHECK_EQ(show(q, "write_expire"), 5000);
	CHECK_EQ(show(q, "writes_starved"), 2);
	CHECK_EQ(show(q, "front_merges"), 1);
	CHECK_EQ(show(q, "fifo_batch"), 16);
	done(q);
}

TEST(tunable_store_rejects_out_of_range_and_unknown)
{
	static const struct { const char *name; long min, max; } t[] = {
		{ "read_expire", 1, 60000 }, { "write_expire", 1, 60000 },
		{ "writes_starved", 1, 64 }, { "front_merges", 0, 1 },
		{ "fifo_batch", 1, 1024 },
	};
	struct request_queue *q = setup();
	long value;

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		long before = show(q, t[i].name);

		CHECK_EQ(elv_tunable_store(q, t[i].name, t[i].min - 1), -ERANGE);
		CHECK_EQ(elv_tunable_store(q, t[i].name, t[i].max + 1), -ERANGE);
		CHECK_EQ(show(q, t[i].name), before);
		CHECK_EQ(elv_tunable_store(q, t[i].name, t[i].min), 0);
		CHECK_EQ(show(q, t[i].name), t[i].min);
		CHECK_EQ(elv_tunable_store(q, t[i].name, t[i].max), 0);
		CHECK_EQ(show(q, t[i].name), t[i].max);
	}
	CHECK_EQ(elv_tunable_store(q, "slice_idle", 8), -ENOENT);
	CHECK_EQ(elv_tunable_show(q, "slice_idle", &value), -ENOENT);
	done(q);
}

TEST(expire_tunables_stamp_fifo_time)
{
	struct request_queue *q = setup();
	struct request *r, *w;

	r = add(q, 0, 100, 8);
	w = add(q, 1, W + 100, 8);
	CHECK_EQ(r->fifo_time, t0 + 500);
	CHECK_EQ(w->fifo_time, t0 + 5000);
	set(q, "read_expire", 100);
	set(q, "write_expire", 700);
	at(10);
	r = add(q, 2, 200, 8);
	w = add(q, 3, W + 200, 8);
	CHECK_EQ(r->fifo_time, t0 + 10 + 100);
	CHECK_EQ(w->fifo_time, t0 + 10 + 700);
	CHECK_NEXT(q, 100, 200, W + 100, W + 200);
	done(q);
}

/* ---- batches ---- */

/* A batch starts at the oldest request and sweeps up; the rest wait. */
TEST(batch_sweeps_up_from_oldest_request)
{
	struct request_queue *q = setup();

	add(q, 0, 200, 8);
	add(q, 1, 400, 8);
	add(q, 2, 100, 8);
	add(q, 3, 300, 8);
	CHECK_NEXT(q, 200, 300, 400, 100);
	done(q);
}

/* After fifo_batch requests the direction is chosen again. */
TEST(fifo_batch_limits_a_sorted_batch)
{
	struct request_queue *q = setup();

	set(q, "writes_starved", 1);
	set(q, "fifo_batch", 2);
	add(q, 0, W, 8);
	for (int i = 1; i <= 4; i++)
		add(q, i, 10 * i, 8);
	CHECK_NEXT(q, 10, 20, W, 30, 40);
	done(q);

	/* The same with the default batch of 16: the reads go in one. */
	q = setup();
	set(q, "writes_starved", 1);
	add(q, 0, W, 8);
	for (int i = 1; i <= 4; i++)
		add(q, i, 10 * i, 8);
	CHECK_NEXT(q, 10, 20, 30, 40, W);
	done(q);
}

/*
 * Reads win over older writes, but after writes_starved read batches
 * with writes waiting, a write batch runs.
 */
TEST(writes_starved_gives_writes_a_batch)
{
	struct request_queue *q = setup();

	/* Then the count starts again: two more read batches. */
	set(q, "fifo_batch", 1);
	add(q, 0, W, 8);
	add(q, 1, W + 10, 8);
	for (int i = 2; i <= 7; i++)
		add(q, i, 10 * (i - 1), 8);
	CHECK_NEXT(q, 10, 20, W, 30, 40, W + 10, 50, 60);
	done(q);

	q = setup();
	set(q, "fifo_batch", 1);
	set(q, "writes_starved", 4);
	add(q, 0, W, 8);
	for (int i = 1; i <= 5; i++)
		add(q, i, 10 * i, 8);
	CHECK_NEXT(q, 10, 20, 30, 40, W, 50);
	done(q);
}

/*
 * A batch of the other direction makes the reads forget their sweep: the
 * next read batch starts again at the oldest read (10), not at 40.
 */
TEST(direction_switch_restarts_at_the_oldest)
{
	struct request_queue *q = setup();

	set(q, "writes_starved", 1);
	set(q, "fifo_batch", 2);
	add(q, 0, W, 8);
	add(q, 1, 20, 8);
	at(1);
	add(q, 2, 10, 8);
	add(q, 3, 30, 8);
	add(q, 4, 40, 8);
	add(q, 5, 50, 8);
	CHECK_NEXT(q, 20, 30, W, 10, 40, 50);
	done(q);
}

/* ---- deadlines ---- */

/*
 * With one-request batches: 300 starts the sweep; at exactly its expiry
 * 100 is not late yet (time_after), one tick later it and 200 jump ahead
 * of 500, which the sweep would have taken next.
 */
static void expired_read_case(unsigned long start)
{
	struct request_queue *q = setup();

	t0 = start;
	set(q, "fifo_batch", 1);
	at(0);
	add(q, 0, 300, 8);
	at(10);
	add(q, 1, 100, 8);
	add(q, 2, 200, 8);
	at(20);
	add(q, 3, 400, 8);
	add(q, 4, 500, 8);
	CHECK_NEXT(q, 300);
	at(510);
	CHECK_NEXT(q, 400);
	at(511);
	CHECK_NEXT(q, 100, 200, 500);
	done(q);
}

TEST(expired_read_is_served_before_nearer_ones)
{
	expired_read_case(1000);
}

TEST(expiry_survives_jiffies_wrap)
{
	expired_read_case(~0UL - 300);
}

/* Deadlines are looked at between batches only: a batch is not cut. */
TEST(expiry_waits_for_the_batch_to_end)
{
	struct request_queue *q = setup();

	add(q, 0, 300, 8);
	at(10);
	add(q, 1, 100, 8);
	add(q, 2, 200, 8);
	at(20);
	add(q, 3, 400, 8);
	add(q, 4, 500, 8);
	CHECK_NEXT(q, 300);
	at(2000);
	CHECK_NEXT(q, 400, 500, 100, 200);
	done(q);
}

/* Writes expire after write_expire, not read_expire. */
TEST(write_fifo_expires_after_write_expire)
{
	struct request_queue *q = setup();

	set(q, "fifo_batch", 1);
	add(q, 0, W + 300, 8);
	at(10);
	add(q, 1, W + 100, 8);
	at(20);
	add(q, 2, W + 400, 8);
	add(q, 3, W + 500, 8);
	CHECK_NEXT(q, W + 300);
	at(4000);
	CHECK_NEXT(q, W + 400);
	at(5011);
	CHECK_NEXT(q, W + 100, W + 500);
	done(q);
}

/* ---- merging ---- */

/* A bio ending where a request of its direction starts joins it. */
TEST(front_merge_found_in_the_bios_direction)
{
	struct request_queue *q = setup();
	struct request *r = add(q, 0, 100, 8), *w = add(q, 1, W + 100, 8);
	struct request *found = NULL;
	struct bio rbio = mkbio(92, 8, READ), wbio = mkbio(W + 92, 8, WRITE);
	struct bio wrong = mkbio(W + 92, 8, READ);

	/* Not through the core's last-merge cache: the elevator must find it. */
	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &found, &rbio), ELEVATOR_FRONT_MERGE);
	CHECK(found == r);
	q->last_merge = NULL;
	found = NULL;
	CHECK_EQ(elv_merge(q, &found, &wbio), ELEVATOR_FRONT_MERGE);
	CHECK(found == w);
	/* A read bio ending at a write request's start: no. */
	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &found, &wrong), ELEVATOR_NO_MERGE);
	CHECK_NEXT(q, 100, W + 100);
	done(q);
}

/* Requests of both directions at one sector: each bio finds its own. */
TEST(front_merge_looks_in_its_own_direction_only)
{
	struct request_queue *q = setup();
	struct request *r = add(q, 0, 100, 8), *w, *found = NULL;
	struct bio rbio = mkbio(92, 8, READ), wbio = mkbio(92, 8, WRITE);

	add(q, 1, W + 500, 8);
	w = add_rw(q, 2, 100, 8, WRITE, ELEVATOR_INSERT_SORT);
	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &found, &wbio), ELEVATOR_FRONT_MERGE);
	CHECK(found == w);
	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &found, &rbio), ELEVATOR_FRONT_MERGE);
	CHECK(found == r);
	/* The write at 100 sorts below the one at W + 500. */
	CHECK(elv_latter_request(q, w) == &rqs[1]);
	CHECK_NEXT(q, 100, W + 500, 100);
	done(q);
}

TEST(front_merge_refused_when_disabled_or_not_allowed)
{
	struct request_queue *q = setup();
	struct request *found = NULL;
	struct bio bio = mkbio(92, 8, READ), nomerge = mkbio(92, 8, REQ_NOMERGE);
	struct gendisk other_disk = { .queue = q };
	struct block_device other = { .bd_disk = &other_disk };
	struct bio elsewhere = mkbio(92, 8, READ);

	add(q, 0, 100, 8);
	/* Found in the tree, but elv_rq_merge_ok() says no. */
	elsewhere.bi_bdev = &other;
	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &found, &elsewhere), ELEVATOR_NO_MERGE);
	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &found, &nomerge), ELEVATOR_NO_MERGE);
	set(q, "front_merges", 0);
	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &found, &bio), ELEVATOR_NO_MERGE);
	set(q, "front_merges", 1);
	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &found, &bio), ELEVATOR_FRONT_MERGE);
	CHECK_NEXT(q, 100);
	done(q);
}

/*
 * 100+8 grows at its front to start at 92, before 96+2: the sort tree
 * must follow, or the sweep from 50 would take 96 first.
 */
TEST(front_merge_repositions_the_request)
{
	struct request_queue *q = setup();
	struct request *low = add(q, 0, 50, 2);
	struct request *big = add(q, 1, 100, 8);
	struct request *mid = add(q, 2, 96, 2), *found = NULL;
	struct bio bio = mkbio(92, 8, READ);

	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &found, &bio), ELEVATOR_FRONT_MERGE);
	CHECK(found == big);
	/* What __make_request does for a front merge. */
	big->sector = bio.bi_sector;
	big->data_len += bio.bi_size;
	elv_merged_request(q, big, ELEVATOR_FRONT_MERGE);
	CHECK(elv_former_request(q, big) == low);
	CHECK(elv_latter_request(q, big) == mid);
	CHECK(elv_latter_request(q, mid) == NULL);
	CHECK_NEXT(q, 50, 92, 96);
	done(q);
}

/*
 * 108 (older) is merged into 100: the result must keep 108's deadline
 * and FIFO place, ahead of 50.
 */
TEST(merge_requests_keeps_the_earlier_deadline)
{
	struct request_queue *q = setup();
	struct request *next = add(q, 0, 108, 8), *rq;

	at(50);
	add(q, 1, 50, 8);
	at(100);
	rq = add(q, 2, 100, 8);
	rq->data_len += next->data_len;
	elv_merge_requests(q, rq, next);
	CHECK_EQ(rq->fifo_time, t0 + 500);
	CHECK_EQ(q->nr_sorted, 2);
	CHECK(list_empty(&next->queuelist));
	CHECK(RB_EMPTY_NODE(&next->rb_node));
	CHECK_NEXT(q, 100, 50);
	done(q);

	/* The other way round, @rq is older and keeps its own place. */
	q = setup();
	rq = add(q, 0, 100, 8);
	at(50);
	add(q, 1, 50, 8);
	at(100);
	next = add(q, 2, 108, 8);
	rq->data_len += next->data_len;
	elv_merge_requests(q, rq, next);
	CHECK_EQ(rq->fifo_time, t0 + 500);
	CHECK_NEXT(q, 100, 50);
	done(q);
}

/* The batch was heading for the request merged away: it goes on after. */
TEST(merge_requests_moves_the_sweep_past_next)
{
	struct request_queue *q = setup();
	struct request *rq, *next;

	add(q, 0, 0, 8);
	next = add(q, 1, 20, 8);
	add(q, 2, 40, 8);
	CHECK_NEXT(q, 0);		/* the sweep now heads for 20 */
	rq = add(q, 3, 12, 8);
	rq->data_len += next->data_len;
	elv_merge_requests(q, rq, next);
	CHECK_NEXT(q, 40, 12);
	done(q);
}

/* ---- draining and emptiness ---- */

TEST(force_dispatch_drains_everything_in_deadline_order)
{
	struct request_queue *q = setup();

	add(q, 0, W + 20, 8);
	add(q, 1, 30, 8);
	add(q, 2, W + 10, 8);
	add(q, 3, 10, 8);
	add(q, 4, 20, 8);
	CHECK_EQ(q->elevator->ops->elevator_dispatch_fn(q, 1), 5);
	CHECK_EQ(q->nr_sorted, 0);
	CHECK(q->elevator->ops->elevator_queue_empty_fn(q));
	CHECK(!elv_queue_empty(q));	/* they wait on the dispatch list */
	CHECK_EQ(q->elevator->ops->elevator_dispatch_fn(q, 1), 0);
	CHECK_NEXT(q, 30, 10, 20, W + 20, W + 10);
	done(q);
}

/* A barrier (INSERT_BACK) drains the elevator ahead of itself. */
TEST(insert_back_goes_after_everything_sorted)
{
	struct request_queue *q = setup();

	add(q, 0, 30, 8);
	add(q, 1, 10, 8);
	add_rw(q, 2, 5, 8, READ, ELEVATOR_INSERT_BACK);
	CHECK_EQ(q->nr_sorted, 0);
	CHECK_NEXT(q, 30, 10, 5);
	done(q);
}

TEST(queue_empty_only_after_everything_dispatched)
{
	struct request_queue *q = setup();

	CHECK(elv_queue_empty(q));
	add(q, 0, 10, 8);
	add(q, 1, W, 8);
	CHECK(!elv_queue_empty(q));
	CHECK_NEXT(q, 10);
	CHECK(!elv_queue_empty(q));
	CHECK(elv_next_request(q) != NULL);	/* on the dispatch list now */
	CHECK(q->elevator->ops->elevator_queue_empty_fn(q));
	CHECK(!elv_queue_empty(q));
	CHECK_NEXT(q, W);
	CHECK(elv_queue_empty(q));
	done(q);
}

TEST(former_and_latter_follow_sector_order_per_direction)
{
	struct request_queue *q = setup();
	struct request *a = add(q, 0, 30, 8), *b = add(q, 1, 10, 8);
	struct request *c = add(q, 2, 20, 8), *w = add(q, 3, W, 8);

	CHECK(elv_former_request(q, c) == b);
	CHECK(elv_latter_request(q, c) == a);
	CHECK(elv_former_request(q, b) == NULL);
	CHECK(elv_latter_request(q, a) == NULL);
	CHECK(elv_former_request(q, w) == NULL);
	CHECK(elv_latter_request(q, w) == NULL);
	CHECK_NEXT(q, 30, 10, 20, W);
	done(q);
}

TEST(exit_warns_when_requests_are_left)
{
	struct request_queue *q = setup();
	int warns = hosted_warn_count;

	add(q, 0, 10, 8);
	blk_cleanup_queue(q);
	CHECK_EQ(hosted_warn_count, warns + 1);
}
