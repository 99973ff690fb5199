/*
 * efi.h - GUID Partition Table on-disk format (UEFI spec 2.x, section 5
 * "GUID Partition Table (GPT) Disk Layout"; Linux's fs/partitions/efi.h).
 *
 * Layout of a disk of N sectors (512 bytes each):
 *   LBA 0          protective MBR: one entry of type 0xEE covering the disk
 *   LBA 1          primary header (struct gpt_header)
 *   LBA 2..        primary entry array (usually 128 entries of 128 bytes)
 *   first..last    usable area: the partitions live here
 *   ..N-2          backup entry array
 *   LBA N-1        backup header (my_lba = N-1, alternate_lba = 1)
 *
 * All fields are little-endian; efi.c reads them with get_le32/get_le64,
 * so these structs describe offsets and are never cast onto unaligned
 * buffers for access. Both checksums are CRC-32 as in include/crc32.h
 * (crc32_ieee): header_crc32 over header_size bytes of the header with the
 * header_crc32 field taken as zero; partition_entry_array_crc32 over
 * num_partition_entries * sizeof_partition_entry bytes of the array.
 */
#ifndef _LANTERN_PARTITIONS_EFI_H
#define _LANTERN_PARTITIONS_EFI_H

#include "types.h"
#include "compiler.h"

#define GPT_HEADER_SIGNATURE		"EFI PART"	/* 8 bytes, no NUL */
#define GPT_HEADER_REVISION_V1		0x00010000	/* 1.0 */
#define GPT_PRIMARY_PARTITION_TABLE_LBA	1
#define GPT_MIN_HEADER_SIZE		92	/* sizeof(struct gpt_header) */
#define GPT_ENTRY_MIN_SIZE		128	/* 128 << n bytes, n >= 0 */
#define GPT_ENTRY_MAX_SIZE		4096	/* our limit: larger is absurd */
#define GPT_ENTRY_NAME_LEN		36	/* UTF-16LE code units */
#define EFI_PMBR_OSTYPE_EFI_GPT		0xEE	/* MBR type of the protective entry */

struct gpt_header {
	u8  signature[8];		/*  0: "EFI PART" */
	u32 revision;			/*  8: 0x00010000 */
	u32 header_size;		/* 12: 92 .. sector size */
	u32 header_crc32;		/* 16 */
	u32 reserved1;			/* 20: zero */
	u64 my_lba;			/* 24: where this header is */
	u64 alternate_lba;		/* 32: where the other one is */
	u64 first_usable_lba;		/* 40 */
	u64 last_usable_lba;		/* 48: inclusive */
	u8  disk_guid[16];		/* 56 */
	u64 partition_entry_lba;	/* 72: first sector of the array */
	u32 num_partition_entries;	/* 80 */
	u32 sizeof_partition_entry;	/* 84 */
	u32 partition_entry_array_crc32; /* 88 */
	/* 92: reserved, zero, up to the end of the sector */
} __packed;

struct gpt_entry {
	u8  partition_type_guid[16];	/*  0: all zero = unused entry */
	u8  unique_partition_guid[16];	/* 16 */
	u64 starting_lba;		/* 32 */
	u64 ending_lba;			/* 40: inclusive */
	u64 attributes;			/* 48 */
	u16 partition_name[GPT_ENTRY_NAME_LEN]; /* 56: UTF-16LE, NUL-padded */
} __packed;

_Static_assert(sizeof(struct gpt_header) == GPT_MIN_HEADER_SIZE,
	       "GPT header layout");
_Static_assert(sizeof(struct gpt_entry) == GPT_ENTRY_MIN_SIZE,
	       "GPT entry layout");

#endif
