/*
 * mutex.h - sleeping locks (Linux's include/linux/mutex.h).
 *
 * For critical sections that may sleep (allocate with GFP_KERNEL, wait for
 * I/O). Only process context; the task that locked must unlock; no
 * recursion. Misuse is reported, not silently accepted.
 */
#ifndef _LANTERN_MUTEX_H
#define _LANTERN_MUTEX_H

#include "wait.h"

struct mutex {
	spinlock_t wait_lock;		/* protects owner and the wait list */
	struct task_struct *owner;	/* NULL when unlocked */
	wait_queue_head_t wait;
	const char *name;
	unsigned long contended;	/* lock calls that had to sleep */
};

#define __MUTEX_INITIALIZER(m) {					\
	.wait_lock = __SPIN_LOCK_UNLOCKED(m.wait_lock),			\
	.owner = NULL, .wait = __WAIT_QUEUE_HEAD_INITIALIZER(m.wait),	\
	.name = #m }
#define DEFINE_MUTEX(m) struct mutex m = __MUTEX_INITIALIZER(m)

void __mutex_init(struct mutex *lock, const char *name);
#define mutex_init(lock) __mutex_init(lock, #lock)
void mutex_lock(struct mutex *lock);
/* Returns 1 if taken, 0 if someone holds it. */
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

static inline bool mutex_is_locked(struct mutex *lock)
{
	return READ_ONCE(lock->owner) != NULL;
}

/* Misuse reports (recursion, foreign or double unlock), for the tests. */
extern unsigned long mutex_misuse_reports;

#endif
