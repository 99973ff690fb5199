/*
 * crc32.h - the CRC-32 of Ethernet, zlib and GPT (lib/crc32.c; Linux's
 * include/linux/crc32.h).
 *
 * Polynomial 0x04C11DB7, processed bit-reflected (least significant bit
 * first), i.e. the reversed constant 0xEDB88320.
 *
 * crc32_le() is exactly Linux's crc32_le(): it neither inverts @crc on the
 * way in nor the result on the way out, so a long buffer can be fed in
 * pieces: crc32_le(crc32_le(s, a, n), b, m) == crc32_le(s, a||b, n + m).
 *
 * The "standard" CRC-32 (zlib's crc32(), the UEFI spec's GPT checksums,
 * Linux's efi_crc32()) starts from ~0 and inverts the result:
 *
 *	crc32_ieee(buf, len) == crc32_le(~0U, buf, len) ^ ~0U
 *
 * Check value: crc32_ieee("123456789", 9) == 0xCBF43926.
 * Any context; no locks; never fails.
 */
#ifndef _LANTERN_CRC32_H
#define _LANTERN_CRC32_H

#include "types.h"

/* The reflected polynomial, as Linux's include/linux/crc32poly.h. */
#define CRC32_POLY_LE	0xedb88320U

u32 crc32_le(u32 crc, const void *buf, size_t len);

static inline u32 crc32_ieee(const void *buf, size_t len)
{
	return crc32_le(~0U, buf, len) ^ ~0U;
}

#endif
