/*
 * blk-ioc.c - per-task io_context lifetime (Linux's block/blk-ioc.c).
 * Portable: uses only the kernel API.
 *
 * The task holds one reference from the first get_io_context() until
 * exit; each request that remembers its issuer holds another, so a
 * context can outlive its task while that task's I/O is in flight.
 * CFQ's per-disk data (a cfq_io_context per queue the task used, in
 * cic_root) holds a reference of its own, so the context outlives its
 * task while CFQ needs it; CFQ unlinks its cics (block/cfq-ioc.c) before
 * dropping those references, so the last put finds cic_root empty. Linux
 * instead calls into CFQ from exit_io_context.
 */
#include "kernel.h"
#include "iocontext.h"
#include "sched.h"
#include "slab.h"

unsigned long nr_io_contexts;
static DEFINE_SPINLOCK(ioc_task_lock);	/* task->io_context assignment */

static struct io_context *alloc_io_context(struct task_struct *tsk, gfp_t gfp_flags)
{
	struct io_context *ioc = kzalloc(sizeof(*ioc), gfp_flags);

	if (!ioc)
		return NULL;
	ioc->refcount = 1;
	spin_lock_init(&ioc->lock);
	ioc->pid = tsk->pid;
	ioc->ioprio = IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0);
	ioc->cic_root = RB_ROOT;
	nr_io_contexts++;
	return ioc;
}

void put_io_context(struct io_context *ioc)
{
	unsigned long flags;
	bool last;

	if (!ioc)
		return;
	spin_lock_irqsave(&ioc->lock, flags);
	BUG_ON(ioc->refcount <= 0);
	last = --ioc->refcount == 0;
	spin_unlock_irqrestore(&ioc->lock, flags);
	if (!last)
		return;
	WARN_ON(!RB_EMPTY_ROOT(&ioc->cic_root));
	kfree(ioc);
	nr_io_contexts--;
}

/*
 * @tsk's context, made if it has none. The task's own reference is set
 * once, under ioc_task_lock.
 */
static struct io_context *task_io_context(struct task_struct *tsk, gfp_t gfp_flags)
{
	struct io_context *ioc = tsk->io_context, *new;
	unsigned long flags;

	if (ioc)
		return ioc;
	new = alloc_io_context(tsk, gfp_flags);
	if (!new)
		return NULL;
	spin_lock_irqsave(&ioc_task_lock, flags);
	/* An exiting task has dropped its context for good: none for it. */
	if (!tsk->io_context && !(tsk->flags & PF_EXITING)) {
		tsk->io_context = new;
		new = NULL;
	}
	ioc = tsk->io_context;
	spin_unlock_irqrestore(&ioc_task_lock, flags);
	put_io_context(new);	/* lost a race: drop the spare */
	return ioc;
}

struct io_context *get_io_context(gfp_t gfp_flags)
{
	struct io_context *ioc = task_io_context(current, gfp_flags);
	unsigned long flags;

	if (!ioc)
		return NULL;
	spin_lock_irqsave(&ioc->lock, flags);
	ioc->refcount++;
	spin_unlock_irqrestore(&ioc->lock, flags);
	return ioc;
}

void exit_io_context(struct task_struct *task)
{
	struct io_context *ioc;
	unsigned long flags;

	spin_lock_irqsave(&ioc_task_lock, flags);
	ioc = task->io_context;
	task->io_context = NULL;
	spin_unlock_irqrestore(&ioc_task_lock, flags);
	put_io_context(ioc);
}

/*
 * Linux's ioprio_set() rules: a known class; NONE carries no level; RT and
 * BE levels 0-7; IDLE's level is ignored.
 */
static bool ioprio_valid(int ioprio)
{
	int class = IOPRIO_PRIO_CLASS(ioprio), data = IOPRIO_PRIO_DATA(ioprio);

	if (ioprio < 0)
		return false;
	switch (class) {
	case IOPRIO_CLASS_NONE:
		return data == 0;
	case IOPRIO_CLASS_RT:
	case IOPRIO_CLASS_BE:
		return data < IOPRIO_BE_NR;
	case IOPRIO_CLASS_IDLE:
		return true;
	default:
		return false;
	}
}

/*
 * The whole update runs under ioc_task_lock: another task's context can
 * be dropped by its exit at any moment, and only the lock keeps it
 * attached (and alive) while we write to it.
 */
int set_task_ioprio(struct task_struct *task, int ioprio)
{
	struct io_context *spare = NULL, *ioc;
	unsigned long flags;
	int err = 0;

	if (!ioprio_valid(ioprio))
		return -EINVAL;
	if (!READ_ONCE(task->io_context)) {
		spare = alloc_io_context(task, GFP_KERNEL);
		if (!spare)
			return -ENOMEM;
	}
	spin_lock_irqsave(&ioc_task_lock, flags);
	if (task->flags & PF_EXITING) {
		err = -ESRCH;
		goto out;
	}
	if (!task->io_context) {
		task->io_context = spare;
		spare = NULL;
	}
	ioc = task->io_context;
	/* Only exit drops a context, and PF_EXITING was checked above. */
	if (WARN_ON(!ioc)) {
		err = -ESRCH;
		goto out;
	}
	ioc->ioprio = (unsigned short)ioprio;
	ioc->ioprio_changed = 1;
out:
	spin_unlock_irqrestore(&ioc_task_lock, flags);
	put_io_context(spare);
	return err;
}

int get_task_ioprio(struct task_struct *task)
{
	unsigned long flags;
	int ioprio = -ENOENT;

	/* As in set_task_ioprio: the lock keeps the context attached. */
	spin_lock_irqsave(&ioc_task_lock, flags);
	if (task->io_context)
		ioprio = task->io_context->ioprio;
	spin_unlock_irqrestore(&ioc_task_lock, flags);
	return ioprio;
}
