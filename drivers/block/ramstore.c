/*
 * ramstore.c - sparse page storage shared by the RAM-backed disks
 * (drivers/block/brd.c, drivers/block/simdisk.c), like the page tree
 * inside Linux's brd.
 */
#include "kernel.h"
#include "slab.h"
#include "string.h"
#include "ramstore.h"

int ram_store_init(struct ram_store *rs, unsigned long nr_pages)
{
	rs->pages = kcalloc(nr_pages, sizeof(struct page *), GFP_KERNEL);
	rs->nr_pages = rs->pages ? nr_pages : 0;
	rs->pages_allocated = 0;
	return rs->pages ? 0 : -ENOMEM;
}

void ram_store_free(struct ram_store *rs)
{
	for (unsigned long i = 0; rs->pages && i < rs->nr_pages; i++)
		if (rs->pages[i])
			__free_page(rs->pages[i]);
	kfree(rs->pages);
	rs->pages = NULL;
	rs->nr_pages = rs->pages_allocated = 0;
}

/* Copy @len bytes at @sector, all within one store page. */
static int ram_store_copy(struct ram_store *rs, char *buf, sector_t sector,
			  unsigned int len, bool write)
{
	unsigned long idx = (unsigned long)(sector / RAM_SECTORS_PER_PAGE);
	unsigned int off = (unsigned int)(sector % RAM_SECTORS_PER_PAGE) << 9;
	struct page *page = rs->pages[idx];

	if (!page) {
		if (!write) {
			memset(buf, 0, len);
			return 0;
		}
		/* Under the queue lock: no sleeping, and a failure is an I/O error. */
		page = alloc_page(GFP_ATOMIC | __GFP_ZERO);
		if (!page)
			return -ENOMEM;
		rs->pages[idx] = page;
		rs->pages_allocated++;
	}
	if (write)
		memcpy((char *)page_address(page) + off, buf, len);
	else
		memcpy(buf, (char *)page_address(page) + off, len);
	return 0;
}

int ram_store_rq(struct ram_store *rs, struct request *rq)
{
	bool write = rq_data_dir(rq) == WRITE;
	sector_t sector = blk_rq_pos(rq);
	struct bio *bio;

	for (bio = rq->bio; bio; bio = bio->bi_next) {
		struct bio_vec *bv;
		int i;

		bio_for_each_segment(bv, bio, i) {
			char *buf = (char *)page_address(bv->bv_page) + bv->bv_offset;
			unsigned int done = 0;

			/* A segment may straddle two store pages: copy each part. */
			while (done < bv->bv_len) {
				unsigned int room = (unsigned int)(RAM_SECTORS_PER_PAGE -
						    sector % RAM_SECTORS_PER_PAGE) << 9;
				unsigned int n = min(room, bv->bv_len - done);
				int err = ram_store_copy(rs, buf + done, sector, n, write);

				if (err)
					return err;
				done += n;
				sector += n >> 9;
			}
		}
	}
	return 0;
}
