/*
 * ioremap.c - device registers mapped into the kernel's address space.
 *
 * A PCI device's memory BAR (an AHCI controller's registers, say) sits
 * at a physical address far above RAM, outside the direct map. ioremap
 * gives it virtual pages in the vmalloc area above the kernel stacks,
 * with caching disabled (_PAGE_PCD), since a register read must reach
 * the device every time. The area is handed out by a bump pointer:
 * drivers map their registers once at probe time and a teaching kernel
 * has a handful of them, so freed address space is not reused.
 */
#include "kernel.h"
#include "mm.h"
#include "spinlock.h"
#include "asm/io.h"
#include "asm/page.h"
#include "asm/pgtable.h"

#define IOREMAP_START	(VMALLOC_START + 0x08000000UL)	/* past the stack slots */
#define IOREMAP_END	(VMALLOC_START + 0x0c000000UL)	/* 64 MiB of registers */

#define MAX_IOREMAPS	32

static DEFINE_SPINLOCK(ioremap_lock);
static unsigned long ioremap_next = IOREMAP_START;
/* What each mapping covers, so iounmap() unmaps exactly that. */
static struct { unsigned long va, pages; } ioremaps[MAX_IOREMAPS];

void *ioremap(phys_addr_t phys, size_t size)
{
	phys_addr_t first = phys & PAGE_MASK;
	unsigned long pages = (unsigned long)((phys - first + size + PAGE_SIZE - 1) >> PAGE_SHIFT);
	unsigned long va, flags;

	if (!size || !pages)
		return NULL;
	int slot = -1;

	spin_lock_irqsave(&ioremap_lock, flags);
	va = ioremap_next;
	for (int i = 0; i < MAX_IOREMAPS && slot < 0; i++)
		if (!ioremaps[i].pages)
			slot = i;
	if (slot < 0 || pages > (IOREMAP_END - va) >> PAGE_SHIFT) {
		spin_unlock_irqrestore(&ioremap_lock, flags);
		pr_err("ioremap: no room for %lu pages at %#llx\n", pages,
		       (unsigned long long)phys);
		return NULL;
	}
	ioremap_next += pages << PAGE_SHIFT;
	ioremaps[slot].va = va;
	ioremaps[slot].pages = pages;
	spin_unlock_irqrestore(&ioremap_lock, flags);
	for (unsigned long i = 0; i < pages; i++)
		if (map_kernel_page(va + (i << PAGE_SHIFT), first + ((phys_addr_t)i << PAGE_SHIFT),
				    _PAGE_RW | _PAGE_PCD)) {
			while (i--)
				unmap_kernel_page(va + (i << PAGE_SHIFT));
			ioremaps[slot].pages = 0;
			return NULL;
		}
	return (void *)(va + (unsigned long)(phys - first));
}

void iounmap(void *addr)
{
	unsigned long va = (unsigned long)addr & PAGE_MASK, flags, pages = 0;

	spin_lock_irqsave(&ioremap_lock, flags);
	for (int i = 0; i < MAX_IOREMAPS; i++)
		if (ioremaps[i].pages && ioremaps[i].va == va) {
			pages = ioremaps[i].pages;
			ioremaps[i].pages = 0;
		}
	spin_unlock_irqrestore(&ioremap_lock, flags);
	if (!pages)
		pr_err("iounmap: %p was not mapped by ioremap\n", addr);
	/* The address space is not reused; the pages stop answering. */
	while (pages--)
		unmap_kernel_page(va + (pages << PAGE_SHIFT));
}
