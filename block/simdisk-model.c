/*
 * simdisk-model.c - how long a rotating disk takes to serve a request.
 * Used by drivers/block/simdisk.c (sim0) to delay completions, so that
 * the elevator's ordering shows up as time; kept here, free of drivers
 * and clocks, so the host tests can check the arithmetic.
 *
 * The model, per request of B bytes at sector S, head last at H (the
 * sector after the previous request's end):
 *
 *   seek      0 if S == H (sequential: the head is already there);
 *             else track + (full_stroke - track) * sqrt(|S - H| / capacity).
 *             Real seeks accelerate then coast, so short seeks cost
 *             relatively more than long ones: sqrt, not linear.
 *   rotation  0 if sequential (the next sector is the one under the head);
 *             else a fraction of a revolution picked by hashing S, so it
 *             is deterministic but averages half a revolution.
 *   transfer  B / rate (rate in 10^6 bytes/s, i.e. bytes per microsecond).
 *
 * There are no tracks, zones or caches: the point is that sorted,
 * sequential I/O is cheap and scattered I/O is dear, as on real disks.
 */
#include "kernel.h"
#include "simdisk.h"

int simdisk_model_init(struct simdisk_model *m, sector_t capacity,
		       unsigned int seek_ms, unsigned int rpm, unsigned int mbps)
{
	if (!capacity || !seek_ms || seek_ms > SIMDISK_MAX_SEEK_MS ||
	    rpm < SIMDISK_MIN_RPM || rpm > SIMDISK_MAX_RPM ||
	    !mbps || mbps > SIMDISK_MAX_MBPS)
		return -EINVAL;
	m->capacity = capacity;
	m->full_stroke_us = seek_ms * 1000;
	/* A full stroke shorter than a track step would make seeks shrink. */
	m->track_us = min_t(unsigned int, SIMDISK_TRACK_US, m->full_stroke_us);
	m->rev_us = 60u * 1000 * 1000 / rpm;
	m->mbps = mbps;
	return 0;
}

/* floor(sqrt(x)) for x < 2^32, by bits: no floating point in the kernel. */
static unsigned int simdisk_isqrt(u32 x)
{
	u32 root = 0, bit = 1u << 30;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= root + bit) {
			x -= root + bit;
			root = (root >> 1) + bit;
		} else {
			root >>= 1;
		}
		bit >>= 2;
	}
	return root;
}

unsigned int simdisk_seek_us(const struct simdisk_model *m, sector_t head,
			     sector_t sector)
{
	sector_t dist = sector > head ? sector - head : head - sector;
	sector_t cap = m->capacity;
	u32 frac;	/* dist / cap in 1/65536ths */

	if (!dist)
		return 0;
	/* Shrink both so dist << 16 fits in 64 bits; the ratio survives. */
	while (cap >> 40) {
		cap >>= 1;
		dist >>= 1;
	}
	if (dist > cap)		/* past the end: a full stroke at most */
		dist = cap;
	frac = (u32)((dist << 16) / cap);
	/* sqrt of a 16.16 fraction is an 8.8 one: 0..256. */
	return m->track_us + (m->full_stroke_us - m->track_us) *
	       simdisk_isqrt(frac) / 256;
}

unsigned int simdisk_rotation_us(const struct simdisk_model *m, sector_t head,
				 sector_t sector)
{
	u32 h;

	if (sector == head)
		return 0;
	/* Knuth's multiplicative hash of the sector: where it sits on its track. */
	h = (u32)(sector ^ (sector >> 32)) * 2654435761u;
	return (unsigned int)(((u64)m->rev_us * (h >> 22)) >> 10);
}

unsigned int simdisk_transfer_us(const struct simdisk_model *m, unsigned int bytes)
{
	return DIV_ROUND_UP(bytes, m->mbps);
}

unsigned int simdisk_service_us(const struct simdisk_model *m, sector_t head,
				sector_t sector, unsigned int bytes)
{
	return simdisk_seek_us(m, head, sector) + simdisk_rotation_us(m, head, sector) +
	       simdisk_transfer_us(m, bytes);
}
