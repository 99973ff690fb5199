/*
 * test_crc32.c - lib/crc32.c: the published check values, Linux's
 * crc32_le() convention (no inversion inside, so pieces chain), and the
 * nibble table against the bit-by-bit definition on every byte value and
 * on pseudo-random buffers of every length up to 300.
 */
#include "harness.h"
#include "crc32.h"

/* The definition: one bit at a time through the reflected polynomial. */
static u32 crc32_bitwise(u32 crc, const u8 *p, size_t len)
{
	while (len--) {
		crc ^= *p++;
		for (int i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (crc & 1 ? CRC32_POLY_LE : 0);
	}
	return crc;
}

TEST(check_value_123456789)
{
	CHECK_EQ(crc32_ieee("123456789", 9), 0xCBF43926U);
}

TEST(known_vectors)
{
	static const char fox[] = "The quick brown fox jumps over the lazy dog";

	CHECK_EQ(crc32_ieee("", 0), 0);
	CHECK_EQ(crc32_ieee("a", 1), 0xE8B7BE43U);
	CHECK_EQ(crc32_ieee(fox, sizeof(fox) - 1), 0x414FA339U);
	/* Linux's raw form: crc32_le(~0, ...) is the uninverted IEEE CRC. */
	CHECK_EQ(crc32_le(~0U, "123456789", 9), 0xCBF43926U ^ ~0U);
	CHECK_EQ(crc32_le(0, "", 0), 0);
	CHECK_EQ(crc32_le(0x12345678, "", 0), 0x12345678);
}

TEST(pieces_chain)
{
	const char *s = "123456789";

	for (size_t cut = 0; cut <= 9; cut++) {
		u32 c = crc32_le(~0U, s, cut);

		c = crc32_le(c, s + cut, 9 - cut);
		CHECK_EQ(c ^ ~0U, 0xCBF43926U);
	}
}

TEST(every_byte_matches_bitwise)
{
	for (int b = 0; b < 256; b++) {
		u8 byte = (u8)b;

		CHECK_EQ(crc32_le(0, &byte, 1), crc32_bitwise(0, &byte, 1));
		CHECK_EQ(crc32_le(~0U, &byte, 1), crc32_bitwise(~0U, &byte, 1));
	}
}

TEST(random_buffers_match_bitwise)
{
	static u8 buf[300];
	u32 x = 0x2545F491;

	for (size_t i = 0; i < sizeof(buf); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (u8)x;
	}
	for (size_t len = 0; len <= sizeof(buf); len++)
		CHECK_EQ(crc32_le(x, buf, len), crc32_bitwise(x, buf, len));
}

/* A zero-filled GPT-sized buffer: what efi.c checks an empty array with. */
TEST(zero_buffer_16k)
{
	static u8 zero[16384];

	CHECK_EQ(crc32_ieee(zero, sizeof(zero)),
		 crc32_bitwise(~0U, zero, sizeof(zero)) ^ ~0U);
	CHECK_EQ(crc32_ieee(zero, sizeof(zero)), 0xAB54D286U);
}
