/*
 * asm/desc.h - segment and gate descriptors (Intel SDM vol. 3A, 3.4.5
 * and 6.11). Packed structs with their sizes checked at compile time.
 */
#ifndef _ASM_DESC_H
#define _ASM_DESC_H

#include "types.h"

struct desc_struct {		/* GDT entry, SDM 3A figure 3-8 */
	u16 limit0;
	u16 base0;
	u8 base1;
	u8 access;		/* P, DPL, S, type */
	u8 limit1_flags;	/* limit 19:16, then AVL, L, D/B, G */
	u8 base2;
} __attribute__((packed));
_Static_assert(sizeof(struct desc_struct) == 8, "GDT entry is 8 bytes");

struct gate_struct {		/* IDT interrupt gate, SDM 3A figure 6-2 */
	u16 offset_low;
	u16 segment;
	u8 zero;
	u8 type_attr;		/* P, DPL, 0, type (0xE: 32-bit interrupt gate) */
	u16 offset_high;
} __attribute__((packed));
_Static_assert(sizeof(struct gate_struct) == 8, "IDT gate is 8 bytes");

struct desc_ptr {		/* operand of lgdt/lidt */
	u16 size;
	u32 address;
} __attribute__((packed));
_Static_assert(sizeof(struct desc_ptr) == 6, "descriptor pointer is 6 bytes");

void gdt_init(void);
void idt_init(void);

#endif
