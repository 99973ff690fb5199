/*
 * fork.c - making, tracking and freeing tasks (Linux's kernel/fork.c and
 * kernel/exit.c, for kernel threads only).
 *
 * Each task has a THREAD_SIZE kernel stack in the vmalloc area with an
 * unmapped guard page below it: running off the bottom of the stack hits
 * the guard, and the double-fault handler (kernel/doublefault.c) names the
 * task instead of letting it silently overwrite whatever lay below.
 *
 * A task is freed when its last reference goes: one reference is "being
 * alive" (dropped by the scheduler after a dead task's final switch, since
 * until then we still run on its stack), others are taken by whoever
 * waits for it (kthread_stop).
 */
#include "kernel.h"
#include "completion.h"
#include "iocontext.h"
#include "mm.h"
#include "sched.h"
#include "slab.h"
#include "spinlock.h"
#include "string.h"
#include "asm/page.h"
#include "asm/pgtable.h"

#define THREAD_SIZE	(16 * 1024)
#define GUARD_SIZE	PAGE_SIZE
#define STACK_SLOT	(THREAD_SIZE + GUARD_SIZE)
#define STACK_AREA	VMALLOC_START
#define NR_STACK_SLOTS	2048		/* 40 MiB of address space */
#define PID_MAX		32768

extern struct task_struct init_task;
void sched_fork(struct task_struct *p);
void wake_up_new_task(struct task_struct *p);
void ret_from_kernel_thread(void);

DEFINE_SPINLOCK(tasklist_lock);
static unsigned long stack_slot_map[NR_STACK_SLOTS / (8 * sizeof(unsigned long))];
static int last_pid;
static struct kmem_cache *task_struct_cachep;
unsigned long nr_threads_created, nr_threads_freed;

static unsigned long slot_base(unsigned int slot)
{
	return STACK_AREA + (unsigned long)slot * STACK_SLOT;
}

static bool slot_used(unsigned int slot)
{
	return stack_slot_map[slot / 32] & (1UL << (slot % 32));
}

/* Map THREAD_SIZE of fresh pages above an unmapped guard page. */
static void *alloc_thread_stack(void)
{
	unsigned int slot;
	unsigned long base, flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	for (slot = 0; slot < NR_STACK_SLOTS && slot_used(slot); slot++)
		;
	if (slot < NR_STACK_SLOTS)
		stack_slot_map[slot / 32] |= 1UL << (slot % 32);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (slot == NR_STACK_SLOTS)
		return NULL;

	base = slot_base(slot) + GUARD_SIZE;
	for (unsigned long va = base; va < base + THREAD_SIZE; va += PAGE_SIZE) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page || map_kernel_page(va, page_to_phys(page), _PAGE_RW)) {
			if (page)
				__free_page(page);
			while (va > base) {
				va -= PAGE_SIZE;
				__free_page(pfn_to_page(unmap_kernel_page(va) >> PAGE_SHIFT));
			}
			spin_lock_irqsave(&tasklist_lock, flags);
			stack_slot_map[slot / 32] &= ~(1UL << (slot % 32));
			spin_unlock_irqrestore(&tasklist_lock, flags);
			return NULL;
		}
	}
	return (void *)base;
}

static void free_thread_stack(void *stack)
{
	unsigned long base = (unsigned long)stack;
	unsigned int slot = (unsigned int)((base - GUARD_SIZE - STACK_AREA) / STACK_SLOT);
	unsigned long flags;

	for (unsigned long va = base; va < base + THREAD_SIZE; va += PAGE_SIZE)
		__free_page(pfn_to_page(unmap_kernel_page(va) >> PAGE_SHIFT));
	spin_lock_irqsave(&tasklist_lock, flags);
	stack_slot_map[slot / 32] &= ~(1UL << (slot % 32));
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/*
 * Backtraces (kernel/panic.c) may only read addresses that are surely
 * mapped: the direct map, or the mapped part of a live stack slot.
 */
bool kernel_stack_addr_valid(unsigned long addr)
{
	extern unsigned long high_memory_virt;
	unsigned long off;

	if (!IS_ALIGNED(addr, 4))
		return false;
	if (addr >= PAGE_OFFSET_VAL && addr + 8 <= high_memory_virt)
		return true;
	if (addr < STACK_AREA || addr >= slot_base(NR_STACK_SLOTS))
		return false;
	off = (addr - STACK_AREA) % STACK_SLOT;
	return off >= GUARD_SIZE && off + 8 <= STACK_SLOT &&
	       slot_used((unsigned int)((addr - STACK_AREA) / STACK_SLOT));
}

/* Is @addr in the guard page of a live stack? Which task owns it? */
struct task_struct *stack_guard_owner(unsigned long addr)
{
	struct task_struct *p;
	unsigned long stack;

	if (addr < STACK_AREA || addr >= slot_base(NR_STACK_SLOTS) ||
	    (addr - STACK_AREA) % STACK_SLOT >= GUARD_SIZE)
		return NULL;
	stack = addr - (addr - STACK_AREA) % STACK_SLOT + GUARD_SIZE;
	list_for_each_entry(p, &init_task.tasks, tasks)
		if ((unsigned long)p->stack == stack)
			return p;
	return NULL;
}

static int alloc_pid(void)
{
	int pid = last_pid;

	/* Skip pids still in use; pid 0 is the idle task's for ever. */
	do {
		if (++pid >= PID_MAX)
			pid = 1;
	} while (find_task_by_pid(pid));
	last_pid = pid;
	return pid;
}

struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *p;

	if (pid == 0)
		return &init_task;
	list_for_each_entry(p, &init_task.tasks, tasks)
		if (p->pid == pid)
			return p;
	return NULL;
}

struct task_struct *find_get_task_by_pid(int pid)
{
	struct task_struct *p;
	unsigned long flags;

	/* On the list means usage > 0: put_task_struct unlinks at 0, under the lock. */
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p)
		p->usage++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p;
}

static void fill_task_info(struct task_info *ti, struct task_struct *p)
{
	ti->pid = p->pid;
	memcpy(ti->comm, p->comm, sizeof(ti->comm));
	ti->state = p->state;
	ti->flags = p->flags;
	ti->nice = p->nice;
	ti->sum_exec_runtime = p->sum_exec_runtime;
	ti->nvcsw = p->nvcsw;
	ti->nivcsw = p->nivcsw;
	ti->ioprio = get_task_ioprio(p);
}

/*
 * Copying under the lock and printing after is the point: printing to a
 * serial console takes milliseconds per line, far too long to keep
 * interrupts off, and a task may exit the moment the lock is dropped.
 */
int snapshot_tasks(struct task_info *buf, int max)
{
	struct task_struct *p;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (n < max)
		fill_task_info(&buf[n], &init_task);
	n++;
	list_for_each_entry(p, &init_task.tasks, tasks) {
		if (n < max)
			fill_task_info(&buf[n], p);
		n++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

void get_task_struct(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	p->usage++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* Drop a reference; the last one frees the stack and the task. Any context. */
void put_task_struct(struct task_struct *p)
{
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&tasklist_lock, flags);
	last = --p->usage == 0;
	if (last)
		list_del(&p->tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!last)
		return;
	BUG_ON(p == current || p->state != TASK_DEAD);
	free_thread_stack(p->stack);
	kmem_cache_free(task_struct_cachep, p);
	nr_threads_freed++;
}

/*
 * Build the stack a new task first switches to: __switch_to pops
 * edi, esi, ebx, ebp and returns into ret_from_kernel_thread, which calls
 * @fn(@arg) (ebx, esi) and then do_exit() with its result.
 */
static void copy_thread(struct task_struct *p, int (*fn)(void *), void *arg)
{
	unsigned long *sp = (unsigned long *)((char *)p->stack + THREAD_SIZE);

	*--sp = 0;				/* ebp-chain terminator's return slot */
	*--sp = (unsigned long)ret_from_kernel_thread;
	*--sp = 0;				/* ebp: backtraces stop here */
	*--sp = (unsigned long)fn;		/* ebx */
	*--sp = (unsigned long)arg;		/* esi */
	*--sp = 0;				/* edi */
	p->thread_sp = (unsigned long)sp;
}

int kernel_thread(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *p;
	unsigned long flags;

	p = kmem_cache_zalloc(task_struct_cachep, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->stack = alloc_thread_stack();
	if (!p->stack) {
		kmem_cache_free(task_struct_cachep, p);
		return -ENOMEM;
	}
	p->stack_size = THREAD_SIZE;
	strlcpy(p->comm, name, sizeof(p->comm));
	p->state = TASK_UNINTERRUPTIBLE;
	p->usage = 1;		/* being alive; see finish_task_switch */
	p->nice = current->nice;
	sched_fork(p);
	copy_thread(p, fn, arg);

	spin_lock_irqsave(&tasklist_lock, flags);
	p->pid = alloc_pid();
	list_add_tail(&p->tasks, &init_task.tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	nr_threads_created++;
	wake_up_new_task(p);
	return p->pid;
}

void do_exit(int code)
{
	struct task_struct *tsk = current;

	if (tsk == &init_task)
		panic("Attempted to kill the idle task!");
	/* Under ioc_task_lock inside exit_io_context, PF_EXITING is seen. */
	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	exit_io_context(tsk);
	if (tsk->vfork_done)
		complete(tsk->vfork_done);
	/*
	 * Preemption stays off from here: a dead task must leave through
	 * this schedule(), which takes it off the run queue, so that
	 * finish_task_switch() drops its last reference. No wake-up can make
	 * a TASK_DEAD task runnable again.
	 */
	preempt_disable();
	tsk->state = TASK_DEAD;
	schedule();
	panic("do_exit: dead task %s/%d ran again", tsk->comm, tsk->pid);
}

void fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct",
					       sizeof(struct task_struct),
					       0, SLAB_PANIC, NULL);
}
