/*
 * test_slab.c - object caches and kmalloc of kernel/mm/slab.c on top of
 * the buddy allocator, on a 64 MiB arena playing physical memory. Each
 * test boots page_alloc and the slab afresh; misuse is provoked on purpose
 * and must show up in hosted_warn_count without corrupting anything.
 */
#include <pthread.h>
#include <stdlib.h>
#include "harness.h"
#include "hosted.h"
#include "console.h"
#include "mm.h"
#include "preempt.h"
#include "sched.h"
#include "slab.h"

#define ARENA_PAGES	HOSTED_MEM_PAGES


static void boot(void)
{
	free_area_init(hosted_mem_reset(), ARENA_PAGES, MAX_DMA_PFN);
	free_bootmem_range(256, ARENA_PAGES);
	kmem_cache_init();
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorted, each object ends before the next begins. */
static bool disjoint(void **objs, size_t n, size_t size)
{
	qsort(objs, n, sizeof(*objs), cmp_ptr);
	for (size_t i = 1; i < n; i++)
		if ((uintptr_t)objs[i - 1] + size > (uintptr_t)objs[i])
			return false;
	return true;
}

static unsigned long all_active_objs(void)
{
	struct kmem_cache *s;
	unsigned long n = 0;

	for_each_kmem_cache(s)
		n += s->active_objs;
	return n;
}

TEST(kmalloc_size_classes)
{
	static const size_t sizes[] = { 1, 8, 9, 16, 17, 33, 64, 65, 96, 97,
					128, 129, 192, 193, 256, 257, 512,
					1000, 1024, 2048, 2049, 4096 };
	static const size_t want[] = { 8, 8, 16, 16, 32, 64, 64, 96, 96, 128,
				       128, 192, 192, 256, 256, 512, 512,
				       1024, 1024, 2048, 4096, 4096 };
	void *p[ARRAY_SIZE(sizes)];
	unsigned long active0;

	boot();
	active0 = all_active_objs();
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct page *page;
		size_t align = want[i] & -want[i];	/* 96 -> 32, 192 -> 64 */

		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		CHECK(p[i] != NULL);
		if (!p[i])
			return;
		CHECK_EQ(ksize(p[i]), want[i]);
		CHECK_EQ((uintptr_t)p[i] % align, 0);
		page = virt_to_head_page(p[i]);
		CHECK(PageSlab(page));
		CHECK(page->slab_cache == kmalloc_slab(sizes[i], GFP_KERNEL));
		memset(p[i], (int)i, ksize(p[i]));
	}
	CHECK_STREQ(kmalloc_slab(96, 0)->name, "kmalloc-96");
	CHECK_EQ(all_active_objs(), active0 + ARRAY_SIZE(sizes));
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		const unsigned char *b = p[i];

		CHECK(b[0] == (unsigned char)i && b[want[i] - 1] == (unsigned char)i);
		kfree(p[i]);
	}
	CHECK_EQ(all_active_objs(), active0);
}

TEST(kmalloc_large_goes_to_buddy)
{
	unsigned long free0;
	void *a, *b;

	boot();
	free0 = nr_free_pages();
	a = kmalloc(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL);
	CHECK_EQ(nr_free_pages(), free0 - 2);
	CHECK_EQ(ksize(a), 2 * PAGE_SIZE);
	CHECK((uintptr_t)a % PAGE_SIZE == 0);
	b = kmalloc(3 * PAGE_SIZE + 1, GFP_KERNEL);
	CHECK_EQ(nr_free_pages(), free0 - 6);
	CHECK(PageHead(virt_to_page(b)) && !PageSlab(virt_to_page(b)));
	memset(b, 1, 4 * PAGE_SIZE);
	kfree(a);
	kfree(b);
	CHECK_EQ(nr_free_pages(), free0);
	CHECK(!PageHead(virt_to_page(b)) && !PageTail(virt_to_page(b) + 1));
	CHECK(kmalloc((PAGE_SIZE << (MAX_ORDER - 1)) + 1,
		      GFP_KERNEL | __GFP_NOWARN) == NULL);
}

TEST(cache_objects_distinct_aligned_writable)
{
	enum { N = 2000 };
	static void *objs[N];
	struct kmem_cache *c;
	unsigned long free0;
	bool aligned = true, intact = true;

	boot();
	c = kmem_cache_create("test-100", 100, 16, 0, NULL);
	CHECK(c != NULL);
	if (!c)
		return;
	free0 = nr_free_pages();
	for (int i = 0; i < N; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		CHECK(objs[i] != NULL);
		if (!objs[i])
			return;
		aligned &= (uintptr_t)objs[i] % 16 == 0;
		memset(objs[i], i & 0xff, 100);
	}
	for (int i = 0; i < N; i++) {
		const unsigned char *b = objs[i];

		for (int j = 0; j < 100; j++)
			intact &= b[j] == (i & 0xff);
	}
	CHECK(aligned);
	CHECK(intact);
	CHECK_EQ(c->active_objs, N);
	CHECK_EQ(c->total_objs, c->nr_slabs * c->objects);
	CHECK(c->nr_slabs >= N / c->objects);
	CHECK(nr_free_pages() < free0);
	for (int i = 0; i < N; i++)
		kmem_cache_free(c, objs[i]);
	CHECK_EQ(c->active_objs, 0);
	CHECK(c->nr_slabs <= 1 && c->nr_slabs == c->nr_empty);
	kmem_cache_shrink(c);
	CHECK_EQ(c->nr_slabs, 0);
	CHECK_EQ(nr_free_pages(), free0);
	for (int i = 0; i < N; i++)
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(disjoint(objs, N, 100));
	for (int i = 0; i < N; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
}

TEST(freed_object_reused_and_empty_slab_kept)
{
	struct kmem_cache *c;
	unsigned long free1;
	void *a, *b;

	boot();
	c = kmem_cache_create("reuse", 64, 0, 0, NULL);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	kmem_cache_free(c, a);
	free1 = nr_free_pages();
	CHECK_EQ(c->nr_empty, 1);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(a == b);
	/* The kept empty slab served it: no trip to the buddy. */
	CHECK_EQ(nr_free_pages(), free1);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
}

static void double_free_case(struct kmem_cache *c)
{
	void *a, *b, *x, *y;
	unsigned long active;
	int warns;

	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	kmem_cache_free(c, a);
	active = c->active_objs;
	warns = hosted_warn_count;
	kmem_cache_free(c, a);
	CHECK_EQ(hosted_warn_count, warns + 1);
	CHECK_EQ(c->active_objs, active);
	CHECK_EQ(c->nr_errors, 1);
	/* A corrupted freelist would hand the same object out twice. */
	x = kmem_cache_alloc(c, GFP_KERNEL);
	y = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(x != y && x != b && y != b);
	kmem_cache_free(c, x);
	kmem_cache_free(c, y);
	kmem_cache_free(c, b);
	CHECK_EQ(c->active_objs, 0);
}

static void set_magic(void *obj)
{
	*(u32 *)obj = 0xc0ffee;
}

TEST(double_free_detected_without_corruption)
{
	struct kmem_cache *c;
	int warns;
	void *p;

	boot();
	c = kmem_cache_create("dfree", 48, 0, 0, NULL);
	double_free_case(c);
	kmem_cache_destroy(c);
	/* A constructor cache has no poison hint: the walk alone decides. */
	c = kmem_cache_create("dfree-ctor", 48, 0, 0, set_magic);
	double_free_case(c);
	kmem_cache_destroy(c);

	p = kmalloc(200, GFP_KERNEL);
	kfree(p);
	warns = hosted_warn_count;
	kfree(p);
	CHECK_EQ(hosted_warn_count, warns + 1);
	p = kmalloc(5 * PAGE_SIZE, GFP_KERNEL);
	kfree(p);
	kfree(p);
	CHECK_EQ(hosted_warn_count, warns + 2);
}

TEST(write_after_free_detected)
{
	struct kmem_cache *c;
	unsigned char *a, *b;
	int warns;

	boot();
	c = kmem_cache_create("uaf", 64, 0, 0, NULL);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	kmem_cache_free(c, a);
	CHECK_EQ(a[20], POISON_FREE);
	CHECK_EQ(a[63], POISON_END);
	warns = hosted_warn_count;
	a[20] = 1;
	b = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(a == b);
	CHECK_EQ(hosted_warn_count, warns + 1);
	CHECK_EQ(c->nr_errors, 1);
	/* An untouched object passes the check. */
	kmem_cache_free(c, b);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK_EQ(hosted_warn_count, warns + 1);
	kmem_cache_free(c, b);
}

TEST(bad_frees_warn_and_change_nothing)
{
	struct kmem_cache *c1, *c2;
	struct page *page;
	char *obj, stack;
	unsigned long free0;
	int warns;

	boot();
	c1 = kmem_cache_create("one", 32, 0, 0, NULL);
	c2 = kmem_cache_create("two", 32, 0, 0, NULL);
	obj = kmem_cache_alloc(c1, GFP_KERNEL);
	page = alloc_page(GFP_KERNEL);
	free0 = nr_free_pages();
	warns = hosted_warn_count;
	kfree(&stack);				/* not in the direct map */
	kfree(obj + 1);				/* inside an object */
	kfree(page_address(page));		/* a page, not kmalloc */
	kmem_cache_free(c2, obj);		/* wrong cache */
	kfree(page_address(page) + 8);
	CHECK_EQ(hosted_warn_count, warns + 5);
	CHECK_EQ(c1->active_objs, 1);
	CHECK_EQ(c2->active_objs, 0);
	CHECK_EQ(page_count(page), 1);
	CHECK_EQ(nr_free_pages(), free0);
	kmem_cache_free(c1, obj);
	CHECK_EQ(c1->active_objs, 0);
	CHECK_EQ(hosted_warn_count, warns + 5);
	__free_page(page);
}

TEST(kcalloc_overflow_returns_null)
{
	unsigned char *p;
	bool zero = true;
	int warns;

	boot();
	warns = hosted_warn_count;
	CHECK(kcalloc(SIZE_MAX / 2 + 1, 2, GFP_KERNEL) == NULL);
	CHECK(kcalloc(2, SIZE_MAX / 2 + 1, GFP_KERNEL) == NULL);
	CHECK_EQ(hosted_warn_count, warns);
	p = kcalloc(10, 10, GFP_KERNEL);
	CHECK(p != NULL);
	for (int i = 0; i < 100; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	kfree(p);
}

TEST(kzalloc_and_zero_size)
{
	unsigned char *p;
	bool zero = true;
	int warns = hosted_warn_count;

	boot();
	p = kmalloc(300, GFP_KERNEL);	/* poison or arena garbage, not 0 */
	CHECK(p[100] != 0);
	kfree(p);
	p = kzalloc(300, GFP_KERNEL);
	for (int i = 0; i < 512; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	kfree(p);
	CHECK(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	CHECK_EQ(ksize(NULL), 0);
	CHECK_EQ(hosted_warn_count, warns);
}

struct ctor_obj {
	u32 magic;
	u32 state;
	char pad[40];
};

static int ctor_calls;

static void ctor_obj_init(void *p)
{
	struct ctor_obj *o = p;

	o->magic = 0xfeedbeef;
	o->state = 0;
	ctor_calls++;
}

/*
 * Every object is constructed when its slab is made, and an object freed
 * in its constructed state comes back still constructed, without another
 * ctor call: the free pointer must not live inside the object.
 */
TEST(ctor_applied_and_state_kept)
{
	enum { N = 300 };
	struct ctor_obj *objs[N];
	struct kmem_cache *c;
	bool magic = true;
	int calls;

	boot();
	ctor_calls = 0;
	c = kmem_cache_create("ctor", sizeof(struct ctor_obj), 0, 0,
			      ctor_obj_init);
	for (int i = 0; i < N; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		magic &= objs[i]->magic == 0xfeedbeef && objs[i]->state == 0;
	}
	CHECK(magic);
	CHECK_EQ(ctor_calls, c->total_objs);
	calls = ctor_calls;
	/* Every other one, so no slab empties and goes back to the buddy. */
	for (int i = 0; i < N; i += 2)
		kmem_cache_free(c, objs[i]);
	for (int i = 0; i < N; i += 2) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		magic &= objs[i]->magic == 0xfeedbeef;
	}
	CHECK(magic);
	CHECK_EQ(ctor_calls, calls);
	for (int i = 0; i < N; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
}

TEST(krealloc_keeps_contents)
{
	char *p, *q;

	boot();
	p = kmalloc(20, GFP_KERNEL);
	memcpy(p, "nineteen characters", 20);
	q = krealloc(p, 1000, GFP_KERNEL);
	CHECK(q != NULL && q != p);
	CHECK_STREQ(q, "nineteen characters");
	CHECK(krealloc(q, 10, GFP_KERNEL) == q);
	p = krealloc(NULL, 10, GFP_KERNEL);
	CHECK_EQ(ksize(p), 16);
	kfree(p);
	p = kstrdup("lantern", GFP_KERNEL);
	CHECK_STREQ(p, "lantern");
	kfree(p);
	CHECK(krealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
}

TEST(create_checks_arguments_and_alignment)
{
	struct kmem_cache *c;
	void *a, *b;

	boot();
	CHECK(kmem_cache_create("zero", 0, 0, 0, NULL) == NULL);
	CHECK(kmem_cache_create("odd-align", 64, 3, 0, NULL) == NULL);
	CHECK(kmem_cache_create("huge", (PAGE_SIZE << (MAX_ORDER - 1)) + 1,
				0, 0, NULL) == NULL);
	c = kmem_cache_create("hw-100", 100, 0, SLAB_HWCACHE_ALIGN, NULL);
	CHECK_EQ(c->align, 64);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK((uintptr_t)a % 64 == 0 && (uintptr_t)b % 64 == 0);
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
	c = kmem_cache_create("hw-20", 20, 0, SLAB_HWCACHE_ALIGN, NULL);
	CHECK_EQ(c->align, 32);		/* two share a 64-byte line */
	kmem_cache_destroy(c);
}

/* Objects past the first page of a slab find their head page. */
TEST(multi_page_slabs)
{
	struct kmem_cache *c;
	void *objs[10];
	unsigned long free0;

	boot();
	c = kmem_cache_create("big-5000", 5000, 0, 0, NULL);
	CHECK_EQ(c->order, 2);
	CHECK_EQ(c->objects, 3);
	free0 = nr_free_pages();
	for (int i = 0; i < 10; i++)
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(PageTail(virt_to_page(objs[2])));
	CHECK(virt_to_head_page(objs[2]) == virt_to_head_page(objs[0]));
	CHECK_EQ(c->nr_slabs, 4);
	CHECK(disjoint(objs, 10, 5000));
	for (int i = 0; i < 10; i++)
		kfree(objs[i]);		/* kfree works on any cache's object */
	CHECK_EQ(c->active_objs, 0);
	kmem_cache_shrink(c);
	CHECK_EQ(nr_free_pages(), free0);
	kmem_cache_destroy(c);
}

TEST(destroy_busy_cache_warns_and_stays_usable)
{
	struct kmem_cache *c, *s;
	int warns, found = 0;
	void *obj;

	boot();
	c = kmem_cache_create("busy", 128, 0, 0, NULL);
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	warns = hosted_warn_count;
	kmem_cache_destroy(c);
	CHECK_EQ(hosted_warn_count, warns + 1);
	CHECK(c->dead);
	kmem_cache_free(c, obj);
	CHECK_EQ(c->nr_slabs, 0);	/* dead caches keep no empty slab */
	kmem_cache_destroy(c);
	CHECK_EQ(hosted_warn_count, warns + 1);
	for_each_kmem_cache(s)
		found += strcmp(s->name, "busy") == 0;
	CHECK_EQ(found, 0);

	/* The boot caches are not the caller's to destroy. */
	kmem_cache_destroy(kmalloc_slab(64, GFP_KERNEL));
	CHECK_EQ(hosted_warn_count, warns + 2);
	obj = kmalloc(64, GFP_KERNEL);
	CHECK(obj != NULL);
	kfree(obj);
	found = 0;
	for_each_kmem_cache(s)
		found++;
	CHECK_EQ(found, 25);
}

TEST(gfp_dma_kmalloc_comes_from_zone_dma)
{
	struct kmem_cache *c;
	void *d, *n;

	boot();
	d = kmalloc(100, GFP_KERNEL | GFP_DMA);
	n = kmalloc(100, GFP_KERNEL);
	CHECK(__pa(d) < MAX_DMA_ADDRESS);
	CHECK(__pa(n) >= MAX_DMA_ADDRESS);
	CHECK_STREQ(virt_to_head_page(d)->slab_cache->name, "dma-kmalloc-128");
	kfree(d);
	kfree(n);
	c = kmem_cache_create("dma-cache", 64, 0, SLAB_CACHE_DMA, NULL);
	d = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(__pa(d) < MAX_DMA_ADDRESS);
	kmem_cache_free(c, d);
	kmem_cache_destroy(c);
}

TEST(slabinfo_lists_caches)
{
	struct kmem_cache *c;
	static char buf[LOG_BUF_LEN + 1];
	unsigned long pos;
	int n = 0;

	boot();
	for_each_kmem_cache(c)
		n++;
	CHECK_EQ(n, 25);	/* kmem_cache + 2 x 12 kmalloc */
	c = kmem_cache_create("test-info", 40, 0, 0, NULL);
	pos = log_buf_next();
	slabinfo_show();
	buf[log_buf_read(&pos, buf, LOG_BUF_LEN, false)] = '\0';
	CHECK(strstr(buf, "# name") != NULL);
	CHECK(strstr(buf, "test-info") != NULL);
	CHECK(strstr(buf, "kmalloc-96") != NULL);
	kmem_cache_destroy(c);
}

TEST(sleeping_alloc_in_interrupt_warns)
{
	struct kmem_cache *c;
	void *a, *b;
	int warns;

	boot();
	c = kmem_cache_create("irq", 32, 0, 0, NULL);
	warns = hosted_warn_count;
	add_preempt_count(HARDIRQ_OFFSET);
	a = kmem_cache_alloc(c, GFP_ATOMIC);
	CHECK_EQ(hosted_warn_count, warns);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	sub_preempt_count(HARDIRQ_OFFSET);
	CHECK_EQ(hosted_warn_count, warns + 1);
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
}

/* ---- threads: the locks must keep concurrent users apart ---- */

static struct kmem_cache *shared;
static int thread_bad;
/*
 * hosted.c allocates a task_struct per thread and never frees it; keeping
 * a pointer here stops LeakSanitizer from failing the binary over it.
 */
static struct task_struct *thread_tasks[4];

static void *thread_fn(void *arg)
{
	uintptr_t id = (uintptr_t)arg;
	uintptr_t *objs[64] = { NULL };
	u32 seed = (u32)id * 2654435761u + 1;

	for (int op = 0; op < 20000; op++) {
		int i;

		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		i = seed % 64;
		if (objs[i]) {
			if (objs[i][0] != id || objs[i][1] != (uintptr_t)objs[i])
				__atomic_add_fetch(&thread_bad, 1, __ATOMIC_RELAXED);
			if (i & 1)
				kmem_cache_free(shared, objs[i]);
			else
				kfree(objs[i]);
			objs[i] = NULL;
		} else {
			objs[i] = (i & 1) ? kmem_cache_alloc(shared, GFP_KERNEL)
					  : kmalloc(16 + i * 8, GFP_ATOMIC);
			objs[i][0] = id;
			objs[i][1] = (uintptr_t)objs[i];
		}
	}
	for (int i = 0; i < 64; i++)
		kfree(objs[i]);
	thread_tasks[id - 1] = current;
	return NULL;
}

TEST(concurrent_alloc_free)
{
	pthread_t t[4];
	unsigned long active0;

	boot();
	shared = kmem_cache_create("shared", 24, 0, 0, NULL);
	active0 = all_active_objs();
	thread_bad = 0;
	for (uintptr_t i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, thread_fn, (void *)(i + 1));
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ(thread_bad, 0);
	CHECK_EQ(shared->active_objs, 0);
	CHECK_EQ(all_active_objs(), active0);
	kmem_cache_destroy(shared);
}
