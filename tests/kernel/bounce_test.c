/*
 * bounce_test.c - bounce buffers (block/bounce.c) on the RAM disk: with
 * ram0's DMA limit lowered to the end of ZONE_DMA at run time, pages
 * above 16 MiB go through bounce pages and their data still arrives,
 * and several submitters of 1 MiB bios still finish when ZONE_DMA has
 * room for about one of them. The limit is restored afterwards.
 * ktest=bounce.
 */
#include "kernel.h"
#include "atomic.h"
#include "blkdev.h"
#include "completion.h"
#include "kthread.h"
#include "kunit.h"
#include "ktest_bio.h"
#include "ktest_threads.h"
#include "string.h"

#define DISK		"ram0"
#define ISA_LIMIT	0xffffffULL	/* what dma_limit=ram0:0xffffff sets */
#define SECTOR		6000		/* clear of the block suite's sectors */
#define NR_PAGES	3		/* high, low, high */

/* One synchronous bio of @pages at SECTOR; returns its error. */
static int bounce_test_io(struct block_device *bdev, unsigned long rw,
			  struct page **pages)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, NR_PAGES);
	int err;

	bio->bi_bdev = bdev;
	bio->bi_sector = SECTOR;
	for (int i = 0; i < NR_PAGES; i++)
		bio_add_page(bio, pages[i], PAGE_SIZE, 0);
	err = ktest_submit_wait(bio, rw, 0, NULL);
	bio_put(bio);
	return err;
}

static void bounce_test_fill(struct page *p, u32 seed)
{
	u32 *w = page_address(p);

	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++) {
		seed = seed * 1103515245u + 12345u;
		w[i] = seed;
	}
}

static struct page *bounce_test_page(gfp_t gfp, bool high)
{
	struct page *p = alloc_page(gfp);

	if (p && high && page_to_phys(p) <= ISA_LIMIT) {
		__free_page(p);		/* no memory above 16 MiB left */
		return NULL;
	}
	return p;
}

static void bounce_ram0_high_pages_round_trip(struct kunit *test)
{
	struct block_device *bdev = lookup_bdev(DISK);
	struct page *w[NR_PAGES] = { NULL }, *r[NR_PAGES] = { NULL };
	struct request_queue *q;
	unsigned long bounced, bounced_bios;
	u64 saved_pfn;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	q = bdev_get_queue(bdev);
	for (int i = 0; i < NR_PAGES; i++) {
		bool high = i != 1;
		gfp_t gfp = high ? GFP_KERNEL : GFP_DMA;

		w[i] = bounce_test_page(gfp, high);
		r[i] = bounce_test_page(gfp, high);
		if (!w[i] || !r[i]) {
			kunit_skip(test, "no memory above 16 MiB");
			goto out;
		}
		bounce_test_fill(w[i], 7 + (u32)i);
		memset(page_address(r[i]), 0, PAGE_SIZE);
	}

	saved_pfn = q->limits.bounce_pfn;
	if (blk_queue_bounce_setup(q, ISA_LIMIT)) {
		KUNIT_EXPECT_TRUE(test, !"no memory for the bounce pools");
		goto out;
	}
	bounced = q->bounced;
	bounced_bios = q->stats.bounced_bios;
	KUNIT_EXPECT_EQ(test, bounce_test_io(bdev, WRITE_SYNC, w), 0);
	KUNIT_EXPECT_EQ(test, bounce_test_io(bdev, READ_SYNC, r), 0);
	/* Two high pages in each of the two bios; the low one goes as it is. */
	KUNIT_EXPECT_EQ(test, q->bounced - bounced, 4);
	KUNIT_EXPECT_EQ(test, q->stats.bounced_bios - bounced_bios, 2);

	for (int i = 0; i < NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, memcmp(page_address(w[i]), page_address(r[i]),
					     PAGE_SIZE), 0);
	/*
	 * Read again unbounced (even if dma_limit=ram0:... was given at
	 * boot): the disk itself holds what was written.
	 */
	blk_queue_bounce_limit(q, BLK_BOUNCE_ANY);
	for (int i = 0; i < NR_PAGES; i++)
		memset(page_address(r[i]), 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, bounce_test_io(bdev, READ_SYNC, r), 0);
	KUNIT_EXPECT_EQ(test, q->stats.bounced_bios - bounced_bios, 2);
	for (int i = 0; i < NR_PAGES; i++)
		KUNIT_EXPECT_EQ(test, memcmp(page_address(w[i]), page_address(r[i]),
					     PAGE_SIZE), 0);
	q->limits.bounce_pfn = saved_pfn;
out:
	for (int i = 0; i < NR_PAGES; i++) {
		if (w[i])
			__free_page(w[i]);
		if (r[i])
			__free_page(r[i]);
	}
}

/* ---- many submitters, ZONE_DMA nearly exhausted ---- */

#define LOAD_THREADS	4
#define LOAD_QD		3		/* 1 MiB bios each keeps in flight */
#define LOAD_ROUNDS	4
#define LOAD_PAGES	BIO_MAX_PAGES	/* pages per bio: 1 MiB */
#define LOAD_SECTORS	(LOAD_PAGES * (PAGE_SIZE / 512))
#define LOAD_SECTOR	16384		/* 8 MiB in: LOAD_QD MiB of pattern */
#define LOAD_TIMEOUT	(20 * HZ)
#define POOL_RESERVE	64		/* BOUNCE_POOL_PAGES in block/bounce.c */
/*
 * Pages bouncing may use while the load runs: ZONE_DMA's free pages
 * (above pages_min, which only GFP_ATOMIC may take) plus the pool's
 * reserve. One bio and a little: a second bio can never be complete
 * at the same time, so submitters must take turns.
 */
#define LOAD_ROOM	(LOAD_PAGES + 16)

struct load_worker {
	struct block_device *bdev;
	struct page *pages[LOAD_QD][LOAD_PAGES];
	struct completion batch;	/* this round's bios all ended */
	atomic_t left;			/* ... of them still out */
	atomic_t errors;
	unsigned long bios_ended;
	int mismatches;
	bool late;			/* a round outlived LOAD_TIMEOUT */
	struct completion done;
};

/* The value of 32-bit word @w of sector @sector in the pattern. */
static inline u32 load_word(sector_t sector, unsigned int w)
{
	return (u32)sector * 0x9e3779b1u + w;
}

/* The first sector of page @i of bio @b of a round. */
static inline sector_t load_sector(int b, int i)
{
	return LOAD_SECTOR + (sector_t)b * LOAD_SECTORS + (sector_t)i * 8;
}

static void load_fill(struct page *p, sector_t first)
{
	u32 *word = page_address(p);

	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		word[i] = load_word(first + i / 128, i % 128);
}

static bool load_check(struct page *p, sector_t first)
{
	const u32 *word = page_address(p);

	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		if (word[i] != load_word(first + i / 128, i % 128))
			return false;
	return true;
}

static void load_end_io(struct bio *bio, int error)
{
	struct load_worker *wk = bio->bi_private;

	if (error)
		atomic_inc(&wk->errors);
	bio_put(bio);
	if (atomic_dec_and_test(&wk->left))
		complete(&wk->batch);
}

/* Bio @b of a round: all of @pages, at its MiB of the pattern. */
static struct bio *load_bio(struct block_device *bdev, struct page **pages,
			    int b, void *private)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, LOAD_PAGES);

	/* No device yet: bio_add_page() would stop at max_sectors. */
	for (int i = 0; i < LOAD_PAGES; i++)
		bio_add_page(bio, pages[i], PAGE_SIZE, 0);
	bio->bi_bdev = bdev;
	bio->bi_sector = load_sector(b, 0);
	bio->bi_end_io = load_end_io;
	bio->bi_private = private;
	return bio;
}

/* LOAD_QD bios at once, all of @rw, and wait for them. */
static void load_round(struct load_worker *wk, unsigned long rw)
{
	init_completion(&wk->batch);
	atomic_set(&wk->left, LOAD_QD);
	for (int b = 0; b < LOAD_QD; b++)
		submit_bio(rw, load_bio(wk->bdev, wk->pages[b], b, wk));
	if (!wait_for_completion_timeout(&wk->batch, LOAD_TIMEOUT)) {
		wk->late = true;
		/* Never leave: the bios still point at our pages. */
		wait_for_completion(&wk->batch);
	}
	wk->bios_ended += LOAD_QD;
}

/*
 * Write the pattern, read it back, LOAD_ROUNDS times. Every thread
 * writes the same bytes to the same sectors, so whatever order the
 * writes and reads of different threads land in, a read finds the
 * pattern.
 */
static int load_thread(void *data)
{
	struct load_worker *wk = data;

	for (int b = 0; b < LOAD_QD; b++)
		for (int i = 0; i < LOAD_PAGES; i++)
			load_fill(wk->pages[b][i], load_sector(b, i));
	for (int r = 0; r < LOAD_ROUNDS; r++) {
		load_round(wk, WRITE);
		for (int b = 0; b < LOAD_QD; b++)
			for (int i = 0; i < LOAD_PAGES; i++)
				memset(page_address(wk->pages[b][i]), 0, PAGE_SIZE);
		load_round(wk, READ);
		for (int b = 0; b < LOAD_QD; b++)
			for (int i = 0; i < LOAD_PAGES; i++)
				if (!load_check(wk->pages[b][i], load_sector(b, i)))
					wk->mismatches++;
	}
	complete(&wk->done);
	return 0;
}

/*
 * A one-page bounced read. Its bounce page comes from the buddy lists
 * (the hog is gone by now) and goes back into the empty reserve, and
 * that mempool_free() is what wakes submitters asleep in mempool_alloc:
 * pages freed to the buddy lists wake nobody.
 */
static int load_nudge(void *data)
{
	struct completion *done = data;
	struct block_device *bdev = lookup_bdev(DISK);
	struct page *p = bounce_test_page(GFP_KERNEL, true);

	if (p && bdev) {
		struct bio *bio = bio_alloc(GFP_KERNEL, 1);

		bio_add_page(bio, p, PAGE_SIZE, 0);
		bio->bi_bdev = bdev;
		bio->bi_sector = LOAD_SECTOR;
		ktest_submit_wait(bio, READ, 0, NULL);
		bio_put(bio);
	}
	if (p)
		__free_page(p);
	complete(done);
	return 0;
}

static bool load_all_done(struct load_worker *wk)
{
	for (int t = 0; t < LOAD_THREADS; t++)
		if (!completion_done(&wk[t].done))
			return false;
	return true;
}

static void hog_release(struct list_head *hog, unsigned long nr)
{
	while (nr-- && !list_empty(hog)) {
		struct page *p = list_first_entry(hog, struct page, lru);

		list_del(&p->lru);
		__free_page(p);
	}
}

/*
 * Several threads each keep LOAD_QD bounced 1 MiB bios in flight while
 * ZONE_DMA has room for about one. A submitter that holds part of its
 * bounce pages while waiting for more must never keep another from
 * completing its set: else they end up sharing the room, none of them
 * complete, nothing is in flight to give pages back, and the load never
 * ends. Writes are what makes that likely on one CPU: bounce_clone()
 * copies each page as it gets it, so its loop is long enough for the
 * tick to preempt it halfway and let another submitter take the rest
 * (with reads only, the loop is too short and the case never failed).
 * A deadlock is caught by the deadline; then the hog is freed and a
 * nudge wakes the sleepers, so that the boot goes on.
 */
static void bounce_many_submitters_with_zone_dma_exhausted(struct kunit *test)
{
	static struct load_worker wk[LOAD_THREADS];
	struct zone *dma = &mem_zones[ZONE_DMA];
	struct block_device *bdev = lookup_bdev(DISK);
	struct request_queue *q;
	struct task_struct *tsk;
	LIST_HEAD(hog);
	unsigned long dma_free, hogged = 0, start;
	u64 saved_pfn;
	bool stuck = false;
	int started = 0;

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	q = bdev_get_queue(bdev);
	if (get_capacity(bdev->bd_disk) < LOAD_SECTOR + LOAD_QD * LOAD_SECTORS) {
		kunit_skip(test, "ram0 too small");
		return;
	}
	memset(wk, 0, sizeof(wk));
	for (int t = 0; t < LOAD_THREADS; t++)
		for (int b = 0; b < LOAD_QD; b++)
			for (int i = 0; i < LOAD_PAGES; i++) {
				wk[t].pages[b][i] = bounce_test_page(GFP_KERNEL, true);
				if (!wk[t].pages[b][i]) {
					kunit_skip(test, "no memory above 16 MiB");
					goto free_pages;
				}
			}

	saved_pfn = q->limits.bounce_pfn;
	if (blk_queue_bounce_setup(q, ISA_LIMIT)) {
		KUNIT_EXPECT_TRUE(test, !"no memory for the bounce pools");
		goto free_pages;
	}
	/* The pool is full again: the baseline that must come back. */
	dma_free = zone_free_pages(dma);
	for (struct page *p; (p = alloc_page(GFP_DMA | __GFP_NOWARN)); hogged++)
		list_add(&p->lru, &hog);
	if (hogged < LOAD_ROOM - POOL_RESERVE) {
		kunit_skip(test, "ZONE_DMA has too few free pages");
		goto restore;
	}
	hog_release(&hog, LOAD_ROOM - POOL_RESERVE);
	hogged -= LOAD_ROOM - POOL_RESERVE;

	start = jiffies;
	for (int t = 0; t < LOAD_THREADS; t++) {
		wk[t].bdev = bdev;
		init_completion(&wk[t].done);
		tsk = kthread_run(load_thread, &wk[t], "bounce%d", t);
		if (IS_ERR(tsk)) {
			KUNIT_EXPECT_TRUE(test, !"kthread_run failed");
			break;
		}
		started++;
	}
	if (started < LOAD_THREADS) {
		/* Those started are not waited for by the ones that did not. */
		hog_release(&hog, hogged);
		hogged = 0;
	}
	if (!ktest_poll(load_all_done(wk), LOAD_TIMEOUT)) {
		/* Not on the stack: a nudge that times out still completes it. */
		static struct completion nudged;

		stuck = true;
		kunit_fail(test, __FILE__, __LINE__,
			   "the load did not end in %d s: submitters deadlocked "
			   "on the bounce pool (ZONE_DMA free %lu)",
			   LOAD_TIMEOUT / HZ, zone_free_pages(dma));
		for (int t = 0; t < started; t++)
			kunit_info(test, "bounce%d: %lu of %d bios ended%s", t,
				   wk[t].bios_ended, 2 * LOAD_QD * LOAD_ROUNDS,
				   completion_done(&wk[t].done) ? ", done" : "");
		hog_release(&hog, hogged);
		hogged = 0;
		init_completion(&nudged);
		tsk = kthread_run(load_nudge, &nudged, "bounce-nudge");
		if (IS_ERR(tsk) || !wait_for_completion_timeout(&nudged, 5 * HZ) ||
		    !ktest_poll(load_all_done(wk), 10 * HZ)) {
			/* Still stuck: leave them their pages rather than hang. */
			kunit_fail(test, __FILE__, __LINE__,
				   "submitters still stuck after the hog was freed");
			q->limits.bounce_pfn = saved_pfn;
			return;
		}
	} else {
		kunit_info(test, "%d threads x %d rounds x %d MiB in %lu ms",
			   LOAD_THREADS, LOAD_ROUNDS, LOAD_QD,
			   (jiffies - start) * 1000 / HZ);
	}
	for (int t = 0; t < started; t++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&wk[t].errors), 0);
		KUNIT_EXPECT_EQ(test, wk[t].mismatches, 0);
		KUNIT_EXPECT_EQ(test, wk[t].bios_ended, 2 * LOAD_QD * LOAD_ROUNDS);
		if (!stuck)
			KUNIT_EXPECT_FALSE(test, wk[t].late);
	}
restore:
	hog_release(&hog, hogged);
	q->limits.bounce_pfn = saved_pfn;
	/* Every bounce page is back: in the reserve or on the buddy lists. */
	KUNIT_EXPECT_TRUE(test, ktest_poll(zone_free_pages(dma) == dma_free, HZ));
	KUNIT_EXPECT_EQ(test, zone_free_pages(dma), dma_free);
free_pages:
	for (int t = 0; t < LOAD_THREADS; t++)
		for (int b = 0; b < LOAD_QD; b++)
			for (int i = 0; i < LOAD_PAGES; i++)
				if (wk[t].pages[b][i])
					__free_page(wk[t].pages[b][i]);
}

static struct kunit_case bounce_cases[] = {
	KUNIT_CASE(bounce_ram0_high_pages_round_trip),
	KUNIT_CASE(bounce_many_submitters_with_zone_dma_exhausted),
	{}
};
static struct kunit_suite bounce_suite = {
	.name = "bounce",
	.init = ktest_threads_init,
	.exit = ktest_threads_exit,
	.test_cases = bounce_cases,
};
kunit_test_suite(bounce_suite);
