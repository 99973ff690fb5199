/*
 * bounce_test.c - bounce buffers (block/bounce.c) on the RAM disk: with
 * ram0's DMA limit lowered to the end of ZONE_DMA at run time, pages
 * above 16 MiB go through bounce pages and their data still arrives.
 * The limit is restored afterwards. ktest=bounce.
 */
#include "kernel.h"
#include "blkdev.h"
#include "kunit.h"
#include "ktest_bio.h"
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

static struct kunit_case bounce_cases[] = {
	KUNIT_CASE(bounce_ram0_high_pages_round_trip),
	{}
};
static struct kunit_suite bounce_suite = { .name = "bounce", .test_cases = bounce_cases };
kunit_test_suite(bounce_suite);
