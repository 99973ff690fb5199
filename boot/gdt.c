/*
 * gdt.c - the Global Descriptor Table: flat 4 GiB code and data segments
 * for ring 0. Paging does all the real protection; segments exist only
 * because x86 cannot run without them. The loader's GDT may live in memory
 * we are about to reuse, so start_kernel installs this one first.
 */
#include "kernel.h"
#include "asm/desc.h"
#include "asm/segment.h"

/* Access byte 0x9a: present, ring 0, code, readable; 0x92: data, writable.
 * Flags 0xc: 4 KiB granularity, 32-bit. */
#define FLAT_SEGMENT(acc) {						\
	.limit0 = 0xffff, .base0 = 0, .base1 = 0, .access = (acc),	\
	.limit1_flags = 0xcf, .base2 = 0 }

static struct desc_struct gdt[GDT_ENTRIES] __aligned(8) = {
	[0] = { 0 },	/* the CPU requires a null descriptor first */
	[GDT_ENTRY_KERNEL_CS] = FLAT_SEGMENT(0x9a),
	[GDT_ENTRY_KERNEL_DS] = FLAT_SEGMENT(0x92),
};

/* Access 0x89: present, ring 0, 32-bit TSS (available); byte granularity. */
void set_tss_desc(unsigned int entry, const struct tss_struct *tss)
{
	u32 base = (u32)(uintptr_t)tss, limit = sizeof(*tss) - 1;

	gdt[entry] = (struct desc_struct){
		.limit0 = limit & 0xffff, .base0 = base & 0xffff,
		.base1 = (base >> 16) & 0xff, .access = 0x89,
		.limit1_flags = (limit >> 16) & 0x0f, .base2 = base >> 24,
	};
}

void gdt_init(void)
{
	struct desc_ptr gdtr = {
		.size = sizeof(gdt) - 1,
		.address = (u32)(uintptr_t)gdt,
	};

	/* A far jump is the only way to reload CS; the data segments follow. */
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"
		"1:\n\t"
		"movw %w2, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"xorw %%ax, %%ax\n\t"
		"movw %%ax, %%fs\n\t"
		"movw %%ax, %%gs\n\t"
		: : "m"(gdtr), "i"(__KERNEL_CS), "i"(__KERNEL_DS) : "eax", "memory");
}
