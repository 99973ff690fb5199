/*
 * rbtree.c - red-black tree rebalancing and walking (Linux 2.6's
 * lib/rbtree.c). The caller searches and links (see include/rbtree.h);
 * this file restores the invariants, with NULL children as black leaves:
 *   1. every node is red or black;
 *   2. the root is black;
 *   3. a red node has no red child;
 *   4. every path from a node down to a NULL leaf passes the same number
 *      of black nodes (the node's "black height").
 * Together they bound the height: the shortest root-to-leaf path is all
 * black, the longest alternates red and black, so no path is more than
 * twice as long as another and the height is at most 2*log2(n + 1).
 *
 * Insert adds a red leaf, which keeps rule 4 and can only break rule 3 (or
 * rule 2 for the first node). Erase can remove a black node, which breaks
 * rule 4 on one side. Each fix-up below repairs its rule with recolouring
 * (which may move the problem up the tree) and at most three rotations
 * (which end it), so both are O(log n). Context: any; never sleeps, never
 * allocates; the caller serialises access to its tree.
 */
#include "rbtree.h"

/* The child of @node on side @left (true: rb_left), as a value. */
static inline struct rb_node *rb_child(const struct rb_node *node, bool left)
{
	return left ? node->rb_left : node->rb_right;
}

static struct rb_node *rb_leftmost(struct rb_node *node)
{
	while (node->rb_left)
		node = node->rb_left;
	return node;
}

static struct rb_node *rb_rightmost(struct rb_node *node)
{
	while (node->rb_right)
		node = node->rb_right;
	return node;
}

/* Make what pointed at @old (its parent's link, or the root) point at @new. */
static void rb_change_child(struct rb_node *old, struct rb_node *new,
			    struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 *      node                 pivot
 *     /    \               /     \
 *    a    pivot    ==>   node     c
 *        /     \        /    \
 *       b       c      a      b
 *
 * A rotation keeps the in-order sequence (a node b pivot c) and only moves
 * subtree b between parents. Colours are untouched: the callers decide them.
 */
static void rb_rotate_left(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *pivot = node->rb_right;
	struct rb_node *parent = rb_parent(node);

	node->rb_right = pivot->rb_left;
	if (pivot->rb_left)
		rb_set_parent(pivot->rb_left, node);
	pivot->rb_left = node;
	rb_set_parent(pivot, parent);
	rb_change_child(node, pivot, parent, root);
	rb_set_parent(node, pivot);
}

/* The mirror image of rb_rotate_left(). */
static void rb_rotate_right(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *pivot = node->rb_left;
	struct rb_node *parent = rb_parent(node);

	node->rb_left = pivot->rb_right;
	if (pivot->rb_right)
		rb_set_parent(pivot->rb_right, node);
	pivot->rb_right = node;
	rb_set_parent(pivot, parent);
	rb_change_child(node, pivot, parent, root);
	rb_set_parent(node, pivot);
}

/*
 * Rotate so that @node moves down on side @left. The fix-up cases come in
 * mirrored pairs; naming the side once lets one function serve both.
 */
static void rb_rotate(struct rb_node *node, bool left, struct rb_root *root)
{
	if (left)
		rb_rotate_left(node, root);
	else
		rb_rotate_right(node, root);
}

/*
 * Insert case 1: the uncle is red. Paint parent and uncle black and the
 * grandparent red: every path through the grandparent keeps its black
 * count, and @node's red parent is gone. But the grandparent may now be a
 * red child of a red node, so the loop goes on from there.
 */
static struct rb_node *rb_insert_red_uncle(struct rb_node *parent,
					   struct rb_node *uncle,
					   struct rb_node *gparent)
{
	rb_set_black(parent);
	rb_set_black(uncle);
	rb_set_red(gparent);
	return gparent;
}

/*
 * Insert case 2: the uncle is black and @node is an inner grandchild (a
 * right child of a left child, or the mirror). Rotating the parent down
 * swaps the two red nodes' roles and turns this into case 3, with the old
 * parent as the red child of the red @node. Returns the new parent.
 */
static struct rb_node *rb_insert_inner_child(struct rb_node *node,
					     struct rb_node *parent, bool left,
					     struct rb_root *root)
{
	rb_rotate(parent, left, root);
	return node;
}

/*
 * Insert case 3: the uncle is black and the red @parent is on the same
 * side as its red child. Rotate the black grandparent down away from it
 * and swap their colours: the parent, now black, heads the subtree, and
 * each path keeps exactly the black count it had. Nothing above changes,
 * so the fix-up ends here.
 */
static void rb_insert_outer_child(struct rb_node *parent,
				  struct rb_node *gparent, bool left,
				  struct rb_root *root)
{
	rb_rotate(gparent, !left, root);
	rb_set_black(parent);
	rb_set_red(gparent);
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;
	bool left;

	/* A black parent (or none) means the new red node broke nothing. */
	while ((parent = rb_parent(node)) && rb_is_red(parent)) {
		/* A red parent is never the root, so the grandparent exists. */
		gparent = rb_parent(parent);
		left = parent == gparent->rb_left;

		uncle = rb_child(gparent, !left);
		if (uncle && rb_is_red(uncle)) {
			node = rb_insert_red_uncle(parent, uncle, gparent);
			continue;
		}
		if (node == rb_child(parent, !left))
			parent = rb_insert_inner_child(node, parent, left, root);
		rb_insert_outer_child(parent, gparent, left, root);
		break;
	}
	/* Case 1 may have painted the root red; blacken it (rule 2). */
	rb_set_black(root->rb_node);
}

static inline bool rb_is_black_or_null(const struct rb_node *node)
{
	return !node || rb_is_black(node);
}

/*
 * Erase case 1: the sibling is red (so the parent and the sibling's
 * children are black). Rotate the parent down towards @node and swap the
 * parent's and sibling's colours. Black counts are unchanged, and @node
 * now has a black sibling (the old sibling's inner child), so one of cases
 * 2-4 applies. Returns that new sibling.
 */
static struct rb_node *rb_erase_red_sibling(struct rb_node *parent,
					    struct rb_node *sibling, bool left,
					    struct rb_root *root)
{
	rb_rotate(parent, left, root);
	rb_set_black(sibling);
	rb_set_red(parent);
	return rb_child(parent, !left);
}

/*
 * Erase case 3: the sibling is black, its far child black and its near
 * child red. Rotate the sibling away from @node and swap colours with the
 * near child: black counts are unchanged and the new sibling (the old near
 * child) has a red far child, which is case 4. Returns the new sibling.
 * (Case 4 repaints the new sibling at once, so its rb_set_black() is only
 * there to leave a valid colouring between the steps.)
 */
static struct rb_node *rb_erase_near_red(struct rb_node *sibling, bool left,
					 struct rb_root *root)
{
	struct rb_node *near = rb_child(sibling, left);

	rb_rotate(sibling, !left, root);
	rb_set_black(near);
	rb_set_red(sibling);
	return near;
}

/*
 * Erase case 4: the sibling is black with a red far child. Rotate the
 * parent down towards @node; the sibling takes the parent's place and its
 * colour, the parent turns black (the black that @node's side was missing)
 * and the far child turns black (replacing the sibling's black on the far
 * side). Every count is right again, so the fix-up ends.
 */
static void rb_erase_far_red(struct rb_node *parent, struct rb_node *sibling,
			     bool left, struct rb_root *root)
{
	rb_rotate(parent, left, root);
	rb_set_color(sibling, rb_color(parent));
	rb_set_black(parent);
	rb_set_black(rb_child(sibling, !left));
}

/*
 * A black node was removed above @node (child of @parent, possibly NULL),
 * so every path through @node has one black too few. Push the deficit up
 * until a red node absorbs it, or fix it locally with rotations.
 */
static void rb_erase_color(struct rb_node *node, struct rb_node *parent,
			   struct rb_root *root)
{
	struct rb_node *sibling;
	bool left;

	while (rb_is_black_or_null(node) && node != root->rb_node) {
		left = node == parent->rb_left;
		/* Its side is a black deeper than @node's, so never NULL. */
		sibling = rb_child(parent, !left);
		if (rb_is_red(sibling))
			sibling = rb_erase_red_sibling(parent, sibling, left,
						       root);
		if (rb_is_black_or_null(sibling->rb_left) &&
		    rb_is_black_or_null(sibling->rb_right)) {
			/*
			 * Case 2: a black sibling with black children. Paint
			 * it red, taking a black from its side too: now the
			 * whole parent subtree is short, so go up a level.
			 */
			rb_set_red(sibling);
			node = parent;
			parent = rb_parent(node);
			continue;
		}
		if (rb_is_black_or_null(rb_child(sibling, !left)))
			sibling = rb_erase_near_red(sibling, left, root);
		rb_erase_far_red(parent, sibling, left, root);
		return;
	}
	/* A red node absorbs the deficit by turning black; the root just does. */
	if (node)
		rb_set_black(node);
}

/*
 * @node has two children. Move its in-order successor (the leftmost node
 * of its right subtree, which has no left child) into its place, with
 * @node's colour, so nothing above that spot changes. The hole is now
 * where the successor was: report the successor's old colour, and the
 * child and parent of that hole, for rb_erase() to fix up.
 */
static struct rb_node *rb_erase_take_successor(struct rb_node *node,
					       struct rb_root *root,
					       struct rb_node **parentp,
					       int *colorp)
{
	struct rb_node *succ = rb_leftmost(node->rb_right);
	struct rb_node *child, *parent;

	child = succ->rb_right;
	parent = rb_parent(succ);
	*colorp = rb_color(succ);

	if (parent == node) {
		/* The successor is node's right child: it keeps its subtree. */
		parent = succ;
	} else {
		/* Unhook it: its right subtree takes its place as a left child. */
		parent->rb_left = child;
		if (child)
			rb_set_parent(child, parent);
		succ->rb_right = node->rb_right;
		rb_set_parent(node->rb_right, succ);
	}
	succ->rb_left = node->rb_left;
	rb_set_parent(node->rb_left, succ);
	succ->rb_parent_color = node->rb_parent_color;
	rb_change_child(node, succ, rb_parent(node), root);

	*parentp = parent;
	return child;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent;
	int color;

	if (node->rb_left && node->rb_right) {
		child = rb_erase_take_successor(node, root, &parent, &color);
	} else {
		/* At most one child: it moves up into node's place. */
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		color = rb_color(node);
		if (child)
			rb_set_parent(child, parent);
		rb_change_child(node, child, parent, root);
	}
	/* Removing a red node changes no black count; a black one does. */
	if (color == RB_BLACK)
		rb_erase_color(child, parent, root);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	return root->rb_node ? rb_leftmost(root->rb_node) : NULL;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	return root->rb_node ? rb_rightmost(root->rb_node) : NULL;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	/* With a right subtree, the next node is its leftmost node. */
	if (node->rb_right)
		return rb_leftmost(node->rb_right);
	/*
	 * Otherwise our whole subtree is done: climb while we are a right
	 * child (that parent came before us); the first parent reached from
	 * its left is next. Climbing off the root means there is none.
	 */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

/* The mirror image of rb_next(). */
struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left)
		return rb_rightmost(node->rb_left);
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	rb_change_child(victim, new, parent, root);
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	/* Parent, colour and children in one copy. */
	*new = *victim;
}
