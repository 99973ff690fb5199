/*
 * test_bounce.c - bounce buffers (block/bounce.c) on an in-memory driver
 * that records the page frame of every segment it is handed. The queue's
 * limit is 16 MiB - 1 (bounce_pfn 4095), the end of ZONE_DMA in the 64 MiB
 * hosted arena, so GFP_KERNEL pages (ZONE_NORMAL) must be bounced and
 * GFP_DMA pages must not. Every test ends with the pages and bios back at
 * their baseline; the bounce pools' reserves are made in setup, before
 * the baseline is taken, so they do not count.
 */
#include "harness.h"
#include "hosted.h"
#include "elevator.h"
#include "init.h"
#include "slab.h"
#include "string.h"

#define LIMIT		0xffffffULL	/* last byte of ZONE_DMA */
#define LIMIT_PFN	(LIMIT >> PAGE_SHIFT)
#define DISK_SECTORS	512
#define MAX_SEGS	32

static struct gendisk disk;
static struct block_device whole;
static struct request_queue *q;
static spinlock_t lock;

static u8 disk_data[DISK_SECTORS * 512];
static unsigned long seen_pfn[MAX_SEGS];
static int nr_seen;
static int seen_bounced_bios;
static int fail_with;			/* the driver's answer */

static int ends, last_error;
static struct bio *last_ended;

static unsigned long base_free;
static unsigned long base_bios;

/* Move each segment to or from disk_data and note where it lives. */
static void test_request_fn(struct request_queue *rq_q)
{
	struct request *rq;

	while ((rq = blk_fetch_request(rq_q)) != NULL) {
		u8 *disk_pos = disk_data + blk_rq_pos(rq) * 512;

		for (struct bio *bio = rq->bio; bio; bio = bio->bi_next) {
			struct bio_vec *bv;
			unsigned int i;

			seen_bounced_bios += bio_flagged(bio, BIO_BOUNCED);
			bio_for_each_segment(bv, bio, i) {
				u8 *mem = (u8 *)page_address(bv->bv_page) + bv->bv_offset;

				if (nr_seen < MAX_SEGS)
					seen_pfn[nr_seen++] = page_to_pfn(bv->bv_page);
				if (fail_with) {
					memset(mem, 0xee, bv->bv_len);	/* junk */
				} else if (rq_data_dir(rq) == WRITE) {
					memcpy(disk_pos, mem, bv->bv_len);
				} else {
					memcpy(mem, disk_pos, bv->bv_len);
				}
				disk_pos += bv->bv_len;
			}
		}
		__blk_end_request_all(rq, fail_with);
	}
}

static void setup(void)
{
	static bool booted;

	if (!booted) {
		hosted_block_boot();
		spin_lock_init(&lock);
		booted = true;
	}
	if (q)
		blk_cleanup_queue(q);
	q = blk_init_queue(test_request_fn, &lock, "noop");
	CHECK_EQ(blk_queue_bounce_setup(q, LIMIT), 0);
	CHECK_EQ(q->limits.bounce_pfn, LIMIT_PFN);
	hosted_disk_init(&disk, &whole, q, "bnc", DISK_SECTORS);
	nr_seen = seen_bounced_bios = fail_with = 0;
	ends = last_error = 0;
	last_ended = NULL;
	base_free = nr_free_pages();
	base_bios = fs_bio_set->allocated;
}

static void record_end(struct bio *bio, int error)
{
	ends++;
	last_error = error;
	last_ended = bio;
	CHECK(!bio_flagged(bio, BIO_BOUNCED));	/* the caller's own bio */
	bio_put(bio);
}

static struct page *high_page(u8 fill)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	CHECK(page_to_pfn(page) > LIMIT_PFN);
	memset(page_address(page), fill, PAGE_SIZE);
	return page;
}

static struct page *low_page(u8 fill)
{
	struct page *page = alloc_pages(GFP_DMA, 0);

	CHECK(page_to_pfn(page) <= LIMIT_PFN);
	memset(page_address(page), fill, PAGE_SIZE);
	return page;
}

/* Submit @n pages as one synchronous bio at @sector: done on return. */
static struct bio *submit(unsigned long rw, sector_t sector, struct page **pages, int n)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, (unsigned int)n);

	bio->bi_sector = sector;
	bio->bi_end_io = record_end;
	for (int i = 0; i < n; i++)
		CHECK_EQ(bio_add_page(bio, pages[i], PAGE_SIZE, 0), (int)PAGE_SIZE);
	bio->bi_bdev = &whole;
	submit_bio(rw | REQ_SYNC, bio);
	return bio;
}

static bool all_seen_low(void)
{
	for (int i = 0; i < nr_seen; i++)
		if (seen_pfn[i] > LIMIT_PFN)
			return false;
	return true;
}

static void free_and_check_leaks(struct page **pages, int n)
{
	for (int i = 0; i < n; i++)
		__free_pages(pages[i], 0);
	CHECK_EQ(nr_free_pages(), base_free);
	CHECK_EQ(fs_bio_set->allocated, base_bios);
}

TEST(write_from_high_pages_reaches_driver_from_low_copies)
{
	struct page *pages[2];
	struct bio *bio;

	setup();
	pages[0] = high_page(0x11);
	pages[1] = high_page(0x22);
	bio = submit(WRITE, 8, pages, 2);
	CHECK_EQ(ends, 1);
	CHECK_EQ(last_error, 0);
	CHECK(last_ended == bio);
	CHECK_EQ(nr_seen, 2);
	CHECK(all_seen_low());
	CHECK_EQ(seen_bounced_bios, 1);
	CHECK_EQ(memcmp(disk_data + 8 * 512, page_address(pages[0]), PAGE_SIZE), 0);
	CHECK_EQ(memcmp(disk_data + 16 * 512, page_address(pages[1]), PAGE_SIZE), 0);
	CHECK_EQ(q->bounced, 2);
	CHECK_EQ(q->stats.bounced_bios, 1);
	free_and_check_leaks(pages, 2);
}

TEST(read_into_high_pages_copies_up_after_completion)
{
	struct page *pages[2];

	setup();
	memset(disk_data + 40 * 512, 0x5a, 8 * 512);
	memset(disk_data + 48 * 512, 0xa5, 8 * 512);
	pages[0] = high_page(0);
	pages[1] = high_page(0);
	submit(READ, 40, pages, 2);
	CHECK_EQ(ends, 1);
	CHECK_EQ(last_error, 0);
	CHECK(all_seen_low());
	CHECK_EQ(memcmp(page_address(pages[0]), disk_data + 40 * 512, PAGE_SIZE), 0);
	CHECK_EQ(memcmp(page_address(pages[1]), disk_data + 48 * 512, PAGE_SIZE), 0);
	CHECK_EQ(q->bounced, 2);
	CHECK_EQ(q->stats.bounced_bios, 1);
	free_and_check_leaks(pages, 2);
}

TEST(low_pages_are_not_bounced)
{
	struct page *pages[2];

	setup();
	pages[0] = low_page(0x33);
	pages[1] = low_page(0x44);
	submit(WRITE, 0, pages, 2);
	CHECK_EQ(ends, 1);
	CHECK_EQ(nr_seen, 2);
	CHECK_EQ(seen_pfn[0], page_to_pfn(pages[0]));
	CHECK_EQ(seen_pfn[1], page_to_pfn(pages[1]));
	CHECK_EQ(seen_bounced_bios, 0);
	CHECK_EQ(q->bounced, 0);
	CHECK_EQ(q->stats.bounced_bios, 0);
	free_and_check_leaks(pages, 2);
}

TEST(mixed_bio_bounces_only_the_high_page)
{
	struct page *pages[2];

	setup();
	pages[0] = low_page(0x55);
	pages[1] = high_page(0x66);
	submit(WRITE, 64, pages, 2);
	CHECK_EQ(nr_seen, 2);
	CHECK_EQ(seen_pfn[0], page_to_pfn(pages[0]));
	CHECK_NE(seen_pfn[1], page_to_pfn(pages[1]));
	CHECK(all_seen_low());
	CHECK_EQ(q->bounced, 1);
	CHECK_EQ(q->stats.bounced_bios, 1);
	CHECK_EQ(memcmp(disk_data + 72 * 512, page_address(pages[1]), PAGE_SIZE), 0);

	/* And back: both pages get the disk's data. */
	memset(page_address(pages[0]), 0, PAGE_SIZE);
	memset(page_address(pages[1]), 0, PAGE_SIZE);
	submit(READ, 64, pages, 2);
	CHECK_EQ(memcmp(page_address(pages[0]), disk_data + 64 * 512, PAGE_SIZE), 0);
	CHECK_EQ(memcmp(page_address(pages[1]), disk_data + 72 * 512, PAGE_SIZE), 0);
	CHECK_EQ(q->bounced, 2);
	CHECK_EQ(q->stats.bounced_bios, 2);
	free_and_check_leaks(pages, 2);
}

TEST(failed_bounced_read_keeps_caller_data_and_passes_error)
{
	struct page *pages[1];
	struct bio *bio;
	u8 *mem;

	setup();
	pages[0] = high_page(0xaa);
	fail_with = -EIO;
	bio = submit(READ, 100, pages, 1);
	CHECK_EQ(ends, 1);
	CHECK(last_ended == bio);
	CHECK_EQ(last_error, -EIO);
	CHECK(all_seen_low());
	mem = page_address(pages[0]);
	for (int i = 0; i < (int)PAGE_SIZE; i++)
		if (mem[i] != 0xaa) {
			CHECK_EQ(mem[i], 0xaa);
			break;
		}
	free_and_check_leaks(pages, 1);
}

TEST(bounced_bio_split_by_max_sectors_keeps_data_straight)
{
	struct page *pages[3];

	setup();
	CHECK_EQ(blk_queue_max_sectors(q, 8), 0);	/* one page per request */
	pages[0] = high_page(0x01);
	pages[1] = low_page(0x02);
	pages[2] = high_page(0x03);
	submit(WRITE, 200, pages, 3);
	CHECK_EQ(ends, 1);
	CHECK_EQ(last_error, 0);
	CHECK(q->stats.splits >= 1);
	CHECK(all_seen_low());
	for (int i = 0; i < 3; i++)
		CHECK_EQ(memcmp(disk_data + (200 + 8 * i) * 512,
				page_address(pages[i]), PAGE_SIZE), 0);
	for (int i = 0; i < 3; i++)
		memset(page_address(pages[i]), 0, PAGE_SIZE);
	submit(READ, 200, pages, 3);
	CHECK_EQ(ends, 2);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(memcmp(disk_data + (200 + 8 * i) * 512,
				page_address(pages[i]), PAGE_SIZE), 0);
	CHECK_EQ(q->bounced, 4);
	CHECK_EQ(q->stats.bounced_bios, 2);
	free_and_check_leaks(pages, 3);
}

TEST(unlimited_queue_passes_high_pages_through)
{
	struct page *pages[1];

	setup();
	blk_queue_bounce_limit(q, BLK_BOUNCE_ANY);
	pages[0] = high_page(0x77);
	submit(WRITE, 300, pages, 1);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen_pfn[0], page_to_pfn(pages[0]));
	CHECK_EQ(q->bounced, 0);
	CHECK_EQ(q->stats.bounced_bios, 0);
	free_and_check_leaks(pages, 1);
}

/*
 * A limit at or above the last page of memory cannot be crossed, so
 * blk_queue_bounce skips its walk; one page below it still bounces the
 * highest page.
 */
TEST(limit_above_all_memory_passes_every_page_through)
{
	struct page *pages[1];

	setup();
	blk_queue_bounce_limit(q, (u64)(max_pfn - 1) << PAGE_SHIFT);
	pages[0] = high_page(0x55);
	submit(WRITE, 310, pages, 1);
	CHECK_EQ(nr_seen, 1);
	CHECK_EQ(seen_pfn[0], page_to_pfn(pages[0]));
	CHECK_EQ(q->stats.bounced_bios, 0);
	free_and_check_leaks(pages, 1);
}

/* A limit that some page of memory lies above still has its pages checked. */
TEST(limit_inside_memory_still_bounces_the_pages_above_it)
{
	struct page *pages[1];

	setup();
	pages[0] = high_page(0x66);
	blk_queue_bounce_limit(q, (u64)(page_to_pfn(pages[0]) - 1) << PAGE_SHIFT);
	CHECK(q->limits.bounce_pfn < max_pfn - 1);
	submit(WRITE, 320, pages, 1);
	CHECK_EQ(nr_seen, 1);
	CHECK(seen_pfn[0] != page_to_pfn(pages[0]));
	CHECK_EQ(q->stats.bounced_bios, 1);
	CHECK_EQ(memcmp(disk_data + 320 * 512, page_address(pages[0]), PAGE_SIZE), 0);
	free_and_check_leaks(pages, 1);
}

TEST(dma_limit_param_parses_and_rejects)
{
	char line[] = "dma_limit=ram0:0xffffff dma_limit=sdb:4294967295 "
		      "dma_limit=sdc:0x1000 dma_limit=nocolon dma_limit=:0xffffff "
		      "dma_limit=sdd:12abc dma_limit=sde: dma_limit=ram0:0x7fffffff";
	bool found;

	CHECK_EQ(parse_kernel_params(line), 5);
	CHECK_EQ(dma_limit_for("ram0", &found), 0x7fffffffULL);	/* last wins */
	CHECK(found);
	CHECK_EQ(dma_limit_for("sdb", &found), 0xffffffffULL);
	CHECK(found);
	CHECK_EQ(dma_limit_for("sdc", &found), BLK_BOUNCE_ANY);
	CHECK(!found);
	CHECK_EQ(dma_limit_for("sdd", &found), BLK_BOUNCE_ANY);
	CHECK(!found);
}
