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

/* 32-bit task-state segment, SDM 3A figure 7-2. */
struct tss_struct {
	u16 back_link, __blh;
	u32 esp0;
	u16 ss0, __ss0h;
	u32 esp1;
	u16 ss1, __ss1h;
	u32 esp2;
	u16 ss2, __ss2h;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u16 es, __esh, cs, __csh, ss, __ssh, ds, __dsh, fs, __fsh, gs, __gsh;
	u16 ldt, __ldth;
	u16 trace, io_bitmap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss_struct) == 104, "a 32-bit TSS is 104 bytes");
_Static_assert(__builtin_offsetof(struct tss_struct, eip) == 32, "SDM 3A 7.2.1: EIP at 32");

void gdt_init(void);
void idt_init(void);
void set_tss_desc(unsigned int entry, const struct tss_struct *tss);
void set_task_gate(unsigned int vector, unsigned int tss_selector);

#endif
