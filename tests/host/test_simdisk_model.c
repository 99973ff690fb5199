/*
 * test_simdisk_model.c - the timing model behind sim0
 * (block/simdisk-model.c): sequential requests pay only the transfer,
 * seeks grow with distance up to the full stroke, the spindle speed and
 * media rate scale their parts, bad parameters are refused, and huge
 * sector numbers do not overflow (UBSan would stop the test).
 */
#include "harness.h"
#include "kernel.h"
#include "simdisk.h"

#define CAP	((sector_t)32 << 11)	/* 32 MiB in sectors */

static struct simdisk_model model(unsigned int seek_ms, unsigned int rpm,
				  unsigned int mbps)
{
	struct simdisk_model m;

	CHECK_EQ(simdisk_model_init(&m, CAP, seek_ms, rpm, mbps), 0);
	return m;
}

TEST(bad_parameters_are_refused_and_leave_the_model_alone)
{
	struct simdisk_model m = model(8, 7200, 100);

	CHECK_EQ(simdisk_model_init(&m, 0, 8, 7200, 100), -EINVAL);
	CHECK_EQ(simdisk_model_init(&m, CAP, 0, 7200, 100), -EINVAL);
	CHECK_EQ(simdisk_model_init(&m, CAP, SIMDISK_MAX_SEEK_MS + 1, 7200, 100), -EINVAL);
	CHECK_EQ(simdisk_model_init(&m, CAP, 8, SIMDISK_MIN_RPM - 1, 100), -EINVAL);
	CHECK_EQ(simdisk_model_init(&m, CAP, 8, SIMDISK_MAX_RPM + 1, 100), -EINVAL);
	CHECK_EQ(simdisk_model_init(&m, CAP, 8, 7200, 0), -EINVAL);
	CHECK_EQ(simdisk_model_init(&m, CAP, 8, 7200, SIMDISK_MAX_MBPS + 1), -EINVAL);
	CHECK_EQ(m.full_stroke_us, 8000);
	CHECK_EQ(m.track_us, SIMDISK_TRACK_US);
	CHECK_EQ(m.rev_us, 8333);		/* 60 s / 7200 */
	CHECK_EQ(m.mbps, 100);
}

TEST(sequential_request_costs_only_the_transfer)
{
	struct simdisk_model m = model(8, 7200, 100);

	CHECK_EQ(simdisk_seek_us(&m, 800, 800), 0);
	CHECK_EQ(simdisk_rotation_us(&m, 800, 800), 0);
	CHECK_EQ(simdisk_service_us(&m, 800, 800, 4096), 41);	/* 4096 B at 100 B/us, up */
	CHECK_EQ(simdisk_service_us(&m, 0, 0, 512), 6);
}

TEST(seek_grows_with_distance_and_is_bounded_by_the_full_stroke)
{
	struct simdisk_model m = model(8, 7200, 100);
	unsigned int prev = 0;
	sector_t dists[] = { 1, 8, 1000, CAP / 16, CAP / 4, CAP / 2, CAP - 1, CAP };

	for (unsigned int i = 0; i < ARRAY_SIZE(dists); i++) {
		unsigned int s = simdisk_seek_us(&m, 0, dists[i]);

		CHECK(s >= m.track_us);
		CHECK(s <= m.full_stroke_us);
		CHECK(s >= prev);
		prev = s;
	}
	CHECK(simdisk_seek_us(&m, 0, 1) < m.track_us + 50);	/* next track, nearly */
	CHECK_EQ(simdisk_seek_us(&m, 0, CAP), m.full_stroke_us);
	/* sqrt: a quarter of the disk costs about half the extra time. */
	CHECK_EQ(simdisk_seek_us(&m, 0, CAP / 4), 500 + 7500 / 2);
	/* Direction does not matter; past the end is still one full stroke. */
	CHECK_EQ(simdisk_seek_us(&m, CAP / 2, 0), simdisk_seek_us(&m, 0, CAP / 2));
	CHECK_EQ(simdisk_seek_us(&m, 0, CAP * 4), m.full_stroke_us);
}

TEST(rotation_averages_half_a_revolution)
{
	struct simdisk_model m = model(8, 7200, 100);
	unsigned long long sum = 0;
	const int n = 4096;

	for (int i = 1; i <= n; i++) {
		unsigned int r = simdisk_rotation_us(&m, 0, (sector_t)i * 977);

		CHECK(r < m.rev_us);
		sum += r;
	}
	CHECK(sum / n > m.rev_us * 45 / 100);
	CHECK(sum / n < m.rev_us * 55 / 100);
	/* Deterministic: the same sector always waits as long. */
	CHECK_EQ(simdisk_rotation_us(&m, 0, 12345), simdisk_rotation_us(&m, 9, 12345));
}

TEST(rpm_and_transfer_rate_scale_their_parts)
{
	struct simdisk_model slow = model(8, 5400, 50), fast = model(8, 15000, 200);
	unsigned long long rs = 0, rf = 0;

	CHECK_EQ(slow.rev_us, 11111);
	CHECK_EQ(fast.rev_us, 4000);
	for (sector_t s = 1; s < 2000; s += 7) {
		CHECK(simdisk_rotation_us(&fast, 0, s) <= simdisk_rotation_us(&slow, 0, s));
		rs += simdisk_rotation_us(&slow, 0, s);
		rf += simdisk_rotation_us(&fast, 0, s);
	}
	CHECK(rf * 2 < rs);
	CHECK_EQ(simdisk_transfer_us(&slow, 65536), 1311);
	CHECK_EQ(simdisk_transfer_us(&fast, 65536), 328);
	/* Seek does not depend on either. */
	CHECK_EQ(simdisk_seek_us(&slow, 0, CAP / 3), simdisk_seek_us(&fast, 0, CAP / 3));
}

TEST(huge_sectors_do_not_overflow)
{
	struct simdisk_model m;
	sector_t cap = (sector_t)1 << 60;

	CHECK_EQ(simdisk_model_init(&m, cap, SIMDISK_MAX_SEEK_MS, SIMDISK_MIN_RPM, 1), 0);
	CHECK_EQ(simdisk_seek_us(&m, 0, cap), m.full_stroke_us);
	/* The ratio loses only its last bits to the scaling. */
	CHECK(simdisk_seek_us(&m, cap - 1, 0) >= m.full_stroke_us / 256 * 255);
	CHECK_EQ(simdisk_seek_us(&m, ~(sector_t)0, 0), m.full_stroke_us);
	CHECK(simdisk_seek_us(&m, cap / 2, cap / 2 + 1) >= m.track_us);
	CHECK(simdisk_seek_us(&m, cap / 4, cap / 2) < m.full_stroke_us);
	CHECK(simdisk_service_us(&m, 0, ~(sector_t)0, 1u << 20) <
	      m.full_stroke_us + m.rev_us + (1u << 20) + 1);
}
