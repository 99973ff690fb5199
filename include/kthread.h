/*
 * kthread.h - kernel threads (Linux's include/linux/kthread.h).
 *
 * kthread_create() does not make the thread itself: it queues a request
 * on kthread_create_list and waits while kthreadd, the thread factory,
 * creates it (kernel/kthread.c explains why). The new thread starts
 * asleep; wake it with wake_up_process(), or use kthread_run().
 */
#ifndef _LANTERN_KTHREAD_H
#define _LANTERN_KTHREAD_H

#include "err.h"
#include "sched.h"

/*
 * Create a thread running @threadfn(@data), named by @namefmt. Process
 * context; sleeps. Returns the task or ERR_PTR(-ENOMEM).
 */
__printf(3, 4) struct task_struct *kthread_create(int (*threadfn)(void *data),
						  void *data,
						  const char *namefmt, ...);

#define kthread_run(threadfn, data, namefmt, ...)			\
({									\
	struct task_struct *__k =					\
		kthread_create(threadfn, data, namefmt, ##__VA_ARGS__);	\
	if (!IS_ERR(__k))						\
		wake_up_process(__k);					\
	__k;								\
})

/*
 * Ask @k to stop (kthread_should_stop() turns true), wake it and wait for
 * it to exit. Returns its thread function's result, or -EINTR if it was
 * stopped before it ever ran. @k must not exit on its own before this.
 */
int kthread_stop(struct task_struct *k);
bool kthread_should_stop(void);

/* kthreadd's main loop; started by rest_init() with kernel_thread(). */
int kthreadd(void *unused);
extern struct task_struct *kthreadd_task;

#endif
