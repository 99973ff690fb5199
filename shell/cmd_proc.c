/*
 * cmd_proc.c - tasks and memory: ps, kthread, kill, ioprio, mem.
 *
 * Everything shown is a snapshot taken under the owner's lock
 * (snapshot_tasks, kmem_cache_snapshot, demo_threads_snapshot) and
 * printed after: printing to the serial line is far too slow to do with
 * a spinlock held, and a task may be gone by the time its line is out.
 * The buffers are static because only the shell (pid 1) runs commands,
 * and because taking them from the slab would change the very counts
 * `mem` prints.
 */
#include "kernel.h"
#include "blkdev.h"
#include "demo_threads.h"
#include "iocontext.h"
#include "mm.h"
#include "sched.h"
#include "shell.h"
#include "shell_args.h"
#include "shell_ioprio.h"
#include "slab.h"
#include "string.h"

#define PS_MAX_TASKS	128
#define MEM_MAX_CACHES	64
#define PID_LIMIT	0x7fffffff	/* an int's, far beyond kernel/fork.c's */

/* A pid as typed: a number that fits an int; else a message, -EINVAL. */
static int parse_pid(const char *cmd, const char *s, int *pid)
{
	int err;
	u64 v;

	err = shell_parse_u64(s, &v);
	if (err == -EINVAL) {
		shell_printf("%s: bad pid '%s'\n", cmd, s);
		return -EINVAL;
	}
	/* Too big for any task (or for u64): no such task, said as such. */
	*pid = err || v > PID_LIMIT ? -1 : (int)v;
	return 0;
}

static void no_such_task(const char *cmd, const char *s)
{
	shell_printf("%s: no task with pid %s\n", cmd, s);
}

/* ---- ps ---- */

/* As Linux's ps: a dead task not yet freed (someone holds it) is a zombie. */
static char task_state_char(long state)
{
	switch (state) {
	case TASK_RUNNING:		return 'R';
	case TASK_INTERRUPTIBLE:	return 'S';
	case TASK_UNINTERRUPTIBLE:	return 'D';
	case TASK_DEAD:			return 'Z';
	default:			return '?';
	}
}

static int cmd_ps(int argc, char **argv)
{
	static struct task_info tasks[PS_MAX_TASKS];
	int n;

	(void)argv;
	if (argc != 1)
		return shell_usage_current();
	n = snapshot_tasks(tasks, PS_MAX_TASKS);
	shell_printf("  PID S NICE      TIME   VCSW  IVCSW IOPRIO NAME\n");
	for (int i = 0; i < min(n, PS_MAX_TASKS); i++) {
		const struct task_info *t = &tasks[i];
		u64 ms = t->sum_exec_runtime / 1000000;
		char prio[16];

		shell_printf("%5d %c %4d %5llu.%03llu %6lu %6lu %-6s %s\n", t->pid,
			     task_state_char(t->state), t->nice, ms / 1000, ms % 1000,
			     t->nvcsw, t->nivcsw, shell_ioprio_name(t->ioprio, prio, sizeof(prio)),
			     t->comm);
	}
	if (n > PS_MAX_TASKS)
		shell_printf("(%d more tasks not shown)\n", n - PS_MAX_TASKS);
	return 0;
}
SHELL_CMD_HELP(ps, "ps", "ps", "list the tasks",
	       "S: R running or runnable, S sleeping, D waiting (for I/O, a lock),\n"
	       "Z exited but not yet freed. TIME: CPU seconds. VCSW/IVCSW: switches\n"
	       "when the task slept / was preempted. IOPRIO: the class and level CFQ\n"
	       "files its I/O under (`ioprio`); - before its first I/O.");

/* ---- kthread, kill: demo I/O threads ---- */

static void demo_print(const struct demo_thread_info *d)
{
	shell_printf("%5d demo/%-2d %-6s %10llu %8llu %8lu %6lu\n", d->pid, d->slot, d->dev,
		     (unsigned long long)d->start, (unsigned long long)d->len,
		     d->reads, d->errors);
}

static void demo_header(void)
{
	shell_printf("  PID NAME    DEV         START  SECTORS    READS ERRORS\n");
}

static int demo_list(void)
{
	struct demo_thread_info demos[DEMO_THREADS_MAX];
	int n = demo_threads_snapshot(demos, DEMO_THREADS_MAX);

	if (!n) {
		shell_printf("no demo threads; `kthread spawn N` starts some\n");
		return 0;
	}
	demo_header();
	for (int i = 0; i < n; i++)
		demo_print(&demos[i]);
	return 0;
}

static int demo_spawn(const char *count, const char *dev)
{
	struct demo_thread_info info;
	struct block_device *bdev;
	int running = demo_threads_snapshot(NULL, 0);
	u64 n = 0;
	int err = shell_parse_u64(count, &n);

	if (err == -EINVAL) {
		shell_printf("kthread: bad count '%s'\n", count);
		return -EINVAL;
	}
	if (err)
		n = ~0ULL;	/* past 2^64: too many, like any big N */
	if (running == DEMO_THREADS_MAX) {
		shell_printf("kthread: all %d demo threads are running; `kill` some first\n",
			     DEMO_THREADS_MAX);
		return -ENOSPC;
	}
	if (n == 0 || n > (u64)(DEMO_THREADS_MAX - running)) {
		shell_printf("kthread: %d demo threads running, at most %d: "
			     "N must be 1 to %d\n", running, DEMO_THREADS_MAX,
			     DEMO_THREADS_MAX - running);
		return -ERANGE;
	}
	if (!dev[0]) {
		shell_printf("kthread: no default device; name one: kthread spawn N DEV\n");
		return -ENODEV;
	}
	bdev = shell_lookup_bdev(dev);
	if (!bdev)
		return -ENODEV;
	for (u64 i = 0; i < n; i++) {
		int pid = demo_thread_start(bdev, &info);

		if (pid < 0) {
			shell_printf("kthread: cannot start a demo thread on %s (error %d)\n",
				     dev, pid);
			return pid;
		}
		if (!i)
			demo_header();
		demo_print(&info);
	}
	return 0;
}

/* kthread [spawn N [DEV]]: list the demo threads, or start N more. */
static int cmd_kthread(int argc, char **argv)
{
	if (argc == 1)
		return demo_list();
	if (argc < 3 || argc > 4 || strcmp(argv[1], "spawn"))
		return shell_usage_current();
	return demo_spawn(argv[2], argc == 4 ? argv[3] : shell_default_dev);
}
SHELL_CMD_HELP(kthread, "kthread", "kthread [spawn N [DEV]]",
	       "list the demo I/O threads, or start N more",
	       "Each demo/N thread reads its own sixteenth of DEV (the prompt's\n"
	       "device by default) 4 KiB at a time, every few ms, and never writes,\n"
	       "so CFQ has processes to share the disk between: watch `queue DEV`,\n"
	       "change one's `ioprio`, stop them with `kill`. At most 16.");

/* kill PID...: stop demo threads; every other task is refused. */
static int cmd_kill(int argc, char **argv)
{
	int ret = 0;

	if (argc < 2)
		return shell_usage_current();
	for (int i = 1; i < argc; i++) {
		struct demo_thread_info info;
		struct task_struct *t;
		int pid;

		if (parse_pid("kill", argv[i], &pid)) {
			ret = -EINVAL;
			continue;
		}
		if (pid >= 0 && !demo_thread_stop(pid, &info)) {
			shell_printf("stopped demo/%d (pid %d) after %lu reads, %lu errors\n",
				     info.slot, info.pid, info.reads, info.errors);
			continue;
		}
		ret = -ESRCH;
		t = pid >= 0 ? find_get_task_by_pid(pid) : NULL;
		if (!t) {
			no_such_task("kill", argv[i]);
			continue;
		}
		shell_printf("kill: pid %d (%s) is not a demo thread\n", pid, t->comm);
		put_task_struct(t);
		ret = -EPERM;
	}
	return ret;
}
SHELL_CMD_HELP(kill, "kill", "kill PID...", "stop demo threads (`kthread spawn`)",
	       "Returns at once even if the elevator holds the thread's read (behind\n"
	       "an rt thread, say): the read finishes on its own. Other tasks cannot\n"
	       "be killed: kernel threads own locks and devices only they can let go.");

/* ---- ioprio ---- */

static void ioprio_show(struct task_struct *t)
{
	int prio = get_task_ioprio(t);
	char name[16];

	shell_printf("pid %d (%s): ", t->pid, t->comm);
	if (prio < 0)
		shell_printf("no io_context yet (no I/O so far); CFQ would use be/%d from nice %d\n",
			     nice_ioprio_level(t->nice), t->nice);
	else if (IOPRIO_PRIO_CLASS(prio) == IOPRIO_CLASS_NONE)
		shell_printf("none, so CFQ uses be/%d from nice %d\n",
			     nice_ioprio_level(t->nice), t->nice);
	else
		shell_printf("%s\n", shell_ioprio_name(prio, name, sizeof(name)));
}

/* ioprio PID [CLASS [LEVEL]]: show or set a task's I/O priority. */
static int cmd_ioprio(int argc, char **argv)
{
	struct task_struct *t;
	char msg[96], old[16], new[16];
	int pid, prio, oldprio, err;

	if (argc < 2 || argc > 4)
		return shell_usage_current();
	if (parse_pid("ioprio", argv[1], &pid))
		return -EINVAL;
	if (argc > 2) {
		err = shell_parse_ioprio(argv[2], argc == 4 ? argv[3] : NULL, &prio,
					 msg, sizeof(msg));
		if (err) {
			shell_printf("ioprio: %s\n", msg);
			return err;
		}
	}
	t = pid >= 0 ? find_get_task_by_pid(pid) : NULL;
	if (!t) {
		no_such_task("ioprio", argv[1]);
		return -ESRCH;
	}
	if (argc == 2) {
		ioprio_show(t);
		put_task_struct(t);
		return 0;
	}
	err = -EPERM;
	if (t->flags & PF_IDLE) {
		/* An io_context there would live for ever and never be used. */
		shell_printf("ioprio: pid %d (%s) is the idle task; it does no I/O\n",
			     pid, t->comm);
		goto out;
	}
	if (t == current && IOPRIO_PRIO_CLASS(prio) == IOPRIO_CLASS_IDLE) {
		/*
		 * CFQ serves idle only when no one else waits: a busy demo
		 * thread would keep the shell's next read waiting for ever.
		 */
		shell_printf("ioprio: pid %d (%s) runs this shell; as idle its own reads "
			     "could wait for ever\n", pid, t->comm);
		goto out;
	}
	oldprio = get_task_ioprio(t);
	/*
	 * CFQ notices on the task's next request: each of its per-disk
	 * contexts remembers the priority its queues were made with
	 * (block/cfq-ioc.c, cfq_check_ioprio_change).
	 */
	err = set_task_ioprio(t, prio);
	if (err == -ESRCH)
		shell_printf("ioprio: pid %d (%s) has exited\n", pid, t->comm);
	else if (err)
		shell_printf("ioprio: pid %d: error %d\n", pid, err);
	else
		shell_printf("pid %d (%s): %s -> %s\n", pid, t->comm,
			     shell_ioprio_name(oldprio, old, sizeof(old)),
			     shell_ioprio_name(prio, new, sizeof(new)));
out:
	put_task_struct(t);
	return err;
}
SHELL_CMD_HELP(ioprio, "ioprio", "ioprio PID [CLASS [LEVEL]]",
	       "show or set a task's I/O priority (CFQ)",
	       "CLASS: rt (served before all else), be (best effort) or idle (only\n"
	       "when no one else waits, so it takes no LEVEL); rt and be take LEVEL\n"
	       "0 (first, longest turns) to 7. none: back to be at the nice value's\n"
	       "level. ionice's numbers work too: 1 rt, 2 be, 3 idle, 0 none.\n"
	       "CFQ sees the change at the task's next request. While an rt demo\n"
	       "thread keeps a disk busy, the shell's reads of it wait: kill it first.");

/* ---- mem ---- */

static void mem_show_zones(void)
{
	unsigned long managed = 0, free = 0;
	struct zone *zone;
	char size[24];

	shell_printf("zone    physical range              pages     free      min\n");
	for_each_zone(zone) {
		unsigned long zfree = zone_free_pages(zone);

		shell_printf("%-7s 0x%09llx-0x%09llx %8lu %8lu %8lu\n", zone->name,
			     (unsigned long long)zone->start_pfn << PAGE_SHIFT,
			     (unsigned long long)zone->end_pfn << PAGE_SHIFT,
			     zone->managed_pages, zfree, zone->pages_min);
		managed += zone->managed_pages;
		free += zfree;
	}
	shell_format_size((u64)free << PAGE_SHIFT, size, sizeof(size));
	shell_printf("total: %lu pages of %lu managed are free (%s)\n", free, managed, size);
}

static void mem_show_slabs(void)
{
	static struct kmem_cache_info caches[MEM_MAX_CACHES];
	int n = kmem_cache_snapshot(caches, MEM_MAX_CACHES), unused = 0;

	shell_printf("slab cache               objsize   active    total slabs\n");
	for (int i = 0; i < min(n, MEM_MAX_CACHES); i++) {
		const struct kmem_cache_info *c = &caches[i];

		/* The DMA kmalloc caches and the like are mostly never used. */
		if (!c->nr_slabs && !c->active_objs) {
			unused++;
			continue;
		}
		shell_printf("%-24s %7lu %8lu %8lu %5lu%s%s\n", c->name,
			     (unsigned long)c->object_size, c->active_objs, c->total_objs,
			     c->nr_slabs, c->dead ? " dead" : "",
			     c->nr_errors ? " errors" : "");
	}
	if (unused)
		shell_printf("(%d caches without slabs not shown)\n", unused);
	if (n > MEM_MAX_CACHES)
		shell_printf("(%d more caches not shown)\n", n - MEM_MAX_CACHES);
}

static int cmd_mem(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return shell_usage_current();
	mem_show_zones();
	mem_show_slabs();
	return 0;
}
SHELL_CMD_HELP(mem, "mem", "mem", "memory: zones, free pages, slab caches",
	       "pages: what the buddy allocator manages (RAM less the kernel and\n"
	       "holes); min: the reserve only atomic allocations may use. active/\n"
	       "total: objects handed out / room in the cache's slabs.");
