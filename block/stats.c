/*
 * stats.c - a disk's counters as text: Linux's /proc/diskstats line
 * (block/genhd.c's diskstats_show in Linux 2.6) and a line of the
 * queue's own counters, which Linux never had in one place.
 *
 * The counters are kept by blk-core.c (ios, merges, sectors, ticks,
 * in_flight, io_ticks, time_in_queue: in part0 for the whole disk, and
 * in the partition a request began in, as Linux 2.6.28 on) and by the
 * queue (struct blk_queue_stats). Here they are only formatted.
 */
#include "kernel.h"
#include "blkdev.h"
#include "string.h"

/* Linux's numbers where Linux has the driver: ram 1, IDE 3, SCSI/SATA 8. */
#define RAM_MAJOR		1
#define IDE0_MAJOR		3
#define SCSI_DISK0_MAJOR	8
#define DISKSTATS_UNKNOWN_MAJOR	0	/* no driver number, no name rule */

/*
 * A disk whose driver set no major gets Linux's from its name: ramN is
 * 1:N, sdX is 8:16*X, hdX is 3:64*X (the minors Linux leaves for
 * partitions). Names only: the block layer does not know drivers.
 */
static void diskstats_numbers(const struct gendisk *disk, int *major, int *minor)
{
	const char *name = disk->disk_name;
	unsigned long n;

	*major = disk->major;
	*minor = disk->first_minor;
	if (*major)
		return;
	if (!strncmp(name, "ram", 3) && !kstrtoul(name + 3, 10, &n)) {
		*major = RAM_MAJOR;
		*minor = (int)n;
	} else if (!strncmp(name, "sd", 2) && name[2] >= 'a' && name[2] <= 'z' && !name[3]) {
		*major = SCSI_DISK0_MAJOR;
		*minor = (name[2] - 'a') * 16;
	} else if (!strncmp(name, "hd", 2) && name[2] >= 'a' && name[2] <= 'z' && !name[3]) {
		*major = IDE0_MAJOR;
		*minor = (name[2] - 'a') * 64;
	} else {
		*major = DISKSTATS_UNKNOWN_MAJOR;
	}
}

int diskstats_show_line(struct gendisk *disk, int partno, char *buf, size_t len)
{
	const struct hd_struct *part;
	const struct disk_stats *st;
	const char *name;
	int major, minor;

	if (partno < 0 || partno >= DISK_MAX_PARTS)
		return -EINVAL;
	part = partno ? disk->part[partno] : &disk->part0;
	if (!part)
		return -EINVAL;
	name = disk->bdev[partno] ? disk->bdev[partno]->name : disk->disk_name;
	diskstats_numbers(disk, &major, &minor);
	st = &part->dkstats;
	/* Linux 2.6's format, field for field (Documentation/iostats.txt). */
	return snprintf(buf, len,
			"%4d %7d %s %lu %lu %llu %lu %lu %lu %llu %lu %lu %lu %lu\n",
			major, minor + partno, name,
			st->ios[0], st->merges[0], st->sectors[0], st->ticks[0],
			st->ios[1], st->merges[1], st->sectors[1], st->ticks[1],
			st->in_flight, st->io_ticks, st->time_in_queue);
}

static const char *const unplug_names[NR_UNPLUG_CAUSES] = {
	[UNPLUG_TIMER] = "timer", [UNPLUG_THRESH] = "thresh",
	[UNPLUG_SYNC] = "sync", [UNPLUG_EXPLICIT] = "explicit",
};

int blk_queue_stats_show_line(struct gendisk *disk, char *buf, size_t len)
{
	const struct blk_queue_stats *s;
	int n;

	if (!disk->queue)
		return -EINVAL;
	s = &disk->queue->stats;
	n = snprintf(buf, len, "%s back_merges %lu front_merges %lu rq_merges %lu "
		     "bounced_bios %lu plugs %lu", disk->disk_name, s->back_merges,
		     s->front_merges, s->rq_merges, s->bounced_bios, s->plugs);
	for (int i = 0; i < NR_UNPLUG_CAUSES; i++)
		n += snprintf(buf + min_t(size_t, n, len), len - min_t(size_t, n, len),
			      " unplug_%s %lu", unplug_names[i], s->unplugs[i]);
	n += snprintf(buf + min_t(size_t, n, len), len - min_t(size_t, n, len),
		      " get_request_sleeps %lu nowait_again %lu splits %lu timeouts %lu"
		      " elevator_switches %lu\n", s->get_request_sleeps, s->nowait_again,
		      s->splits, s->timeouts, s->elevator_switches);
	return n;
}
