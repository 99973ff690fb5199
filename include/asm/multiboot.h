/*
 * asm/multiboot.h - what the loader hands over (Multiboot Specification
 * 0.6.96, section 3.3, "Boot information format"). Addresses are physical.
 */
#ifndef _ASM_MULTIBOOT_H
#define _ASM_MULTIBOOT_H

#include "types.h"

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2BADB002

#define MULTIBOOT_INFO_MEMORY		0x00000001	/* mem_lower/upper valid */
#define MULTIBOOT_INFO_CMDLINE		0x00000004
#define MULTIBOOT_INFO_MEM_MAP		0x00000040
#define MULTIBOOT_INFO_BOOT_LOADER_NAME	0x00000200

struct multiboot_info {
	u32 flags;
	u32 mem_lower;		/* KiB below 1 MiB */
	u32 mem_upper;		/* KiB above 1 MiB, up to the first hole */
	u32 boot_device;
	u32 cmdline;
	u32 mods_count;
	u32 mods_addr;
	u32 syms[4];
	u32 mmap_length;
	u32 mmap_addr;
	u32 drives_length;
	u32 drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __attribute__((packed));
_Static_assert(__builtin_offsetof(struct multiboot_info, mmap_length) == 44,
	       "multiboot spec 3.3: mmap_length at offset 44");
_Static_assert(__builtin_offsetof(struct multiboot_info, boot_loader_name) == 64,
	       "multiboot spec 3.3: boot_loader_name at offset 64");

/* One BIOS e820 range; `size` does not count itself. */
struct multiboot_mmap_entry {
	u32 size;
	u64 addr;
	u64 len;
	u32 type;
#define MULTIBOOT_MEMORY_AVAILABLE	1
#define MULTIBOOT_MEMORY_RESERVED	2
#define MULTIBOOT_MEMORY_ACPI_RECLAIM	3
#define MULTIBOOT_MEMORY_NVS		4
#define MULTIBOOT_MEMORY_BADRAM		5
} __attribute__((packed));
_Static_assert(sizeof(struct multiboot_mmap_entry) == 24, "mmap entry is 24 bytes");

#endif
