/*
 * completion.c - one-shot events (Linux's kernel/sched.c completion code).
 * Portable: the hosted tests link it too.
 *
 * Waiters queue exclusively, so complete() wakes exactly one of them and
 * each complete() is consumed by exactly one wait. complete_all() sets
 * `done` so high that no number of waits can use it up.
 *
 * The wake-up happens under the lock that guards `done`: a waiter can
 * only consume the completion, return, and let its stack (where the
 * completion often lives) be reused after complete() has let go of it
 * entirely (regress-complete-touches-freed-completion).
 */
#include "kernel.h"
#include "completion.h"
#include "sched.h"

#define COMPLETE_ALL_DONE	(~0U / 2)

void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done != COMPLETE_ALL_DONE)
		x->done++;
	__wake_up_locked(&x->wait, TASK_UNINTERRUPTIBLE, 1);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

void complete_all(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	x->done = COMPLETE_ALL_DONE;
	__wake_up_locked(&x->wait, TASK_UNINTERRUPTIBLE, 0);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/* Take one completion if available. Caller holds x->wait.lock. */
static bool __consume(struct completion *x)
{
	if (!x->done)
		return false;
	if (x->done != COMPLETE_ALL_DONE)
		x->done--;
	return true;
}

static __sched long wait_for_common(struct completion *x, long timeout)
{
	DEFINE_WAIT(wait);
	unsigned long flags;

	might_sleep();
	for (;;) {
		prepare_to_wait_exclusive(&x->wait, &wait, TASK_UNINTERRUPTIBLE);
		spin_lock_irqsave(&x->wait.lock, flags);
		if (__consume(x)) {
			spin_unlock_irqrestore(&x->wait.lock, flags);
			/* Success must not look like a timeout, even at 0. */
			if (!timeout)
				timeout = 1;
			break;
		}
		spin_unlock_irqrestore(&x->wait.lock, flags);
		if (!timeout)
			break;
		timeout = schedule_timeout(timeout);
		/* Timed out: one last look, a complete() may have just landed. */
		if (!timeout) {
			spin_lock_irqsave(&x->wait.lock, flags);
			if (__consume(x))
				timeout = 1;
			spin_unlock_irqrestore(&x->wait.lock, flags);
			break;
		}
	}
	finish_wait(&x->wait, &wait);
	return timeout;
}

__sched void wait_for_completion(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT);
}

__sched unsigned long wait_for_completion_timeout(struct completion *x,
					  unsigned long timeout)
{
	return (unsigned long)wait_for_common(x, (long)timeout);
}

bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&x->wait.lock, flags);
	ret = __consume(x);
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return ret;
}

bool completion_done(struct completion *x)
{
	return READ_ONCE(x->done) != 0;
}
