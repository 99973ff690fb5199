/*
 * completion.h - one-shot events (Linux's include/linux/completion.h).
 *
 * "Wait until that has happened": the waiter calls wait_for_completion(),
 * the doer calls complete(). `done` counts completions not yet consumed,
 * so a complete() that runs before the wait is not lost. complete_all()
 * releases every present and future waiter.
 */
#ifndef _LANTERN_COMPLETION_H
#define _LANTERN_COMPLETION_H

#include "wait.h"

struct completion {
	unsigned int done;		/* under wait.lock */
	wait_queue_head_t wait;
};

#define COMPLETION_INITIALIZER(work) \
	{ 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define DECLARE_COMPLETION(work) \
	struct completion work = COMPLETION_INITIALIZER(work)
/* On the stack: initialise at run time (lock debugging wants a name). */
#define DECLARE_COMPLETION_ONSTACK(work) \
	struct completion work; init_completion(&work)

static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

static inline void reinit_completion(struct completion *x)
{
	x->done = 0;
}

/* Process context; sleeps until completed. */
void wait_for_completion(struct completion *x);
/* Returns 0 on timeout, else the jiffies left (at least 1). */
unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout);
/* Consume a completion if one is there; never sleeps. */
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);
/* Any context. complete() wakes one waiter, complete_all() all of them. */
void complete(struct completion *x);
void complete_all(struct completion *x);

#endif
