/*
 * blk-dump.c - what a request queue holds, as text, for the shell's
 * `queue DEV` and the tests (Lantern's own: Linux shows this piecemeal
 * in debugfs and blktrace).
 *
 * Everything is read in one hold of the queue lock, so the picture is
 * consistent: a request is in exactly one place (the elevator, the
 * dispatch list, or the driver). The elevator describes its own part
 * through its show hook; the core adds the dispatch list and the
 * requests in flight. The text goes into the caller's buffer and is
 * printed by the caller once the lock is dropped: printing to a serial
 * line takes milliseconds per line, far too long to hold off the disk's
 * interrupt handler.
 */
#include "kernel.h"
#include "elevator.h"
#include "jiffies.h"
#include "string.h"

/* Room kept at the end of the buffer for the line saying it was cut. */
#define BLK_DUMP_CUT_MSG	"... (cut: the dump did not fit its buffer)\n"

void blk_dump_printf(struct blk_dump *d, const char *fmt, ...)
{
	va_list args;
	int n;

	if (d->truncated)
		return;		/* no half lines after a cut */
	va_start(args, fmt);
	n = vsnprintf(d->buf + d->len, d->size - d->len, fmt, args);
	va_end(args);
	if (n < 0)
		return;
	if ((size_t)n >= d->size - d->len) {
		d->truncated = true;
		/* Drop the partial line: the text ends at a line boundary. */
		while (d->len && d->buf[d->len - 1] != '\n')
			d->len--;
		d->buf[d->len] = '\0';
		return;
	}
	d->len += (size_t)n;
}

static unsigned int ms_between(unsigned long from, unsigned long to)
{
	return jiffies_to_msecs(to - from);
}

void blk_dump_rq(struct blk_dump *d, const struct request *rq, unsigned int flags,
		 bool next)
{
	unsigned long f = rq->cmd_flags;
	char when[40] = "";

	if (flags & BLK_DUMP_EXPIRY) {
		bool expired = flags & BLK_DUMP_EXPIRED_AT ?
			       !time_before(d->now, rq->fifo_time) :
			       time_after(d->now, rq->fifo_time);

		if (expired)
			scnprintf(when, sizeof(when), ", expired %u ms ago",
				  ms_between(rq->fifo_time, d->now));
		else
			scnprintf(when, sizeof(when), ", expires in %u ms",
				  ms_between(d->now, rq->fifo_time));
	}
	blk_dump_printf(d, "    sector %llu + %u %s%s%s%s%s%s, %u ms old%s%s\n",
			(unsigned long long)blk_rq_pos(rq), blk_rq_sectors(rq),
			rq_data_dir(rq) == WRITE ? "write" : "read",
			(f & REQ_WRITE) && (f & REQ_SYNC) ? " sync" : "",
			f & REQ_META ? " meta" : "", f & REQ_FLUSH ? " flush" : "",
			f & REQ_FUA ? " fua" : "", f & REQ_SOFTBARRIER ? " barrier" : "",
			ms_between(rq->start_time, d->now), when, next ? " (next)" : "");
}

static void blk_dump_title(struct blk_dump *d, const char *title, unsigned int n)
{
	if (n)
		blk_dump_printf(d, "%s, %u request%s:\n", title, n, n == 1 ? "" : "s");
	else
		blk_dump_printf(d, "%s: empty\n", title);
}

static void blk_dump_more(struct blk_dump *d, unsigned int n)
{
	if (n > d->max_rqs)
		blk_dump_printf(d, "    ... and %u more not shown\n", n - d->max_rqs);
}

void blk_dump_rq_list(struct blk_dump *d, const char *title, struct list_head *head,
		      unsigned int flags, const struct request *next)
{
	struct request *rq;
	unsigned int n = 0, i = 0;

	list_for_each_entry(rq, head, queuelist)
		n++;
	blk_dump_title(d, title, n);
	list_for_each_entry(rq, head, queuelist) {
		if (i++ == d->max_rqs)
			break;
		blk_dump_rq(d, rq, flags, rq == next);
	}
	blk_dump_more(d, n);
}

void blk_dump_rq_tree(struct blk_dump *d, const char *title, struct rb_root *root,
		      unsigned int flags, const struct request *next)
{
	struct rb_node *node;
	unsigned int n = 0, i = 0;

	for (node = rb_first(root); node; node = rb_next(node))
		n++;
	blk_dump_title(d, title, n);
	for (node = rb_first(root); node && i < d->max_rqs; node = rb_next(node), i++)
		blk_dump_rq(d, rb_entry_rq(node), flags, rb_entry_rq(node) == next);
	blk_dump_more(d, n);
}

/* Started requests: q->timeout_list, linked through timeout_list, oldest first. */
static void blk_dump_in_flight(struct blk_dump *d, struct request_queue *q)
{
	struct request *rq;
	unsigned int n = 0, i = 0;

	list_for_each_entry(rq, &q->timeout_list, timeout_list)
		n++;
	blk_dump_title(d, "in flight (started by the driver, oldest first)", n);
	list_for_each_entry(rq, &q->timeout_list, timeout_list) {
		if (i++ == d->max_rqs)
			break;
		blk_dump_rq(d, rq, 0, false);
	}
	blk_dump_more(d, n);
}

static void blk_dump_queue(struct blk_dump *d, struct request_queue *q)
{
	struct elevator_queue *e = q->elevator;
	struct list_head *pos;
	unsigned int dispatch = 0;

	list_for_each(pos, &q->queue_head)
		dispatch++;
	blk_dump_printf(d, "elevator %s%s; ", e->elevator_type->elevator_name,
			q->elvswitch ? " (being switched)" : "");
	if (q->plugged && timer_pending(&q->unplug_timer) &&
	    !time_after(d->now, q->unplug_timer.expires))
		blk_dump_printf(d, "plugged, unplugs in %u ms\n",
				ms_between(d->now, q->unplug_timer.expires));
	else
		blk_dump_printf(d, "%s\n", q->plugged ? "plugged" : "not plugged");
	blk_dump_printf(d, "requests: %u in the elevator, %u to dispatch, %u in flight; "
			"allocated %u read + %u write of %u per direction\n",
			q->nr_sorted, dispatch, q->in_flight, q->count[0], q->count[1],
			q->nr_requests);
	if (e->ops->elevator_show_fn)
		e->ops->elevator_show_fn(q, d);
	blk_dump_rq_list(d, "dispatch list (the driver takes the head first)",
			 &q->queue_head, 0, NULL);
	blk_dump_in_flight(d, q);
}

size_t blk_queue_dump(struct request_queue *q, char *buf, size_t size,
		      unsigned int max_rqs)
{
	struct blk_dump d = { .buf = buf, .max_rqs = max_rqs };
	size_t cut = sizeof(BLK_DUMP_CUT_MSG);

	if (!size)
		return 0;
	buf[0] = '\0';
	if (size <= cut)
		return 0;
	d.size = size - cut + 1;	/* what is left keeps the cut message */
	spin_lock_irq(q->queue_lock);
	d.now = jiffies;
	blk_dump_queue(&d, q);
	spin_unlock_irq(q->queue_lock);
	if (d.truncated) {
		strlcpy(buf + d.len, BLK_DUMP_CUT_MSG, size - d.len);
		d.len += strlen(buf + d.len);
	}
	return d.len;
}
