/*
 * setup.c - from the loader's hand-off to a working page allocator
 * (Linux's arch/x86/kernel/setup.c, e820.c and mm/init_32.c).
 *
 *   1. copy the command line and the memory map out of the multiboot
 *      information (the page allocator will soon reuse that memory);
 *   2. print the map the way Linux prints its e820 map;
 *   3. paging_init(): a page directory that maps only RAM, with 4 MiB
 *      pages, at PAGE_OFFSET, and nothing at virtual address 0 so NULL
 *      dereferences fault;
 *   4. place mem_map (one struct page per page frame) after the kernel
 *      image and hand every usable page frame to the buddy allocator.
 */
#include "kernel.h"
#include "init.h"
#include "mm.h"
#include "string.h"
#include "asm/multiboot.h"
#include "asm/page.h"
#include "asm/processor.h"
#include "asm/pgtable.h"

#define MAX_E820	32
/* linker.ld loads the image, .boot first, at 1 MiB. */
#define KERNEL_LOAD_PHYS	0x100000UL

struct e820_entry {
	u64 addr, len;
	u32 type;
};

static struct e820_entry e820[MAX_E820];
static int nr_e820;
static char boot_loader_name[64];
char boot_image_path[128];
extern char _text[], _end[];
extern unsigned long high_memory_virt;

/* The new page directory; the boot one in head.S maps too much. */
unsigned long swapper_pg_dir[PTRS_PER_PGD] __aligned(4096);

static void copy_string(char *dst, size_t size, u32 phys)
{
	strlcpy(dst, (const char *)__va(phys), size);
}

/*
 * Both GRUB and QEMU put the image path first on the command line; what
 * follows is the user's. Keep the path apart so it is not a "parameter".
 */
static void split_image_path(const char *cmdline)
{
	const char *space = strchr(cmdline, ' ');
	size_t n = space ? (size_t)(space - cmdline) : strlen(cmdline);

	if (n >= sizeof(boot_image_path))
		n = sizeof(boot_image_path) - 1;
	memcpy(boot_image_path, cmdline, n);
	boot_image_path[n] = '\0';
	strlcpy(boot_command_line, space ? space + 1 : "",
		sizeof(boot_command_line));
}

void setup_multiboot(u32 magic, u32 info_phys)
{
	const struct multiboot_info *mbi = __va(info_phys);
	char cmdline[COMMAND_LINE_SIZE];

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		panic("not started by a multiboot loader (magic %08x)", magic);
	if (mbi->flags & MULTIBOOT_INFO_BOOT_LOADER_NAME)
		copy_string(boot_loader_name, sizeof(boot_loader_name),
			    mbi->boot_loader_name);
	cmdline[0] = '\0';
	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		copy_string(cmdline, sizeof(cmdline), mbi->cmdline);
	split_image_path(cmdline);

	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		u32 p = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;

		while (p < end && nr_e820 < MAX_E820) {
			const struct multiboot_mmap_entry *e = __va(p);

			e820[nr_e820++] = (struct e820_entry){ e->addr, e->len, e->type };
			p += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MULTIBOOT_INFO_MEMORY) {
		/* No map: trust the two classic sizes (spec 3.3). */
		e820[nr_e820++] = (struct e820_entry){
			0, (u64)mbi->mem_lower << 10, MULTIBOOT_MEMORY_AVAILABLE };
		e820[nr_e820++] = (struct e820_entry){
			1 << 20, (u64)mbi->mem_upper << 10, MULTIBOOT_MEMORY_AVAILABLE };
	} else {
		panic("the loader reported no memory map and no memory size");
	}
}

static const char *e820_type_name(u32 type)
{
	switch (type) {
	case MULTIBOOT_MEMORY_AVAILABLE: return "usable";
	case MULTIBOOT_MEMORY_ACPI_RECLAIM: return "ACPI data";
	case MULTIBOOT_MEMORY_NVS: return "ACPI NVS";
	case MULTIBOOT_MEMORY_BADRAM: return "bad RAM";
	default: return "reserved";
	}
}

void print_memory_map(void)
{
	pr_info("Loaded by: %s\n", boot_loader_name[0] ? boot_loader_name : "(unknown)");
	pr_info("BIOS-provided physical RAM map:\n");
	for (int i = 0; i < nr_e820; i++)
		pr_info(" BIOS-e820: %016llx - %016llx (%s)\n",
			(unsigned long long)e820[i].addr,
			(unsigned long long)(e820[i].addr + e820[i].len),
			e820_type_name(e820[i].type));
}

/* One past the highest usable page frame we can direct-map. */
static unsigned long find_max_low_pfn(void)
{
	u64 top = 0;

	for (int i = 0; i < nr_e820; i++)
		if (e820[i].type == MULTIBOOT_MEMORY_AVAILABLE &&
		    e820[i].addr + e820[i].len > top)
			top = e820[i].addr + e820[i].len;
	if (top > LOWMEM_LIMIT) {
		pr_notice("%lluMB of RAM above the %luMB direct map is not used\n",
			  (unsigned long long)((top - LOWMEM_LIMIT) >> 20),
			  LOWMEM_LIMIT >> 20);
		top = LOWMEM_LIMIT;
	}
	return (unsigned long)(top >> PAGE_SHIFT);
}

static void paging_init(unsigned long max_low_pfn)
{
	unsigned long pdes = DIV_ROUND_UP(max_low_pfn, 1UL << (PGDIR_SHIFT - PAGE_SHIFT));
	unsigned long first = PAGE_OFFSET_VAL >> PGDIR_SHIFT;

	for (unsigned long i = 0; i < pdes; i++)
		swapper_pg_dir[first + i] = (i << PGDIR_SHIFT) | _PAGE_PRESENT |
					    _PAGE_RW | _PAGE_PSE;
	write_cr3((unsigned long)__pa(swapper_pg_dir));
	high_memory_virt = PAGE_OFFSET_VAL + (max_low_pfn << PAGE_SHIFT);
}

/* Give the buddy allocator each usable page not holding the kernel or mem_map. */
static void free_usable_ranges(unsigned long reserved_end_pfn, unsigned long max_low_pfn)
{
	for (int i = 0; i < nr_e820; i++) {
		u64 start, end;
		unsigned long spfn, epfn;

		if (e820[i].type != MULTIBOOT_MEMORY_AVAILABLE)
			continue;
		start = e820[i].addr;
		end = e820[i].addr + e820[i].len;
		spfn = (unsigned long)((start + PAGE_SIZE - 1) >> PAGE_SHIFT);
		epfn = (unsigned long)min_t(u64, end >> PAGE_SHIFT, max_low_pfn);
		/* Page 0 stays reserved: a zero physical address means "none". */
		if (spfn == 0)
			spfn = 1;
		if (spfn < reserved_end_pfn && epfn > KERNEL_LOAD_PHYS >> PAGE_SHIFT) {
			/* Split around the kernel image and mem_map. */
			unsigned long kstart = KERNEL_LOAD_PHYS >> PAGE_SHIFT;

			if (spfn < kstart)
				free_bootmem_range(spfn, kstart);
			spfn = reserved_end_pfn;
		}
		if (spfn < epfn)
			free_bootmem_range(spfn, epfn);
	}
}

void setup_memory(void)
{
	unsigned long max_low_pfn = find_max_low_pfn();
	phys_addr_t map_phys;
	unsigned long reserved_end_pfn;
	struct page *map;

	page_offset_base = PAGE_OFFSET_VAL;
	paging_init(max_low_pfn);
	map_phys = ALIGN((phys_addr_t)__pa(_end), PAGE_SIZE);
	map = __va(map_phys);
	reserved_end_pfn = (unsigned long)((map_phys + mem_map_bytes(max_low_pfn) +
					    PAGE_SIZE - 1) >> PAGE_SHIFT);
	if (reserved_end_pfn >= max_low_pfn)
		panic("not enough memory for the page map (%lu pages of RAM)",
		      max_low_pfn);
	free_area_init(map, max_low_pfn, min_t(unsigned long, max_low_pfn,
					       (16UL << 20) >> PAGE_SHIFT));
	free_usable_ranges(reserved_end_pfn, max_low_pfn);
	pr_info("Kernel image %08lx-%08lx, mem_map %08llx-%08llx\n",
		(unsigned long)__pa(_text), (unsigned long)__pa(_end),
		(unsigned long long)map_phys,
		(unsigned long long)reserved_end_pfn << PAGE_SHIFT);
	mem_print_zones();
}
