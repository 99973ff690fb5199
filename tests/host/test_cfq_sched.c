/*
 * test_cfq_sched.c - CFQ's turns (block/cfq-iosched.c): round robin and
 * slice lengths, the quantum, async budgets, FIFO expiry, the idle
 * window, priority classes and forced draining. The processes, driver
 * and clock are in cfq_procs.h.
 */
#include "cfq_procs.h"

/* ---- turns ---- */

TEST(round_robin_gives_each_process_its_slice)
{
	struct request_queue *q = mkqueue();
	static int owners[450];
	int count[3] = { 0 }, run_owner[16], run_len[16], runs;
	struct proc p[3];

	for (int i = 0; i < 3; i++) {
		proc_start(&p[i], i);
		for (int j = 0; j < 150; j++)
			submit(&p[i], q, (sector_t)i * 1000000 + (sector_t)j * 8, 8, READ);
	}
	/*
	 * 1 ms per request: a 100 ms slice, counted from its first
	 * completion, is 101 requests, plus the 3 already on the dispatch
	 * list when it ends (quantum 4). Turns go A B C A B C.
	 */
	CHECK_EQ(serve(q, 450, 1, owners, NULL), 450);
	runs = count_runs(owners, 450, run_owner, run_len, 16);
	CHECK_EQ(runs, 6);
	for (int i = 0; i < runs && i < 6; i++) {
		CHECK_EQ(run_owner[i], i % 3);
		if (i < 3)
			CHECK(run_len[i] >= 100 && run_len[i] <= 106);
		else
			CHECK_EQ(run_len[i], 150 - run_len[i - 3]);
	}
	for (int i = 0; i < 312; i++)
		count[owners[i]]++;
	for (int i = 0; i < 3; i++)
		CHECK(count[i] >= 100 && count[i] <= 108);
	CHECK(cfqd_of(q)->stats.slices >= 5);

	for (int i = 0; i < 3; i++)
		proc_exit(&p[i]);
	blk_cleanup_queue(q);
}

TEST(slice_length_follows_io_priority)
{
	struct request_queue *q = mkqueue();
	static int owners[440];
	int run_owner[8], run_len[8], count[2] = { 0 };
	struct proc hi, lo;

	proc_start(&hi, 0);
	proc_start(&lo, 1);
	proc_ioprio(&hi, IOPRIO_CLASS_BE, 0);	/* 100 + 20 * 4 = 180 ms */
	proc_ioprio(&lo, IOPRIO_CLASS_BE, 7);	/* 100 - 20 * 3 = 40 ms */
	for (int j = 0; j < 400; j++) {
		submit(&hi, q, (sector_t)j * 8, 8, READ);
		submit(&lo, q, 1000000 + (sector_t)j * 8, 8, READ);
	}
	CHECK_EQ(serve(q, 440, 1, owners, NULL), 440);
	CHECK(count_runs(owners, 440, run_owner, run_len, 8) >= 4);
	CHECK(run_owner[0] == 0 && run_len[0] >= 180 && run_len[0] <= 186);
	CHECK(run_owner[1] == 1 && run_len[1] >= 40 && run_len[1] <= 46);
	CHECK(run_owner[2] == 0 && run_len[2] >= 180 && run_len[2] <= 186);
	for (int i = 0; i < 440; i++)
		count[owners[i]]++;
	CHECK(count[0] > 4 * count[1]);

	drain(q);
	proc_exit(&hi);
	proc_exit(&lo);
	blk_cleanup_queue(q);
}

TEST(quantum_limits_dispatches_per_round)
{
	struct request_queue *q = mkqueue();
	struct request *taken[32];
	struct proc a, b;
	int n = 0;

	proc_start(&a, 0);
	proc_start(&b, 1);
	for (int j = 0; j < 10; j++) {
		submit(&a, q, (sector_t)j * 8, 8, READ);
		submit(&b, q, 100000 + (sector_t)j * 8, 8, READ);
	}
	CHECK_EQ(dispatch(q, 0), 4);		/* quantum */
	while (n < 4 && (taken[n] = take(q)) != NULL)
		n++;
	CHECK_EQ(n, 4);
	/* Four of A's in the driver and B waits: nothing more for now. */
	CHECK(take(q) == NULL);
	finish(q, taken[0]);
	CHECK_EQ(dispatch(q, 0), 1);
	for (int i = 1; i < 4; i++)
		finish(q, taken[i]);
	drain(q);

	/* Alone on the disk a queue may go four quanta deep. */
	n = 0;
	for (int j = 0; j < 20; j++)
		submit(&a, q, 200000 + (sector_t)j * 8, 8, READ);
	CHECK_EQ(dispatch(q, 0), 4);
	while (n < 32 && (taken[n] = take(q)) != NULL)
		n++;
	CHECK_EQ(n, 16);
	for (int i = 0; i < n; i++)
		finish(q, taken[i]);
	drain(q);

	/* The tunable. */
	CHECK_EQ(set_tunable(q, "quantum", 2), 0);
	for (int j = 0; j < 4; j++) {
		submit(&a, q, 300000 + (sector_t)j * 8, 8, READ);
		submit(&b, q, 400000 + (sector_t)j * 8, 8, READ);
	}
	CHECK_EQ(dispatch(q, 0), 2);
	drain(q);

	proc_exit(&a);
	proc_exit(&b);
	blk_cleanup_queue(q);
}

TEST(async_turn_ends_after_its_request_budget)
{
	struct request_queue *q = mkqueue();
	int owners[80], run_owner[8], run_len[8];
	struct proc w4, w0;

	proc_start(&w4, 0);
	proc_start(&w0, 1);
	proc_ioprio(&w0, IOPRIO_CLASS_BE, 0);
	for (int j = 0; j < 40; j++) {
		submit(&w4, q, (sector_t)j * 8, 8, WRITE);
		submit(&w0, q, 1000000 + (sector_t)j * 8, 8, WRITE);
	}
	/*
	 * Async slices end by count while others wait: 2 * (slice_async_rq
	 * + slice_async_rq * (7 - level)) requests, 16 at level 4 and 32 at
	 * level 0, well before their 40 / 72 ms.
	 */
	CHECK_EQ(serve(q, 80, 1, owners, NULL), 80);
	CHECK(count_runs(owners, 80, run_owner, run_len, 8) >= 4);
	CHECK(run_owner[0] == 0 && run_len[0] == 16);
	CHECK(run_owner[1] == 1 && run_len[1] == 32);
	CHECK(run_owner[2] == 0 && run_len[2] == 16);

	drain(q);
	proc_exit(&w4);
	proc_exit(&w0);
	blk_cleanup_queue(q);
}

TEST(writeback_waits_while_sync_requests_are_in_flight)
{
	struct request_queue *q = mkqueue();
	struct request *r1, *r2, *w;
	struct proc r, wr;

	proc_start(&r, 0);
	proc_start(&wr, 1);
	CHECK_EQ(set_tunable(q, "slice_idle", 0), 0);	/* R's turn ends at once */
	submit(&r, q, 0, 8, READ);
	submit(&r, q, 8, 8, READ);
	for (int j = 0; j < 4; j++)
		submit(&wr, q, 500000 + (sector_t)j * 8, 8, WRITE);
	r1 = take(q);
	r2 = take(q);
	CHECK(r1 && r2 && owner(r1) == 0 && owner(r2) == 0);
	/* The writer's turn has come, but two reads are still in the driver. */
	CHECK(take(q) == NULL);
	CHECK(cfqd_of(q)->active_queue && !cfq_cfqq_sync(cfqd_of(q)->active_queue));
	if (r1)
		finish(q, r1);
	CHECK(take(q) == NULL);
	if (r2)
		finish(q, r2);
	w = take(q);
	CHECK(w && owner(w) == 1);
	if (w)
		finish(q, w);

	drain(q);
	proc_exit(&r);
	proc_exit(&wr);
	blk_cleanup_queue(q);
}

TEST(fifo_expiry_serves_an_old_request_first)
{
	struct request_queue *q = mkqueue();
	sector_t order[4];
	struct proc a, b;

	proc_start(&a, 0);
	proc_start(&b, 1);
	CHECK_EQ(set_tunable(q, "quantum", 1), 0);	/* see CFQ's own order */
	/* Young: the sweep goes from the head (0) upwards. */
	submit(&a, q, 10000, 8, READ);
	submit(&a, q, 100, 8, READ);
	submit(&a, q, 108, 8, READ);
	CHECK_EQ(serve(q, 3, 1, NULL, order), 3);
	CHECK_EQ(order[0], 100);
	CHECK_EQ(order[2], 10000);
	CHECK_EQ(cfqd_of(q)->stats.fifo_expired, 0);
	drain(q);

	/*
	 * Old: past fifo_expire_sync (125 ms) it goes first, although the
	 * head (now at 10008) is much nearer 10100.
	 */
	submit(&b, q, 50000, 8, READ);
	submit(&b, q, 60000, 8, READ);
	hosted_advance_jiffies(126);
	submit(&b, q, 10100, 8, READ);
	submit(&b, q, 10108, 8, READ);
	CHECK_EQ(serve(q, 4, 1, NULL, order), 4);
	CHECK_EQ(order[0], 50000);
	/* The FIFO is looked at once per turn: 60000 waits for the sweep. */
	CHECK_EQ(order[1], 10100);
	CHECK_EQ(order[2], 10108);
	CHECK_EQ(order[3], 60000);
	CHECK_EQ(cfqd_of(q)->stats.fifo_expired, 1);

	drain(q);
	proc_exit(&a);
	proc_exit(&b);
	blk_cleanup_queue(q);
}

TEST(idle_window_waits_for_the_same_process_then_switches)
{
	struct request_queue *q = mkqueue();
	struct cfq_data *cfqd = cfqd_of(q);
	struct cfq_queue *acfqq;
	struct request *rq;
	unsigned long kicked;
	struct proc a, b;

	proc_start(&a, 0);
	proc_start(&b, 1);
	submit(&a, q, 0, 8, READ);
	for (int j = 0; j < 3; j++)
		submit(&b, q, 500000 + (sector_t)j * 8, 8, READ);
	rq = take(q);
	CHECK(rq && owner(rq) == 0);
	/* A's request is in flight: B is not served meanwhile. */
	CHECK(take(q) == NULL);
	finish(q, rq);
	/* A ran dry: the idle window opens and B still waits. */
	CHECK(timer_pending(&cfqd->idle_slice_timer));
	CHECK_EQ(cfqd->stats.idle_waits, 1);
	CHECK(take(q) == NULL);
	hosted_advance_jiffies(5);
	CHECK(take(q) == NULL);
	/* A comes back within slice_idle (8 ms): it keeps the disk. */
	submit(&a, q, 8, 8, READ);
	CHECK(!timer_pending(&cfqd->idle_slice_timer));
	CHECK_EQ(cfqd->stats.idle_hits, 1);
	rq = take(q);
	CHECK(rq && owner(rq) == 0);
	finish(q, rq);
	/* This time it does not: after 8 ms the turn passes and the queue runs. */
	kicked = kicks;
	hosted_advance_jiffies(7);
	CHECK(take(q) == NULL);
	hosted_advance_jiffies(1);
	CHECK_EQ(cfqd->stats.idle_timeouts, 1);
	CHECK_EQ(kicks, kicked + 1);
	rq = take(q);
	CHECK(rq && owner(rq) == 1);
	if (rq)
		finish(q, rq);
	drain(q);

	/* Nobody else waiting: the closed window does not end A's turn. */
	rq = submit(&a, q, 16, 8, READ);
	acfqq = RQ_CFQQ(rq);
	rq = take(q);
	CHECK(rq && RQ_CFQQ(rq) == acfqq);
	if (rq)
		finish(q, rq);
	CHECK(timer_pending(&cfqd->idle_slice_timer));
	hosted_advance_jiffies(8);
	CHECK(!timer_pending(&cfqd->idle_slice_timer));
	CHECK(cfqd->active_queue == acfqq);
	CHECK_EQ(cfqd->stats.idle_timeouts, 1);
	drain(q);

	/* slice_idle 0: no waiting at all. */
	CHECK_EQ(set_tunable(q, "slice_idle", 0), 0);
	submit(&a, q, 0, 8, READ);
	rq = take(q);
	submit(&b, q, 500000, 8, READ);
	CHECK(rq && owner(rq) == 0);
	if (rq)
		finish(q, rq);
	rq = take(q);
	CHECK(rq && owner(rq) == 1);
	if (rq)
		finish(q, rq);

	drain(q);
	proc_exit(&a);
	proc_exit(&b);
	blk_cleanup_queue(q);
}

/* ---- classes ---- */

TEST(rt_served_before_be_and_idle_last)
{
	struct request_queue *q = mkqueue();
	static const int expect[3] = { 2, 0, 1 };	/* RT, BE, IDLE */
	struct proc be, idle, rt;
	int owners[9];
	struct request *rq;

	proc_start(&be, 0);
	proc_start(&idle, 1);
	proc_start(&rt, 2);
	proc_ioprio(&idle, IOPRIO_CLASS_IDLE, 0);
	proc_ioprio(&rt, IOPRIO_CLASS_RT, 4);
	for (int j = 0; j < 3; j++) {
		submit(&be, q, 100000 + (sector_t)j * 8, 8, READ);
		submit(&idle, q, 200000 + (sector_t)j * 8, 8, READ);
		submit(&rt, q, 300000 + (sector_t)j * 8, 8, READ);
	}
	CHECK_EQ(serve(q, 9, 1, owners, NULL), 9);
	for (int i = 0; i < 9; i++)
		CHECK_EQ(owners[i], expect[i / 3]);

	/* A new RT request ends a BE turn at once; an IDLE one never does. */
	CHECK_EQ(set_tunable(q, "quantum", 1), 0);
	for (int j = 0; j < 5; j++)
		submit(&be, q, 400000 + (sector_t)j * 8, 8, READ);
	rq = take(q);
	CHECK(rq && owner(rq) == 0);
	submit(&idle, q, 500000, 8, READ);
	CHECK_EQ(cfqd_of(q)->stats.preemptions, 0);
	submit(&rt, q, 600000, 8, READ);
	CHECK_EQ(cfqd_of(q)->stats.preemptions, 1);
	if (rq)
		finish(q, rq);
	rq = take(q);
	CHECK(rq && owner(rq) == 2);
	if (rq)
		finish(q, rq);
	drain(q);

	/* Idle-class I/O goes one request at a time, whatever the quantum. */
	CHECK_EQ(set_tunable(q, "quantum", 4), 0);
	for (int j = 0; j < 3; j++)
		submit(&idle, q, 700000 + (sector_t)j * 8, 8, READ);
	CHECK_EQ(dispatch(q, 0), 1);

	drain(q);
	proc_exit(&be);
	proc_exit(&idle);
	proc_exit(&rt);
	blk_cleanup_queue(q);
}

/* ---- draining ---- */

TEST(force_drains_every_queue_ignoring_slices_and_idling)
{
	struct request_queue *q = mkqueue();
	struct cfq_data *cfqd = cfqd_of(q);
	struct request *rq;
	struct proc p[3];
	int queued = 0, listed = 0;
	struct list_head *pos;

	for (int i = 0; i < 3; i++)
		proc_start(&p[i], i);
	proc_ioprio(&p[2], IOPRIO_CLASS_IDLE, 0);
	/* A's queue is the active one, idling after its first request. */
	submit(&p[0], q, 0, 8, READ);
	rq = take(q);
	CHECK(rq != NULL);
	if (rq)
		finish(q, rq);
	CHECK(timer_pending(&cfqd->idle_slice_timer));
	for (int i = 0; i < 3; i++) {
		for (int j = 0; j < 5; j++) {
			submit(&p[i], q, (sector_t)(i + 1) * 100000 + (sector_t)j * 8, 8,
			       j & 1 ? WRITE : READ);
			queued++;
		}
	}
	CHECK_EQ(q->nr_sorted, queued);
	CHECK_EQ(dispatch(q, 1), queued);
	CHECK_EQ(dispatch(q, 1), 0);
	CHECK_EQ(q->nr_sorted, 0);
	CHECK_EQ(cfqd->busy_queues, 0);
	CHECK(cfqd->active_queue == NULL);
	CHECK(!timer_pending(&cfqd->idle_slice_timer));
	list_for_each(pos, &q->queue_head)
		listed++;
	CHECK_EQ(listed, queued);

	drain(q);
	for (int i = 0; i < 3; i++)
		proc_exit(&p[i]);
	blk_cleanup_queue(q);
}
