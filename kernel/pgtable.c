/*
 * pgtable.c - 4 KiB mappings in the vmalloc area (Linux's mm/vmalloc.c
 * and arch/x86/mm/pgtable_32.c, the page-table half only).
 *
 * The direct map uses 4 MiB pages (kernel/setup.c). Above it, each page
 * directory entry points to a page table allocated on first use. There is
 * one page directory (no user processes), so a new page table never has
 * to be copied anywhere.
 */
#include "kernel.h"
#include "mm.h"
#include "asm/page.h"
#include "asm/pgtable.h"

#define PTRS_PER_PTE	1024

static inline void flush_tlb_one(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

/* The page table covering @va, allocated when @create. NULL if none. */
static unsigned long *pte_table(unsigned long va, bool create)
{
	unsigned long *pde = &swapper_pg_dir[va >> PGDIR_SHIFT];
	struct page *page;

	if (*pde & _PAGE_PRESENT)
		return __va(*pde & PAGE_MASK);
	if (!create)
		return NULL;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return NULL;
	*pde = (unsigned long)page_to_phys(page) | _PAGE_PRESENT | _PAGE_RW;
	return page_address(page);
}

int map_kernel_page(unsigned long va, phys_addr_t pa, unsigned long flags)
{
	unsigned long *pt;
	unsigned long *pte;

	if (va < VMALLOC_START || (va & ~PAGE_MASK))
		return -EINVAL;
	pt = pte_table(va, true);
	if (!pt)
		return -ENOMEM;
	pte = &pt[(va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1)];
	if (*pte & _PAGE_PRESENT)
		return -EEXIST;
	*pte = (unsigned long)pa | flags | _PAGE_PRESENT;
	flush_tlb_one(va);
	return 0;
}

phys_addr_t unmap_kernel_page(unsigned long va)
{
	unsigned long *pt = pte_table(va, false);
	unsigned long *pte, old;

	if (!pt || va < VMALLOC_START)
		return 0;
	pte = &pt[(va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1)];
	old = *pte;
	*pte = 0;
	flush_tlb_one(va);
	return (old & _PAGE_PRESENT) ? (old & PAGE_MASK) : 0;
}

bool kernel_page_mapped(unsigned long va)
{
	unsigned long *pt;

	if (va >= PAGE_OFFSET_VAL && va < VMALLOC_START)
		return (swapper_pg_dir[va >> PGDIR_SHIFT] & _PAGE_PRESENT) != 0;
	if (va < VMALLOC_START)
		return false;
	pt = pte_table(va, false);
	return pt && (pt[(va >> PAGE_SHIFT) & (PTRS_PER_PTE - 1)] & _PAGE_PRESENT);
}
