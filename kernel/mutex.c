/*
 * mutex.c - sleeping locks (Linux's kernel/mutex.c, without the
 * optimistic spinning). Portable: the hosted tests link it too.
 *
 * The lock is the owner pointer. Waiters sleep exclusively on a wait
 * queue; unlock hands nothing over, it only wakes the first sleeper, who
 * retries. A woken task can lose the race to a newcomer and sleep again,
 * which is fair enough for a teaching kernel and keeps unlock simple.
 */
#include "kernel.h"
#include "mutex.h"
#include "sched.h"

unsigned long mutex_misuse_reports;

static void mutex_misuse(struct mutex *lock, const char *what)
{
	mutex_misuse_reports++;
	pr_err("BUG: mutex %s: %s (task %s/%d, owner %s)\n", lock->name, what,
	       current->comm, current->pid,
	       lock->owner ? lock->owner->comm : "none");
	dump_stack();
}

void __mutex_init(struct mutex *lock, const char *name)
{
	spin_lock_init(&lock->wait_lock);
	init_waitqueue_head(&lock->wait);
	lock->owner = NULL;
	lock->name = name;
	lock->contended = 0;
}

/* Take the lock if free. Returns true on success. */
static bool __mutex_trylock(struct mutex *lock)
{
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&lock->wait_lock, flags);
	if (!lock->owner) {
		lock->owner = current;
		ok = true;
	}
	spin_unlock_irqrestore(&lock->wait_lock, flags);
	return ok;
}

__sched void mutex_lock(struct mutex *lock)
{
	DEFINE_WAIT(wait);
	bool slept = false;

	might_sleep();
	if (READ_ONCE(lock->owner) == current) {
		/* Sleeping here would never end: say so and refuse. */
		mutex_misuse(lock, "recursive lock");
		return;
	}
	for (;;) {
		prepare_to_wait_exclusive(&lock->wait, &wait, TASK_UNINTERRUPTIBLE);
		if (__mutex_trylock(lock))
			break;
		slept = true;
		schedule();
	}
	finish_wait(&lock->wait, &wait);
	if (slept)
		lock->contended++;
}

int mutex_trylock(struct mutex *lock)
{
	return __mutex_trylock(lock);
}

void mutex_unlock(struct mutex *lock)
{
	unsigned long flags;

	spin_lock_irqsave(&lock->wait_lock, flags);
	if (lock->owner != current) {
		spin_unlock_irqrestore(&lock->wait_lock, flags);
		mutex_misuse(lock, lock->owner ? "unlock by a task that does not hold it"
					       : "unlock of an unlocked mutex");
		return;
	}
	lock->owner = NULL;
	spin_unlock_irqrestore(&lock->wait_lock, flags);
	wake_up(&lock->wait);
}
