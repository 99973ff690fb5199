/*
 * wait.h - wait queues (Linux's include/linux/wait.h).
 *
 * The one idiom for "sleep until a condition holds": the sleeper adds
 * itself to the queue and sets its state *before* testing the condition,
 * so a wake_up() that lands between the test and schedule() is not lost.
 * wake_up() may be called from any context, including IRQ handlers.
 */
#ifndef _LANTERN_WAIT_H
#define _LANTERN_WAIT_H

#include "list.h"
#include "spinlock.h"
#include "sched.h"

typedef struct wait_queue_entry wait_queue_t;
typedef int (*wait_queue_func_t)(wait_queue_t *wait, unsigned int mode);

struct wait_queue_entry {
	unsigned int flags;
#define WQ_FLAG_EXCLUSIVE	0x01
	struct task_struct *private;	/* the sleeper */
	wait_queue_func_t func;
	struct list_head task_list;	/* on wait_queue_head.task_list */
};

typedef struct wait_queue_head {
	spinlock_t lock;		/* protects task_list */
	struct list_head task_list;
} wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) { \
	.lock = __SPIN_LOCK_UNLOCKED(name.lock), \
	.task_list = LIST_HEAD_INIT(name.task_list) }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(wait_queue_head_t *q);
int autoremove_wake_function(wait_queue_t *wait, unsigned int mode);

#define DEFINE_WAIT(name) wait_queue_t name = { \
	.private = current, .func = autoremove_wake_function, \
	.task_list = LIST_HEAD_INIT(name.task_list) }

void add_wait_queue(wait_queue_head_t *q, wait_queue_t *wait);
void remove_wait_queue(wait_queue_head_t *q, wait_queue_t *wait);
void prepare_to_wait(wait_queue_head_t *q, wait_queue_t *wait, long state);
void prepare_to_wait_exclusive(wait_queue_head_t *q, wait_queue_t *wait,
			       long state);
void finish_wait(wait_queue_head_t *q, wait_queue_t *wait);

/* Wake all non-exclusive sleepers and up to @nr exclusive ones (0 = all). */
void __wake_up(wait_queue_head_t *q, unsigned int mode, int nr);
/* The same with q->lock already held by the caller. */
void __wake_up_locked(wait_queue_head_t *q, unsigned int mode, int nr);
#define wake_up(q)	__wake_up(q, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE, 1)
#define wake_up_all(q)	__wake_up(q, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE, 0)

static inline bool waitqueue_active(wait_queue_head_t *q)
{
	return !list_empty(&q->task_list);
}

/* Sleep until @condition is true. Process context; may sleep. */
#define wait_event(wq, condition)					\
do {									\
	DEFINE_WAIT(__wait);						\
	for (;;) {							\
		prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);	\
		if (condition)						\
			break;						\
		schedule();						\
	}								\
	finish_wait(&(wq), &__wait);					\
} while (0)

/*
 * Sleep until @condition is true or @timeout jiffies pass. Returns 0 if
 * the time ran out with the condition still false, else the jiffies left
 * (at least 1). Process context; may sleep.
 */
#define wait_event_timeout(wq, condition, timeout)			\
({									\
	long __ret = (timeout);						\
	DEFINE_WAIT(__wait);						\
	for (;;) {							\
		prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);	\
		if (condition) {					\
			if (!__ret)					\
				__ret = 1;				\
			break;						\
		}							\
		if (!__ret)						\
			break;						\
		__ret = schedule_timeout(__ret);			\
	}								\
	finish_wait(&(wq), &__wait);					\
	__ret;								\
})

#endif
