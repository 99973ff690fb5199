/*
 * rbtree.h - intrusive red-black trees (Linux 2.6's include/linux/rbtree.h).
 *
 * The I/O schedulers keep requests sorted by sector in these trees
 * (deadline's sort_list, CFQ's per-queue sort_list and its service tree).
 * A tree gives O(log n) insert, erase and find, plus in-order walks.
 *
 * Intrusive: the caller embeds a struct rb_node in its own struct and gets
 * back with rb_entry(). The library never allocates, never compares keys
 * and never locks: the caller searches, links the new node where the
 * search ended, then asks the library to rebalance. Keeping the comparison
 * in the caller's loop means no function pointer per step and any key type
 * works. Context: any; never sleeps; callers hold whatever lock protects
 * their tree.
 *
 * Inserting (equal keys go right, so equal keys come back out in insertion
 * order, which is what elv_rb_add() relies on):
 *
 *	struct rq { sector_t sector; struct rb_node rb_node; };
 *
 *	static void rq_rb_add(struct rb_root *root, struct rq *new)
 *	{
 *		struct rb_node **link = &root->rb_node, *parent = NULL;
 *
 *		while (*link) {
 *			struct rq *rq = rb_entry(*link, struct rq, rb_node);
 *
 *			parent = *link;
 *			if (new->sector < rq->sector)
 *				link = &parent->rb_left;
 *			else
 *				link = &parent->rb_right;
 *		}
 *		rb_link_node(&new->rb_node, parent, link);
 *		rb_insert_color(&new->rb_node, root);
 *	}
 *
 * Finding is the same loop without the link; walking in order is
 *
 *	for (n = rb_first(root); n; n = rb_next(n))
 *		use(rb_entry(n, struct rq, rb_node));
 *
 * Removing is rb_erase(&rq->rb_node, root). It leaves the node's fields
 * stale; RB_CLEAR_NODE() afterwards lets RB_EMPTY_NODE() answer "is this
 * request in a tree?" later.
 */
#ifndef _LANTERN_RBTREE_H
#define _LANTERN_RBTREE_H

#include "compiler.h"
#include "kernel.h"
#include "types.h"

/*
 * The node's colour lives in bit 0 of its parent pointer: nodes are at
 * least long-aligned, so the low bits of a node address are always zero
 * and a separate colour field (and its padding) would be wasted space in
 * every request.
 */
struct rb_node {
	unsigned long rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __aligned(sizeof(long));

struct rb_root {
	struct rb_node *rb_node;
};

/* Red is 0 so that rb_link_node(), which stores a bare pointer, makes red. */
#define RB_RED		0
#define RB_BLACK	1

#define RB_ROOT		((struct rb_root){ .rb_node = NULL })
#define rb_entry(ptr, type, member)	container_of(ptr, type, member)

static inline struct rb_node *rb_parent(const struct rb_node *node)
{
	return (struct rb_node *)(node->rb_parent_color & ~3UL);
}

static inline int rb_color(const struct rb_node *node)
{
	return node->rb_parent_color & 1;
}

static inline bool rb_is_red(const struct rb_node *node)
{
	return rb_color(node) == RB_RED;
}

static inline bool rb_is_black(const struct rb_node *node)
{
	return rb_color(node) == RB_BLACK;
}

static inline void rb_set_red(struct rb_node *node)
{
	node->rb_parent_color &= ~1UL;
}

static inline void rb_set_black(struct rb_node *node)
{
	node->rb_parent_color |= 1UL;
}

/* Change one half of rb_parent_color and keep the other. */
static inline void rb_set_parent(struct rb_node *node, struct rb_node *parent)
{
	node->rb_parent_color = (node->rb_parent_color & 3UL) |
				(unsigned long)parent;
}

static inline void rb_set_color(struct rb_node *node, int color)
{
	node->rb_parent_color = (node->rb_parent_color & ~1UL) |
				(unsigned long)color;
}

#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)

/*
 * A node that is in no tree points to itself as its parent: no node in a
 * tree can, so the mark is unambiguous and costs no extra field.
 */
#define RB_EMPTY_NODE(node)	(rb_parent(node) == (node))
#define RB_CLEAR_NODE(node)	rb_set_parent(node, node)

/*
 * Step two of an insert: hang @node, as a red leaf, on the empty child slot
 * @rb_link of @parent (NULL and &root->rb_node for an empty tree). The tree
 * may now break the red rule; rb_insert_color() must follow.
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->rb_parent_color = (unsigned long)parent;
	node->rb_left = NULL;
	node->rb_right = NULL;
	*rb_link = node;
}

/* Step three of an insert: recolour and rotate until the tree is valid. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Unlink @node, which must be in @root, and rebalance. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* In-order neighbours: NULL past either end, or for a cleared node. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/*
 * Put @new exactly where @victim is (same parent, children and colour)
 * without rebalancing. The caller guarantees @new sorts where @victim did.
 */
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root);

#endif
