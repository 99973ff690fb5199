/*
 * bio.c - allocating, building, splitting and ending bios (Linux 2.6's
 * fs/bio.c). Portable: the hosted tests link it too.
 *
 * Bios come from a bio_set: a mempool of bios with BIO_INLINE_VECS
 * vectors inside, plus a mempool of BIO_MAX_PAGES vectors for bigger
 * ones. Both pools keep a reserve, so a GFP_NOIO allocation always
 * succeeds in the end: the block layer must make progress precisely when
 * memory is short, because writing pages out is how memory gets freed.
 */
#include "kernel.h"
#include "bio.h"
#include "blkdev.h"
#include "slab.h"
#include "string.h"

#define BIO_POOL_SIZE	16	/* reserve: bios guaranteed to fs_bio_set users */

struct bio_set *fs_bio_set;
static struct kmem_cache *bio_cachep, *bvec_cachep;

struct bio_set *bioset_create(const char *name, unsigned int pool_size)
{
	struct bio_set *bs;

	if (!bio_cachep) {
		bio_cachep = kmem_cache_create("bio", sizeof(struct bio) +
					       BIO_INLINE_VECS * sizeof(struct bio_vec),
					       0, 0, NULL);
		bvec_cachep = kmem_cache_create("biovec-256",
						BIO_MAX_PAGES * sizeof(struct bio_vec),
						0, 0, NULL);
		if (!bio_cachep || !bvec_cachep)
			return NULL;
	}
	bs = kzalloc(sizeof(*bs), GFP_KERNEL);
	if (!bs)
		return NULL;
	bs->name = name;
	bs->bio_pool = mempool_create_slab_pool((int)pool_size, bio_cachep);
	bs->bvec_pool = mempool_create_slab_pool(2, bvec_cachep);
	if (!bs->bio_pool || !bs->bvec_pool) {
		bioset_free(bs);
		return NULL;
	}
	return bs;
}

void bioset_free(struct bio_set *bs)
{
	if (!bs)
		return;
	WARN_ON(bs->allocated);
	if (bs->bio_pool)
		mempool_destroy(bs->bio_pool);
	if (bs->bvec_pool)
		mempool_destroy(bs->bvec_pool);
	kfree(bs);
}

struct bio *bio_alloc_bioset(gfp_t gfp, unsigned int nr_iovecs, struct bio_set *bs)
{
	struct bio *bio;

	if (nr_iovecs > BIO_MAX_PAGES)
		return NULL;
	bio = mempool_alloc(bs->bio_pool, gfp);
	if (!bio)
		return NULL;
	memset(bio, 0, sizeof(*bio));
	if (nr_iovecs <= BIO_INLINE_VECS) {
		bio->bi_io_vec = bio->bi_inline_vecs;
		bio->bi_max_vecs = BIO_INLINE_VECS;
	} else {
		bio->bi_io_vec = mempool_alloc(bs->bvec_pool, gfp);
		if (!bio->bi_io_vec) {
			mempool_free(bio, bs->bio_pool);
			return NULL;
		}
		bio->bi_max_vecs = BIO_MAX_PAGES;
	}
	bio->bi_flags = 1UL << BIO_UPTODATE;
	atomic_set(&bio->bi_cnt, 1);
	atomic_set(&bio->bi_remaining, 1);
	bio->bi_pool = bs;
	bs->allocated++;
	return bio;
}

struct bio *bio_alloc(gfp_t gfp, unsigned int nr_iovecs)
{
	return bio_alloc_bioset(gfp, nr_iovecs, fs_bio_set);
}

void bio_get(struct bio *bio)
{
	atomic_inc(&bio->bi_cnt);
}

void bio_put(struct bio *bio)
{
	struct bio_set *bs = bio->bi_pool;

	BUG_ON(atomic_read(&bio->bi_cnt) <= 0);
	if (!atomic_dec_and_test(&bio->bi_cnt))
		return;
	if (bio->bi_io_vec != bio->bi_inline_vecs)
		mempool_free(bio->bi_io_vec, bs->bvec_pool);
	bs->allocated--;
	mempool_free(bio, bs->bio_pool);
}

/* Would @len bytes at @page+@offset extend the bio's last vector in place? */
static bool bio_tail_mergeable(const struct bio *bio, const struct page *page,
			       unsigned int offset)
{
	const struct bio_vec *prev;

	if (!bio->bi_vcnt)
		return false;
	prev = &bio->bi_io_vec[bio->bi_vcnt - 1];
	return prev->bv_page == page && prev->bv_offset + prev->bv_len == offset;
}

/*
 * bio_add_page() for a bio that knows its queue: every limit is checked
 * and the segment count kept current. The arguments are already valid.
 */
static int __bio_add_page(struct request_queue *q, struct bio *bio, struct page *page,
			  unsigned int len, unsigned int offset)
{
	struct bio_vec *bv;

	if (((bio->bi_size + len) >> 9) > queue_max_sectors(q))
		return 0;
	if (!bio_tail_mergeable(bio, page, offset)) {
		/* A new vector: one more segment, unless it continues the last. */
		struct bio_vec nv = { page, len, offset };
		unsigned int segs;
		bool joins;

		if (bio->bi_vcnt >= bio->bi_max_vecs)
			return 0;
		segs = bio->bi_vcnt ? bio_phys_segments(q, bio) : 0;
		joins = bio->bi_vcnt &&
			biovec_phys_mergeable(q, &bio->bi_io_vec[bio->bi_vcnt - 1], &nv,
					      bio->bi_seg_back_size);
		if (!joins && segs + 1 > q->limits.max_segments)
			return 0;
		bio->bi_io_vec[bio->bi_vcnt++] = nv;
		bio->bi_size += len;
		if (joins) {
			bio->bi_seg_back_size += len;
		} else {
			segs++;
			bio->bi_seg_back_size = len;
		}
		if (segs == 1)
			bio->bi_seg_front_size = bio->bi_seg_back_size;
		bio->bi_phys_segments = segs;
		bio_set_flag(bio, BIO_SEG_VALID);
		return (int)len;
	}
	bv = &bio->bi_io_vec[bio->bi_vcnt - 1];
	if (bv->bv_len + len > q->limits.max_segment_size)
		return 0;
	/* Growing a vector can move a segment edge: count again, undo if too many. */
	bv->bv_len += len;
	blk_recount_segments(q, bio);
	if (bio->bi_phys_segments > q->limits.max_segments) {
		bv->bv_len -= len;
		blk_recount_segments(q, bio);
		return 0;
	}
	bio->bi_size += len;
	return (int)len;
}

/*
 * Without a queue (bi_bdev not set yet, as a submitter building a big
 * bio page by page does) only the vector room is checked: this path runs
 * once per page, so it stays short and leaves the counting to the queue.
 */
int bio_add_page(struct bio *bio, struct page *page, unsigned int len,
		 unsigned int offset)
{
	struct request_queue *q = bio->bi_bdev ? bdev_get_queue(bio->bi_bdev) : NULL;

	if (!len || offset + len > PAGE_SIZE || bio_flagged(bio, BIO_CLONED))
		return 0;
	if (q)
		return __bio_add_page(q, bio, page, len, offset);
	if (bio_tail_mergeable(bio, page, offset)) {
		bio->bi_io_vec[bio->bi_vcnt - 1].bv_len += len;
	} else {
		if (bio->bi_vcnt >= bio->bi_max_vecs)
			return 0;
		bio->bi_io_vec[bio->bi_vcnt++] = (struct bio_vec){ page, len, offset };
	}
	bio->bi_size += len;
	bio_clear_flag(bio, BIO_SEG_VALID);	/* counted when a queue needs it */
	return (int)len;
}

void bio_advance(struct bio *bio, unsigned int bytes)
{
	BUG_ON(bytes > bio->bi_size || (bytes & 511));
	bio_clear_flag(bio, BIO_SEG_VALID);	/* its vectors change */
	bio->bi_sector += bytes >> 9;
	bio->bi_size -= bytes;
	while (bytes) {
		struct bio_vec *bv = bio_iovec(bio);

		if (bytes < bv->bv_len) {
			bv->bv_offset += bytes;
			bv->bv_len -= bytes;
			break;
		}
		bytes -= bv->bv_len;
		bio->bi_idx++;
	}
}

void bio_endio(struct bio *bio, int error)
{
	if (error) {
		bio_clear_flag(bio, BIO_UPTODATE);
		/* First error wins; a race between parts only loses a second one. */
		if (!READ_ONCE(bio->bi_error))
			WRITE_ONCE(bio->bi_error, error);
	}
	if (!atomic_dec_and_test(&bio->bi_remaining))
		return;
	if (!bio->bi_error && !bio_flagged(bio, BIO_UPTODATE))
		bio->bi_error = -EIO;
	if (bio->bi_end_io)
		bio->bi_end_io(bio, bio->bi_error);
}

static void bio_split_endio(struct bio *split, int error)
{
	struct bio *parent = split->bi_private;

	bio_put(split);
	bio_endio(parent, error);
}

struct bio *bio_split(struct bio *bio, unsigned int sectors, gfp_t gfp)
{
	unsigned int bytes = sectors << 9, done = 0;
	struct bio *split;
	unsigned short i;

	if (!sectors || sectors >= bio_sectors(bio))
		return NULL;
	split = bio_alloc_bioset(gfp, bio->bi_vcnt - bio->bi_idx, bio->bi_pool);
	if (!split)
		return NULL;
	/* The first part gets copies of the vectors it covers. */
	for (i = bio->bi_idx; done < bytes; i++) {
		struct bio_vec bv = bio->bi_io_vec[i];

		bv.bv_len = min(bv.bv_len, bytes - done);
		split->bi_io_vec[split->bi_vcnt++] = bv;
		done += bv.bv_len;
	}
	split->bi_sector = bio->bi_sector;
	split->bi_size = bytes;
	split->bi_bdev = bio->bi_bdev;
	split->bi_rw = bio->bi_rw;
	split->bi_end_io = bio_split_endio;
	split->bi_private = bio;
	/* The parent now ends only after the split part has ended too. */
	atomic_inc(&bio->bi_remaining);
	bio_advance(bio, bytes);
	return split;
}

void bio_init_sets(void)
{
	fs_bio_set = bioset_create("fs_bio_set", BIO_POOL_SIZE);
	if (!fs_bio_set)
		panic("bio: cannot create the default bio_set");
}
