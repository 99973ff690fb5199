/*
 * bio_cost.c - what one 4 KiB bio costs from submit_bio() to bio_endio()
 * on a queue whose driver ends every request the moment it sees it.
 *
 *   bench_bio_cost ELEVATOR [random|sequential|both] [N]
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
 * bio_put() included.
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

#define DISK_SECTORS	(1UL << 21)		/* 1 GiB: room for any pattern */
#define BIO_SECTORS	(PAGE_SIZE >> 9)
#define SLOTS		(DISK_SECTORS / BIO_SECTORS)	/* power of two */
#define WARMUP		256
#define DEFAULT_N	10000

static struct gendisk disk;
static struct block_device bdev;
static struct request_queue *q;
static spinlock_t lock;
static struct page *page;	/* every bio writes the same page: no allocator noise */

static unsigned long nr_requests;	/* requests the driver was handed */
static unsigned long nr_ended;		/* bios whose bi_end_io ran */
static unsigned long nr_errors;

static void instant_request_fn(struct request_queue *rq_q)
{
	struct request *rq;

	while ((rq = blk_fetch_request(rq_q)) != NULL) {
		nr_requests++;
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
	struct bio *bio = bio_alloc(GFP_KERNEL, 1);

	if (!bio || bio_add_page(bio, page, PAGE_SIZE, 0) != PAGE_SIZE)
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
	return (sector_t)((i * 0x9e3779b1UL) & (SLOTS - 1)) * BIO_SECTORS;
}

/* A run that starts past anything warm-up wrote, so it is contiguous only with itself. */
static sector_t sequential_sector(unsigned long base, unsigned long i)
{
	return (sector_t)(base + i) * BIO_SECTORS;
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

static void setup(const char *elevator)
{
	hosted_block_boot();
	spin_lock_init(&lock);
	q = blk_init_queue(instant_request_fn, &lock, elevator);
	if (!q || strcmp(q->elevator->elevator_type->elevator_name, elevator)) {
		fprintf(stderr, "bio_cost: no queue with elevator %s\n", elevator);
		exit(2);
	}
	hosted_disk_init(&disk, &bdev, q, "bench", DISK_SECTORS);
	page = alloc_page(GFP_KERNEL);
	if (!page)
		exit(2);
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
	bios = make_bios(scattered, scattered ? 0 : SLOTS / 4, n);
	ended = nr_ended;
	requests = nr_requests;
	merges = q->stats.back_merges + q->stats.front_merges;
	late = scattered ? measured_random(bios, n) : measured_sequential(bios, n);
	ended = nr_ended - ended;
	requests = nr_requests - requests;
	merges = q->stats.back_merges + q->stats.front_merges - merges;
	free(bios);

	printf("elevator=%s pattern=%s bios=%lu requests=%lu merges=%lu ended=%lu\n",
	       elevator, pattern, n, requests, merges, ended);
	if (late || ended != n || nr_errors) {
		fprintf(stderr, "bio_cost: %lu bios did not end in time, %lu of %lu ended, %lu errors\n",
			late, ended, n, nr_errors);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *pattern = argc > 2 ? argv[2] : "both";
	unsigned long n = argc > 3 ? strtoul(argv[3], NULL, 0) : DEFAULT_N;
	int rc = 0;

	if (argc < 2 || !n || n > SLOTS / 4 ||
	    (strcmp(pattern, "random") && strcmp(pattern, "sequential") &&
	     strcmp(pattern, "both"))) {
		fprintf(stderr, "usage: %s noop|deadline|cfq [random|sequential|both] [N <= %lu]\n",
			argv[0], SLOTS / 4);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	setup(argv[1]);
	if (strcmp(pattern, "sequential"))
		rc |= run(argv[1], "random", n);
	if (strcmp(pattern, "random"))
		rc |= run(argv[1], "sequential", n);
	return rc;
}
