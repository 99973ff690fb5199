/*
 * cfq-dump.c - CFQ's part of `queue DEV` (blk_queue_dump): whose turn it
 * is, then every queue with requests, in the order they will get their
 * turns, each with its owner, priority, slice state and requests.
 *
 * Queues with nothing queued are left out (their requests are all in the
 * driver or done), except the active one, which may be idling for its
 * process's next request: that wait is often the most interesting thing
 * on the screen.
 */
#include "kernel.h"
#include "cfq.h"
#include "jiffies.h"

/* Queues shown; the rest are counted. */
#define CFQ_DUMP_MAX_QUEUES	8

static const char *const cfq_class_name[CFQ_NR_CLASSES + 1] = {
	[IOPRIO_CLASS_NONE] = "none", [IOPRIO_CLASS_RT] = "rt",
	[IOPRIO_CLASS_BE] = "be", [IOPRIO_CLASS_IDLE] = "idle",
};

static unsigned int cfq_ms_until(unsigned long now, unsigned long when)
{
	return time_after(when, now) ? jiffies_to_msecs(when - now) : 0;
}

/* "pid 7 be/4 sync" */
static void cfq_queue_name(const struct cfq_queue *cfqq, char *buf, size_t size)
{
	scnprintf(buf, size, "pid %d %s/%u %s", cfqq->pid,
		  cfqq->ioprio_class <= CFQ_NR_CLASSES ?
		  cfq_class_name[cfqq->ioprio_class] : "?",
		  cfqq->ioprio, cfq_cfqq_sync(cfqq) ? "sync" : "async");
}

/*
 * Where the active queue's turn stands (cfq_select_queue's view of it).
 * An idle window whose timer ran out with nobody else waiting leaves the
 * queue its turn (cfq_idle_slice_timer), so only a pending timer is
 * shown as idling.
 */
static void cfq_slice_state(struct cfq_data *cfqd, const struct cfq_queue *cfqq,
			    unsigned long now, char *buf, size_t size)
{
	if (cfqq != cfqd->active_queue)
		scnprintf(buf, size, "waiting for its turn");
	else if (cfq_cfqq_wait_request(cfqq) && timer_pending(&cfqd->idle_slice_timer))
		scnprintf(buf, size, "active, idling %u ms more for its process",
			  cfq_ms_until(now, cfqd->idle_slice_timer.expires));
	else if (cfq_cfqq_slice_new(cfqq))
		scnprintf(buf, size, "active, slice starts at its first completion");
	else if (!time_before(now, cfqq->slice_end))
		scnprintf(buf, size, "active, slice used up");
	else
		scnprintf(buf, size, "active, %u ms of slice left",
			  cfq_ms_until(now, cfqq->slice_end));
}

/*
 * The request @cfqq sends first when it next dispatches: at the start of
 * a turn an expired FIFO head goes before next_rq (cfq_check_fifo, once a
 * turn). A queue waiting for its turn will look at its FIFO again; the
 * active one only if it has not yet this turn.
 */
static const struct request *cfq_next_to_send(struct cfq_data *cfqd,
					      struct cfq_queue *cfqq, unsigned long now)
{
	bool fifo_checked = cfqq == cfqd->active_queue && cfq_cfqq_fifo_expire(cfqq);

	if (!fifo_checked && !list_empty(&cfqq->fifo)) {
		const struct request *head = rq_entry_fifo(cfqq->fifo.next);

		if (!time_before(now, head->fifo_time))
			return head;
	}
	return cfqq->next_rq;
}

static void cfq_show_queue(struct blk_dump *d, struct cfq_data *cfqd,
			   struct cfq_queue *cfqq)
{
	char name[40], state[64], title[192];

	cfq_queue_name(cfqq, name, sizeof(name));
	cfq_slice_state(cfqd, cfqq, d->now, state, sizeof(state));
	scnprintf(title, sizeof(title), "  queue %s, %s; %d sent this turn, %d not completed",
		  name, state, cfqq->slice_dispatch, cfqq->dispatched);
	blk_dump_rq_tree(d, title, &cfqq->sort_list, BLK_DUMP_EXPIRY | BLK_DUMP_EXPIRED_AT,
			 cfq_next_to_send(cfqd, cfqq, d->now));
}

void cfq_show(struct request_queue *q, struct blk_dump *d)
{
	struct cfq_data *cfqd = q->elevator->elevator_data;
	struct cfq_queue *active = cfqd->active_queue, *cfqq;
	unsigned int shown = 0, total = 0;
	char name[40];

	if (active)
		cfq_queue_name(active, name, sizeof(name));
	blk_dump_printf(d, "cfq: %u busy queue%s; turn: %s; in the driver: %d; "
			"sync not completed: %d\n",
			cfqd->busy_queues, cfqd->busy_queues == 1 ? "" : "s",
			active ? name : "nobody's", cfqd->rq_in_driver, cfqd->sync_flight);
	/* The active queue keeps the disk, then the classes take turns in order. */
	if (active && !cfq_cfqq_on_rr(active)) {
		cfq_show_queue(d, cfqd, active);
		shown++;
		total++;
	}
	for (int i = 0; i < CFQ_NR_CLASSES; i++)
		list_for_each_entry(cfqq, &cfqd->rr_list[i], rr_list) {
			total++;
			if (shown < CFQ_DUMP_MAX_QUEUES) {
				cfq_show_queue(d, cfqd, cfqq);
				shown++;
			}
		}
	if (total > shown)
		blk_dump_printf(d, "  ... and %u more queues not shown\n", total - shown);
}
