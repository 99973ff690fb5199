/*
 * test_blk_dump.c - blk_queue_dump() (block/blk-dump.c) and the show
 * hooks of noop, deadline and cfq: the text `queue DEV` prints, compared
 * whole, line by line, with queues filled and driven by hand and time
 * stopped, so every age and deadline is exact.
 *
 * The processes, driver and clock come from cfq_procs.h (deadline and
 * noop get the same helpers after a switch of the CFQ queue mkqueue()
 * makes). Requests are numbered by sector so a line names its request.
 */
#include <stdarg.h>
#include "cfq_procs.h"

static char text[8192];

static const char *dump(struct request_queue *q, unsigned int max_rqs)
{
	size_t n = blk_queue_dump(q, text, sizeof(text), max_rqs);

	CHECK_EQ(n, strlen(text));
	CHECK(n && text[n - 1] == '\n');
	return text;
}

/* Compare line by line, so a failure names the first line that differs. */
static void check_text(const char *got, const char *want, int line)
{
	int n = 1;

	while (*got || *want) {
		size_t gl = strcspn(got, "\n"), wl = strcspn(want, "\n");

		if (gl != wl || memcmp(got, want, gl)) {
			harness_fail(__FILE__, line, "dump line %d:\n  got:  %.*s\n  want: %.*s",
				     n, (int)gl, got, (int)wl, want);
			return;
		}
		got += gl + (got[gl] == '\n');
		want += wl + (want[wl] == '\n');
		n++;
	}
}
#define CHECK_DUMP(q, max, ...) do {					\
	char __want[8192];						\
	snprintf(__want, sizeof(__want), __VA_ARGS__);			\
	check_text(dump(q, max), __want, __LINE__);			\
} while (0)

static struct request_queue *mkq(const char *elevator)
{
	struct request_queue *q = mkqueue();

	CHECK_EQ(elevator_change(q, elevator), 0);
	CHECK_STREQ(q->elevator->elevator_type->elevator_name, elevator);
	return q;
}

/* Process @p queues [sector, +sectors) now; its age counts from now. */
static struct request *add(struct proc *p, struct request_queue *q, sector_t sector,
			   unsigned int sectors, unsigned long rw)
{
	struct request *rq = submit(p, q, sector, sectors, rw);

	rq->start_time = jiffies;
	return rq;
}

/* The driver takes the next request and starts it (it is in flight). */
static struct request *start(struct request_queue *q)
{
	struct request *rq;

	spin_lock_irq(q->queue_lock);
	rq = elv_next_request(q);
	if (rq)
		blk_start_request(rq);
	spin_unlock_irq(q->queue_lock);
	return rq;
}

/* The driver looks at the next request: it moves to the dispatch list. */
static struct request *peek(struct request_queue *q)
{
	struct request *rq;

	spin_lock_irq(q->queue_lock);
	rq = elv_next_request(q);
	spin_unlock_irq(q->queue_lock);
	return rq;
}

/* A started request is done (what blk_finish_request does, minus the pool). */
static void end(struct request_queue *q, struct request *rq)
{
	spin_lock_irq(q->queue_lock);
	list_del_init(&rq->timeout_list);
	spin_unlock_irq(q->queue_lock);
	finish(q, rq);
}

static void set(struct request_queue *q, const char *name, long v)
{
	CHECK_EQ(set_tunable(q, name, v), 0);
}

TEST(noop_lists_arrival_order_and_counts_what_it_leaves_out)
{
	struct request_queue *q = mkq("noop");
	struct proc a;

	proc_start(&a, 0);
	add(&a, q, 900, 8, READ);
	hosted_advance_jiffies(2);
	add(&a, q, 100, 16, WRITE);
	add(&a, q, 500, 8, WRITE_SYNC);
	add(&a, q, 300, 8, READ);
	add(&a, q, 700, 8, READ);
	hosted_advance_jiffies(3);
	CHECK_DUMP(q, 3,
		   "elevator noop; not plugged\n"
		   "requests: 5 in the elevator, 0 to dispatch, 0 in flight; "
		   "allocated 0 read + 0 write of 128 per direction\n"
		   "noop: requests leave in arrival order\n"
		   "  list, 5 requests:\n"
		   "    sector 900 + 8 read, 5 ms old\n"
		   "    sector 100 + 16 write, 3 ms old\n"
		   "    sector 500 + 8 write sync, 3 ms old\n"
		   "    ... and 2 more not shown\n"
		   "dispatch list (the driver takes the head first): empty\n"
		   "in flight (started by the driver, oldest first): empty\n");

	/* One to the driver, one to the dispatch list (noop sorts it there). */
	struct request *first = start(q);

	CHECK_EQ(blk_rq_pos(first), 900);
	CHECK_EQ(blk_rq_pos(peek(q)), 100);
	hosted_advance_jiffies(1);
	CHECK_DUMP(q, 16,
		   "elevator noop; not plugged\n"
		   "requests: 3 in the elevator, 1 to dispatch, 1 in flight; "
		   "allocated 0 read + 0 write of 128 per direction\n"
		   "noop: requests leave in arrival order\n"
		   "  list, 3 requests:\n"
		   "    sector 500 + 8 write sync, 4 ms old\n"
		   "    sector 300 + 8 read, 4 ms old\n"
		   "    sector 700 + 8 read, 4 ms old\n"
		   "dispatch list (the driver takes the head first), 1 request:\n"
		   "    sector 100 + 16 write, 4 ms old\n"
		   "in flight (started by the driver, oldest first), 1 request:\n"
		   "    sector 900 + 8 read, 6 ms old\n");

	end(q, first);
	drain(q);
	proc_exit(&a);
	blk_cleanup_queue(q);
}

TEST(deadline_shows_trees_fifos_deadlines_and_what_goes_next)
{
	struct request_queue *q = mkq("deadline");
	struct request *r300, *r100, *r5000;
	struct proc a;

	proc_start(&a, 0);
	add(&a, q, 300, 8, READ);
	hosted_advance_jiffies(1);
	add(&a, q, 100, 8, READ);
	hosted_advance_jiffies(1);
	add(&a, q, 200, 16, READ);
	hosted_advance_jiffies(1);
	add(&a, q, 5000, 8, WRITE);
	hosted_advance_jiffies(1);
	add(&a, q, 4000, 8, WRITE_SYNC);
	hosted_advance_jiffies(6);
	/* t = 10. No sweep yet: a read batch will start at the oldest read. */
	CHECK_DUMP(q, 16,
		   "elevator deadline; not plugged\n"
		   "requests: 5 in the elevator, 0 to dispatch, 0 in flight; "
		   "allocated 0 read + 0 write of 128 per direction\n"
		   "deadline: a new read batch starts next, at sector 300\n"
		   "  read batches while writes waited: 0 of writes_starved 2\n"
		   "  read tree (sector order), 3 requests:\n"
		   "    sector 100 + 8 read, 9 ms old, expires in 491 ms\n"
		   "    sector 200 + 16 read, 8 ms old, expires in 492 ms\n"
		   "    sector 300 + 8 read, 10 ms old, expires in 490 ms (next)\n"
		   "  read fifo (arrival order), 3 requests:\n"
		   "    sector 300 + 8 read, 10 ms old, expires in 490 ms (next)\n"
		   "    sector 100 + 8 read, 9 ms old, expires in 491 ms\n"
		   "    sector 200 + 16 read, 8 ms old, expires in 492 ms\n"
		   "  write tree (sector order), 2 requests:\n"
		   "    sector 4000 + 8 write sync, 6 ms old, expires in 4994 ms\n"
		   "    sector 5000 + 8 write, 7 ms old, expires in 4993 ms\n"
		   "  write fifo (arrival order), 2 requests:\n"
		   "    sector 5000 + 8 write, 7 ms old, expires in 4993 ms\n"
		   "    sector 4000 + 8 write sync, 6 ms old, expires in 4994 ms\n"
		   "dispatch list (the driver takes the head first): empty\n"
		   "in flight (started by the driver, oldest first): empty\n");

	/*
	 * 300 goes to the driver; nothing reads past it, so the next batch
	 * starts again at the oldest read, 100, which the driver peeks at;
	 * that batch goes on at 200.
	 */
	r300 = start(q);
	CHECK_EQ(blk_rq_pos(r300), 300);
	CHECK_EQ(blk_rq_pos(peek(q)), 100);
	hosted_advance_jiffies(10);
	CHECK_DUMP(q, 16,
		   "elevator deadline; not plugged\n"
		   "requests: 3 in the elevator, 1 to dispatch, 1 in flight; "
		   "allocated 0 read + 0 write of 128 per direction\n"
		   "deadline: read batch under way, 1 of fifo_batch 16 sent, next at sector 200\n"
		   "  read batches while writes waited: 2 of writes_starved 2\n"
		   "  read tree (sector order), 1 request:\n"
		   "    sector 200 + 16 read, 18 ms old, expires in 482 ms (next)\n"
		   "  read fifo (arrival order), 1 request:\n"
		   "    sector 200 + 16 read, 18 ms old, expires in 482 ms (next)\n"
		   "  write tree (sector order), 2 requests:\n"
		   "    sector 4000 + 8 write sync, 16 ms old, expires in 4984 ms\n"
		   "    sector 5000 + 8 write, 17 ms old, expires in 4983 ms\n"
		   "  write fifo (arrival order), 2 requests:\n"
		   "    sector 5000 + 8 write, 17 ms old, expires in 4983 ms\n"
		   "    sector 4000 + 8 write sync, 16 ms old, expires in 4984 ms\n"
		   "dispatch list (the driver takes the head first), 1 request:\n"
		   "    sector 100 + 8 read, 19 ms old\n"
		   "in flight (started by the driver, oldest first), 1 request:\n"
		   "    sector 300 + 8 read, 20 ms old\n");

	/*
	 * Both read batches counted against the waiting writes. Let them wait
	 * one more: a full batch ends, and the next starts at the oldest
	 * read, expired by now.
	 */
	set(q, "fifo_batch", 1);
	set(q, "writes_starved", 3);
	hosted_advance_jiffies(580);	/* t = 600; 200 expired at 502 */
	CHECK_DUMP(q, 1,
		   "elevator deadline; not plugged\n"
		   "requests: 3 in the elevator, 1 to dispatch, 1 in flight; "
		   "allocated 0 read + 0 write of 128 per direction\n"
		   "deadline: a new read batch starts next, at sector 200 (the oldest: it expired)\n"
		   "  read batches while writes waited: 2 of writes_starved 3\n"
		   "  read tree (sector order), 1 request:\n"
		   "    sector 200 + 16 read, 598 ms old, expired 98 ms ago (next)\n"
		   "  read fifo (arrival order), 1 request:\n"
		   "    sector 200 + 16 read, 598 ms old, expired 98 ms ago (next)\n"
		   "  write tree (sector order), 2 requests:\n"
		   "    sector 4000 + 8 write sync, 596 ms old, expires in 4404 ms\n"
		   "    ... and 1 more not shown\n"
		   "  write fifo (arrival order), 2 requests:\n"
		   "    sector 5000 + 8 write, 597 ms old, expires in 4403 ms\n"
		   "    ... and 1 more not shown\n"
		   "dispatch list (the driver takes the head first), 1 request:\n"
		   "    sector 100 + 8 read, 599 ms old\n"
		   "in flight (started by the driver, oldest first), 1 request:\n"
		   "    sector 300 + 8 read, 600 ms old\n");

	/* Writes have waited through writes_starved read batches: their turn. */
	set(q, "writes_starved", 2);
	dump(q, 16);
	CHECK(strstr(text, "deadline: a new write batch starts next, at sector 5000 "
			   "(writes waited long enough)\n"));
	CHECK(strstr(text, "    sector 5000 + 8 write, 597 ms old, expires in 4403 ms (next)\n"));
	/* And so it goes: after the one on the dispatch list, 5000. */
	r100 = take(q);
	CHECK_EQ(blk_rq_pos(r100), 100);
	finish(q, r100);
	r5000 = take(q);
	CHECK_EQ(blk_rq_pos(r5000), 5000);
	finish(q, r5000);

	end(q, r300);
	drain(q);
	proc_exit(&a);
	blk_cleanup_queue(q);
}

TEST(cfq_shows_each_process_queue_its_turn_and_slice)
{
	struct request_queue *q = mkqueue();
	struct request *r1, *r2;
	struct proc a, b;
	int pa, pb;

	proc_start(&a, 0);
	proc_start(&b, 1);
	pa = a.task->pid;
	pb = b.task->pid;
	add(&a, q, 100, 8, READ);
	add(&a, q, 50, 8, READ);
	hosted_advance_jiffies(1);
	add(&b, q, 700, 8, READ);
	add(&a, q, 9000, 8, WRITE);		/* a's writeback: the shared async queue */
	hosted_advance_jiffies(4);
	CHECK_DUMP(q, 16,
		   "elevator cfq; not plugged\n"
		   "requests: 4 in the elevator, 0 to dispatch, 0 in flight; "
		   "allocated 0 read + 0 write of 128 per direction\n"
		   "cfq: 3 busy queues; turn: nobody's; in the driver: 0; sync not completed: 0\n"
		   "  queue pid %d be/4 sync, waiting for its turn; 0 sent this turn, "
		   "0 not completed, 2 requests:\n"
		   "    sector 50 + 8 read, 5 ms old, expires in 120 ms (next)\n"
		   "    sector 100 + 8 read, 5 ms old, expires in 120 ms\n"
		   "  queue pid %d be/4 sync, waiting for its turn; 0 sent this turn, "
		   "0 not completed, 1 request:\n"
		   "    sector 700 + 8 read, 4 ms old, expires in 121 ms (next)\n"
		   "  queue pid %d be/4 async, waiting for its turn; 0 sent this turn, "
		   "0 not completed, 1 request:\n"
		   "    sector 9000 + 8 write, 4 ms old, expires in 246 ms (next)\n"
		   "dispatch list (the driver takes the head first): empty\n"
		   "in flight (started by the driver, oldest first): empty\n",
		   pa, pb, pa);

	/*
	 * a's turn: both its reads go to the dispatch list (quantum 4), the
	 * driver starts the first. a's queue is empty but active: shown first.
	 */
	r1 = start(q);
	CHECK_EQ(blk_rq_pos(r1), 50);
	hosted_advance_jiffies(1);
	CHECK_DUMP(q, 16,
		   "elevator cfq; not plugged\n"
		   "requests: 2 in the elevator, 1 to dispatch, 1 in flight; "
		   "allocated 0 read + 0 write of 128 per direction\n"
		   "cfq: 2 busy queues; turn: pid %d be/4 sync; in the driver: 1; "
		   "sync not completed: 2\n"
		   "  queue pid %d be/4 sync, active, slice starts at its first completion; "
		   "2 sent this turn, 2 not completed: empty\n"
		   "  queue pid %d be/4 sync, waiting for its turn; 0 sent this turn, "
		   "0 not completed, 1 request:\n"
		   "    sector 700 + 8 read, 5 ms old, expires in 120 ms (next)\n"
		   "  queue pid %d be/4 async, waiting for its turn; 0 sent this turn, "
		   "0 not completed, 1 request:\n"
		   "    sector 9000 + 8 write, 5 ms old, expires in 245 ms (next)\n"
		   "dispatch list (the driver takes the head first), 1 request:\n"
		   "    sector 100 + 8 read, 6 ms old\n"
		   "in flight (started by the driver, oldest first), 1 request:\n"
		   "    sector 50 + 8 read, 6 ms old\n",
		   pa, pa, pb, pa);

	/* The first completion starts the 100 ms slice. */
	end(q, r1);
	hosted_advance_jiffies(30);
	dump(q, 16);
	CHECK(strstr(text, "active, 70 ms of slice left; 2 sent this turn, 1 not completed"));
	/* The last one done and nothing queued: the disk idles for a (8 ms). */
	r2 = start(q);
	CHECK_EQ(blk_rq_pos(r2), 100);
	end(q, r2);
	hosted_advance_jiffies(3);
	dump(q, 16);
	CHECK(strstr(text, "active, idling 5 ms more for its process; 2 sent this turn, "
			   "0 not completed: empty\n"));
	/* The idle window closes: b's turn, a's queue no longer shown. */
	hosted_advance_jiffies(10);
	dump(q, 16);
	CHECK(strstr(text, "turn: nobody's"));
	CHECK(!strstr(text, "active"));

	drain(q);
	proc_exit(&a);
	proc_exit(&b);
	blk_cleanup_queue(q);
}

/*
 * At the start of its turn CFQ sends an expired FIFO head before the
 * request nearest the head (cfq_check_fifo), and expired means from
 * fifo_time on: the dump's "(next)" and "expired" say the same, to the
 * jiffy, and the driver then gets that very request.
 */
TEST(cfq_marks_an_expired_fifo_head_next_from_its_deadline_on)
{
	struct request_queue *q = mkqueue();
	struct request *rq;
	struct proc a;

	/* One request per dispatch, or both would go and be sorted by sector. */
	set(q, "quantum", 1);
	proc_start(&a, 0);
	add(&a, q, 100, 8, READ);
	hosted_advance_jiffies(1);
	add(&a, q, 50, 8, READ);		/* nearer the head: next_rq */
	hosted_advance_jiffies(123);		/* 100's deadline (125 ms) is 1 ms away */
	dump(q, 16);
	CHECK(strstr(text, "    sector 50 + 8 read, 123 ms old, expires in 2 ms (next)\n"
			   "    sector 100 + 8 read, 124 ms old, expires in 1 ms\n"));
	hosted_advance_jiffies(1);
	dump(q, 16);
	CHECK(strstr(text, "    sector 50 + 8 read, 124 ms old, expires in 1 ms\n"
			   "    sector 100 + 8 read, 125 ms old, expired 0 ms ago (next)\n"));
	rq = start(q);
	CHECK_EQ(blk_rq_pos(rq), 100);
	end(q, rq);
	drain(q);
	proc_exit(&a);
	blk_cleanup_queue(q);
}

TEST(a_dump_too_big_for_its_buffer_ends_in_whole_lines_and_says_so)
{
	static const char cut[] = "... (cut: the dump did not fit its buffer)\n";
	struct request_queue *q = mkq("noop");
	char small[300];
	struct proc a;
	size_t n;

	proc_start(&a, 0);
	for (int i = 0; i < 20; i++)
		add(&a, q, 1000 + (sector_t)i * 100, 8, READ);
	memset(small, 'x', sizeof(small));
	n = blk_queue_dump(q, small, sizeof(small), 16);
	CHECK(n < sizeof(small));
	CHECK_EQ(n, strlen(small));
	CHECK(n > sizeof(cut) && !strcmp(small + n - (sizeof(cut) - 1), cut));
	/* The line before the note is whole. */
	CHECK(small[n - sizeof(cut)] == '\n');
	CHECK(strstr(small, "    sector 1000 + 8 read"));
	/* No room for anything but the note: nothing at all. */
	CHECK_EQ(blk_queue_dump(q, small, sizeof(cut), 16), 0);
	CHECK_EQ(small[0], '\0');
	drain(q);
	proc_exit(&a);
	blk_cleanup_queue(q);
}
