/*
 * test_cfq.c - CFQ's per-process side (block/cfq-iosched.c, cfq-ioc.c):
 * merging only within the caller's queue, aliases, the choice of the
 * next request, sync and async queues, tunables and the lifetime of
 * contexts and queues. Turns and timing are in test_cfq_sched.c; the
 * processes, driver and clock in cfq_procs.h.
 */
#include "cfq_procs.h"

/* ---- merging ---- */

TEST(front_merge_found_only_in_callers_queue)
{
	struct request_queue *q = mkqueue(), *q2 = blk_alloc_queue(NULL, "cfq");
	struct request *ra, *rx, *r2, *got;
	struct cfq_queue *cfqq;
	struct proc a, b;

	proc_start(&a, 0);
	proc_start(&b, 1);
	ra = submit(&a, q, 100, 8, READ);
	submit(&b, q, 500, 8, READ);
	cfqq = RQ_CFQQ(ra);

	/* [92, 100) ends where ra starts: A's front merge, not B's. */
	CHECK_EQ(try_merge(&b, q, 92, 8, READ, &got), ELEVATOR_NO_MERGE);
	CHECK_EQ(try_merge(&a, q, 92, 8, READ, &got), ELEVATOR_FRONT_MERGE);
	CHECK(got == ra);
	/* Back merges (found by the core's hash) are vetted the same way. */
	CHECK_EQ(try_merge(&b, q, 108, 8, READ, &got), ELEVATOR_NO_MERGE);
	CHECK_EQ(try_merge(&a, q, 108, 8, READ, &got), ELEVATOR_BACK_MERGE);

	/* The lookup goes through the io_context's last-hit cache. */
	r2 = submit(&a, q2, 100, 8, READ);
	CHECK(a.task->io_context->ioc_data == RQ_CIC(r2));
	CHECK_EQ(try_merge(&a, q, 92, 8, READ, &got), ELEVATOR_FRONT_MERGE);
	CHECK(a.task->io_context->ioc_data == RQ_CIC(ra));
	CHECK(RQ_CIC(ra) != RQ_CIC(r2) && RQ_CIC(ra)->ioc == RQ_CIC(r2)->ioc);

	/*
	 * The merge happens: ra now starts at 92 and is sorted in again
	 * there, where an overlapping request rx of A's already starts:
	 * rx, the alias, goes to dispatch first.
	 */
	rx = submit(&a, q, 92, 4, READ);
	spin_lock_irq(q->queue_lock);
	ra->sector = 92;
	ra->data_len += 8 << 9;
	elv_merged_request(q, ra, ELEVATOR_FRONT_MERGE);
	spin_unlock_irq(q->queue_lock);
	CHECK(elv_rb_find(&cfqq->sort_list, 92) == ra);
	CHECK(elv_rb_find(&cfqq->sort_list, 100) == NULL);
	CHECK_EQ(cfqq->queued[1], 1);
	CHECK_EQ(cfqd_of(q)->stats.front_merges, 1);
	CHECK_EQ(cfqd_of(q)->stats.alias_dispatched, 1);
	CHECK(!list_empty(&q->queue_head) && rq_entry_fifo(q->queue_head.next) == rx);

	drain(q);
	drain(q2);
	proc_exit(&a);
	proc_exit(&b);
	blk_cleanup_queue(q);
	blk_cleanup_queue(q2);
}

TEST(request_merge_keeps_the_older_fifo_place)
{
	struct request_queue *q = mkqueue();
	struct request *old_rq, *mid, *new_rq;
	struct cfq_queue *cfqq;
	unsigned long old_time;
	struct proc a;

	proc_start(&a, 0);
	old_rq = submit(&a, q, 108, 8, READ);
	hosted_advance_jiffies(10);
	mid = submit(&a, q, 500, 8, READ);
	hosted_advance_jiffies(10);
	new_rq = submit(&a, q, 100, 8, READ);
	cfqq = RQ_CFQQ(new_rq);
	old_time = old_rq->fifo_time;
	CHECK(time_before(old_time, new_rq->fifo_time));
	CHECK(elv_latter_request(q, new_rq) == old_rq);	/* its neighbour */
	/* The core merges old_rq into new_rq (blk-merge's attempt_back_merge). */
	spin_lock_irq(q->queue_lock);
	new_rq->data_len += old_rq->data_len;
	elv_merge_requests(q, new_rq, old_rq);
	spin_unlock_irq(q->queue_lock);
	CHECK(rq_entry_fifo(cfqq->fifo.next) == new_rq);
	CHECK(rq_entry_fifo(cfqq->fifo.next->next) == mid);
	CHECK_EQ(new_rq->fifo_time, old_time);
	CHECK_EQ(cfqq->queued[1], 2);
	CHECK(elv_rb_find(&cfqq->sort_list, 108) == NULL);
	/* old_rq is freed by the core: its references go. */
	spin_lock_irq(q->queue_lock);
	elv_put_request(q, old_rq);
	q->nr_elvpriv--;
	spin_unlock_irq(q->queue_lock);

	drain(q);
	proc_exit(&a);
	blk_cleanup_queue(q);
}

TEST(sync_bio_never_merges_into_async_request)
{
	struct request_queue *q = mkqueue();
	struct proc a, b;
	struct request *w, *got;

	proc_start(&a, 0);
	proc_start(&b, 1);
	w = submit(&a, q, 200, 8, WRITE);	/* writeback: async */
	CHECK(!rq_is_sync(w));
	CHECK_EQ(try_merge(&a, q, 208, 8, WRITE_SYNC, &got), ELEVATOR_NO_MERGE);
	CHECK_EQ(try_merge(&a, q, 192, 8, WRITE_SYNC, &got), ELEVATOR_NO_MERGE);
	CHECK_EQ(try_merge(&a, q, 208, 8, WRITE, &got), ELEVATOR_BACK_MERGE);
	CHECK(got == w);
	CHECK_EQ(try_merge(&a, q, 192, 8, WRITE, &got), ELEVATOR_FRONT_MERGE);
	CHECK(got == w);
	/* B has no context on this disk yet: no queue, no merge. */
	CHECK_EQ(try_merge(&b, q, 208, 8, WRITE, &got), ELEVATOR_NO_MERGE);
	/* Async writes of one priority share a queue: once B writes, it may join A's. */
	submit(&b, q, 9000, 8, READ);
	CHECK_EQ(try_merge(&b, q, 208, 8, WRITE, &got), ELEVATOR_NO_MERGE);
	submit(&b, q, 9100, 8, WRITE);
	CHECK_EQ(try_merge(&b, q, 208, 8, WRITE, &got), ELEVATOR_BACK_MERGE);
	CHECK(got == w);

	drain(q);
	proc_exit(&a);
	proc_exit(&b);
	blk_cleanup_queue(q);
}

TEST(alias_at_same_sector_goes_straight_to_dispatch)
{
	struct request_queue *q = mkqueue();
	struct proc a, b;
	struct request *r1, *r2;

	proc_start(&a, 0);
	proc_start(&b, 1);
	r1 = submit(&a, q, 300, 8, READ);
	CHECK(list_empty(&q->queue_head));
	r2 = submit(&a, q, 300, 16, READ);
	/* r1 left the elevator at once, ahead of everything. */
	CHECK(!list_empty(&q->queue_head) && rq_entry_fifo(q->queue_head.next) == r1);
	CHECK_EQ(q->nr_sorted, 1);
	CHECK(elv_rb_find(&RQ_CFQQ(r2)->sort_list, 300) == r2);
	CHECK_EQ(RQ_CFQQ(r2)->queued[1], 1);
	CHECK_EQ(cfqd_of(q)->stats.alias_dispatched, 1);
	/* Another process's queue is another tree: no alias there. */
	submit(&b, q, 300, 8, READ);
	CHECK_EQ(cfqd_of(q)->stats.alias_dispatched, 1);
	CHECK_EQ(q->nr_sorted, 2);

	drain(q);
	proc_exit(&a);
	proc_exit(&b);
	blk_cleanup_queue(q);
}

/* ---- choosing the next request ---- */

/*
 * Put the head at @head (a request ending there is started and done),
 * queue @s1 then @s2 with flags @f1/@f2, and return where CFQ would go
 * next.
 */
static sector_t next_from(struct request_queue *q, struct proc *p, sector_t head,
			  sector_t s1, unsigned long f1, sector_t s2, unsigned long f2)
{
	struct request *rq;
	sector_t next = (sector_t)-1;

	submit(p, q, head - 8, 8, READ);
	rq = take(q);
	CHECK(rq && rq_end_sector(rq) == head);
	if (rq)
		finish(q, rq);
	rq = submit(p, q, s1, 8, f1);
	submit(p, q, s2, 8, f2);
	if (RQ_CFQQ(rq)->next_rq)
		next = blk_rq_pos(RQ_CFQQ(rq)->next_rq);
	drain(q);
	return next;
}

TEST(choose_req_prefers_forward_within_back_seek_max_with_penalty)
{
	struct request_queue *q = mkqueue();
	struct proc a;

	proc_start(&a, 0);
	/* 100 back (x2 = 200) loses to 150 forward; 50 back (100) wins. */
	CHECK_EQ(next_from(q, &a, 1000, 900, READ, 1150, READ), 1150);
	CHECK_EQ(next_from(q, &a, 1000, 950, READ, 1150, READ), 950);
	/* Past back_seek_max (16 MiB = 32768 sectors) only forward counts. */
	CHECK_EQ(next_from(q, &a, 100000, 60000, READ, 250000, READ), 250000);
	/* Both too far back: the lowest, one long seek and then upwards. */
	CHECK_EQ(next_from(q, &a, 100000, 20000, READ, 10000, READ), 10000);
	/* Equal cost: the higher sector. */
	CHECK_EQ(next_from(q, &a, 1000, 950, READ, 1100, READ), 1100);
	/* Metadata first, however far. */
	CHECK_EQ(next_from(q, &a, 1000, 1010, READ, 90000, READ | REQ_META), 90000);
	/* Without the penalty the shorter seek wins, backwards or not. */
	CHECK_EQ(set_tunable(q, "back_seek_penalty", 1), 0);
	CHECK_EQ(next_from(q, &a, 1000, 900, READ, 1150, READ), 900);
	/* back_seek_max 0: no backward seek at all. */
	CHECK_EQ(set_tunable(q, "back_seek_max", 0), 0);
	CHECK_EQ(next_from(q, &a, 1000, 999, READ, 5000, READ), 5000);

	proc_exit(&a);
	blk_cleanup_queue(q);
}

/* ---- queues ---- */

static void step_nice19(struct proc *p, void *arg)
{
	(void)p;
	(void)arg;
	current->nice = MAX_NICE;
}

TEST(sync_queues_per_process_async_shared_per_priority)
{
	struct request_queue *q = mkqueue();
	struct proc a, b, c;
	struct request *sa, *sb, *wa, *wb, *wc, *wsa, *wb2, *sb2, *sd, *wd;
	struct proc d;

	proc_start(&a, 0);
	proc_start(&b, 1);
	proc_start(&c, 2);
	proc_start(&d, 3);
	sa = submit(&a, q, 0, 8, READ);
	sb = submit(&b, q, 1000, 8, READ);
	wa = submit(&a, q, 2000, 8, WRITE);
	wb = submit(&b, q, 3000, 8, WRITE);
	wsa = submit(&a, q, 4000, 8, WRITE_SYNC);
	CHECK(RQ_CFQQ(sa) != RQ_CFQQ(sb));
	CHECK(RQ_CFQQ(wa) == RQ_CFQQ(wb));
	CHECK(RQ_CFQQ(wa) != RQ_CFQQ(sa) && RQ_CFQQ(wa) != RQ_CFQQ(sb));
	CHECK(RQ_CFQQ(wsa) == RQ_CFQQ(sa));	/* a sync write is sync I/O */
	CHECK(cfq_cfqq_sync(RQ_CFQQ(sa)) && !cfq_cfqq_sync(RQ_CFQQ(wa)));
	/* Nice 0, class NONE: best effort level 4. */
	CHECK_EQ(RQ_CFQQ(sa)->ioprio_class, IOPRIO_CLASS_BE);
	CHECK_EQ(RQ_CFQQ(sa)->ioprio, 4);
	CHECK(RQ_CIC(sa) != RQ_CIC(sb) && RQ_CIC(sa) == RQ_CIC(wa));
	CHECK(cic_to_cfqq(RQ_CIC(sa), true) == RQ_CFQQ(sa));
	CHECK(cic_to_cfqq(RQ_CIC(sa), false) == RQ_CFQQ(wa));

	/* Another level, another shared async queue. */
	proc_ioprio(&c, IOPRIO_CLASS_BE, 0);
	wc = submit(&c, q, 5000, 8, WRITE);
	CHECK(RQ_CFQQ(wc) != RQ_CFQQ(wa));
	CHECK_EQ(RQ_CFQQ(wc)->ioprio, 0);
	CHECK_EQ(cfqd_of(q)->nr_queues, 4);

	/* B moves to level 0: its async I/O joins C's, its sync queue follows. */
	proc_ioprio(&b, IOPRIO_CLASS_BE, 0);
	wb2 = submit(&b, q, 6000, 8, WRITE);
	sb2 = submit(&b, q, 7000, 8, READ);
	CHECK(RQ_CFQQ(wb2) == RQ_CFQQ(wc));
	CHECK(RQ_CFQQ(sb2) == RQ_CFQQ(sb));
	CHECK_EQ(RQ_CFQQ(sb2)->ioprio, 0);

	/* Class NONE follows nice: 19 is level 7, for both kinds of queue. */
	proc_call(&d, step_nice19, NULL);
	sd = submit(&d, q, 8000, 8, READ);
	wd = submit(&d, q, 9000, 8, WRITE);
	CHECK_EQ(RQ_CFQQ(sd)->ioprio, 7);
	CHECK_EQ(RQ_CFQQ(wd)->ioprio, 7);
	CHECK(RQ_CFQQ(wd) != RQ_CFQQ(wa) && RQ_CFQQ(wd) != RQ_CFQQ(wc));

	drain(q);
	proc_exit(&a);
	proc_exit(&b);
	proc_exit(&c);
	proc_exit(&d);
	blk_cleanup_queue(q);
}

/* ---- request allocation ---- */

struct may_args {
	struct request_queue *q;
	int res[2];
};

static void step_may_queue(struct proc *p, void *data)
{
	struct may_args *m = data;

	(void)p;
	spin_lock_irq(m->q->queue_lock);
	m->res[0] = elv_may_queue(m->q, READ);
	m->res[1] = elv_may_queue(m->q, READ);
	spin_unlock_irq(m->q->queue_lock);
}

TEST(may_queue_lets_the_idled_for_process_allocate)
{
	struct request_queue *q = mkqueue();
	struct may_args m = { .q = q };
	struct request *rq;
	struct proc a, b;

	proc_start(&a, 0);
	proc_start(&b, 1);
	submit(&a, q, 0, 8, READ);
	submit(&b, q, 500000, 8, READ);
	rq = take(q);
	CHECK(rq && owner(rq) == 0);
	if (rq)
		finish(q, rq);
	/* The disk idles for A: A may pass nr_requests, once per turn. */
	proc_call(&a, step_may_queue, &m);
	CHECK_EQ(m.res[0], ELV_MQUEUE_MUST);
	CHECK_EQ(m.res[1], ELV_MQUEUE_MAY);
	proc_call(&b, step_may_queue, &m);
	CHECK_EQ(m.res[0], ELV_MQUEUE_MAY);

	drain(q);
	proc_exit(&a);
	proc_exit(&b);
	blk_cleanup_queue(q);
}

/* ---- tunables and lifetime ---- */

TEST(tunables_defaults_and_ranges)
{
	static const struct { const char *name; long def, bad_lo, bad_hi; } t[] = {
		{ "quantum", 4, 0, 129 },
		{ "fifo_expire_sync", 125, 0, 60001 },
		{ "fifo_expire_async", 250, 0, 60001 },
		{ "back_seek_max", 16384, -1, 1024 * 1024 + 1 },
		{ "back_seek_penalty", 2, 0, 1025 },
		{ "slice_sync", 100, 0, 10001 },
		{ "slice_async", 40, 0, 10001 },
		{ "slice_async_rq", 2, 0, 129 },
		{ "slice_idle", 8, -1, 1001 },
	};
	struct request_queue *q = mkqueue();
	long v;

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		CHECK_EQ(tunable(q, t[i].name), t[i].def);
		CHECK_EQ(set_tunable(q, t[i].name, t[i].bad_lo), -ERANGE);
		CHECK_EQ(set_tunable(q, t[i].name, t[i].bad_hi), -ERANGE);
		CHECK_EQ(tunable(q, t[i].name), t[i].def);
		CHECK_EQ(set_tunable(q, t[i].name, t[i].def + 1), 0);
		CHECK_EQ(tunable(q, t[i].name), t[i].def + 1);
	}
	CHECK_EQ(set_tunable(q, "slice_idle", 0), 0);	/* idling off is allowed */
	CHECK_EQ(set_tunable(q, "back_seek_max", 0), 0);
	CHECK_EQ(set_tunable(q, "no_such_tunable", 1), -ENOENT);
	CHECK_EQ(elv_tunable_show(q, "no_such_tunable", &v), -ENOENT);
	/* Per queue: a new queue starts from the defaults. */
	{
		struct request_queue *q2 = blk_alloc_queue(NULL, "cfq");

		CHECK_EQ(tunable(q2, "quantum"), 4);
		blk_cleanup_queue(q2);
	}
	blk_cleanup_queue(q);
}

TEST(exit_returns_every_context_and_queue)
{
	unsigned long iocs = nr_io_contexts, cfqqs = slab_active("cfq_queue");
	unsigned long cics = slab_active("cfq_io_context");
	int warns = hosted_warn_count;
	struct request_queue *q1 = mkqueue(), *q2 = blk_alloc_queue(NULL, "cfq");
	struct proc p[3];

	for (int i = 0; i < 3; i++) {
		proc_start(&p[i], i);
		proc_ioprio(&p[i], IOPRIO_CLASS_BE, i);
		for (int j = 0; j < 4; j++) {
			submit(&p[i], q1, (sector_t)i * 100000 + (sector_t)j * 8, 8,
			       j & 1 ? WRITE : READ);
			submit(&p[i], q2, (sector_t)i * 100000 + (sector_t)j * 8, 8,
			       j & 1 ? WRITE : READ_SYNC);
		}
	}
	CHECK_EQ(nr_io_contexts, iocs + 3);
	CHECK_EQ(slab_active("cfq_io_context"), cics + 6);
	CHECK_EQ(slab_active("cfq_queue"), cfqqs + 12);	/* 3 sync + 3 async, twice */
	drain(q1);
	drain(q2);
	for (int i = 0; i < 3; i++)
		proc_exit(&p[i]);
	/* The tasks are gone; their cics keep the contexts until the queues go. */
	CHECK_EQ(nr_io_contexts, iocs + 3);
	blk_cleanup_queue(q1);
	CHECK_EQ(nr_io_contexts, iocs + 3);
	CHECK_EQ(slab_active("cfq_io_context"), cics + 3);
	blk_cleanup_queue(q2);
	CHECK_EQ(nr_io_contexts, iocs);
	CHECK_EQ(slab_active("cfq_io_context"), cics);
	CHECK_EQ(slab_active("cfq_queue"), cfqqs);
	CHECK_EQ(hosted_warn_count, warns);
}

TEST(exited_task_context_goes_with_its_last_request)
{
	unsigned long iocs = nr_io_contexts, cics = slab_active("cfq_io_context");
	int warns = hosted_warn_count;
	struct request_queue *q1 = mkqueue(), *q2 = blk_alloc_queue(NULL, "cfq");
	struct request *r1, *r2, *r3;
	struct proc a, b, c;

	proc_start(&a, 0);
	submit(&a, q1, 0, 8, READ);
	submit(&a, q1, 8, 8, READ);
	r1 = take(q1);
	r2 = take(q1);
	CHECK(r1 && r2);
	proc_exit(&a);			/* exits with I/O in flight */
	CHECK_EQ(nr_io_contexts, iocs + 1);
	finish(q1, r1);
	CHECK_EQ(nr_io_contexts, iocs + 1);
	finish(q1, r2);			/* the last request: cic and context go */
	CHECK_EQ(nr_io_contexts, iocs);
	CHECK_EQ(slab_active("cfq_io_context"), cics);
	CHECK_EQ(cfqd_of(q1)->stats.cics_reaped, 1);

	/* Last request on another disk: this disk's cic waits for a newcomer. */
	proc_start(&b, 1);
	submit(&b, q1, 100, 8, READ);
	submit(&b, q2, 100, 8, READ);
	r1 = take(q1);
	r3 = take(q2);
	CHECK(r1 && r3);
	proc_exit(&b);
	finish(q1, r1);
	finish(q2, r3);
	CHECK_EQ(nr_io_contexts, iocs + 1);	/* q1's cic still holds it */
	CHECK_EQ(cfqd_of(q2)->stats.cics_reaped, 1);
	proc_start(&c, 2);
	submit(&c, q1, 200, 8, READ);		/* a new process on q1 */
	CHECK_EQ(cfqd_of(q1)->stats.cics_reaped, 2);
	CHECK_EQ(nr_io_contexts, iocs + 1);	/* c's own */
	drain(q1);
	proc_exit(&c);
	blk_cleanup_queue(q1);
	blk_cleanup_queue(q2);
	CHECK_EQ(nr_io_contexts, iocs);
	CHECK_EQ(slab_active("cfq_io_context"), cics);
	CHECK_EQ(hosted_warn_count, warns);
}

/* ---- the whole path: submit_bio, __make_request, a driver ---- */

static struct request *held[32];
static int nr_held;

/* A driver that takes what it is given and finishes it later. */
static void hold_request_fn(struct request_queue *rq_q)
{
	struct request *rq;

	while (nr_held < 32 && (rq = blk_fetch_request(rq_q)) != NULL)
		held[nr_held++] = rq;
}

static int bios_done;
static void bio_done(struct bio *bio, int error)
{
	CHECK_EQ(error, 0);
	bios_done++;
	bio_put(bio);
}

static void step_submit_bio(struct proc *p, void *data)
{
	struct submit_args *a = data;
	struct bio *bio = bio_alloc(GFP_KERNEL, 1);

	(void)p;
	bio_add_page(bio, alloc_page(GFP_KERNEL), a->sectors << 9, 0);
	bio->bi_sector = a->sector;
	bio->bi_end_io = bio_done;
	bio->bi_bdev = &bdev;
	submit_bio(a->rw, bio);
}

static void submit_bio_as(struct proc *p, sector_t sector, unsigned long rw)
{
	struct submit_args a = { .sector = sector, .sectors = 8, .rw = rw };

	proc_call(p, step_submit_bio, &a);
}

TEST(whole_path_from_submit_bio_to_completion)
{
	unsigned long iocs = nr_io_contexts, cics = slab_active("cfq_io_context");
	unsigned long cfqqs = slab_active("cfq_queue"), sleeps = might_sleep_reports;
	int warns = hosted_warn_count;
	struct request_queue *q;
	struct proc a, b;

	mkqueue();
	blk_cleanup_queue(disk.queue);
	q = blk_init_queue(hold_request_fn, NULL, "cfq");
	disk.queue = q;
	set_capacity(&disk, 1 << 16);
	bdev.bd_part = &disk.part0;
	proc_start(&a, 0);
	proc_start(&b, 1);

	submit_bio_as(&a, 100, WRITE);		/* plugs the queue */
	submit_bio_as(&a, 92, WRITE);		/* cfq_merge: A's front merge */
	CHECK_EQ(q->stats.front_merges, 1);
	CHECK_EQ(cfqd_of(q)->stats.front_merges, 1);
	submit_bio_as(&b, 84, WRITE);		/* B has no context here yet */
	CHECK_EQ(q->stats.front_merges, 1);
	CHECK_EQ(q->count[1], 2);
	submit_bio_as(&b, 5000, READ_SYNC);	/* unplugs: the driver runs */
	CHECK(nr_held > 0);
	for (int rounds = 0; rounds < 100 && bios_done < 4; rounds++) {
		spin_lock_irq(q->queue_lock);
		for (int i = 0; i < nr_held; i++)
			__blk_end_request_all(held[i], 0);
		nr_held = 0;
		spin_unlock_irq(q->queue_lock);
		hosted_advance_jiffies(10);	/* idle windows close */
		blk_run_queue(q);
	}
	CHECK_EQ(bios_done, 4);
	CHECK_EQ(q->count[0] + q->count[1], 0);

	proc_exit(&a);
	proc_exit(&b);
	blk_cleanup_queue(q);
	disk.queue = NULL;
	CHECK_EQ(nr_io_contexts, iocs);
	CHECK_EQ(slab_active("cfq_io_context"), cics);
	CHECK_EQ(slab_active("cfq_queue"), cfqqs);
	CHECK_EQ(might_sleep_reports, sleeps);
	CHECK_EQ(hosted_warn_count, warns);
}

/*
 * A driver that, like ahci, ends its requests after request_fn returned
 * (in its softirq) and only looks at the queue again on its next
 * interrupt. If every request in the driver ends at once while CFQ
 * still holds some (it stopped at quantum * 4 for a process alone on
 * the disk), nothing would ever start them: CFQ must run the queue
 * itself when the driver goes empty, as Linux's cfq_schedule_dispatch.
 * bench-disks on AHCI hung this way at queue depth 32 under cfq.
 */
TEST(driver_going_empty_restarts_requests_cfq_still_holds)
{
	struct request_queue *q;
	int warns = hosted_warn_count;
	struct proc a;
	int deep;

	mkqueue();
	blk_cleanup_queue(disk.queue);
	q = blk_init_queue(hold_request_fn, NULL, "cfq");
	disk.queue = q;
	set_capacity(&disk, 1 << 16);
	bdev.bd_part = &disk.part0;
	proc_start(&a, 0);
	bios_done = 0;
	nr_held = 0;
	deep = (int)cfqd_of(q)->cfq_quantum * 4;

	/* 24 scattered sync reads: more than one process may have in the driver. */
	for (int i = 0; i < 24; i++)
		submit_bio_as(&a, (sector_t)((i * 7919) % 4000) * 16, READ_SYNC);
	CHECK_EQ(nr_held, deep);
	CHECK(!RB_EMPTY_ROOT(&RQ_CFQQ(held[0])->sort_list));

	/* Everything the driver has ends at once; nobody runs the queue. */
	spin_lock_irq(q->queue_lock);
	for (int i = 0, n = nr_held; i < n; i++)
		__blk_end_request_all(held[i], 0);
	spin_unlock_irq(q->queue_lock);
	CHECK_EQ(bios_done, deep);
	/* The rest reached the driver: it holds them now, after the first 16. */
	CHECK_EQ(nr_held, 24);

	spin_lock_irq(q->queue_lock);
	for (int i = deep; i < nr_held; i++)
		__blk_end_request_all(held[i], 0);
	nr_held = 0;
	spin_unlock_irq(q->queue_lock);
	CHECK_EQ(bios_done, 24);
	proc_exit(&a);
	blk_cleanup_queue(q);
	disk.queue = NULL;
	CHECK_EQ(hosted_warn_count, warns);
}
