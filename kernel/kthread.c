/*
 * kthread.c - kernel threads through kthreadd (Linux 2.6.29+'s
 * kernel/kthread.c, the design the seed article walks through).
 *
 * Why a factory thread? A new thread inherits things from whoever creates
 * it (its nice level, its io_context, in Linux its cgroups and CPU
 * mask). If any caller could create threads directly, a thread made from
 * inside some odd context would inherit that context. So
 * kthread_create() only puts a request (a kthread_create_info, on the
 * caller's stack) on kthread_create_list under kthread_create_lock, wakes
 * kthreadd and waits on the request's completion. kthreadd, started
 * cleanly by rest_init() with kernel_thread(), takes requests off the list
 * and creates each thread in its own clean context.
 *
 * The new thread runs kthread(): it records itself in the request,
 * completes it and sleeps until someone wakes it (kthread_run does);
 * then it runs threadfn, unless it was asked to stop before that.
 */
#include "kernel.h"
#include "completion.h"
#include "kthread.h"
#include "sched.h"
#include "spinlock.h"
#include "string.h"

struct kthread_create_info {
	int (*threadfn)(void *data);
	void *data;
	struct task_struct *result;	/* the new task, or ERR_PTR */
	struct completion done;		/* kthreadd -> kthread_create() */
	struct list_head list;		/* on kthread_create_list */
	char comm[TASK_COMM_LEN];
};

/* Lives on the new thread's stack for its whole life. */
struct kthread {
	bool should_stop;
	struct completion exited;	/* do_exit() -> kthread_stop() */
};

static DEFINE_SPINLOCK(kthread_create_lock);
static LIST_HEAD(kthread_create_list);
struct task_struct *kthreadd_task;

bool kthread_should_stop(void)
{
	struct kthread *self = current->kthread;

	return self && READ_ONCE(self->should_stop);
}

static int kthread(void *_create)
{
	struct kthread_create_info *create = _create;
	int (*threadfn)(void *data) = create->threadfn;
	void *data = create->data;
	struct kthread self = { .should_stop = false };
	int ret = -EINTR;

	init_completion(&self.exited);
	current->kthread = &self;
	current->vfork_done = &self.exited;
	current->flags |= PF_KTHREAD;

	/* Sleep before telling: the creator's wake-up must find us asleep. */
	__set_current_state(TASK_UNINTERRUPTIBLE);
	create->result = current;
	complete(&create->done);	/* @create is gone after this */
	schedule();

	if (!self.should_stop)
		ret = threadfn(data);
	do_exit(ret);
}

static void create_kthread(struct kthread_create_info *create)
{
	int pid = kernel_thread(kthread, create, create->comm);

	if (pid < 0) {
		create->result = ERR_PTR(pid);
		complete(&create->done);
	}
}

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char namefmt[], ...)
{
	struct kthread_create_info create;
	va_list args;

	create.threadfn = threadfn;
	create.data = data;
	init_completion(&create.done);
	va_start(args, namefmt);
	vsnprintf(create.comm, sizeof(create.comm), namefmt, args);
	va_end(args);

	spin_lock(&kthread_create_lock);
	list_add_tail(&create.list, &kthread_create_list);
	spin_unlock(&kthread_create_lock);

	wake_up_process(kthreadd_task);
	wait_for_completion(&create.done);
	return create.result;
}

int kthread_stop(struct task_struct *k)
{
	struct kthread *kthread = k->kthread;
	int ret;

	get_task_struct(k);	/* keep its stack (and struct kthread) alive */
	WRITE_ONCE(kthread->should_stop, true);
	wake_up_process(k);
	wait_for_completion(&kthread->exited);
	ret = k->exit_code;
	put_task_struct(k);
	return ret;
}

int kthreadd(void *unused)
{
	(void)unused;
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (list_empty(&kthread_create_list))
			schedule();
		__set_current_state(TASK_RUNNING);

		spin_lock(&kthread_create_lock);
		while (!list_empty(&kthread_create_list)) {
			struct kthread_create_info *create;

			create = list_first_entry(&kthread_create_list,
						  struct kthread_create_info, list);
			list_del_init(&create->list);
			spin_unlock(&kthread_create_lock);
			create_kthread(create);
			spin_lock(&kthread_create_lock);
		}
		spin_unlock(&kthread_create_lock);
	}
	return 0;
}
