/*
 * mm_test.c - the "mm" KUnit suite: the page allocator, slab and mempools
 * (kernel/mm/) on the machine's real memory, after boot handed it over.
 * The host tests (tests/host/test_page_alloc.c etc.) cover the algorithms
 * in depth; these prove the real direct map and zones behave the same.
 *
 * Counters are compared before and after each case, so nothing else may
 * allocate meanwhile: run with ktest=mm before other threads get busy.
 */
#include "ktest_mm.h"
#include "kunit.h"
#include "mempool.h"
#include "mm.h"
#include "slab.h"
#include "string.h"

static void mm_pages_of_each_order_come_back(struct kunit *test)
{
	unsigned long before = nr_free_pages();
	struct page *pages[6];

	for (unsigned int order = 0; order < ARRAY_SIZE(pages); order++) {
		pages[order] = alloc_pages(GFP_KERNEL, order);
		KUNIT_ASSERT_NOT_NULL(test, pages[order]);
		KUNIT_EXPECT_EQ(test, page_to_pfn(pages[order]) &
				((1UL << order) - 1), 0);
		KUNIT_EXPECT_EQ(test, page_count(pages[order]), 1);
	}
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before - 63);
	for (unsigned int order = 0; order < ARRAY_SIZE(pages); order++)
		__free_pages(pages[order], order);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
}

static void mm_gfp_dma_page_below_16m(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL | GFP_DMA);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_LT(test, page_to_phys(page), MAX_DMA_ADDRESS);
	KUNIT_EXPECT_TRUE(test, page_zone(page) == &mem_zones[ZONE_DMA]);
	__free_page(page);
}

static void mm_page_address_roundtrip(struct kunit *test)
{
	struct page *page = alloc_pages(GFP_KERNEL, 1);
	char *va;

	KUNIT_ASSERT_NOT_NULL(test, page);
	va = page_address(page);
	KUNIT_EXPECT_TRUE(test, virt_to_page(va) == page);
	KUNIT_EXPECT_TRUE(test, virt_to_page(va + PAGE_SIZE + 100) == page + 1);
	KUNIT_EXPECT_EQ(test, __pa(va), page_to_phys(page));
	KUNIT_EXPECT_TRUE(test, __va(page_to_phys(page)) == va);
	KUNIT_EXPECT_TRUE(test, virt_addr_valid(va));
	KUNIT_EXPECT_EQ(test, (uintptr_t)va & ~PAGE_MASK, 0);
	__free_pages(page, 1);
}

static void mm_full_page_write_read(struct kunit *test)
{
	unsigned long addr = get_zeroed_page(GFP_KERNEL);
	u32 *words = (u32 *)addr;
	unsigned int bad = 0;

	KUNIT_ASSERT_TRUE(test, addr != 0);
	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		bad += words[i] != 0;
	KUNIT_EXPECT_EQ(test, bad, 0);
	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		words[i] = i * 2654435761u;
	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		bad += words[i] != i * 2654435761u;
	KUNIT_EXPECT_EQ(test, bad, 0);
	free_page(addr);
}

static void mm_kmalloc_sizes_balance(struct kunit *test)
{
	static void *objs[64];
	unsigned long active = ktest_slab_active_objs();
	unsigned int n = 0;

	for (size_t size = 1; size <= 3 * KMALLOC_MAX_CACHE_SIZE && n < 64;
	     size = size * 3 / 2 + 1) {
		objs[n] = kmalloc(size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[n]);
		KUNIT_EXPECT_GE(test, ksize(objs[n]), size);
		memset(objs[n], 0x5a, size);
		n++;
	}
	while (n)
		kfree(objs[--n]);
	KUNIT_EXPECT_EQ(test, ktest_slab_active_objs(), active);
}

static void mm_kmalloc_large_uses_buddy(struct kunit *test)
{
	unsigned long before = nr_free_pages();
	void *p = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before - 4);
	KUNIT_EXPECT_EQ(test, ksize(p), 4 * PAGE_SIZE);
	kfree(p);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), before);
}

static void mm_test_ctor(void *obj)
{
	*(u32 *)obj = 0x4c414e54;	/* "LANT" */
}

static void mm_cache_ctor_and_destroy(struct kunit *test)
{
	struct kmem_cache *c = kmem_cache_create("mm-test", 72, 0, 0,
						 mm_test_ctor);
	void *objs[40];

	KUNIT_ASSERT_NOT_NULL(test, c);
	for (int i = 0; i < 40; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, objs[i]);
		KUNIT_EXPECT_EQ(test, *(u32 *)objs[i], 0x4c414e54);
	}
	KUNIT_EXPECT_EQ(test, c->active_objs, 40);
	for (int i = 0; i < 40; i++)
		kmem_cache_free(c, objs[i]);
	KUNIT_EXPECT_EQ(test, c->active_objs, 0);
	KUNIT_EXPECT_EQ(test, c->nr_errors, 0);
	kmem_cache_destroy(c);
}

static bool mm_pool_fail;

static void *mm_pool_alloc(gfp_t gfp, void *data)
{
	return mm_pool_fail ? NULL : kmalloc((size_t)(uintptr_t)data, gfp);
}

static void mm_pool_free(void *element, void *data)
{
	(void)data;
	kfree(element);
}

static void mm_mempool_reserve_survives(struct kunit *test)
{
	mempool_t *pool;
	void *e[3];

	mm_pool_fail = false;
	pool = mempool_create(3, mm_pool_alloc, mm_pool_free,
			      (void *)(uintptr_t)128);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	mm_pool_fail = true;
	for (int i = 0; i < 3; i++) {
		e[i] = mempool_alloc(pool, GFP_NOIO);
		KUNIT_EXPECT_NOT_NULL(test, e[i]);
	}
	KUNIT_EXPECT_EQ(test, pool->nr_reserve_used, 3);
	KUNIT_EXPECT_NULL(test, mempool_alloc(pool, GFP_ATOMIC));
	for (int i = 0; i < 3; i++)
		mempool_free(e[i], pool);
	KUNIT_EXPECT_EQ(test, pool->curr_nr, 3);
	mm_pool_fail = false;
	mempool_destroy(pool);
}

static struct kunit_case mm_cases[] = {
	KUNIT_CASE(mm_pages_of_each_order_come_back),
	KUNIT_CASE(mm_gfp_dma_page_below_16m),
	KUNIT_CASE(mm_page_address_roundtrip),
	KUNIT_CASE(mm_full_page_write_read),
	KUNIT_CASE(mm_kmalloc_sizes_balance),
	KUNIT_CASE(mm_kmalloc_large_uses_buddy),
	KUNIT_CASE(mm_cache_ctor_and_destroy),
	KUNIT_CASE(mm_mempool_reserve_survives),
	{}
};

static struct kunit_suite mm_suite = {
	.name = "mm",
	.test_cases = mm_cases,
};
kunit_test_suite(mm_suite);
