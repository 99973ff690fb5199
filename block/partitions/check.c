/*
 * check.c - the partition-table scan of a disk (Linux 2.6's
 * fs/partitions/check.c: check_partition, put_partition, disk_name).
 *
 * On the path of a disk's arrival: add_disk -> rescan_partitions ->
 * check_partition() here -> each parser in check_part[] in turn, until one
 * recognises the disk. The block core then turns parts[] into partition
 * devices (sda1 ...), which blk_partition_remap() later maps back to the
 * disk. See check.h for the contract and the rules every parser follows.
 */
#include "kernel.h"
#include "string.h"
#include "check.h"

/*
 * The order matters: a GPT disk also carries a valid-looking MBR (the
 * protective one), so GPT must be asked first.
 */
static const struct {
	const char *name;
	int (*parse)(struct parsed_partitions *state);
} check_part[] = {
	{ "gpt", efi_partition },
	{ "msdos", msdos_partition },
};

char *disk_name(const char *disk, int partno, char *buf)
{
	size_t len = strnlen(disk, BDEVNAME_SIZE - 1);
	bool digit = len && disk[len - 1] >= '0' && disk[len - 1] <= '9';

	if (!partno)
		snprintf(buf, BDEVNAME_SIZE, "%.*s", (int)len, disk);
	else
		snprintf(buf, BDEVNAME_SIZE, "%.*s%s%d", (int)len, disk,
			 digit ? "p" : "", partno);
	return buf;
}

void pp_append(struct parsed_partitions *state, const char *fmt, ...)
{
	static const char more[] = "...";
	size_t size = sizeof(state->pp_buf);
	size_t len = strnlen(state->pp_buf, size - 1);
	va_list ap;
	int n;

	if (len >= sizeof(more) - 1 &&
	    strcmp(state->pp_buf + len - (sizeof(more) - 1), more) == 0)
		return;		/* already truncated */
	va_start(ap, fmt);
	n = vsnprintf(state->pp_buf + len, size - len, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < size - len)
		return;
	/* Did not fit: end the line with "..." so the cut shows. */
	memcpy(state->pp_buf + size - sizeof(more), more, sizeof(more));
}

void put_partition(struct parsed_partitions *p, int n, sector_t from,
		   sector_t size)
{
	char name[BDEVNAME_SIZE];

	if (n < 1 || n >= p->limit)
		return;
	p->parts[n].from = from;
	p->parts[n].size = size;
	p->parts[n].flags = ADDPART_FLAG_NONE;
	p->parts[n].sys_ind = 0;
	memset(p->parts[n].type_guid, 0, sizeof(p->parts[n].type_guid));
	p->parts[n].label[0] = '\0';
	pp_append(p, " %s", disk_name(p->name, n, name));
}

void part_warn(struct parsed_partitions *state, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_warn("%s: %s\n", state->name, msg);
	state->warnings++;
}

int part_read(struct parsed_partitions *state, sector_t sector, void *buf)
{
	int err;

	if (sector >= state->capacity)
		return -ENXIO;
	err = state->read_sector(state->ctx, sector, buf);
	if (err > 0)
		err = -EIO;
	if (err)
		part_warn(state, "unable to read sector %llu (error %d)",
			  llu(sector), err);
	return err;
}

int part_overlaps(struct parsed_partitions *state, sector_t from,
		  sector_t size)
{
	for (int n = 1; n < state->limit; n++) {
		sector_t f = state->parts[n].from, s = state->parts[n].size;

		if (!s || (state->parts[n].flags & ADDPART_FLAG_EXTENDED))
			continue;
		if (sectors_overlap(from, size, f, s))
			return n;
	}
	return 0;
}

/* Forget whatever a parser that gave up had recorded. */
static void check_reset(struct parsed_partitions *state)
{
	memset(state->parts, 0, sizeof(state->parts));
	state->limit = DISK_MAX_PARTS;
	state->next = 1;
	state->pp_buf[0] = '\0';
	state->table = NULL;
}

int check_partition(struct parsed_partitions *state)
{
	int err = 0;

	state->name[BDEVNAME_SIZE - 1] = '\0';
	state->warnings = 0;
	check_reset(state);
	if (!state->read_sector)
		return -EINVAL;

	for (size_t i = 0; i < ARRAY_SIZE(check_part); i++) {
		int res = state->capacity ? check_part[i].parse(state) : 0;

		if (res > 0) {
			state->table = check_part[i].name;
			pr_info("%s:%s\n", state->name, state->pp_buf);
			return 1;
		}
		/*
		 * An I/O error is remembered but the next parser still gets
		 * its turn (it may not need the unreadable sector).
		 */
		if (res < 0 && !err)
			err = res;
		check_reset(state);
	}
	if (err) {
		pp_append(state, " unable to read partition table");
		pr_warn("%s: unable to read partition table (error %d)\n",
			state->name, err);
		return err;
	}
	pp_append(state, " unknown partition table");
	pr_info("%s: unknown partition table\n", state->name);
	return 0;
}
