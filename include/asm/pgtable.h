/*
 * asm/pgtable.h - mapping single pages above the direct map (the vmalloc
 * area, asm/page.h). Kernel stacks live there so that each can have an
 * unmapped guard page below it; device registers (ioremap) will too.
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include "types.h"
#include "asm/page.h"

#define _PAGE_PCD	0x010	/* cache disable: device memory */

/*
 * Map the page at virtual @va to physical @pa. Process context (may
 * allocate a page table). Returns 0, -EINVAL outside the vmalloc area,
 * -ENOMEM, or -EEXIST if @va is already mapped.
 */
int map_kernel_page(unsigned long va, phys_addr_t pa, unsigned long flags);
/* Unmap @va and return the physical address it mapped (0 if none). */
phys_addr_t unmap_kernel_page(unsigned long va);
/* Is @va mapped? (For backtraces: never touch an unmapped address.) */
bool kernel_page_mapped(unsigned long va);

extern unsigned long swapper_pg_dir[];

#endif
