/*
 * bounce.c - bounce buffers for devices that cannot reach all of memory
 * (Linux 2.6's block/bounce.c).
 *
 * A device whose DMA engine sees only the low addresses (an ISA-style
 * controller: 24 address bits) cannot move data to or from a page above
 * that limit. blk_queue_bounce(), the first step of __make_request, swaps
 * such a bio for a "bounce" bio whose high pages are replaced by pages
 * from ZONE_DMA: a write copies the data down before it is issued, a read
 * copies it up after it completed. Low pages are used as they are.
 *
 *   submit_bio -> generic_make_request -> __make_request
 *     -> blk_queue_bounce: bounce bio (high pages copied for WRITE)
 *     -> split / merge / driver ... -> bio_endio(bounce bio)
 *     -> bounce_end_io: copy up for READ, free pages, bio_endio(original)
 *
 * A queue's limit is q->limits.bounce_pfn (blk_queue_bounce_limit, in
 * blk-settings.c); BLK_BOUNCE_ANY, the default, never bounces. The boot
 * parameter dma_limit=DEV:ADDR sets one for a disk when add_disk() sees it.
 *
 * Pools: the bounce pages and bios come from mempools made on first need
 * (blk_queue_bounce_setup, or the first bio that needs bouncing), so
 * machines without a limited disk never set 256 KiB of ZONE_DMA aside.
 *
 * Progress: a bio takes its bounce pages one at a time and sleeps in
 * mempool_alloc when ZONE_DMA and the reserve are both empty. Were
 * several bios doing that at once, each could end up holding part of
 * what it needs, with no bounced bio in flight to give pages back: all
 * would wait for ever. So only one bio at a time takes pages
 * (bounce_alloc_lock); every other bounced bio holds all of its pages
 * and is on its way to the disk, and its completion refills the reserve
 * and wakes the one waiting. A bio is therefore sure to get its pages
 * if they fit in what ZONE_DMA has free, beyond pages_min, plus the
 * reserve, when no bounced I/O is in flight.
 *
 * A bio may need more than that: up to BIO_MAX_PAGES (256) pages against
 * a reserve of 64, with the rest of ZONE_DMA taken by others. It then
 * waits, holding the lock, for completions of bounced bios to wake it
 * after other users gave pages back to ZONE_DMA (a page freed to the
 * buddy lists wakes nobody). If none is in flight, it waits for ever,
 * and every bounced bio after it, on any disk, waits behind it.
 */
#include "kernel.h"
#include "blkdev.h"
#include "init.h"
#include "mutex.h"
#include "string.h"

#define BOUNCE_POOL_PAGES	64	/* ZONE_DMA pages kept back: 256 KiB */
#define BOUNCE_BIO_POOL		4	/* bounce bios kept back */
#define BOUNCE_MAX_LIMITS	8	/* dma_limit= entries on the command line */

static DEFINE_MUTEX(bounce_init_lock);	/* serialises making the pools */
static DEFINE_MUTEX(bounce_alloc_lock);	/* one bio at a time takes pages */
static mempool_t *bounce_page_pool;	/* order-0 pages from ZONE_DMA */
static struct bio_set *bounce_bio_set;

/* dma_limit=DEV:ADDR, as given at boot; applied by add_disk(). */
static struct {
	char disk[DISK_NAME_LEN];
	u64 addr;
} bounce_boot_limit[BOUNCE_MAX_LIMITS];
static int nr_bounce_boot_limits;

/* ---- pools ---- */

/* Like mempool_alloc_pages, but from ZONE_DMA: that is the whole point. */
static void *bounce_alloc_page(gfp_t gfp, void *pool_data)
{
	return alloc_pages(gfp | GFP_DMA, 0);
}

static void bounce_free_page(void *element, void *pool_data)
{
	__free_pages(element, 0);
}

/*
 * Make the pools if they do not exist yet. Process context, may sleep.
 * Returns 0 or -ENOMEM (nothing is kept then; a later call tries again).
 */
static int bounce_pools_init(void)
{
	int err = 0;

	mutex_lock(&bounce_init_lock);
	if (bounce_page_pool)
		goto out;
	bounce_bio_set = bioset_create("bounce", BOUNCE_BIO_POOL);
	if (!bounce_bio_set) {
		err = -ENOMEM;
		goto out;
	}
	bounce_page_pool = mempool_create(BOUNCE_POOL_PAGES, bounce_alloc_page,
					  bounce_free_page, NULL);
	if (!bounce_page_pool) {
		bioset_free(bounce_bio_set);
		bounce_bio_set = NULL;
		err = -ENOMEM;
		goto out;
	}
	pr_info("bounce: pool of %d ZONE_DMA pages\n", BOUNCE_POOL_PAGES);
out:
	mutex_unlock(&bounce_init_lock);
	return err;
}

int blk_queue_bounce_setup(struct request_queue *q, u64 dma_addr)
{
	int err = 0;

	if (dma_addr >> PAGE_SHIFT < BLK_BOUNCE_ANY >> PAGE_SHIFT)
		err = bounce_pools_init();
	if (!err)
		blk_queue_bounce_limit(q, dma_addr);
	return err;
}

/* ---- the I/O path ---- */

static bool bounce_needed(const struct request_queue *q, struct bio *bio)
{
	struct bio_vec *bv;
	unsigned int i;

	bio_for_each_segment(bv, bio, i)
		if (page_to_pfn(bv->bv_page) > q->limits.bounce_pfn)
			return true;
	return false;
}

/*
 * The bounce bio is done: softirq (or the submitter's) context. Walk the
 * original's segments rather than the bounce bio's: the block layer has
 * advanced the bounce bio's bi_idx and trimmed its vectors as parts
 * completed, but it never changes which page a vector points at, and the
 * original's vectors are untouched since blk_queue_bounce.
 */
static void bounce_end_io(struct bio *bio, int error)
{
	struct bio *orig = bio->bi_private;
	bool copy_up = !error && !bio_data_dir_write(orig);
	unsigned int i, j;

	for (i = orig->bi_idx, j = 0; i < orig->bi_vcnt; i++, j++) {
		struct bio_vec *to = &orig->bi_io_vec[i];
		struct page *page = bio->bi_io_vec[j].bv_page;

		if (page == to->bv_page)
			continue;
		/* A failed read may have left garbage: keep the caller's data. */
		if (copy_up)
			memcpy(page_address(to->bv_page) + to->bv_offset,
			       page_address(page) + to->bv_offset, to->bv_len);
		mempool_free(page, bounce_page_pool);
	}
	bio_put(bio);
	bio_endio(orig, error);
}

/*
 * Swap @orig for a bounce bio. Process context, no spinlock held: it
 * sleeps on the pools and on bounce_alloc_lock. __make_request, the only
 * caller, runs in the submitter's context (submit_bio is process
 * context only, and nobody calls it under a spinlock).
 */
static struct bio *bounce_clone(struct request_queue *q, struct bio *orig)
{
	struct bio *bio;
	struct bio_vec *from;
	unsigned long flags, nr_pages = 0;
	unsigned int i;

	bio = bio_alloc_bioset(GFP_NOIO, orig->bi_vcnt - orig->bi_idx,
			       bounce_bio_set);
	/* See "Progress" at the top; the copying is left outside. */
	mutex_lock(&bounce_alloc_lock);
	bio_for_each_segment(from, orig, i) {
		struct bio_vec *to = &bio->bi_io_vec[bio->bi_vcnt++];

		*to = *from;
		if (page_to_pfn(from->bv_page) <= q->limits.bounce_pfn)
			continue;
		/* Same offset in the bounce page: bounce_end_io relies on it. */
		to->bv_page = mempool_alloc(bounce_page_pool, GFP_NOIO);
		nr_pages++;
	}
	mutex_unlock(&bounce_alloc_lock);
	if (bio_data_dir_write(orig) && nr_pages) {
		struct bio_vec *to = bio->bi_io_vec;

		bio_for_each_segment(from, orig, i) {
			if (to->bv_page != from->bv_page)
				memcpy(page_address(to->bv_page) + to->bv_offset,
				       page_address(from->bv_page) + from->bv_offset,
				       to->bv_len);
			to++;
		}
	}
	bio->bi_sector = orig->bi_sector;
	bio->bi_bdev = orig->bi_bdev;
	bio->bi_rw = orig->bi_rw;
	bio->bi_size = orig->bi_size;
	bio->bi_end_io = bounce_end_io;
	bio->bi_private = orig;
	bio_set_flag(bio, BIO_BOUNCED);

	spin_lock_irqsave(q->queue_lock, flags);
	q->bounced += nr_pages;
	q->stats.bounced_bios++;
	spin_unlock_irqrestore(q->queue_lock, flags);
	return bio;
}

void blk_queue_bounce(struct request_queue *q, struct bio **bio_orig)
{
	/*
	 * A limit at or above the machine's last page (IDE bus-master DMA's
	 * 4 GiB on a smaller machine, or no limit at all) can never be
	 * crossed: skip the walk over every page of every bio.
	 */
	if (q->limits.bounce_pfn >= BLK_BOUNCE_ANY >> PAGE_SHIFT ||
	    (max_pfn && q->limits.bounce_pfn >= max_pfn - 1))
		return;
	if (!bounce_needed(q, *bio_orig))
		return;
	/*
	 * A limit set with blk_queue_bounce_limit() alone makes the pools
	 * here, on first need. If memory ran out the bio goes out unbounced:
	 * every device Lantern drives reaches all of RAM, so that is wrong
	 * only for an emulated limit, and the warning says so.
	 */
	if (bounce_pools_init()) {
		WARN_ON_ONCE(1);
		return;
	}
	*bio_orig = bounce_clone(q, *bio_orig);
}

/* ---- dma_limit=DEV:ADDR ---- */

/*
 * Bounce pages come from ZONE_DMA, so a limit below its end could not
 * be met: such values are rejected rather than silently ignored.
 */
static int bounce_dma_limit_setup(char *val)
{
	char *colon = val ? strchr(val, ':') : NULL;
	unsigned long long addr;
	int i;

	if (!colon || colon == val || colon - val >= DISK_NAME_LEN)
		return -EINVAL;
	if (kstrtoull(colon + 1, 0, &addr) || addr < MAX_DMA_ADDRESS - 1)
		return -EINVAL;
	*colon = '\0';		/* only now: the error message shows @val */
	/* A disk named twice: the last one wins, as for elevator=. */
	for (i = 0; i < nr_bounce_boot_limits; i++)
		if (strcmp(bounce_boot_limit[i].disk, val) == 0)
			break;
	if (i == BOUNCE_MAX_LIMITS)
		return -ENOSPC;
	strlcpy(bounce_boot_limit[i].disk, val, DISK_NAME_LEN);
	bounce_boot_limit[i].addr = addr;
	if (i == nr_bounce_boot_limits)
		nr_bounce_boot_limits++;
	return 0;
}
__setup_help("dma_limit=", bounce_dma_limit_setup,
	     "DEV:ADDR, highest address DEV can DMA to (>= 0xffffff; repeatable)");

u64 dma_limit_for(const char *disk_name, bool *found)
{
	for (int i = 0; i < nr_bounce_boot_limits; i++) {
		if (strcmp(bounce_boot_limit[i].disk, disk_name) == 0) {
			*found = true;
			return bounce_boot_limit[i].addr;
		}
	}
	*found = false;
	return BLK_BOUNCE_ANY;
}
