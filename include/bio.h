/*
 * bio.h - the unit of block I/O (Linux 2.6's include/linux/bio.h).
 *
 * A bio says "move bi_size bytes between these memory pages and the disk
 * starting at sector bi_sector". The memory is a vector of (page, offset,
 * length) segments, bi_io_vec[bi_idx..bi_vcnt), so one bio can gather
 * scattered pages into one contiguous run of sectors. Whoever submits a
 * bio gets bi_end_io(bio, error) exactly once, when all of it is done.
 *
 * The block layer advances bi_sector/bi_idx/bi_size as parts complete, so
 * a submitter must not look at those fields after submit_bio().
 */
#ifndef _LANTERN_BIO_H
#define _LANTERN_BIO_H

#include "kernel.h"
#include "mm.h"
#include "mempool.h"
#include "atomic.h"

struct bio;
struct block_device;
struct bio_set;

/* Never crosses its page: bv_offset + bv_len <= PAGE_SIZE (blk-merge.c relies on it). */
struct bio_vec {
	struct page *bv_page;
	unsigned int bv_len;		/* bytes */
	unsigned int bv_offset;		/* into bv_page */
};

typedef void (bio_end_io_t)(struct bio *bio, int error);

/* bi_rw: the direction and the hints that travel with the I/O. */
#define REQ_WRITE	(1UL << 0)	/* else a read */
#define REQ_SYNC	(1UL << 1)	/* someone waits: dispatch promptly (unplug) */
#define REQ_META	(1UL << 2)	/* filesystem metadata */
#define REQ_FLUSH	(1UL << 3)	/* write back the device cache first (barrier) */
#define REQ_FUA		(1UL << 4)	/* this write must reach stable media */
#define REQ_NOMERGE	(1UL << 5)	/* never merge with anything */
/*
 * Do not sleep for a free request: with all nr_requests out, the bio
 * ends at once with -EAGAIN and the submitter decides (Linux 4.13's
 * REQ_NOWAIT). For a waiter that must stay able to give up.
 */
#define REQ_NOWAIT	(1UL << 6)

#define READ		0
#define WRITE		REQ_WRITE
#define READ_SYNC	(READ | REQ_SYNC)
#define WRITE_SYNC	(WRITE | REQ_SYNC)

/* bi_flags */
#define BIO_UPTODATE	0	/* no error so far */
#define BIO_BOUNCED	1	/* data went through a bounce buffer */
#define BIO_CLONED	2	/* bi_io_vec belongs to another bio */
#define BIO_SEG_VALID	3	/* bi_phys_segments and the sizes below are current */

struct bio {
	sector_t bi_sector;		/* first 512-byte sector still to do */
	struct bio *bi_next;		/* in a request's chain, or a bio_list */
	struct block_device *bi_bdev;	/* where it goes (remapped on the way) */
	unsigned long bi_flags;		/* BIO_* bits */
	unsigned long bi_rw;		/* REQ_* bits */

	unsigned short bi_vcnt;		/* segments in use */
	unsigned short bi_idx;		/* first segment still to do */
	unsigned short bi_max_vecs;	/* room in bi_io_vec */
	unsigned int bi_size;		/* bytes still to do */

	/*
	 * Hardware segments, counted once (blk_recount_segments) and kept
	 * while BIO_SEG_VALID: merges then add counts instead of walking
	 * every vector. The sizes of the first and last segment tell whether
	 * two neighbours' edge segments can become one. In a request, the
	 * first bio's front and the last bio's back size are the request's.
	 */
	unsigned int bi_phys_segments;
	unsigned int bi_seg_front_size;
	unsigned int bi_seg_back_size;

	atomic_t bi_cnt;		/* references; freed at 0 */
	atomic_t bi_remaining;		/* parts (split children) not yet ended */
	int bi_error;			/* first error any part reported */
	struct bio_vec *bi_io_vec;
	bio_end_io_t *bi_end_io;
	void *bi_private;		/* for bi_end_io */
	struct bio_set *bi_pool;	/* where it goes back to */
	struct bio_vec bi_inline_vecs[];	/* small bios carry their vector */
};

#define BIO_MAX_PAGES	256		/* 1 MiB with 4 KiB pages */
#define BIO_INLINE_VECS	4

static inline bool bio_data_dir_write(const struct bio *bio)
{
	return bio->bi_rw & REQ_WRITE;
}
#define bio_data_dir(bio)	(bio_data_dir_write(bio) ? WRITE : READ)
#define bio_sectors(bio)	((bio)->bi_size >> 9)
#define bio_end_sector(bio)	((bio)->bi_sector + bio_sectors(bio))
#define bio_iovec_idx(bio, idx)	(&((bio)->bi_io_vec[(idx)]))
#define bio_iovec(bio)		bio_iovec_idx((bio), (bio)->bi_idx)
#define bio_flagged(bio, flag)	(((bio)->bi_flags & (1UL << (flag))) != 0)
#define bio_set_flag(bio, flag)	((bio)->bi_flags |= 1UL << (flag))
#define bio_clear_flag(bio, flag) ((bio)->bi_flags &= ~(1UL << (flag)))
#define bio_rw_flagged(bio, f)	(((bio)->bi_rw & (f)) != 0)

/* Walk the segments still to do. */
#define bio_for_each_segment(bvl, bio, i)				\
	for (i = (bio)->bi_idx, bvl = bio_iovec_idx((bio), i);		\
	     i < (bio)->bi_vcnt; bvl++, i++)

/*
 * A pool of bios with a mempool reserve, so that a bio can always be had
 * eventually with GFP_NOIO: the block layer must make progress even when
 * memory is short, or freeing memory (writing pages out) would deadlock.
 */
struct bio_set {
	const char *name;
	mempool_t *bio_pool;		/* bios with BIO_INLINE_VECS inline */
	mempool_t *bvec_pool;		/* BIO_MAX_PAGES vectors for big bios */
	unsigned long allocated;	/* bios handed out and not yet freed */
};

struct bio_set *bioset_create(const char *name, unsigned int pool_size);
void bioset_free(struct bio_set *bs);
extern struct bio_set *fs_bio_set;	/* the default pool */

/*
 * A bio with room for @nr_iovecs segments (≤ BIO_MAX_PAGES), refcount 1.
 * With __GFP_WAIT in @gfp it never fails (it waits for the reserve);
 * otherwise NULL when memory is short. Process context if it may wait.
 */
struct bio *bio_alloc_bioset(gfp_t gfp, unsigned int nr_iovecs, struct bio_set *bs);
struct bio *bio_alloc(gfp_t gfp, unsigned int nr_iovecs);
void bio_get(struct bio *bio);
void bio_put(struct bio *bio);

/*
 * Add @len bytes of @page at @offset. Returns @len, or 0 when the bio is
 * full: no vector room, or the queue's max_sectors / max_segments /
 * max_segment_size / segment boundary would be broken. Before bi_bdev is
 * set only the vector room is checked.
 */
int bio_add_page(struct bio *bio, struct page *page, unsigned int len,
		 unsigned int offset);

/*
 * The bio is done, with @error (0 or -errno). A nonzero error clears
 * BIO_UPTODATE. bi_end_io(bio, first error) runs once, when this and
 * every part split off it have ended. Any context.
 */
void bio_endio(struct bio *bio, int error);

/* Skip the first @bytes (they completed): advance sector, idx, size. */
void bio_advance(struct bio *bio, unsigned int bytes);

/*
 * Split @bio at @sectors (> 0 and < bio_sectors(bio)): returns a new bio
 * for the first @sectors that shares pages with @bio, and trims @bio to
 * the rest. When both halves are done the original bi_end_io runs once,
 * with the first error seen. The split point must fall on a segment
 * boundary or inside one page segment. NULL if memory ran out.
 */
struct bio *bio_split(struct bio *bio, unsigned int sectors, gfp_t gfp);

/* A list of bios linked through bi_next, for generic_make_request. */
struct bio_list {
	struct bio *head;
	struct bio *tail;
};

static inline void bio_list_init(struct bio_list *bl)
{
	bl->head = bl->tail = NULL;
}

static inline bool bio_list_empty(const struct bio_list *bl)
{
	return bl->head == NULL;
}

static inline void bio_list_add(struct bio_list *bl, struct bio *bio)
{
	bio->bi_next = NULL;
	if (bl->tail)
		bl->tail->bi_next = bio;
	else
		bl->head = bio;
	bl->tail = bio;
}

static inline struct bio *bio_list_pop(struct bio_list *bl)
{
	struct bio *bio = bl->head;

	if (bio) {
		bl->head = bio->bi_next;
		if (!bl->head)
			bl->tail = NULL;
		bio->bi_next = NULL;
	}
	return bio;
}

#endif
