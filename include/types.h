/*
 * types.h - fixed-width types and the kernel's own typedefs (Linux's
 * include/linux/types.h). Only compiler-provided headers are used, so the
 * same file serves the freestanding kernel and the hosted test build.
 */
#ifndef _LANTERN_TYPES_H
#define _LANTERN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* 512-byte sector numbers: 64-bit so LBA48 disks and overflow checks work. */
typedef u64 sector_t;
/* Physical addresses: 64-bit even on i386 so range checks never wrap. */
typedef u64 phys_addr_t;
/* Allocation flags, see gfp.h. */
typedef unsigned int gfp_t;

#endif
