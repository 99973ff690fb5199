/*
 * test_page_alloc.c - the buddy allocator of kernel/mm/page_alloc.c on a
 * 64 MiB malloc'd arena that plays physical memory [0, 64 MiB): the low
 * 1 MiB and three frames at pfn 5000 stay reserved, as firmware and the
 * kernel image would. Each test boots the allocator afresh.
 */
#include <stdlib.h>
#include "harness.h"
#include "hosted.h"
#include "console.h"
#include "mm.h"
#include "preempt.h"

#define ARENA_PAGES	HOSTED_MEM_PAGES
#define LOW_RESERVED	256UL		/* [0, 1 MiB) */
#define HOLE_START	5000UL
#define HOLE_END	5003UL

static unsigned char allocated[ARENA_PAGES];	/* pages the test holds */

static void boot(unsigned long max_dma_pfn)
{
	memset(allocated, 0, sizeof(allocated));
	free_area_init(hosted_mem_reset(), ARENA_PAGES, max_dma_pfn);
	free_bootmem_range(LOW_RESERVED, HOLE_START);
	free_bootmem_range(HOLE_END, ARENA_PAGES);
}

static struct zone *dma_zone(void) { return &mem_zones[ZONE_DMA]; }
static struct zone *normal_zone(void) { return &mem_zones[ZONE_NORMAL]; }

struct snapshot {
	unsigned long nr_free[MAX_NR_ZONES][MAX_ORDER];
	unsigned long free_pages[MAX_NR_ZONES];
};

static void take_snapshot(struct snapshot *s)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		for (int o = 0; o < MAX_ORDER; o++)
			s->nr_free[z][o] = mem_zones[z].free_area[o].nr_free;
		s->free_pages[z] = mem_zones[z].free_pages;
	}
}

static bool same_snapshot(const struct snapshot *a, const struct snapshot *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static void track(struct page *page, unsigned int order, unsigned char v)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		allocated[page_to_pfn(page) + i] = v;
}

/*
 * Walk every free list: each block is a PG_buddy head of its order,
 * aligned, inside its zone, made of unreserved pages that no other free
 * block and no block the test holds covers; counters match the lists.
 */
static bool buddy_consistent(void)
{
	static unsigned char seen[ARENA_PAGES];
	struct zone *z;

	memset(seen, 0, sizeof(seen));
	for_each_zone(z) {
		unsigned long zfree = 0;

		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			unsigned long n = 0;
			struct page *p;

			list_for_each_entry(p, &z->free_area[o].free_list, lru) {
				unsigned long pfn = page_to_pfn(p);

				n++;
				if (!PageBuddy(p) || p->private != o ||
				    (pfn & ((1UL << o) - 1)) ||
				    pfn < z->start_pfn ||
				    pfn + (1UL << o) > z->end_pfn) {
					printf("    bad block pfn %lu order %u\n",
					       pfn, o);
					return false;
				}
				for (unsigned long i = 0; i < (1UL << o); i++) {
					if (seen[pfn + i] || allocated[pfn + i] ||
					    PageReserved(pfn_to_page(pfn + i))) {
						printf("    pfn %lu doubly owned\n",
						       pfn + i);
						return false;
					}
					seen[pfn + i] = 1;
				}
				zfree += 1UL << o;
			}
			if (n != z->free_area[o].nr_free)
				return false;
		}
		if (zfree != z->free_pages)
			return false;
	}
	return true;
}

TEST(boot_sets_up_zones_and_counts)
{
	boot(MAX_DMA_PFN);
	CHECK_EQ(dma_zone()->start_pfn, 0);
	CHECK_EQ(dma_zone()->end_pfn, 4096);
	CHECK_EQ(normal_zone()->start_pfn, 4096);
	CHECK_EQ(normal_zone()->end_pfn, ARENA_PAGES);
	CHECK_EQ(dma_zone()->managed_pages, 4096 - LOW_RESERVED);
	CHECK_EQ(normal_zone()->managed_pages, ARENA_PAGES - 4096 - 3);
	CHECK_EQ(nr_free_pages(), ARENA_PAGES - LOW_RESERVED - 3);
	CHECK_EQ(zone_free_pages(dma_zone()), 4096 - LOW_RESERVED);
	CHECK(PageReserved(pfn_to_page(0)));
	CHECK(PageReserved(pfn_to_page(HOLE_START + 1)));
	CHECK(!PageReserved(pfn_to_page(HOLE_END)));
	CHECK(buddy_consistent());
}

/* [256, 4096) must become 256 + 512 + 3 * 1024 pages: maximal aligned blocks. */
TEST(free_bootmem_builds_maximal_blocks)
{
	struct free_area *fa = dma_zone()->free_area;

	boot(MAX_DMA_PFN);
	for (int o = 0; o < 8; o++)
		CHECK_EQ(fa[o].nr_free, 0);
	CHECK_EQ(fa[8].nr_free, 1);
	CHECK_EQ(fa[9].nr_free, 1);
	CHECK_EQ(fa[10].nr_free, 3);
}

TEST(split_then_merge_restores_free_areas)
{
	struct snapshot before, after;
	struct free_area *fa = dma_zone()->free_area;
	struct page *page;

	boot(MAX_DMA_PFN);
	take_snapshot(&before);
	page = alloc_page(GFP_DMA);
	CHECK(page != NULL);
	if (!page)
		return;
	/* The smallest block (order 8 at pfn 256) is split down to order 0. */
	CHECK_EQ(page_to_pfn(page), 256);
	CHECK_EQ(fa[8].nr_free, 0);
	for (int o = 0; o < 8; o++)
		CHECK_EQ(fa[o].nr_free, 1);
	CHECK_EQ(page_count(page), 1);
	track(page, 0, 1);
	CHECK(buddy_consistent());
	track(page, 0, 0);
	__free_page(page);
	take_snapshot(&after);
	CHECK(same_snapshot(&before, &after));
	CHECK(PageBuddy(pfn_to_page(256)));
	CHECK_EQ(pfn_to_page(256)->private, 8);
}

TEST(order_n_blocks_are_aligned)
{
	struct snapshot before, after;
	struct page *pages[MAX_ORDER];

	boot(MAX_DMA_PFN);
	take_snapshot(&before);
	/* A single page first, so larger blocks cannot be aligned by luck. */
	struct page *one = alloc_page(GFP_KERNEL);

	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		pages[o] = alloc_pages(GFP_KERNEL, o);
		CHECK(pages[o] != NULL);
		if (pages[o])
			CHECK_EQ(page_to_pfn(pages[o]) & ((1UL << o) - 1), 0);
	}
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		if (pages[o])
			__free_pages(pages[o], o);
	__free_page(one);
	take_snapshot(&after);
	CHECK(same_snapshot(&before, &after));
}

/* Allocate every page one by one; @gfp decides which zones and reserve. */
static unsigned long exhaust(gfp_t gfp, struct page **out, unsigned long max)
{
	unsigned long n = 0;
	struct page *p;

	while (n < max && (p = alloc_page(gfp | __GFP_NOWARN)) != NULL) {
		if (allocated[page_to_pfn(p)])
			printf("    pfn %lu handed out twice\n", page_to_pfn(p));
		track(p, 0, 1);
		out[n++] = p;
	}
	return n;
}

static void release(struct page **pages, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		track(pages[i], 0, 0);
		__free_page(pages[i]);
	}
}

static struct page *held[ARENA_PAGES];

TEST(exhaustion_returns_null_and_free_restores)
{
	struct snapshot before, after;
	unsigned long n, total;

	boot(MAX_DMA_PFN);
	take_snapshot(&before);
	total = nr_free_pages();
	n = exhaust(GFP_ATOMIC, held, ARENA_PAGES);
	CHECK_EQ(n, total);
	CHECK_EQ(nr_free_pages(), 0);
	CHECK(alloc_pages(GFP_ATOMIC | __GFP_NOWARN, 0) == NULL);
	CHECK(buddy_consistent());
	for (unsigned long i = 0; i < n; i++) {
		unsigned long pfn = page_to_pfn(held[i]);

		CHECK(pfn >= LOW_RESERVED);
		CHECK(pfn < HOLE_START || pfn >= HOLE_END);
	}
	/* Free in an order unlike the allocation order. */
	for (unsigned long i = 0; i < n; i += 2)
		__free_page(held[i]), track(held[i], 0, 0);
	for (unsigned long i = 1; i < n; i += 2)
		__free_page(held[i]), track(held[i], 0, 0);
	take_snapshot(&after);
	CHECK(same_snapshot(&before, &after));
	CHECK(buddy_consistent());
}

TEST(kernel_allocs_leave_atomic_reserve)
{
	unsigned long n, extra;
	unsigned long dma_min = dma_zone()->pages_min;

	boot(MAX_DMA_PFN);
	dma_min = dma_zone()->pages_min;
	CHECK_EQ(dma_min, (4096 - LOW_RESERVED) / 256);
	CHECK_EQ(normal_zone()->pages_min, (ARENA_PAGES - 4096 - 3) / 256);
	n = exhaust(GFP_KERNEL, held, ARENA_PAGES);
	CHECK_EQ(zone_free_pages(dma_zone()), dma_min);
	CHECK_EQ(zone_free_pages(normal_zone()), normal_zone()->pages_min);
	extra = exhaust(GFP_ATOMIC, held + n, ARENA_PAGES - n);
	CHECK_EQ(extra, dma_min + normal_zone()->pages_min);
	CHECK_EQ(nr_free_pages(), 0);
	release(held, n + extra);
	CHECK_EQ(nr_free_pages(), ARENA_PAGES - LOW_RESERVED - 3);
}

TEST(gfp_dma_only_below_16m)
{
	unsigned long n, normal_free;
	bool all_low = true;

	boot(MAX_DMA_PFN);
	normal_free = zone_free_pages(normal_zone());
	n = exhaust(GFP_DMA | GFP_ATOMIC, held, ARENA_PAGES);
	for (unsigned long i = 0; i < n; i++)
		all_low &= page_to_phys(held[i]) < MAX_DMA_ADDRESS;
	CHECK(all_low);
	CHECK_EQ(n, 4096 - LOW_RESERVED);
	/* ZONE_NORMAL was never touched, and could not help. */
	CHECK_EQ(zone_free_pages(normal_zone()), normal_free);
	CHECK(alloc_pages(GFP_DMA | GFP_ATOMIC | __GFP_NOWARN, 0) == NULL);
	release(held, n);
	CHECK(buddy_consistent());
}

TEST(normal_falls_back_to_dma)
{
	unsigned long n, normal = ARENA_PAGES - 4096 - 3;
	bool all_normal = true;
	struct page *p;

	boot(MAX_DMA_PFN);
	n = exhaust(GFP_ATOMIC, held, normal);
	CHECK_EQ(n, normal);
	for (unsigned long i = 0; i < n; i++)
		all_normal &= page_to_pfn(held[i]) >= 4096;
	CHECK(all_normal);
	CHECK_EQ(zone_free_pages(normal_zone()), 0);
	p = alloc_page(GFP_KERNEL);
	CHECK(p != NULL);
	if (p) {
		CHECK(page_to_pfn(p) < 4096);
		__free_page(p);
	}
	release(held, n);
	CHECK_EQ(nr_free_pages(), ARENA_PAGES - LOW_RESERVED - 3);
}

/*
 * ZONE_DMA ending at pfn 4000 (not 1024-aligned): [3968, 4000) and
 * [4000, 4032) are buddies by pfn but in different zones; they must
 * never merge, neither at boot nor when freed.
 */
TEST(no_merge_across_unaligned_zone_boundary)
{
	unsigned long n;

	memset(allocated, 0, sizeof(allocated));
	free_area_init(hosted_mem_reset(), ARENA_PAGES, 4000);
	free_bootmem_range(0, ARENA_PAGES);
	CHECK_EQ(zone_free_pages(dma_zone()), 4000);
	CHECK_EQ(zone_free_pages(normal_zone()), ARENA_PAGES - 4000);
	CHECK(buddy_consistent());
	n = exhaust(GFP_ATOMIC, held, ARENA_PAGES);
	CHECK_EQ(n, ARENA_PAGES);
	release(held, n);
	CHECK(buddy_consistent());
	CHECK_EQ(zone_free_pages(dma_zone()), 4000);
	CHECK(PageBuddy(pfn_to_page(3968)));
	CHECK_EQ(pfn_to_page(3968)->private, 5);
	CHECK(PageBuddy(pfn_to_page(4000)));
	CHECK_EQ(pfn_to_page(4000)->private, 5);
}

TEST(double_free_reported_without_corruption)
{
	struct snapshot before, after;
	struct page *a, *b;
	int warns;

	boot(MAX_DMA_PFN);
	a = alloc_page(GFP_DMA);
	b = alloc_page(GFP_DMA);
	CHECK_EQ(page_to_pfn(b), page_to_pfn(a) + 1);
	__free_page(b);
	__free_page(a);			/* merges: b is no longer a block head */
	take_snapshot(&before);
	warns = hosted_warn_count;
	__free_page(b);			/* count 0 */
	__free_page(a);			/* PG_buddy head of the merged block */
	CHECK_EQ(hosted_warn_count, warns + 2);
	take_snapshot(&after);
	CHECK(same_snapshot(&before, &after));
	CHECK(buddy_consistent());
}

TEST(free_of_tail_or_reserved_page_reported)
{
	struct snapshot before, after;
	struct page *block;
	int warns;

	boot(MAX_DMA_PFN);
	block = alloc_pages(GFP_KERNEL, 2);
	take_snapshot(&before);
	warns = hosted_warn_count;
	__free_page(block + 1);
	__free_page(pfn_to_page(HOLE_START + 1));
	free_pages((unsigned long)(uintptr_t)&warns, 0);	/* not direct-mapped */
	CHECK_EQ(hosted_warn_count, warns + 3);
	take_snapshot(&after);
	CHECK(same_snapshot(&before, &after));
	CHECK(PageReserved(pfn_to_page(HOLE_START + 1)));
	track(block, 2, 1);
	CHECK(buddy_consistent());
	track(block, 2, 0);
	__free_pages(block, 2);
	CHECK_EQ(nr_free_pages(), ARENA_PAGES - LOW_RESERVED - 3);
}

TEST(gfp_zero_clears_whole_block)
{
	struct page *z, *nz;
	const unsigned char *p;
	bool zero = true;

	boot(MAX_DMA_PFN);
	z = alloc_pages(GFP_KERNEL | __GFP_ZERO, 3);
	nz = alloc_pages(GFP_KERNEL, 3);
	p = page_address(z);
	for (unsigned long i = 0; i < (PAGE_SIZE << 3); i++)
		zero &= p[i] == 0;
	CHECK(zero);
	/* Without the flag the arena's 0xaa shows through. */
	CHECK_EQ(((unsigned char *)page_address(nz))[100], 0xaa);
	__free_pages(z, 3);
	__free_pages(nz, 3);
	CHECK(get_zeroed_page(GFP_KERNEL) != 0);
}

TEST(get_free_pages_va_roundtrip)
{
	unsigned long va;
	struct page *page;
	int warns = hosted_warn_count;

	boot(MAX_DMA_PFN);
	va = __get_free_pages(GFP_KERNEL, 2);
	CHECK(va != 0);
	page = virt_to_page((void *)va);
	CHECK((uintptr_t)page_address(page) == va);
	CHECK_EQ(__pa((void *)va), page_to_phys(page));
	CHECK(__va(page_to_phys(page)) == (void *)va);
	CHECK(virt_to_page((char *)va + 3 * PAGE_SIZE + 5) == page + 3);
	CHECK(virt_addr_valid((void *)va));
	CHECK(!virt_addr_valid(&va));
	memset((void *)va, 0x5a, 4 * PAGE_SIZE);
	free_pages(va, 2);
	free_pages(0, 0);
	CHECK_EQ(hosted_warn_count, warns);
	CHECK_EQ(nr_free_pages(), ARENA_PAGES - LOW_RESERVED - 3);
}

TEST(get_page_delays_free)
{
	unsigned long free0;
	struct page *p;

	boot(MAX_DMA_PFN);
	free0 = nr_free_pages();
	p = alloc_page(GFP_KERNEL);
	get_page(p);
	CHECK_EQ(page_count(p), 2);
	__free_page(p);
	CHECK_EQ(nr_free_pages(), free0 - 1);
	__free_page(p);
	CHECK_EQ(nr_free_pages(), free0);
}

TEST(order_too_big_fails)
{
	struct page *p;

	boot(MAX_DMA_PFN);
	CHECK(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER) == NULL);
	p = alloc_pages(GFP_KERNEL, MAX_ORDER - 1);
	CHECK(p != NULL);
	if (p) {
		CHECK_EQ(page_to_pfn(p) % MAX_ORDER_NR_PAGES, 0);
		__free_pages(p, MAX_ORDER - 1);
	}
}

TEST(sleeping_gfp_in_interrupt_warns)
{
	int warns;
	struct page *p;

	boot(MAX_DMA_PFN);
	warns = hosted_warn_count;
	add_preempt_count(HARDIRQ_OFFSET);
	p = alloc_page(GFP_ATOMIC);
	CHECK_EQ(hosted_warn_count, warns);
	__free_page(p);
	p = alloc_page(GFP_KERNEL);
	sub_preempt_count(HARDIRQ_OFFSET);
	CHECK_EQ(hosted_warn_count, warns + 1);
	__free_page(p);
}

static const char *log_since(unsigned long from)
{
	static char buf[LOG_BUF_LEN + 1];
	unsigned long pos = from;

	buf[log_buf_read(&pos, buf, LOG_BUF_LEN, false)] = '\0';
	return buf;
}

TEST(mem_print_zones_linux_style)
{
	unsigned long from;
	const char *log;

	boot(MAX_DMA_PFN);
	from = log_buf_next();
	mem_print_zones();
	show_free_areas();
	log = log_since(from);
	CHECK(strstr(log, "Zone PFN ranges:\n") != NULL);
	CHECK(strstr(log, "  DMA      0x00000000 -> 0x00001000\n") != NULL);
	CHECK(strstr(log, "  Normal   0x00001000 -> 0x00004000\n") != NULL);
	CHECK(strstr(log, "Memory: 64500k/65536k available (1036k reserved)")
	      != NULL);
	CHECK(strstr(log, "DMA: 0*4kB") != NULL);
}

static u32 rng_state;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

struct block {
	struct page *page;
	unsigned int order;
	u32 stamp;
};

static void stamp_block(struct block *b)
{
	u32 *first = page_address(b->page);
	u32 *last = (u32 *)((char *)first + (PAGE_SIZE << b->order)) - 1;

	*first = *last = b->stamp;
}

static bool stamp_intact(const struct block *b)
{
	u32 *first = page_address(b->page);
	u32 *last = (u32 *)((char *)first + (PAGE_SIZE << b->order)) - 1;

	return *first == b->stamp && *last == b->stamp;
}

/*
 * Thousands of random allocations and frees of mixed orders and zones.
 * Every block is stamped at both ends; a stamp changed by someone else
 * means two owners. The free lists are audited as we go.
 */
TEST(random_stress_keeps_invariants)
{
	static struct block live[600];
	static const gfp_t modes[] = { GFP_KERNEL, GFP_ATOMIC, GFP_DMA,
				       GFP_NOIO | __GFP_ZERO };
	struct snapshot before, after;
	unsigned int nlive = 0, fails = 0, bad = 0, audits_ok = 1;

	boot(MAX_DMA_PFN);
	take_snapshot(&before);
	rng_state = 0x1234567;
	for (int op = 0; op < 20000; op++) {
		if (nlive < ARRAY_SIZE(live) && rng() % 100 < 55) {
			struct block *b = &live[nlive];
			gfp_t gfp = modes[rng() % 4] | __GFP_NOWARN;

			b->order = rng() % 16 == 0 ? rng() % MAX_ORDER :
						     rng() % 4;
			b->page = alloc_pages(gfp, b->order);
			if (!b->page) {
				fails++;
				continue;
			}
			if (page_to_pfn(b->page) & ((1UL << b->order) - 1))
				bad++;
			if ((gfp & __GFP_DMA) && page_to_pfn(b->page) >= 4096)
				bad++;
			for (unsigned long i = 0; i < (1UL << b->order); i++)
				bad += allocated[page_to_pfn(b->page) + i];
			track(b->page, b->order, 1);
			b->stamp = rng();
			stamp_block(b);
			nlive++;
		} else if (nlive) {
			unsigned int i = rng() % nlive;

			bad += !stamp_intact(&live[i]);
			track(live[i].page, live[i].order, 0);
			__free_pages(live[i].page, live[i].order);
			live[i] = live[--nlive];
		}
		if (op % 1000 == 0)
			audits_ok &= buddy_consistent();
	}
	CHECK_EQ(bad, 0);
	CHECK(audits_ok);
	CHECK(fails < 2000);	/* the arena is big enough for most */
	while (nlive) {
		nlive--;
		CHECK(stamp_intact(&live[nlive]));
		track(live[nlive].page, live[nlive].order, 0);
		__free_pages(live[nlive].page, live[nlive].order);
	}
	take_snapshot(&after);
	CHECK(same_snapshot(&before, &after));
	CHECK(buddy_consistent());
}
