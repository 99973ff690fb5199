/*
 * bio_cost.c - what one bio (4 KiB unless told) costs from submit_bio()
 * to bio_endio() on a queue whose driver maps every request to a
 * scatterlist and ends it the moment it sees it.
 *
 *   bench_bio_cost ELEVATOR [random|sequential|both] [N] [BYTES]
 *
 * Built by `make -C tests/host ... bench` (hosted, no sanitizers) and run
 * under callgrind by tools/bench/callgrind-bio-cost, which collects only
 * inside measured_random() or measured_sequential() and divides by N.
 * Everything the measurement must not see (boot, queue set-up, warm-up,
 * printing) happens outside those two functions.
 *
 * The bios are made before the measured function runs (bio_alloc and
 * bio_add_page are the submitter's cost, not the block layer's), so what
 * is counted starts at submit_bio() and ends when bi_end_io has run,
 * bio_put() included. measured_build() makes the measured run's bios, so
 * that cost can be collected on its own.
 *
 * BYTES (a multiple of the page size, up to BIO_MAX_PAGES pages) sets the
 * bio size. A bio of one page reuses a single page, as before; a bigger
 * one takes that many distinct pages, added before bi_bdev is set as
 * block/blkbench.c does, in falling address order so that no two
 * neighbours are physically contiguous: every page is its own segment,
 * the worst case for segment counting and the driver's map. The queue has
 * AHCI's limits (256 segments, 2048 sectors), so a 1 MiB bio stays one
 * request, as it does on sda.
 *
 * The driver calls blk_rq_map_sg() for every request, as drivers/ata
 * does. That was added with BYTES; it adds a few dozen instructions to
 * the 4 KiB figures measured before it.
 *
 * random: WRITE_SYNC bios at scattered sectors. REQ_SYNC unplugs at
 * once, so each bio reaches the driver and ends inside submit_bio(), one
 * request per bio, on an empty queue: the full path, no merging.
 * sequential: plain (async) WRITE bios at consecutive sectors, in batches
 * of BATCH followed by blk_unplug(), as a writer that plugs, queues and
 * then waits would do: the bios after the first of a request merge into
 * it (back merges through the hash), and the driver sees few requests.
 * The program prints what the driver saw rather than assume it.
 */
#include <stdio.h>
#include <stdlib.h>
#include "hosted.h"
#include "blkdev.h"
#include "elevator.h"
#include "gfp.h"
#include "string.h"

#define SLOTS		(1UL << 18)	/* bio-sized slots on the disk; a power of two */
#define WARMUP		256
#define DEFAULT_N	10000
#define MAX_SEGMENTS	256		/* AHCI_MAX_PRDS */
#define MAX_SECTORS	2048		/* ATA_MAX_SECTORS_REQ */

static struct gendisk disk;
static struct block_device bdev;
static struct request_queue *q;
static spinlock_t lock;
static unsigned int bio_pages = 1;	/* pages per bio */
static sector_t bio_sectors_each;	/* sectors per bio */
/* The pages every bio writes, the same for each bio: no allocator noise. */
static struct page *pages[BIO_MAX_PAGES];
static struct scatterlist sg[MAX_SEGMENTS];	/* the driver's map */

static unsigned long nr_requests;	/* requests the driver was handed */
static unsigned long nr_ended;		/* bios whose bi_end_io ran */
static unsigned long nr_errors;
static unsigned long nr_bad_maps;	/* maps longer than the request's segment count */

static void instant_request_fn(struct request_queue *rq_q)
{
	struct request *rq;

	while ((rq = blk_fetch_request(rq_q)) != NULL) {
		nr_requests++;
		if (blk_rq_map_sg(rq_q, rq, sg) > rq->nr_phys_segments)
			nr_bad_maps++;
		__blk_end_request_all(rq, 0);
	}
}

static void bench_end_io(struct bio *bio, int error)
{
	nr_ended++;
	if (error)
		nr_errors++;
	bio_put(bio);
}

#define BATCH		32	/* sequential bios between unplugs */

static struct bio *make_bio(sector_t sector)
{
	struct bio *bio = bio_alloc(GFP_KERNEL, bio_pages);

	if (!bio)
		abort();
	for (unsigned int p = 0; p < bio_pages; p++)
		if (bio_add_page(bio, pages[p], PAGE_SIZE, 0) != PAGE_SIZE)
			abort();
	bio->bi_sector = sector;
	bio->bi_bdev = &bdev;
	bio->bi_end_io = bench_end_io;
	return bio;
}

/* Returns false if the bio did not end inside submit_bio(). */
static inline bool submit_one(struct bio *bio)
{
	unsigned long before = nr_ended;

	submit_bio(WRITE_SYNC, bio);
	return nr_ended == before + 1;
}

/*
 * Slot i * odd constant mod a power of two visits every slot once, and
 * consecutive bios land the same far-from-adjacent distance apart, so no
 * two bios in a run could ever be merged.
 */
static sector_t random_sector(unsigned long i)
{
	return (sector_t)((i * 0x9e3779b1UL) & (SLOTS - 1)) * bio_sectors_each;
}

/* A run that starts past anything warm-up wrote, so it is contiguous only with itself. */
static sector_t sequential_sector(unsigned long base, unsigned long i)
{
	return (sector_t)(base + i) * bio_sectors_each;
}

static inline __attribute__((always_inline)) unsigned long
do_random(struct bio **bios, unsigned long n)
{
	unsigned long late = 0;

	for (unsigned long i = 0; i < n; i++)
		late += !submit_one(bios[i]);
	return late;
}

/* Returns how many bios had not ended after their batch's unplug. */
static inline __attribute__((always_inline)) unsigned long
do_sequential(struct bio **bios, unsigned long n)
{
	unsigned long late = 0;

	for (unsigned long i = 0; i < n; i += BATCH) {
		unsigned long before = nr_ended, batch = min(n - i, (unsigned long)BATCH);

		for (unsigned long k = 0; k < batch; k++)
			submit_bio(WRITE, bios[i + k]);
		blk_unplug(q);
		late += batch - (nr_ended - before);
	}
	return late;
}

/* Descending pfn: page p + 1 never starts where page p ends. */
static int page_cmp_desc(const void *a, const void *b)
{
	const struct page *x = *(struct page *const *)a, *y = *(struct page *const *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static void setup(const char *elevator, unsigned int bytes)
{
	hosted_block_boot();
	spin_lock_init(&lock);
	q = blk_init_queue(instant_request_fn, &lock, elevator);
	if (!q || strcmp(q->elevator->elevator_type->elevator_name, elevator)) {
		fprintf(stderr, "bio_cost: no queue with elevator %s\n", elevator);
		exit(2);
	}
	if (blk_queue_max_segments(q, MAX_SEGMENTS) || blk_queue_max_sectors(q, MAX_SECTORS))
		exit(2);
	bio_pages = bytes / PAGE_SIZE;
	bio_sectors_each = bytes >> 9;
	hosted_disk_init(&disk, &bdev, q, "bench", SLOTS * bio_sectors_each);
	for (unsigned int p = 0; p < bio_pages; p++) {
		pages[p] = alloc_page(GFP_KERNEL);
		if (!pages[p])
			exit(2);
	}
	qsort(pages, bio_pages, sizeof(pages[0]), page_cmp_desc);
}

/*
 * noclone too: callgrind toggles on these exact symbol names. Warm-up
 * calls do_*() directly, so it is not counted.
 */
__attribute__((noinline, noclone)) unsigned long measured_random(struct bio **bios,
								  unsigned long n)
{
	return do_random(bios, n);
}

__attribute__((noinline, noclone)) unsigned long measured_sequential(struct bio **bios,
								      unsigned long n)
{
	return do_sequential(bios, n);
}

__attribute__((noinline, noclone)) struct bio **measured_build(bool scattered,
								unsigned long base,
								unsigned long n);

static struct bio **make_bios(bool scattered, unsigned long base, unsigned long n)
{
	struct bio **bios = malloc(n * sizeof(*bios));

	if (!bios)
		abort();
	for (unsigned long i = 0; i < n; i++)
		bios[i] = make_bio(scattered ? random_sector(base + i) :
				   sequential_sector(base, i));
	return bios;
}

__attribute__((noinline, noclone)) struct bio **measured_build(bool scattered,
								unsigned long base,
								unsigned long n)
{
	return make_bios(scattered, base, n);
}

/* One pattern: warm up (slab caches, CFQ's io_context and queue), measure, report. */
static int run(const char *elevator, const char *pattern, unsigned long n)
{
	bool scattered = strcmp(pattern, "random") == 0;
	unsigned long ended, requests, merges, late;
	struct bio **bios;

	bios = make_bios(scattered, SLOTS / 2, WARMUP);
	late = scattered ? do_random(bios, WARMUP) : do_sequential(bios, WARMUP);
	free(bios);
	if (late) {
		fprintf(stderr, "bio_cost: a warm-up bio did not end at once\n");
		return 1;
	}
	bios = measured_build(scattered, scattered ? 0 : SLOTS / 4, n);
	ended = nr_ended;
	requests = nr_requests;
	merges = q->stats.back_merges + q->stats.front_merges;
	late = scattered ? measured_random(bios, n) : measured_sequential(bios, n);
	ended = nr_ended - ended;
	requests = nr_requests - requests;
	merges = q->stats.back_merges + q->stats.front_merges - merges;
	free(bios);

	printf("elevator=%s pattern=%s bios=%lu requests=%lu merges=%lu ended=%lu bytes=%u\n",
	       elevator, pattern, n, requests, merges, ended, bio_pages * (unsigned int)PAGE_SIZE);
	if (late || ended != n || nr_errors || nr_bad_maps) {
		fprintf(stderr, "bio_cost: %lu bios did not end in time, %lu of %lu ended, "
			"%lu errors, %lu bad maps\n", late, ended, n, nr_errors, nr_bad_maps);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *pattern = argc > 2 ? argv[2] : "both";
	unsigned long n = argc > 3 ? strtoul(argv[3], NULL, 0) : DEFAULT_N;
	unsigned long bytes = argc > 4 ? strtoul(argv[4], NULL, 0) : PAGE_SIZE;
	int rc = 0;

	if (argc < 2 || !n || n > SLOTS / 4 || !bytes || bytes % PAGE_SIZE ||
	    bytes > BIO_MAX_PAGES * PAGE_SIZE ||
	    (strcmp(pattern, "random") && strcmp(pattern, "sequential") &&
	     strcmp(pattern, "both"))) {
		fprintf(stderr, "usage: %s noop|deadline|cfq [random|sequential|both] [N <= %lu] "
			"[BYTES: pages, <= %lu]\n", argv[0], SLOTS / 4,
			(unsigned long)BIO_MAX_PAGES * PAGE_SIZE);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	setup(argv[1], (unsigned int)bytes);
	if (strcmp(pattern, "sequential"))
		rc |= run(argv[1], "random", n);
	if (strcmp(pattern, "random"))
		rc |= run(argv[1], "sequential", n);
	return rc;
}
