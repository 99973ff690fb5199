/*
 * blk_dump_test.c - `queue DEV`'s dump (blk_queue_dump and the elevators'
 * show hooks) on a queue filled by real bios through submit_bio, once
 * per elevator. ktest=blk-dump.
 *
 * The disk is the suite's own, never registered (the shell cannot see
 * it), with a driver that holds things still: it starts one request and
 * does not finish it until told, so everything submitted after stays in
 * the elevator, where the dump must find it, request by request, in the
 * right list and order. Then the driver lets everything go and every bio
 * must end.
 *
 * The requests come from two test threads, A and B (so CFQ has two
 * processes): A reads sector 0 (it goes to the driver and stays there),
 * then reads 3000, 1000, 2000 and writes back 9000, 7000; B reads 5000.
 * Each is 8 sectors, far apart, so nothing merges.
 */
#include "kernel.h"
#include "atomic.h"
#include "blkdev.h"
#include "completion.h"
#include "elevator.h"
#include "kthread.h"
#include "kunit.h"
#include "ktest_threads.h"
#include "slab.h"
#include "string.h"

#define DUMP_SIZE	8192

struct held_disk {
	spinlock_t lock;		/* the queue lock */
	struct request_queue *q;
	struct gendisk disk;
	struct block_device bdev;
	struct request *active;		/* started, held until release */
	bool release;			/* finish everything from now on */
	struct page *page;		/* every bio's data: nothing is copied */
	struct completion all_done;
	atomic_t left;			/* bios not ended yet */
	atomic_t errors;
};

/* Queue lock held. Depth 1 until released; then end everything at once. */
static void held_request_fn(struct request_queue *q)
{
	struct held_disk *hd = q->queuedata;
	struct request *rq;

	if (!hd->release) {
		if (!hd->active)
			hd->active = blk_fetch_request(q);
		return;
	}
	if (hd->active) {
		rq = hd->active;
		hd->active = NULL;
		__blk_end_request_all(rq, 0);
	}
	while ((rq = blk_fetch_request(q)) != NULL)
		__blk_end_request_all(rq, 0);
}

static void held_end_io(struct bio *bio, int error)
{
	struct held_disk *hd = bio->bi_private;

	if (error)
		atomic_inc(&hd->errors);
	bio_put(bio);
	if (atomic_dec_and_test(&hd->left))
		complete(&hd->all_done);
}

static void held_submit(struct held_disk *hd, unsigned long rw, sector_t sector)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, 1);

	bio->bi_bdev = &hd->bdev;
	bio->bi_sector = sector;
	bio->bi_end_io = held_end_io;
	bio->bi_private = hd;
	bio_add_page(bio, hd->page, 8 << 9, 0);
	atomic_inc(&hd->left);
	submit_bio(rw, bio);
}

static struct held_disk *held_disk_create(const char *elevator)
{
	struct held_disk *hd = kzalloc(sizeof(*hd), GFP_KERNEL);

	if (!hd)
		return NULL;
	spin_lock_init(&hd->lock);
	init_completion(&hd->all_done);
	atomic_set(&hd->left, 1);	/* ours, dropped at release */
	hd->page = alloc_page(GFP_KERNEL);
	hd->q = blk_init_queue(held_request_fn, &hd->lock, elevator);
	if (!hd->page || !hd->q) {
		if (hd->q)
			blk_cleanup_queue(hd->q);
		if (hd->page)
			__free_page(hd->page);
		kfree(hd);
		return NULL;
	}
	hd->q->queuedata = hd;
	/* What add_disk() would make, minus the registration. */
	strlcpy(hd->disk.disk_name, "ktq0", sizeof(hd->disk.disk_name));
	hd->disk.queue = hd->q;
	set_capacity(&hd->disk, 1 << 16);
	strlcpy(hd->bdev.name, "ktq0", sizeof(hd->bdev.name));
	hd->bdev.bd_disk = &hd->disk;
	hd->bdev.bd_part = &hd->disk.part0;
	hd->disk.bdev[0] = &hd->bdev;
	return hd;
}

/* Let the driver finish everything; every bio must end, without error. */
static void held_disk_release(struct kunit *test, struct held_disk *hd)
{
	spin_lock_irq(hd->q->queue_lock);
	hd->release = true;
	__blk_run_queue(hd->q);
	spin_unlock_irq(hd->q->queue_lock);
	if (atomic_dec_and_test(&hd->left))
		complete(&hd->all_done);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&hd->all_done,
							  msecs_to_jiffies(5000)), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hd->errors), 0);
	blk_cleanup_queue(hd->q);
	__free_page(hd->page);
	kfree(hd);
}

/* ---- the submitting processes ---- */

struct script {
	struct held_disk *hd;
	const unsigned long *rw;
	const sector_t *sector;
	int n;
	int pid;			/* set by the thread */
	struct completion done;
};

static int script_thread(void *data)
{
	struct script *s = data;

	s->pid = current->pid;
	for (int i = 0; i < s->n; i++) {
		held_submit(s->hd, s->rw[i], s->sector[i]);
		/* The first read must be the one the driver holds. */
		if (i == 0 && s->rw[0] == READ_SYNC)
			ktest_poll(READ_ONCE(s->hd->active) != NULL, msecs_to_jiffies(2000));
	}
	complete(&s->done);
	return 0;
}

static bool run_script(struct kunit *test, struct script *s)
{
	init_completion(&s->done);
	if (IS_ERR(kthread_run(script_thread, s, "dump-io"))) {
		kunit_fail(test, __FILE__, __LINE__, "cannot start a thread");
		return false;
	}
	return wait_for_completion_timeout(&s->done, msecs_to_jiffies(5000)) > 0;
}

static const unsigned long a_rw[] = { READ_SYNC, READ, READ, READ, WRITE, WRITE };
static const sector_t a_sector[] = { 0, 3000, 1000, 2000, 9000, 7000 };
static const unsigned long b_rw[] = { READ };
static const sector_t b_sector[] = { 5000 };

/* ---- reading the dump ---- */

/*
 * The line starting with @prefix (and holding @has, if not NULL) must be
 * followed by exactly the request lines for @sectors, in that order, each
 * holding @each (if not NULL).
 */
static void check_list(struct kunit *test, const char *text, const char *prefix,
		       const char *has, const sector_t *sectors, int n, const char *each)
{
	const char *line = text;
	char want[48];

	for (;;) {
		const char *eol = strchr(line, '\n');

		if (!eol) {
			kunit_fail(test, __FILE__, __LINE__, "no line '%s...'%s%s", prefix,
				   has ? " with " : "", has ? has : "");
			return;
		}
		if (!strncmp(line, prefix, strlen(prefix)) &&
		    (!has || (strstr(line, has) && strstr(line, has) < eol))) {
			line = eol + 1;
			break;
		}
		line = eol + 1;
	}
	for (int i = 0; i <= n; i++) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		bool is_rq = !strncmp(line, "    sector ", 11);

		if (i == n) {
			if (is_rq)
				kunit_fail(test, __FILE__, __LINE__, "'%s': more than %d requests: %.*s",
					   prefix, n, (int)len, line);
			return;
		}
		scnprintf(want, sizeof(want), "    sector %llu + 8 ",
			  (unsigned long long)sectors[i]);
		if (strncmp(line, want, strlen(want)) ||
		    (each && !(strstr(line, each) && strstr(line, each) < line + len))) {
			kunit_fail(test, __FILE__, __LINE__, "'%s' request %d: wanted %s%s, got %.*s",
				   prefix, i, want, each ? each : "", (int)len, line);
			return;
		}
		if (!eol)
			return;
		line = eol + 1;
	}
}

#define CHECK_LIST(test, text, prefix, has, each, ...) do {		\
	static const sector_t __s[] = { __VA_ARGS__ };			\
	check_list(test, text, prefix, has, __s, ARRAY_SIZE(__s), each); \
} while (0)
#define CHECK_EMPTY(test, text, prefix) \
	check_list(test, text, prefix, NULL, NULL, 0, NULL)

/* After a failure: the dump, a line at a time (the log's lines are short). */
static void print_dump(struct kunit *test, const char *text)
{
	kunit_info(test, "the dump was:");
	while (*text) {
		const char *eol = strchr(text, '\n');
		size_t len = eol ? (size_t)(eol - text) : strlen(text);

		kunit_info(test, "%.*s", (int)len, text);
		text += len + (text[len] == '\n');
	}
}

/*
 * Fill a held disk running @elevator with A's and B's requests, dump it,
 * and hand the text and the pids to @check; then peek once as a driver
 * does (the elevator moves requests to the dispatch list) and hand over
 * the second dump to @check_peek.
 */
static void fill_and_dump(struct kunit *test, const char *elevator,
			  void (*check)(struct kunit *, const char *, int, int),
			  void (*check_peek)(struct kunit *, const char *, int, int))
{
	struct held_disk *hd = held_disk_create(elevator);
	struct script a = { .rw = a_rw, .sector = a_sector, .n = ARRAY_SIZE(a_sector) };
	struct script b = { .rw = b_rw, .sector = b_sector, .n = ARRAY_SIZE(b_sector) };
	char *text = kmalloc(DUMP_SIZE, GFP_KERNEL);
	int failures = test->failures;
	char head[64];

	if (!hd || !text) {
		kunit_fail(test, __FILE__, __LINE__, "out of memory");
		goto out;
	}
	a.hd = b.hd = hd;
	if (!run_script(test, &a) || !run_script(test, &b)) {
		kunit_fail(test, __FILE__, __LINE__, "the threads did not submit");
		goto out;
	}
	blk_queue_dump(hd->q, text, DUMP_SIZE, 16);
	scnprintf(head, sizeof(head), "elevator %s; ", elevator);
	KUNIT_EXPECT_EQ(test, strncmp(text, head, strlen(head)), 0);
	KUNIT_EXPECT_TRUE(test, strstr(text, "\nrequests: 6 in the elevator, 0 to dispatch, "
				       "1 in flight; allocated 5 read + 2 write") != NULL);
	CHECK_LIST(test, text, "in flight (started by the driver", NULL, " read", 0);
	check(test, text, a.pid, b.pid);
	if (test->failures > failures)
		print_dump(test, text);
	failures = test->failures;

	/* A driver looks at what comes next: it moves to the dispatch list. */
	spin_lock_irq(hd->q->queue_lock);
	KUNIT_EXPECT_NOT_NULL(test, elv_next_request(hd->q));
	spin_unlock_irq(hd->q->queue_lock);
	blk_queue_dump(hd->q, text, DUMP_SIZE, 16);
	check_peek(test, text, a.pid, b.pid);
	CHECK_LIST(test, text, "in flight (started by the driver", NULL, " read", 0);
	if (test->failures > failures)
		print_dump(test, text);
out:
	if (hd)
		held_disk_release(test, hd);
	kfree(text);
}

/* ---- noop ---- */

static void noop_check(struct kunit *test, const char *text, int a, int b)
{
	CHECK_LIST(test, text, "  list, 6 requests", NULL, " ms old",
		   3000, 1000, 2000, 9000, 7000, 5000);
	KUNIT_EXPECT_NULL(test, strstr(text, "expire"));
	CHECK_EMPTY(test, text, "dispatch list");
}

static void noop_check_peek(struct kunit *test, const char *text, int a, int b)
{
	CHECK_LIST(test, text, "  list, 5 requests", NULL, NULL, 1000, 2000, 9000, 7000, 5000);
	CHECK_LIST(test, text, "dispatch list", NULL, NULL, 3000);
}

static void blk_dump_noop(struct kunit *test)
{
	fill_and_dump(test, "noop", noop_check, noop_check_peek);
}

/* ---- deadline ---- */

static void deadline_check(struct kunit *test, const char *text, int a, int b)
{
	KUNIT_EXPECT_TRUE(test, strstr(text, "deadline: a new read batch starts next, at sector 3000")
			  != NULL);
	CHECK_LIST(test, text, "  read tree (sector order), 4 requests", NULL, "expire",
		   1000, 2000, 3000, 5000);
	CHECK_LIST(test, text, "  read fifo (arrival order), 4 requests", NULL, "expire",
		   3000, 1000, 2000, 5000);
	CHECK_LIST(test, text, "  write tree (sector order), 2 requests", NULL, "expire",
		   7000, 9000);
	CHECK_LIST(test, text, "  write fifo (arrival order), 2 requests", NULL, "expire",
		   9000, 7000);
	CHECK_EMPTY(test, text, "dispatch list");
}

/* The batch started at the oldest read and goes on up the disk: at 5000. */
static void deadline_check_peek(struct kunit *test, const char *text, int a, int b)
{
	KUNIT_EXPECT_TRUE(test, strstr(text, "deadline: read batch under way, 1 of fifo_batch 16 "
				       "sent, next at sector 5000") != NULL);
	CHECK_LIST(test, text, "  read tree (sector order), 3 requests", NULL, "expire",
		   1000, 2000, 5000);
	KUNIT_EXPECT_TRUE(test, strstr(text, "    sector 5000 + 8 read") != NULL &&
			  strstr(strstr(text, "    sector 5000 + 8 read"), "(next)\n") != NULL);
	CHECK_LIST(test, text, "  read fifo (arrival order), 3 requests", NULL, "expire",
		   1000, 2000, 5000);
	CHECK_LIST(test, text, "dispatch list", NULL, NULL, 3000);
}

static void blk_dump_deadline(struct kunit *test)
{
	fill_and_dump(test, "deadline", deadline_check, deadline_check_peek);
}

/* ---- cfq ---- */

static void cfq_check(struct kunit *test, const char *text, int a, int b)
{
	char prefix[32];

	KUNIT_EXPECT_TRUE(test, strstr(text, "cfq: 3 busy queues; ") != NULL);
	scnprintf(prefix, sizeof(prefix), "  queue pid %d be/", a);
	CHECK_LIST(test, text, prefix, " sync, ", "expire", 1000, 2000, 3000);
	CHECK_LIST(test, text, prefix, " async, ", "expire", 7000, 9000);
	scnprintf(prefix, sizeof(prefix), "  queue pid %d be/", b);
	CHECK_LIST(test, text, prefix, " sync, ", "expire", 5000);
	CHECK_EMPTY(test, text, "dispatch list");
}

/* A's sync queue has its turn: up to quantum (4) of its requests go at once. */
static void cfq_check_peek(struct kunit *test, const char *text, int a, int b)
{
	char prefix[32], turn[48];

	scnprintf(turn, sizeof(turn), "; turn: pid %d be/", a);
	KUNIT_EXPECT_TRUE(test, strstr(text, turn) != NULL);
	scnprintf(prefix, sizeof(prefix), "  queue pid %d be/", a);
	check_list(test, text, prefix, " sync, active, ", NULL, 0, NULL);	/* all sent */
	CHECK_LIST(test, text, prefix, " async, waiting for its turn", "expire", 7000, 9000);
	scnprintf(prefix, sizeof(prefix), "  queue pid %d be/", b);
	CHECK_LIST(test, text, prefix, " sync, waiting for its turn", "expire", 5000);
	CHECK_LIST(test, text, "dispatch list", NULL, NULL, 1000, 2000, 3000);
}

static void blk_dump_cfq(struct kunit *test)
{
	fill_and_dump(test, "cfq", cfq_check, cfq_check_peek);
}

/* ---- dumping a busy disk while its elevator changes ---- */

#define LOAD_THREADS	4
#define LOAD_DEPTH	4	/* bios each thread keeps in flight */
#define LOAD_BASE	40000	/* sim0's sectors we use (data irrelevant) */
#define LOAD_SPAN	8192

struct load_worker {
	struct block_device *bdev;
	struct page *page;
	u32 seed;
	bool *stop;
	int errors;
	struct completion done;
	struct completion batch;
	atomic_t left;
};

static void load_end_io(struct bio *bio, int error)
{
	struct load_worker *w = bio->bi_private;

	if (error)
		w->errors++;
	bio_put(bio);
	if (atomic_dec_and_test(&w->left))
		complete(&w->batch);
}

static int load_thread(void *data)
{
	struct load_worker *w = data;

	while (!READ_ONCE(*w->stop)) {
		init_completion(&w->batch);
		atomic_set(&w->left, LOAD_DEPTH);
		for (int i = 0; i < LOAD_DEPTH; i++) {
			struct bio *bio = bio_alloc(GFP_KERNEL, 1);

			w->seed ^= w->seed << 13;
			w->seed ^= w->seed >> 17;
			w->seed ^= w->seed << 5;
			bio->bi_bdev = w->bdev;
			bio->bi_sector = LOAD_BASE + (w->seed % (LOAD_SPAN / 8)) * 8;
			bio->bi_end_io = load_end_io;
			bio->bi_private = w;
			bio_add_page(bio, w->page, 8 << 9, 0);
			submit_bio(w->seed & 0x100 ? WRITE : READ, bio);
		}
		wait_for_completion(&w->batch);
	}
	complete(&w->done);
	return 0;
}

/* The number after @key in @text, or -1. */
static long number_after(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	long n = 0;

	if (!p)
		return -1;
	for (p += strlen(key); *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

/*
 * One snapshot must agree with itself: as many requests listed in the
 * elevator (deadline lists each twice: count its trees), on the dispatch
 * list and in flight as its header line says.
 */
static void check_consistent(struct kunit *test, const char *text)
{
	long want[3] = { number_after(text, "requests: "),
			 number_after(text, " in the elevator, "),
			 number_after(text, " to dispatch, ") };
	long got[3] = { 0, 0, 0 };
	int part = -1;		/* 0 elevator, 1 dispatch list, 2 in flight */
	bool counting = false;

	for (const char *line = text; *line; ) {
		const char *eol = strchr(line, '\n');

		if (!strncmp(line, "requests: ", 10))
			part = 0;
		else if (!strncmp(line, "dispatch list", 13))
			part = 1;
		else if (!strncmp(line, "in flight", 9))
			part = 2;
		if (strncmp(line, "    ", 4)) {
			const char *fifo = strstr(line, " fifo (arrival order)");

			/* A title: its requests count unless it is deadline's FIFO. */
			counting = part >= 0 && !(fifo && (!eol || fifo < eol));
		} else if (!strncmp(line, "    ... ", 8)) {
			kunit_fail(test, __FILE__, __LINE__, "a list was cut");
		} else if (counting) {
			got[part]++;
		}
		if (!eol)
			break;
		line = eol + 1;
	}
	for (int i = 0; i < 3; i++)
		if (want[i] != got[i]) {
			kunit_fail(test, __FILE__, __LINE__, "part %d: header says %ld, listed %ld",
				   i, want[i], got[i]);
			print_dump(test, text);
			return;
		}
}

static void blk_dump_busy_disk_while_switching(struct kunit *test)
{
	static const char *const names[] = { "deadline", "cfq", "noop" };
	static struct load_worker w[LOAD_THREADS];
	struct block_device *bdev = lookup_bdev("sim0");
	struct request_queue *q;
	const char *orig;
	unsigned long busy = 0;
	bool stop = false;
	char *text;

	if (!bdev) {
		kunit_skip(test, "no sim0");
		return;
	}
	q = bdev_get_queue(bdev);
	orig = elv_current_name(q);
	text = kmalloc(2 * DUMP_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, text);
	for (int i = 0; i < LOAD_THREADS; i++) {
		w[i] = (struct load_worker){ .bdev = bdev, .seed = 0x1234u + (u32)i * 7919u,
					     .stop = &stop, .page = alloc_page(GFP_KERNEL) };
		init_completion(&w[i].done);
		KUNIT_ASSERT_TRUE(test, !IS_ERR(kthread_run(load_thread, &w[i], "dump-load%d", i)));
	}
	for (int n = 0; n < 150; n++) {
		if (n % 25 == 0)
			KUNIT_EXPECT_EQ(test, elevator_change(q, names[n / 25 % 3]), 0);
		blk_queue_dump(q, text, 2 * DUMP_SIZE, 64);
		check_consistent(test, text);
		if (number_after(text, "requests: ") > 0)
			busy++;
		msleep(2);
	}
	WRITE_ONCE(stop, true);
	for (int i = 0; i < LOAD_THREADS; i++) {
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&w[i].done,
								  msecs_to_jiffies(10000)), 0);
		KUNIT_EXPECT_EQ(test, w[i].errors, 0);
		__free_page(w[i].page);
	}
	/* The load was real: most snapshots found requests in the elevator. */
	KUNIT_EXPECT_GT(test, busy, 50);
	KUNIT_EXPECT_EQ(test, elevator_change(q, orig), 0);
	kfree(text);
}

static struct kunit_case blk_dump_cases[] = {
	KUNIT_CASE(blk_dump_noop),
	KUNIT_CASE(blk_dump_deadline),
	KUNIT_CASE(blk_dump_cfq),
	KUNIT_CASE(blk_dump_busy_disk_while_switching),
	{}
};
static struct kunit_suite blk_dump_suite = {
	.name = "blk-dump",
	.init = ktest_threads_init,
	.exit = ktest_threads_exit,
	.test_cases = blk_dump_cases,
};
kunit_test_suite(blk_dump_suite);
