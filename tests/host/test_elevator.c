/*
 * test_elevator.c - the elevator core (block/elevator.c) through noop:
 * back merges through the end-sector hash, the last-merge cache, the
 * one-way dispatch sweep, insertion positions, elevator= parsing, and the
 * sorted-tree helpers every elevator uses.
 */
#include "harness.h"
#include "hosted.h"
#include "elevator.h"
#include "init.h"
#include "slab.h"

static struct gendisk disk;
static struct block_device bdev = { .bd_disk = &disk };
static struct request rqs[16];

static struct request_queue *setup(const char *elevator)
{
	struct request_queue *q;

	hosted_block_boot();
	q = blk_alloc_queue(NULL, elevator);
	disk.queue = q;
	return q;
}

/* A request for [sector, sector + sectors) in direction @rw. */
static struct request *mkrq(struct request_queue *q, int i, sector_t sector,
			    unsigned int sectors, unsigned long rw)
{
	struct request *rq = &rqs[i];

	blk_rq_init(q, rq);
	rq->sector = sector;
	rq->data_len = sectors << 9;
	rq->cmd_flags = rw | REQ_ELVPRIV;	/* as get_request() makes them */
	rq->rq_disk = &disk;
	return rq;
}

static struct bio mkbio(sector_t sector, unsigned int sectors, unsigned long rw)
{
	struct bio bio = { .bi_sector = sector, .bi_size = sectors << 9,
			   .bi_rw = rw, .bi_bdev = &bdev };
	return bio;
}

/* Take the next request the way a driver does. */
static struct request *take(struct request_queue *q)
{
	struct request *rq = elv_next_request(q);

	if (rq)
		elv_dequeue_request(q, rq);
	return rq;
}

static void finish(struct request_queue *q, struct request *rq)
{
	elv_completed_request(q, rq);
}

TEST(unknown_name_falls_back_to_noop)
{
	struct request_queue *q = setup("no-such-elevator");

	CHECK(q != NULL);
	if (q) {
		CHECK_STREQ(q->elevator->elevator_type->elevator_name, "noop");
		blk_cleanup_queue(q);
	}
}

TEST(elevator_param_global_and_per_disk)
{
	char line[] = "elevator=deadline elevator=sdb:noop elevator=:x elevator=sdc:";

	setup("noop");
	CHECK_EQ(parse_kernel_params(line), 2);
	CHECK_STREQ(elevator_boot_choice("sdb"), "noop");
	CHECK_STREQ(elevator_boot_choice("sda"), "deadline");
	CHECK_STREQ(elevator_boot_choice(NULL), "deadline");
	blk_cleanup_queue(disk.queue);
}

TEST(noop_dispatches_in_arrival_order)
{
	struct request_queue *q = setup("noop");
	sector_t order[] = { 100, 50, 200 };

	for (int i = 0; i < 3; i++)
		elv_add_request(q, mkrq(q, i, order[i], 8, READ), ELEVATOR_INSERT_SORT);
	CHECK_EQ(q->nr_sorted, 3);
	for (int i = 0; i < 3; i++) {
		struct request *rq = take(q);

		CHECK(rq != NULL);
		if (!rq)
			break;
		CHECK_EQ(blk_rq_pos(rq), order[i]);
		finish(q, rq);
	}
	CHECK(take(q) == NULL);
	CHECK(elv_queue_empty(q));
	CHECK_EQ(q->nr_sorted, 0);
	CHECK_EQ(q->in_flight, 0);
	blk_cleanup_queue(q);
}

TEST(dispatch_sort_sweeps_up_from_head_then_wraps)
{
	struct request_queue *q = setup("noop");
	sector_t in[] = { 100, 200, 160, 50 }, out[] = { 160, 200, 50, 100 };

	q->end_sector = 150;	/* the head is at 150 */
	for (int i = 0; i < 4; i++)
		elv_add_request(q, mkrq(q, i, in[i], 8, READ), ELEVATOR_INSERT_SORT);
	/* A forced dispatch moves all to the dispatch list through the sort. */
	while (q->elevator->ops->elevator_dispatch_fn(q, 1))
		;
	for (int i = 0; i < 4; i++) {
		struct request *rq = take(q);

		CHECK(rq && blk_rq_pos(rq) == out[i]);
		if (rq)
			finish(q, rq);
	}
	blk_cleanup_queue(q);
}

TEST(back_merge_found_through_end_sector_hash)
{
	struct request_queue *q = setup("noop");
	struct request *rq = mkrq(q, 0, 100, 8, WRITE), *got = NULL;
	struct bio back = mkbio(108, 8, WRITE), read = mkbio(108, 8, READ);
	struct bio far = mkbio(500, 8, WRITE);

	elv_add_request(q, rq, ELEVATOR_INSERT_SORT);
	q->last_merge = NULL;	/* prove the hash, not the cache, finds it */
	CHECK_EQ(elv_merge(q, &got, &back), ELEVATOR_BACK_MERGE);
	CHECK(got == rq);
	CHECK_EQ(elv_merge(q, &got, &read), ELEVATOR_NO_MERGE);
	CHECK_EQ(elv_merge(q, &got, &far), ELEVATOR_NO_MERGE);
	/* Grow the request as the request path would; the hash follows. */
	rq->data_len += 8 << 9;
	elv_merged_request(q, rq, ELEVATOR_BACK_MERGE);
	CHECK(q->last_merge == rq);
	q->last_merge = NULL;
	back = mkbio(116, 8, WRITE);
	CHECK_EQ(elv_merge(q, &got, &back), ELEVATOR_BACK_MERGE);
	back = mkbio(108, 8, WRITE);
	CHECK_EQ(elv_merge(q, &got, &back), ELEVATOR_NO_MERGE);
	finish(q, take(q));
	blk_cleanup_queue(q);
}

TEST(last_merge_cache_offers_front_merge)
{
	struct request_queue *q = setup("noop");
	struct request *rq = mkrq(q, 0, 100, 8, READ), *got = NULL;
	struct bio front = mkbio(92, 8, READ);

	elv_add_request(q, rq, ELEVATOR_INSERT_SORT);
	CHECK(q->last_merge == rq);
	CHECK_EQ(elv_merge(q, &got, &front), ELEVATOR_FRONT_MERGE);
	CHECK(got == rq);
	/* Without the cache, noop (no merge hook) finds no front merge. */
	q->last_merge = NULL;
	CHECK_EQ(elv_merge(q, &got, &front), ELEVATOR_NO_MERGE);
	finish(q, take(q));
	blk_cleanup_queue(q);
}

TEST(unmergeable_requests_and_bios_refused)
{
	struct request_queue *q = setup("noop");
	struct request *rq = mkrq(q, 0, 100, 8, WRITE), *got = NULL;
	struct bio flush = mkbio(108, 8, WRITE | REQ_FLUSH);
	struct bio nomerge = mkbio(108, 8, WRITE | REQ_NOMERGE);
	struct bio ok = mkbio(108, 8, WRITE);

	elv_add_request(q, rq, ELEVATOR_INSERT_SORT);
	CHECK_EQ(elv_merge(q, &got, &flush), ELEVATOR_NO_MERGE);
	CHECK_EQ(elv_merge(q, &got, &nomerge), ELEVATOR_NO_MERGE);
	CHECK_EQ(elv_merge(q, &got, &ok), ELEVATOR_BACK_MERGE);
	/* Once the driver started it, nothing joins it. */
	got = take(q);
	CHECK_EQ(elv_merge(q, &got, &ok), ELEVATOR_NO_MERGE);
	finish(q, rq);
	blk_cleanup_queue(q);
}

TEST(insert_back_drains_elevator_first_and_front_jumps_queue)
{
	struct request_queue *q = setup("noop");

	elv_add_request(q, mkrq(q, 0, 10, 8, WRITE), ELEVATOR_INSERT_SORT);
	elv_add_request(q, mkrq(q, 1, 20, 8, WRITE), ELEVATOR_INSERT_SORT);
	/* A flush may not pass the writes queued before it. */
	elv_add_request(q, mkrq(q, 2, 0, 0, WRITE | REQ_FLUSH), ELEVATOR_INSERT_SORT);
	CHECK_EQ(q->nr_sorted, 0);
	elv_add_request(q, mkrq(q, 3, 99, 8, READ), ELEVATOR_INSERT_FRONT);
	CHECK(take(q) == &rqs[3]);
	CHECK(take(q) == &rqs[0]);
	CHECK(take(q) == &rqs[1]);
	CHECK(take(q) == &rqs[2]);
	for (int i = 0; i < 4; i++)
		finish(q, &rqs[i]);
	CHECK_EQ(q->in_flight, 0);
	blk_cleanup_queue(q);
}

TEST(requeue_goes_first_and_keeps_counts)
{
	struct request_queue *q = setup("noop");
	struct request *rq;

	elv_add_request(q, mkrq(q, 0, 10, 8, READ), ELEVATOR_INSERT_SORT);
	elv_add_request(q, mkrq(q, 1, 20, 8, READ), ELEVATOR_INSERT_SORT);
	rq = take(q);
	CHECK_EQ(q->in_flight, 1);
	elv_requeue_request(q, rq);
	CHECK_EQ(q->in_flight, 0);
	CHECK(!(rq->cmd_flags & REQ_STARTED));
	CHECK(take(q) == rq);
	finish(q, rq);
	finish(q, take(q));
	CHECK_EQ(q->in_flight, 0);
	blk_cleanup_queue(q);
}

TEST(noop_has_no_tunables)
{
	struct request_queue *q = setup("noop");
	long v;

	CHECK_EQ(elv_tunable_show(q, "fifo_batch", &v), -ENOENT);
	CHECK_EQ(elv_tunable_store(q, "fifo_batch", 1), -ENOENT);
	blk_cleanup_queue(q);
}

TEST(rb_helpers_keep_equal_sectors_in_arrival_order)
{
	struct request_queue *q = setup("noop");
	struct rb_root root = RB_ROOT;
	sector_t s[] = { 50, 10, 50, 30, 50 };

	for (int i = 0; i < 5; i++)
		elv_rb_add(&root, mkrq(q, i, s[i], 8, READ));
	CHECK(elv_rb_find(&root, 50) == &rqs[0]);
	CHECK(elv_rb_find(&root, 40) == NULL);
	CHECK(elv_rb_latter_request(q, &rqs[0]) == &rqs[2]);
	CHECK(elv_rb_latter_request(q, &rqs[2]) == &rqs[4]);
	CHECK(elv_rb_latter_request(q, &rqs[4]) == NULL);
	CHECK(elv_rb_former_request(q, &rqs[0]) == &rqs[3]);
	CHECK(elv_rb_former_request(q, &rqs[1]) == NULL);
	elv_rb_del(&root, &rqs[0]);
	CHECK(RB_EMPTY_NODE(&rqs[0].rb_node));
	CHECK(elv_rb_find(&root, 50) == &rqs[2]);
	blk_cleanup_queue(q);
}
