/*
 * crc32.c - CRC-32, little-endian (bit-reflected) form, as Linux's
 * lib/crc32.c crc32_le(). GPT headers and entry arrays are checked with it
 * (block/partitions/efi.c); see include/crc32.h for the exact convention.
 *
 * Half a byte at a time through a 16-entry table: small enough to read,
 * about four times faster than bit by bit. Entry i is the 4-bit value
 * i shifted four times through the reflected polynomial CRC32_POLY_LE;
 * tests/host/test_crc32.c checks the table against the bitwise
 * definition.
 */
#include "crc32.h"

static const u32 crc32_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

u32 crc32_le(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len--) {
		crc ^= *p++;
		/* Low nibble first: reflected CRCs consume bits LSB first. */
		crc = (crc >> 4) ^ crc32_nibble[crc & 0xf];
		crc = (crc >> 4) ^ crc32_nibble[crc & 0xf];
	}
	return crc;
}
