/*
 * wait.c - wait queues (Linux's kernel/wait.c and the wake-up part of
 * kernel/sched.c). Portable: built into the kernel and the hosted tests.
 *
 * A wake-up runs the entry's func under the queue lock; the default one
 * makes the task runnable and unlinks the entry, so a woken sleeper that
 * finds its condition still false re-queues itself in prepare_to_wait().
 */
#include "wait.h"

void init_waitqueue_head(wait_queue_head_t *q)
{
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->task_list);
}

int autoremove_wake_function(wait_queue_t *wait, unsigned int mode)
{
	int ret;

	(void)mode;
	ret = wake_up_process(wait->private);
	if (ret)
		list_del_init(&wait->task_list);
	return ret;
}

void add_wait_queue(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags;

	wait->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&q->lock, flags);
	list_add(&wait->task_list, &q->task_list);
	spin_unlock_irqrestore(&q->lock, flags);
}

void remove_wait_queue(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	list_del_init(&wait->task_list);
	spin_unlock_irqrestore(&q->lock, flags);
}

/*
 * Queue first, then set the state, both under the queue lock: a waker that
 * takes the lock after us sees the entry and finds the state to change.
 */
void prepare_to_wait(wait_queue_head_t *q, wait_queue_t *wait, long state)
{
	unsigned long flags;

	wait->flags &= ~WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&q->lock, flags);
	if (list_empty(&wait->task_list))
		list_add(&wait->task_list, &q->task_list);
	set_current_state(state);
	spin_unlock_irqrestore(&q->lock, flags);
}

/* Exclusive sleepers go to the tail, so wake_up() wakes only the first. */
void prepare_to_wait_exclusive(wait_queue_head_t *q, wait_queue_t *wait,
			       long state)
{
	unsigned long flags;

	wait->flags |= WQ_FLAG_EXCLUSIVE;
	spin_lock_irqsave(&q->lock, flags);
	if (list_empty(&wait->task_list))
		list_add_tail(&wait->task_list, &q->task_list);
	set_current_state(state);
	spin_unlock_irqrestore(&q->lock, flags);
}

void finish_wait(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	/*
	 * Unlocked peek: only a waker empties the entry, under q->lock. It
	 * must see both pointers reset, or the waker may still be writing
	 * to this entry (on our stack) when we return.
	 */
	if (!list_empty_careful(&wait->task_list)) {
		spin_lock_irqsave(&q->lock, flags);
		list_del_init(&wait->task_list);
		spin_unlock_irqrestore(&q->lock, flags);
	}
}

void __wake_up_locked(wait_queue_head_t *q, unsigned int mode, int nr_exclusive)
{
	wait_queue_t *curr, *next;

	list_for_each_entry_safe(curr, next, &q->task_list, task_list) {
		unsigned int exclusive = curr->flags & WQ_FLAG_EXCLUSIVE;

		if (curr->func(curr, mode) && exclusive && --nr_exclusive == 0)
			break;
	}
}

void __wake_up(wait_queue_head_t *q, unsigned int mode, int nr_exclusive)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	__wake_up_locked(q, mode, nr_exclusive);
	spin_unlock_irqrestore(&q->lock, flags);
}
