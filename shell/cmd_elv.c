/*
 * cmd_elv.c - elevators and queues: sched, tune, queue, stat.
 *
 * An elevator, its tunables and its queue belong to a whole disk: a
 * partition's I/O is remapped onto the disk's queue before any elevator
 * sees it. So these commands accept a partition and act on its disk,
 * saying so, rather than refusing a name the user got from lsblk.
 * (stat is the exception: a partition has counters of its own.)
 */
#include "kernel.h"
#include "blkdev.h"
#include "elevator.h"
#include "shell.h"
#include "shell_args.h"
#include "slab.h"
#include "string.h"

/* Requests listed per list by `queue`; the rest are counted. */
#define QUEUE_DUMP_MAX_RQS	16
#define QUEUE_DUMP_BUF		(16 * 1024)
/* More than any elevator has (cfq: 9). */
#define MAX_TUNABLES		16

/*
 * The queue behind device @name for command @cmd, or NULL after saying
 * why. A partition names its disk's queue, with a note.
 */
static struct request_queue *elv_lookup_queue(const char *cmd, const char *name,
					      const char **disk_name)
{
	struct block_device *bdev = shell_lookup_bdev(name);
	struct gendisk *disk;

	if (!bdev)
		return NULL;
	disk = bdev->bd_disk;
	if (!disk->queue) {
		shell_printf("%s: %s has no request queue\n", cmd, disk->disk_name);
		return NULL;
	}
	if (bdev->bd_partno)
		shell_printf("(%s is a partition: its elevator and queue are those of %s)\n",
			     name, disk->disk_name);
	*disk_name = disk->disk_name;
	return disk->queue;
}

/* ---- sched ---- */

struct elv_line {
	char buf[128];
	size_t len;
	const char *active;	/* bracketed */
};

/* Called under the elevator list's spinlock: only formats. */
static void elv_line_add(const char *name, void *ctx)
{
	struct elv_line *l = ctx;
	bool cur = l->active && !strcmp(name, l->active);

	l->len += scnprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%s%s%s%s",
			    l->len ? " " : "", cur ? "[" : "", name, cur ? "]" : "");
}

/* "noop deadline [cfq]", as Linux's /sys/block/DEV/queue/scheduler. */
static const char *elv_names_line(struct elv_line *l, const char *active)
{
	l->len = 0;
	l->buf[0] = '\0';
	l->active = active;
	elevator_names(elv_line_add, l);
	return l->buf;
}

static int cmd_sched(int argc, char **argv)
{
	struct request_queue *q;
	struct elv_line line;
	const char *disk, *old;
	int err;

	if (argc < 2 || argc > 3)
		return shell_usage_current();
	q = elv_lookup_queue("sched", argv[1], &disk);
	if (!q)
		return -ENODEV;
	old = elv_current_name(q);
	if (argc == 2) {
		shell_printf("%s\n", elv_names_line(&line, old));
		return 0;
	}
	if (!elevator_find(argv[2])) {
		shell_printf("sched: no elevator '%s'; known: %s\n", argv[2],
			     elv_names_line(&line, NULL));
		return -EINVAL;
	}
	if (!strcmp(old, argv[2])) {
		shell_printf("%s: already %s\n", disk, old);
		return 0;
	}
	/*
	 * elevator_change() drains the old elevator and waits for the
	 * requests it made to finish while the disk keeps working, so this
	 * is safe with I/O under way; it may take as long as they do.
	 */
	err = elevator_change(q, argv[2]);
	switch (err) {
	case 0:
		shell_printf("%s: %s -> %s\n", disk, old, argv[2]);
		break;
	case -EBUSY:
		shell_printf("sched: %s: another elevator switch is under way; try again\n",
			     disk);
		break;
	case -ENOMEM:
		shell_printf("sched: %s: out of memory for the new elevator; %s stays\n",
			     disk, old);
		break;
	default:
		shell_printf("sched: %s: switch to %s failed (%d)\n", disk, argv[2], err);
	}
	return err;
}
SHELL_CMD_HELP(sched, "sched", "sched DEV [NAME]", "show or switch DEV's elevator",
	       "Without NAME, the elevators Lantern has, DEV's in brackets, as\n"
	       "Linux shows /sys/block/DEV/queue/scheduler: noop [deadline] cfq\n"
	       "With NAME, switch live: requests already queued are handed to the\n"
	       "driver first, none is lost. A partition's elevator is its disk's.");

/* ---- tune ---- */

static void tune_print(const struct elv_tunable_value *v, int width)
{
	shell_printf("  %-*s %7ld %-9s (%ld..%ld)\n", width, v->t->name, v->value,
		     v->t->unit ? v->t->unit : "", v->t->min, v->t->max);
}

static const struct elv_tunable_value *tune_find(const struct elv_tunable_value *v,
						 int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i].t->name, name))
			return &v[i];
	return NULL;
}

static int tune_set(struct request_queue *q, const char *disk, const char *elv,
		    const struct elv_tunable_value *v, const char *arg)
{
	const struct elv_tunable *t = v->t;
	u64 value;
	long now;
	int err = shell_parse_u64(arg, &value);

	if (err == -EINVAL) {
		shell_printf("tune: %s: '%s' is not a number\n", disk, arg);
		return err;
	}
	if (err || (t->min > 0 && value < (u64)t->min) || value > (u64)t->max) {
		shell_printf("tune: %s: %s takes %ld..%ld%s%s; %s is out of range\n",
			     disk, t->name, t->min, t->max, t->unit ? " " : "",
			     t->unit ? t->unit : "", arg);
		return -ERANGE;
	}
	spin_lock_irq(q->queue_lock);
	err = elv_tunable_store(q, t->name, (long)value);
	if (!err)
		elv_tunable_show(q, t->name, &now);
	spin_unlock_irq(q->queue_lock);
	if (err == -ENOENT) {
		/* The elevator was switched since we looked. */
		shell_printf("tune: %s: the elevator is no longer %s; nothing set\n", disk, elv);
		return err;
	}
	if (err) {
		shell_printf("tune: %s: %s refused %s (%d)\n", disk, t->name, arg, err);
		return err;
	}
	shell_printf("%s %s: %s %ld %s (was %ld)\n", disk, elv, t->name, now,
		     t->unit ? t->unit : "", v->value);
	return 0;
}

static int cmd_tune(int argc, char **argv)
{
	struct elv_tunable_value v[MAX_TUNABLES];
	const struct elv_tunable_value *one;
	struct request_queue *q;
	const char *disk, *elv;
	int n, width = 0;

	if (argc < 2 || argc > 4)
		return shell_usage_current();
	q = elv_lookup_queue("tune", argv[1], &disk);
	if (!q)
		return -ENODEV;
	n = min(elv_tunables_get(q, &elv, v, MAX_TUNABLES), MAX_TUNABLES);
	if (!n) {
		shell_printf("%s%s: %s has no tunables\n", argc == 2 ? "" : "tune: ", disk, elv);
		return argc == 2 ? 0 : -ENOENT;
	}
	for (int i = 0; i < n; i++)
		width = max(width, (int)strlen(v[i].t->name));
	if (argc == 2) {
		shell_printf("%s: %s\n", disk, elv);
		for (int i = 0; i < n; i++)
			tune_print(&v[i], width);
		return 0;
	}
	one = tune_find(v, n, argv[2]);
	if (!one) {
		shell_printf("tune: %s: %s has no tunable '%s'; it has:", disk, elv, argv[2]);
		for (int i = 0; i < n; i++)
			shell_printf(" %s", v[i].t->name);
		shell_puts("\n");
		return -ENOENT;
	}
	if (argc == 3) {
		shell_printf("%s: %s\n", disk, elv);
		tune_print(one, width);
		return 0;
	}
	return tune_set(q, disk, elv, one, argv[3]);
}
SHELL_CMD_HELP(tune, "tune", "tune DEV [PARAM [VALUE]]",
	       "list, show or set DEV's elevator tunables",
	       "Each tunable shows its value, unit and the range it accepts; the\n"
	       "names are Linux's (/sys/block/DEV/queue/iosched/). They belong to\n"
	       "the elevator: a switch with `sched` starts again from its defaults.");

/* ---- queue ---- */

static int cmd_queue(int argc, char **argv)
{
	struct request_queue *q;
	const char *disk;
	char *buf;

	if (argc != 2)
		return shell_usage_current();
	q = elv_lookup_queue("queue", argv[1], &disk);
	if (!q)
		return -ENODEV;
	buf = kmalloc(QUEUE_DUMP_BUF, GFP_KERNEL);
	if (!buf) {
		shell_printf("queue: out of memory\n");
		return -ENOMEM;
	}
	/* Taken under the queue lock, printed after it is dropped. */
	blk_queue_dump(q, buf, QUEUE_DUMP_BUF, QUEUE_DUMP_MAX_RQS);
	shell_printf("%s: ", disk);
	shell_puts(buf);
	kfree(buf);
	return 0;
}
SHELL_CMD_HELP(queue, "queue", "queue DEV", "what DEV's queue and elevator hold right now",
	       "One snapshot: the elevator's own lists (noop: arrival order; deadline:\n"
	       "per direction a tree in sector order and a FIFO with deadlines; cfq:\n"
	       "per process queues, their turn and requests), then the dispatch list\n"
	       "the driver takes from and the requests the driver has started.\n"
	       "Sectors are the whole disk's; ages and deadlines are in ms.");

/* ---- stat ---- */

static const char diskstats_header[] =
	"major minor name reads reads_merged sectors_read ms_reading writes "
	"writes_merged sectors_written ms_writing in_flight ms_doing_io weighted_ms\n";

static void stat_line(struct gendisk *disk, int partno)
{
	char buf[256];

	if (diskstats_show_line(disk, partno, buf, sizeof(buf)) > 0)
		shell_puts(buf);
}

static void stat_queue_line(struct gendisk *disk)
{
	char buf[512];

	if (blk_queue_stats_show_line(disk, buf, sizeof(buf)) > 0)
		shell_puts(buf);
}

static int cmd_stat(int argc, char **argv)
{
	struct block_device *bdev;

	if (argc > 2)
		return shell_usage_current();
	if (argc == 2) {
		bdev = shell_lookup_bdev(argv[1]);
		if (!bdev)
			return -ENODEV;
		shell_puts(diskstats_header);
		stat_line(bdev->bd_disk, bdev->bd_partno);
		shell_puts("queue counters:\n");
		stat_queue_line(bdev->bd_disk);
		return 0;
	}
	shell_puts(diskstats_header);
	for (struct gendisk *d = disk_iter_next(NULL); d; d = disk_iter_next(d))
		for (int p = 0; p < DISK_MAX_PARTS; p++)
			if (d->bdev[p])
				stat_line(d, p);
	shell_puts("queue counters:\n");
	for (struct gendisk *d = disk_iter_next(NULL); d; d = disk_iter_next(d))
		stat_queue_line(d);
	return 0;
}
SHELL_CMD_HELP(stat, "stat", "stat [DEV]", "I/O counters of DEV, or of every device",
	       "First Linux's /proc/diskstats lines (the header names the fields;\n"
	       "see Linux's Documentation/iostats.txt), then per disk the queue's\n"
	       "own counters: bios merged at a request's back or front, requests\n"
	       "merged, bios bounced, plugs and unplugs by cause, allocations that\n"
	       "waited, splits, timeouts and elevator switches.");
