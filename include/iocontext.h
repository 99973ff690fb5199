/*
 * iocontext.h - a task's I/O identity (Linux 2.6.24's
 * include/linux/iocontext.h).
 *
 * CFQ schedules I/O per process: it finds the issuing task's io_context
 * and, through it, that process's queues. The context is made on the
 * task's first block I/O (get_io_context) and dropped when the task exits.
 * The CFQ half (cfq_io_context, one per queue the task used) hangs off
 * cic_root, an rb-tree keyed by the elevator, with a one-entry last-hit
 * cache because a task almost always talks to the same disk again.
 */
#ifndef _LANTERN_IOCONTEXT_H
#define _LANTERN_IOCONTEXT_H

#include "types.h"
#include "rbtree.h"
#include "spinlock.h"

struct task_struct;

/* I/O priority classes, as in Linux's ioprio.h. */
enum {
	IOPRIO_CLASS_NONE,
	IOPRIO_CLASS_RT,
	IOPRIO_CLASS_BE,
	IOPRIO_CLASS_IDLE,
};
#define IOPRIO_CLASS_SHIFT	13
#define IOPRIO_PRIO_VALUE(class, data)	(((class) << IOPRIO_CLASS_SHIFT) | (data))
#define IOPRIO_PRIO_CLASS(mask)	((mask) >> IOPRIO_CLASS_SHIFT)
#define IOPRIO_PRIO_DATA(mask)	((mask) & ((1UL << IOPRIO_CLASS_SHIFT) - 1))
#define IOPRIO_BE_NR		8

/* Class NONE is best effort at a level from nice, as in Linux: -20..19 to 0..7. */
static inline int nice_ioprio_level(int nice)
{
	return (nice + 20) / 5;
}

struct io_context {
	int refcount;			/* under lock */
	spinlock_t lock;
	int pid;			/* the task it was made for, for printing */
	unsigned short ioprio;		/* IOPRIO_PRIO_VALUE(class, level) */
	unsigned short ioprio_changed;	/* CFQ re-reads ioprio when set */
	unsigned long nr_requests;	/* block I/O requests issued so far */
	struct rb_root cic_root;	/* cfq_io_contexts, by elevator */
	void *ioc_data;			/* last cfq_io_context looked up */
};

/*
 * The current task's io_context, made on first use; NULL only if memory
 * ran out (callers then do I/O without per-process scheduling). Takes a
 * reference the caller must put. Process context.
 */
struct io_context *get_io_context(gfp_t gfp_flags);
void put_io_context(struct io_context *ioc);
/* Drop @task's reference; called by do_exit(). */
void exit_io_context(struct task_struct *task);
/* Set @task's I/O priority, making its context if needed. */
int set_task_ioprio(struct task_struct *task, int ioprio);
/*
 * @task's I/O priority (IOPRIO_PRIO_VALUE), or -ENOENT if it has no
 * context yet. Any context; callers may hold tasklist_lock.
 */
int get_task_ioprio(struct task_struct *task);

/* Contexts alive right now, for leak checks in the tests. */
extern unsigned long nr_io_contexts;

#endif
