/*
 * hosted.h - test-only extras of the hosted kernel API (tests/host/hosted.c).
 */
#ifndef _LANTERN_HOSTED_H
#define _LANTERN_HOSTED_H

#include "mm.h"
#include "blkdev.h"

/* WARN_ON()s seen so far: tests that provoke a warning check it grew. */
extern int hosted_warn_count;

/* The "physical memory" the mm tests run on: pfns [0, HOSTED_MEM_PAGES). */
#define HOSTED_MEM_PAGES	16384UL		/* 64 MiB */

/*
 * Fill the arena with garbage (0xaa, so a missing __GFP_ZERO or a stray
 * write shows), point page_offset_base at it and return the struct page
 * array to pass to free_area_init(). The arena is allocated once and
 * reused by every later call.
 */
struct page *hosted_mem_reset(void);

/*
 * Boot what the block tests stand on, once per binary: memory (all of the
 * arena but its first MiB free), slab, the default bio_set, and every
 * initcall (the elevators register themselves).
 */
void hosted_block_boot(void);

/*
 * Zero @disk and make it a disk named @name of @sectors on @q, with
 * @whole (also reset) as its whole-disk device in disk->bdev[0]: what
 * add_disk() would build, for tests that drive a queue by hand.
 */
void hosted_disk_init(struct gendisk *disk, struct block_device *whole,
		      struct request_queue *q, const char *name, sector_t sectors);

/*
 * Move @rq's data between its pages and @media, the disk's bytes from
 * sector 0 on: a write copies into @media, a read out of it. What the
 * request_fn of a test's in-memory disk does with each request.
 */
void hosted_rq_copy(struct request *rq, u8 *media);

/*
 * Time in the hosted build: jiffies moves only when a test says so, which
 * makes expiry tests exact. Each step runs the tick's work: due kernel
 * timers fire (TIMER_SOFTIRQ) in the calling thread. Sleeps
 * (schedule_timeout, msleep) use real milliseconds and ignore jiffies.
 */
void hosted_advance_jiffies(unsigned long ticks);

#endif
