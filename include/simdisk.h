/*
 * simdisk.h - the rotating-disk timing model behind sim0
 * (drivers/block/simdisk.c), and the driver's counters.
 *
 * The model is pure arithmetic (block/simdisk-model.c), so the host tests
 * check it without a driver or a clock. Times are in microseconds.
 */
#ifndef _LANTERN_SIMDISK_H
#define _LANTERN_SIMDISK_H

#include "types.h"

#define SIMDISK_DEFAULT_MB	32
#define SIMDISK_MAX_MB		256
#define SIMDISK_DEFAULT_SEEK_MS	8	/* full-stroke seek */
#define SIMDISK_MAX_SEEK_MS	1000
#define SIMDISK_TRACK_US	500	/* track-to-track seek: the shortest move */
#define SIMDISK_DEFAULT_RPM	7200
#define SIMDISK_MIN_RPM		600
#define SIMDISK_MAX_RPM		36000
#define SIMDISK_DEFAULT_MBPS	100	/* 10^6 bytes/s: 1 MB/s is 1 byte per us */
#define SIMDISK_MAX_MBPS	10000

struct simdisk_model {
	sector_t capacity;		/* sectors; distances are fractions of it */
	unsigned int full_stroke_us;	/* seek across the whole disk */
	unsigned int track_us;		/* seek to a neighbouring track */
	unsigned int rev_us;		/* one revolution */
	unsigned int mbps;		/* media transfer rate, 10^6 bytes/s */
};

/*
 * Fill @m; -EINVAL (leaving @m alone) if a value is out of range: capacity
 * 0, seek_ms not in 1..SIMDISK_MAX_SEEK_MS, rpm not in SIMDISK_MIN_RPM..
 * SIMDISK_MAX_RPM, mbps not in 1..SIMDISK_MAX_MBPS. Any context.
 */
int simdisk_model_init(struct simdisk_model *m, sector_t capacity,
		       unsigned int seek_ms, unsigned int rpm, unsigned int mbps);

/* The three parts of one request's service time, head at @head. */
unsigned int simdisk_seek_us(const struct simdisk_model *m, sector_t head,
			     sector_t sector);
unsigned int simdisk_rotation_us(const struct simdisk_model *m, sector_t head,
				 sector_t sector);
unsigned int simdisk_transfer_us(const struct simdisk_model *m, unsigned int bytes);

/* Their sum: the time to serve @bytes at @sector after the last request ended at @head. */
unsigned int simdisk_service_us(const struct simdisk_model *m, sector_t head,
				sector_t sector, unsigned int bytes);

/* What sim0 did, for benchmarks and tests. Read without a lock: a snapshot. */
struct simdisk_stats {
	unsigned long long seek_us;	/* modelled seek time, summed */
	unsigned long long service_us;	/* modelled service time, summed */
	unsigned long requests;		/* requests served */
	unsigned long sequential;	/* requests that started where the last ended */
};

struct gendisk;
/* drivers/block/simdisk.c: @disk's counters, or NULL if it is not a simdisk. */
const struct simdisk_stats *simdisk_get_stats(struct gendisk *disk);
/* ... and its timing model (for bounds computed from it), or NULL. */
const struct simdisk_model *simdisk_get_model(struct gendisk *disk);

#endif
