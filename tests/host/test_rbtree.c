/*
 * test_rbtree.c - lib/rbtree.c: every insert and erase leaves a valid
 * red-black tree (checked by a validator that walks the whole tree after
 * each operation), walks visit keys in order in both directions and stop
 * at the ends, rb_replace_node() swaps one node for another in place, a
 * cleared node reads as empty, and equal keys linked to the right come
 * back out in insertion order. The validator is itself tested on broken
 * trees, so a tree it passes is one it has been shown able to fail.
 */
#include <stdlib.h>
#include "harness.h"
#include "rbtree.h"

/* A keyed test struct; seq orders equal keys (insertion order). */
struct item {
	int key;
	int seq;
	struct rb_node rb;
};

#define MAX_DEPTH	64	/* far above 2*log2(n+1) for any n we build */

static unsigned int rng_state;

/* xorshift32: fixed seeds make every failure reproducible. */
static unsigned int rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void shuffle(int *a, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = rng() % (i + 1), t = a[i];

		a[i] = a[j];
		a[j] = t;
	}
}

static int *permutation(int n, unsigned int seed)
{
	int *a = malloc(n * sizeof(*a));

	for (int i = 0; i < n; i++)
		a[i] = i;
	rng_state = seed;
	shuffle(a, n);
	return a;
}

/* (key, seq) order: strict for unique keys, stable for equal ones. */
static int item_cmp(const struct item *a, const struct item *b)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * The search-then-link idiom from rbtree.h; equal keys go right. The depth
 * bound only matters when the library is broken: a cycle fails the test
 * instead of hanging it.
 */
static void item_insert(struct rb_root *root, struct item *new)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;
	int depth = 0;

	while (*link) {
		if (++depth > MAX_DEPTH) {
			harness_fail(__FILE__, __LINE__, "insert: tree too deep");
			return;
		}
		parent = *link;
		if (new->key < rb_entry(parent, struct item, rb)->key)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&new->rb, parent, link);
	rb_insert_color(&new->rb, root);
}

static struct item *item_find(struct rb_root *root, int key)
{
	struct rb_node *n = root->rb_node;

	for (int depth = 0; n && depth <= MAX_DEPTH; depth++) {
		struct item *it = rb_entry(n, struct item, rb);

		if (key == it->key)
			return it;
		n = key < it->key ? n->rb_left : n->rb_right;
	}
	return NULL;
}

/* ---- the validator ---- */

struct walk {
	char err[160];		/* first broken invariant, "" if none */
	const struct item *prev;	/* last node seen in order */
	int count;
	int max_depth;
};

#define KEY(n)	(rb_entry(n, struct item, rb)->key)

/* Returns the black height of @n (NULL leaves count 1), -1 once broken. */
static int walk_node(struct walk *w, const struct rb_node *n,
		     const struct rb_node *parent, int depth)
{
	int lh, rh;

	if (!n)
		return 1;
	if (depth > MAX_DEPTH) {
		snprintf(w->err, sizeof(w->err), "deeper than %d (a cycle?)",
			 MAX_DEPTH);
		return -1;
	}
	w->max_depth = depth > w->max_depth ? depth : w->max_depth;
	if (rb_parent(n) != parent) {
		snprintf(w->err, sizeof(w->err),
			 "key %d: parent pointer is wrong", KEY(n));
		return -1;
	}
	if (rb_is_red(n) && ((n->rb_left && rb_is_red(n->rb_left)) ||
			     (n->rb_right && rb_is_red(n->rb_right)))) {
		snprintf(w->err, sizeof(w->err),
			 "red key %d has a red child", KEY(n));
		return -1;
	}
	lh = walk_node(w, n->rb_left, n, depth + 1);
	if (lh < 0)
		return -1;
	/* In-order position: after the left subtree, before the right. */
	const struct item *it = rb_entry(n, struct item, rb);

	if (w->prev && item_cmp(w->prev, it) >= 0) {
		snprintf(w->err, sizeof(w->err),
			 "out of order: (%d,%d) then (%d,%d)", w->prev->key,
			 w->prev->seq, it->key, it->seq);
		return -1;
	}
	w->prev = it;
	w->count++;
	rh = walk_node(w, n->rb_right, n, depth + 1);
	if (rh < 0)
		return -1;
	if (lh != rh) {
		snprintf(w->err, sizeof(w->err),
			 "key %d: black height %d on the left, %d on the right",
			 KEY(n), lh, rh);
		return -1;
	}
	return lh + rb_is_black(n);
}

/* NULL if @root is a valid tree of @count items, else what is wrong. */
static const char *rb_check(const struct rb_root *root, int count,
			    struct walk *w)
{
	int limit = 0;

	memset(w, 0, sizeof(*w));
	if (root->rb_node && rb_is_red(root->rb_node))
		return "the root is red";
	if (walk_node(w, root->rb_node, NULL, 1) < 0)
		return w->err;
	if (w->count != count) {
		snprintf(w->err, sizeof(w->err), "%d nodes, expected %d",
			 w->count, count);
		return w->err;
	}
	/* The invariants promise height <= 2*log2(n+1); check the promise. */
	while ((1 << (limit / 2)) <= count + 1 && limit < MAX_DEPTH)
		limit += 2;
	if (w->max_depth > limit) {
		snprintf(w->err, sizeof(w->err), "height %d > %d for %d nodes",
			 w->max_depth, limit, count);
		return w->err;
	}
	return NULL;
}

/* Validate and report as a test failure; true if the tree was valid. */
#define CHECK_TREE(root, count) check_tree(root, count, __FILE__, __LINE__)

static bool check_tree(const struct rb_root *root, int count,
		       const char *file, int line)
{
	struct walk w;
	const char *err = rb_check(root, count, &w);

	if (err)
		harness_fail(file, line, "invalid rbtree: %s", err);
	return !err;
}

/* Build a tree of @n items inserted in @order, validating every step. */
static struct item *build(struct rb_root *root, const int *order, int n,
			  bool check_each)
{
	struct item *items = calloc(n, sizeof(*items));

	*root = RB_ROOT;
	for (int i = 0; i < n; i++) {
		items[i].key = order[i];
		items[i].seq = i;
		item_insert(root, &items[i]);
		if (check_each && !CHECK_TREE(root, i + 1))
			break;
	}
	return items;
}

/* ---- the validator catches broken trees ---- */

static void set_node(struct item *it, int key, struct item *parent,
		     struct item *l, struct item *r, int color)
{
	it->key = key;
	it->seq = 0;
	it->rb.rb_parent_color = (unsigned long)(parent ? &parent->rb : NULL);
	rb_set_color(&it->rb, color);
	it->rb.rb_left = l ? &l->rb : NULL;
	it->rb.rb_right = r ? &r->rb : NULL;
}

TEST(validator_rejects_broken_trees)
{
	struct item a, b, c;
	struct rb_root root = { &b.rb };
	struct walk w;
	const char *err;

	/* b(black) with red children a and c: valid. */
	set_node(&a, 1, &b, NULL, NULL, RB_RED);
	set_node(&b, 2, NULL, &a, &c, RB_BLACK);
	set_node(&c, 3, &b, NULL, NULL, RB_RED);
	CHECK(rb_check(&root, 3, &w) == NULL);
	CHECK(rb_check(&root, 2, &w) != NULL);

	rb_set_red(&b.rb);
	CHECK_STREQ(rb_check(&root, 3, &w), "the root is red");
	rb_set_black(&b.rb);

	rb_set_black(&a.rb);		/* left black height 2, right 1 */
	err = rb_check(&root, 3, &w);
	CHECK(err && strstr(err, "black height"));
	rb_set_red(&a.rb);

	a.key = 4;			/* a sorts after b */
	err = rb_check(&root, 3, &w);
	CHECK(err && strstr(err, "out of order"));
	a.key = 1;

	rb_set_parent(&c.rb, &a.rb);
	err = rb_check(&root, 3, &w);
	CHECK(err && strstr(err, "parent"));
	rb_set_parent(&c.rb, &b.rb);

	/* b(black) over a(red) over c(red): balanced and ordered, but red-red. */
	b.rb.rb_right = NULL;
	set_node(&a, 1, &b, NULL, &c, RB_RED);
	set_node(&c, 2, &a, NULL, NULL, RB_RED);
	b.key = 3;
	err = rb_check(&root, 3, &w);
	CHECK(err && strstr(err, "red child"));
}

/* ---- insert ---- */

TEST(empty_tree_has_no_ends)
{
	struct rb_root root = RB_ROOT;

	CHECK(RB_EMPTY_ROOT(&root));
	CHECK(rb_first(&root) == NULL);
	CHECK(rb_last(&root) == NULL);
	CHECK_TREE(&root, 0);
}

TEST(first_node_is_black_root)
{
	struct rb_root root = RB_ROOT;
	struct item it = { .key = 7 };

	item_insert(&root, &it);
	CHECK(!RB_EMPTY_ROOT(&root));
	CHECK(root.rb_node == &it.rb);
	CHECK(rb_is_black(&it.rb));
	CHECK(rb_parent(&it.rb) == NULL);
	CHECK(rb_first(&root) == &it.rb && rb_last(&root) == &it.rb);
	CHECK_TREE(&root, 1);
}

/* 1, 2, 3 in order is the textbook single rotation: 2 ends on top. */
TEST(three_ascending_rotate_to_middle)
{
	int order[] = { 1, 2, 3 };
	struct rb_root root;
	struct item *items = build(&root, order, 3, true);

	CHECK_EQ(KEY(root.rb_node), 2);
	CHECK(rb_is_red(root.rb_node->rb_left));
	CHECK(rb_is_red(root.rb_node->rb_right));
	free(items);
}

/* 1, 3, 2 needs the double rotation (inner grandchild). */
TEST(inner_grandchild_double_rotates)
{
	int order[] = { 1, 3, 2 }, mirror[] = { 3, 1, 2 };
	struct rb_root root;
	struct item *items = build(&root, order, 3, true);

	CHECK_EQ(KEY(root.rb_node), 2);
	free(items);
	items = build(&root, mirror, 3, true);
	CHECK_EQ(KEY(root.rb_node), 2);
	free(items);
}

static void insert_sequence(bool descending, int n, bool check_each)
{
	int *order = malloc(n * sizeof(*order));
	struct rb_root root;
	struct item *items;

	for (int i = 0; i < n; i++)
		order[i] = descending ? n - 1 - i : i;
	items = build(&root, order, n, check_each);
	CHECK_TREE(&root, n);
	CHECK_EQ(KEY(rb_first(&root)), 0);
	CHECK_EQ(KEY(rb_last(&root)), n - 1);
	free(items);
	free(order);
}

TEST(insert_ascending_stays_balanced)
{
	insert_sequence(false, 1000, true);
	insert_sequence(false, 10000, false);
}

TEST(insert_descending_stays_balanced)
{
	insert_sequence(true, 1000, true);
	insert_sequence(true, 10000, false);
}

TEST(insert_random_stays_balanced)
{
	for (unsigned int seed = 1; seed <= 5; seed++) {
		int *order = permutation(1000, seed);
		struct rb_root root;
		struct item *items = build(&root, order, 1000, true);

		free(items);
		free(order);
	}
	int *order = permutation(10000, 42);
	struct rb_root root;
	struct item *items = build(&root, order, 10000, false);

	CHECK_TREE(&root, 10000);
	for (int k = 0; k < 10000; k += 97)
		CHECK(item_find(&root, k) && item_find(&root, k)->key == k);
	CHECK(item_find(&root, 10000) == NULL);
	free(items);
	free(order);
}

/* ---- erase ---- */

TEST(erase_random_order_to_empty)
{
	const int n = 1000;
	int *order = permutation(n, 7);
	int *victims = permutation(n, 8);
	struct rb_root root;
	struct item *items = build(&root, order, n, false);

	for (int i = 0; i < n; i++) {
		struct item *it = item_find(&root, victims[i]);

		CHECK(it != NULL);
		if (!it)
			break;
		rb_erase(&it->rb, &root);
		if (!CHECK_TREE(&root, n - 1 - i))
			break;
		CHECK(item_find(&root, victims[i]) == NULL);
	}
	CHECK(RB_EMPTY_ROOT(&root));
	free(items);
	free(order);
	free(victims);
}

/*
 * Every small tree shape, every victim: for n up to 12 and several
 * insertion orders, erase each key in turn from a fresh tree. Small trees
 * reach every erase case (red sibling, black sibling with black, near-red
 * and far-red children, successor as right child or deeper) at the root
 * and below it.
 */
TEST(erase_each_key_of_small_trees)
{
	for (int n = 1; n <= 12; n++) {
		for (unsigned int seed = 1; seed <= 20; seed++) {
			int *order = permutation(n, seed * 31 + n);

			for (int victim = 0; victim < n; victim++) {
				struct rb_root root;
				struct item *items = build(&root, order, n, false);
				struct item *it = item_find(&root, victim);

				rb_erase(&it->rb, &root);
				CHECK_TREE(&root, n - 1);
				free(items);
			}
			free(order);
		}
	}
}

TEST(erase_ends_repeatedly)
{
	const int n = 500;
	int *order = permutation(n, 99);
	bool *gone = calloc(n, sizeof(*gone));
	struct rb_root root;
	struct item *items = build(&root, order, n, false);
	int lo = 0, hi = n - 1;

	/* Take from the front, the back and the root in turn. */
	for (int i = 0; i < n; i++) {
		struct rb_node *victim = i % 3 == 0 ? rb_first(&root) :
					 i % 3 == 1 ? rb_last(&root) :
					 root.rb_node;

		while (gone[lo])
			lo++;
		while (gone[hi])
			hi--;
		if (i % 3 == 0)
			CHECK_EQ(KEY(victim), lo);
		else if (i % 3 == 1)
			CHECK_EQ(KEY(victim), hi);
		gone[KEY(victim)] = true;
		rb_erase(victim, &root);
		if (!CHECK_TREE(&root, n - 1 - i))
			break;
	}
	CHECK(RB_EMPTY_ROOT(&root));
	free(gone);
	free(items);
	free(order);
}

/* Random inserts and erases against a presence map, as a scheduler does. */
TEST(interleaved_insert_erase_stress)
{
	enum { KEYS = 512, OPS = 200000, CHECK_EVERY_UNTIL = 5000 };
	static struct item items[KEYS];
	bool present[KEYS] = { false };
	struct rb_root root = RB_ROOT;
	int count = 0;

	rng_state = 2024;
	for (int op = 0; op < OPS; op++) {
		int k = rng() % KEYS;

		if (present[k]) {
			rb_erase(&items[k].rb, &root);
			RB_CLEAR_NODE(&items[k].rb);
			count--;
		} else {
			items[k].key = k;
			item_insert(&root, &items[k]);
			count++;
		}
		present[k] = !present[k];
		if ((op < CHECK_EVERY_UNTIL || op % 1000 == 0) &&
		    !CHECK_TREE(&root, count))
			break;
	}
	CHECK_TREE(&root, count);
	for (int k = 0; k < KEYS; k++) {
		CHECK_EQ(item_find(&root, k) != NULL, present[k]);
		if (!present[k])
			CHECK(RB_EMPTY_NODE(&items[k].rb));
	}
}

/* ---- walking ---- */

TEST(walk_in_order_both_directions)
{
	const int n = 300;
	int *order = permutation(n, 5);
	struct rb_root root;
	struct item *items = build(&root, order, n, false);
	struct rb_node *node;
	int k;

	k = 0;
	for (node = rb_first(&root); node && k <= n; node = rb_next(node))
		CHECK_EQ(KEY(node), k++);
	CHECK_EQ(k, n);

	k = n;
	for (node = rb_last(&root); node && k >= 0; node = rb_prev(node))
		CHECK_EQ(KEY(node), --k);
	CHECK_EQ(k, 0);

	CHECK(rb_next(rb_last(&root)) == NULL);
	CHECK(rb_prev(rb_first(&root)) == NULL);
	/* next and prev are inverses everywhere inside the range. */
	k = 0;
	for (node = rb_first(&root); rb_next(node) && k++ < n;
	     node = rb_next(node))
		CHECK(rb_prev(rb_next(node)) == node);
	free(items);
	free(order);
}

TEST(walk_single_node)
{
	struct rb_root root = RB_ROOT;
	struct item it = { .key = 1 };

	item_insert(&root, &it);
	CHECK(rb_next(&it.rb) == NULL);
	CHECK(rb_prev(&it.rb) == NULL);
}

/* ---- replace, clear, duplicates ---- */

static void check_replace(struct rb_root *root, struct item *old,
			  struct item *new, int n)
{
	struct rb_node *parent = rb_parent(&old->rb);
	struct rb_node *l = old->rb.rb_left, *r = old->rb.rb_right;
	int color = rb_color(&old->rb);

	new->key = old->key;
	new->seq = old->seq;
	rb_replace_node(&old->rb, &new->rb, root);
	CHECK_TREE(root, n);
	CHECK(item_find(root, new->key) == new);
	CHECK(rb_parent(&new->rb) == parent);
	CHECK_EQ(rb_color(&new->rb), color);
	CHECK(new->rb.rb_left == l && new->rb.rb_right == r);
	if (l)
		CHECK(rb_parent(l) == &new->rb);
	if (r)
		CHECK(rb_parent(r) == &new->rb);
	if (parent)
		CHECK(parent->rb_left == &new->rb || parent->rb_right == &new->rb);
	else
		CHECK(root->rb_node == &new->rb);
}

TEST(replace_node_keeps_structure)
{
	const int n = 100;
	int *order = permutation(n, 11);
	struct rb_root root;
	struct item *items = build(&root, order, n, false);
	struct item fresh[3];
	struct rb_node *node;
	int k = 0;

	check_replace(&root, rb_entry(root.rb_node, struct item, rb),
		      &fresh[0], n);				/* the root */
	check_replace(&root, rb_entry(rb_first(&root), struct item, rb),
		      &fresh[1], n);				/* a leaf end */
	check_replace(&root, item_find(&root, n / 2), &fresh[2], n);

	for (node = rb_first(&root); node && k <= n; node = rb_next(node))
		CHECK_EQ(KEY(node), k++);
	CHECK_EQ(k, n);
	/* Every item is found either as itself or as its replacement. */
	for (int i = 0; i < n; i++)
		CHECK(item_find(&root, i) != NULL);
	free(items);
	free(order);
}

TEST(clear_node_marks_not_in_tree)
{
	struct rb_root root = RB_ROOT;
	struct item a = { .key = 1 }, b = { .key = 2 };

	RB_CLEAR_NODE(&a.rb);
	RB_CLEAR_NODE(&b.rb);
	CHECK(RB_EMPTY_NODE(&a.rb));
	CHECK(rb_next(&a.rb) == NULL && rb_prev(&a.rb) == NULL);

	item_insert(&root, &a);
	item_insert(&root, &b);
	CHECK(!RB_EMPTY_NODE(&a.rb));
	CHECK(!RB_EMPTY_NODE(&b.rb));	/* the root's parent is NULL, not itself */

	rb_erase(&b.rb, &root);
	RB_CLEAR_NODE(&b.rb);
	CHECK(RB_EMPTY_NODE(&b.rb));
	CHECK(!RB_EMPTY_NODE(&a.rb));
	CHECK_TREE(&root, 1);
	/* Clearing keeps the colour bit: only the parent half changes. */
	CHECK(rb_parent(&b.rb) == &b.rb);
}

/*
 * Equal keys linked to the right come back in insertion order (seq), and
 * erasing some of them keeps the rest in order: rotations never reorder.
 * The validator's (key, seq) check is the stability check.
 */
TEST(equal_keys_keep_insertion_order)
{
	const int n = 2000;
	int *order = malloc(n * sizeof(*order));
	struct rb_root root;
	struct item *items;
	int left = n;

	rng_state = 77;
	for (int i = 0; i < n; i++)
		order[i] = rng() % 16;		/* ~125 copies of each key */
	items = build(&root, order, n, true);
	/* Not all of them are in the tree: erasing the rest would corrupt it. */
	if (!CHECK_TREE(&root, n))
		goto out;

	for (int i = 0; i < n; i += 3) {
		rb_erase(&items[i].rb, &root);
		left--;
		if (!CHECK_TREE(&root, left))
			break;
	}
	for (int i = 1; i < n; i += 3) {
		items[i - 1].seq = n + i;	/* back in, after its equals */
		item_insert(&root, &items[i - 1]);
		left++;
	}
	CHECK_TREE(&root, left);
out:
	free(items);
	free(order);
}
