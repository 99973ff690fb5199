/*
 * msdos.c - MBR ("DOS") partition tables (Linux 2.6's
 * fs/partitions/msdos.c: msdos_partition, parse_extended).
 *
 * Sector 0 ends in 0x55 0xAA and holds four 16-byte entries at 0x1be.
 * Entry i is partition i (1..4), even when an earlier slot is empty. An
 * entry of type 0x05, 0x0F or 0x85 is an extended partition: a container
 * whose first sector is an EBR (extended boot record), laid out like an
 * MBR, of which only two entries count:
 *
 *   entry 0  the logical partition, start relative to THIS EBR
 *   entry 1  link to the next EBR (an extended type), start relative to
 *            the START OF THE CONTAINER; size 0 ends the chain
 *
 * Logical partitions are numbered from 5 in chain order (state->next). An
 * EBR whose entry 0 is empty gives no number.
 *
 * The container itself is recorded, flagged ADDPART_FLAG_EXTENDED, with
 * min(size, 2) sectors, as Linux does for 512-byte sectors: enough for
 * tools to find it (and for LILO's boot sector), too small to mkfs by
 * mistake. Its log line shows the logicals in brackets:
 * " sda1 sda2 < sda5 sda6 > sda3".
 *
 * Checks, beyond Linux's (which accepted most of this and only printed):
 *  - boot indicators other than 0/0x80 mean "not a partition table" (a
 *    FAT boot sector or garbage), silently, as in Linux;
 *  - a type 0xEE entry means a GPT disk whose GPT was invalid: no table;
 *  - primaries: starting past the disk or at sector 0 (over the MBR),
 *    overlapping an earlier entry, or a second extended one: skipped;
 *    ending past the disk: clamped to it;
 *  - logicals: must lie inside the (clamped) container, after their own
 *    EBR, over no EBR seen and no earlier partition, else skipped;
 *  - the chain: at most DISK_MAX_PARTS EBRs; each link must stay inside
 *    the container, reach an EBR not visited before (a visited set, so a
 *    loop is caught at once) and not land inside a partition; an EBR
 *    without 0x55AA, unreadable, or with a non-link second entry ends it.
 * Links may point backwards: fdisk writes such chains when a logical
 * partition is created in a gap below existing ones.
 */
#include "kernel.h"
#include "string.h"
#include "check.h"
#include "efi.h"		/* EFI_PMBR_OSTYPE_EFI_GPT */

#define MSDOS_LABEL_MAGIC_OFFSET	510	/* 0x55, 0xAA */
#define MSDOS_PART_TABLE_OFFSET		0x1be

/* Type bytes (Linux's include/linux/genhd.h names). */
#define DOS_EXTENDED_PARTITION		0x05
#define WIN98_EXTENDED_PARTITION	0x0f
#define LINUX_EXTENDED_PARTITION	0x85

/* The container is recorded this big (see above). */
#define MSDOS_EXTENDED_STUB_SECTORS	2

/* One 16-byte entry as stored (little-endian); offsets only, see below. */
struct msdos_partition {
	u8 boot_ind;		/* 0x80: active (bootable) */
	u8 head, sector, cyl;	/* CHS start: ignored, LBA rules */
	u8 sys_ind;		/* partition type */
	u8 end_head, end_sector, end_cyl;
	u32 start_sect;		/* LBA start (relative, for EBR entries) */
	u32 nr_sects;
} __packed;

_Static_assert(sizeof(struct msdos_partition) == 16, "MBR entry layout");

/* An entry decoded into host order. */
struct mbr_entry {
	u8 boot_ind, sys_ind;
	sector_t start, size;
};

static void mbr_entry_get(const u8 *sector, int i, struct mbr_entry *e)
{
	const u8 *p = sector + MSDOS_PART_TABLE_OFFSET +
		      i * sizeof(struct msdos_partition);

	e->boot_ind = p[offsetof(struct msdos_partition, boot_ind)];
	e->sys_ind = p[offsetof(struct msdos_partition, sys_ind)];
	e->start = get_le32(p + offsetof(struct msdos_partition, start_sect));
	e->size = get_le32(p + offsetof(struct msdos_partition, nr_sects));
}

static bool msdos_magic_present(const u8 *sector)
{
	return sector[MSDOS_LABEL_MAGIC_OFFSET] == 0x55 &&
	       sector[MSDOS_LABEL_MAGIC_OFFSET + 1] == 0xaa;
}

static bool is_extended_partition(u8 sys_ind)
{
	return sys_ind == DOS_EXTENDED_PARTITION ||
	       sys_ind == WIN98_EXTENDED_PARTITION ||
	       sys_ind == LINUX_EXTENDED_PARTITION;
}

/* The EBR chain's walk: the container and the EBR sectors visited. */
struct ebr_walk {
	sector_t ext_start, ext_end;	/* container, end exclusive */
	sector_t visited[DISK_MAX_PARTS];
	int nr_visited;
};

static bool ebr_visited(const struct ebr_walk *w, sector_t from, sector_t size)
{
	for (int i = 0; i < w->nr_visited; i++)
		if (sectors_overlap(w->visited[i], 1, from, size))
			return true;
	return false;
}

/* Entry 0 of the EBR at @ebr: logical partition number state->next. */
static void msdos_add_logical(struct parsed_partitions *state,
			      struct ebr_walk *w, sector_t ebr,
			      const struct mbr_entry *e)
{
	int n = state->next++;		/* a skipped one keeps its number */
	sector_t from = ebr + e->start, size = e->size;
	char name[BDEVNAME_SIZE];
	int other;

	disk_name(state->name, n, name);
	if (e->start == 0) {
		part_warn(state, "%s starts on its own EBR at sector %llu, skipped",
			  name, llu(ebr));
		return;
	}
	if (from >= w->ext_end || size > w->ext_end - from) {
		part_warn(state, "%s (sectors %llu..%llu) is not inside the extended partition (sectors %llu..%llu), skipped",
			  name, llu(from), llu(from + size - 1),
			  llu(w->ext_start), llu(w->ext_end - 1));
		return;
	}
	other = part_overlaps(state, from, size);
	if (other) {
		part_warn(state, "%s (sectors %llu..%llu) overlaps partition %d, skipped",
			  name, llu(from), llu(from + size - 1), other);
		return;
	}
	if (ebr_visited(w, from, size)) {
		part_warn(state, "%s (sectors %llu..%llu) covers an EBR, skipped",
			  name, llu(from), llu(from + size - 1));
		return;
	}
	put_partition(state, n, from, size);
	state->parts[n].sys_ind = e->sys_ind;
}

/*
 * Where the chain goes after the EBR at @ebr, whose link entry is @link:
 * the next EBR's sector, or 0 to stop (the end, or a bad link: warned).
 */
static sector_t ebr_next(struct parsed_partitions *state, struct ebr_walk *w,
			 sector_t ebr, const struct mbr_entry *link)
{
	sector_t next = w->ext_start + link->start;
	int other;

	if (!link->size)
		return 0;		/* the normal end of the chain */
	if (!is_extended_partition(link->sys_ind)) {
		part_warn(state, "EBR at sector %llu: second entry has type %#04x, not a link; stopping",
			  llu(ebr), link->sys_ind);
		return 0;
	}
	if (next >= w->ext_end) {
		part_warn(state, "EBR at sector %llu links to sector %llu, outside the extended partition (sectors %llu..%llu); stopping",
			  llu(ebr), llu(next), llu(w->ext_start),
			  llu(w->ext_end - 1));
		return 0;
	}
	if (ebr_visited(w, next, 1)) {
		part_warn(state, "EBR chain loops at sector %llu, stopping",
			  llu(next));
		return 0;
	}
	other = part_overlaps(state, next, 1);
	if (other) {
		part_warn(state, "EBR at sector %llu links to sector %llu, inside partition %d; stopping",
			  llu(ebr), llu(next), other);
		return 0;
	}
	if (w->nr_visited == (int)ARRAY_SIZE(w->visited)) {
		part_warn(state, "EBR chain longer than %d links, stopping",
			  (int)ARRAY_SIZE(w->visited));
		return 0;
	}
	return next;
}

/* Walk the EBR chain of the container at @start, @size sectors. */
static void parse_extended(struct parsed_partitions *state, sector_t start,
			   sector_t size)
{
	struct ebr_walk w = { .ext_start = start, .ext_end = start + size };
	u8 buf[PART_SECTOR_SIZE];
	sector_t ebr = start;

	while (ebr) {
		struct mbr_entry data, link;

		w.visited[w.nr_visited++] = ebr;
		if (part_read(state, ebr, buf))
			return;		/* warned; keep the partitions found */
		if (!msdos_magic_present(buf)) {
			part_warn(state, "EBR at sector %llu has no 0x55AA signature, stopping",
				  llu(ebr));
			return;
		}
		mbr_entry_get(buf, 0, &data);
		mbr_entry_get(buf, 1, &link);
		if (data.size && is_extended_partition(data.sys_ind)) {
			part_warn(state, "EBR at sector %llu: first entry is an extended type %#04x, ignored",
				  llu(ebr), data.sys_ind);
		} else if (data.size) {
			if (state->next >= state->limit) {
				part_warn(state, "more than %d partitions: the rest of the EBR chain is ignored",
					  state->limit - 1);
				return;
			}
			msdos_add_logical(state, &w, ebr, &data);
		}
		ebr = ebr_next(state, &w, ebr, &link);
	}
}

/*
 * Check primary entry @i (partition i + 1) against the disk and the
 * entries accepted before it; clamps e->size. True if it is usable.
 */
static bool msdos_primary_ok(struct parsed_partitions *state,
			     struct mbr_entry *e, int i,
			     const struct mbr_entry *prim, const bool *ok,
			     int ext)
{
	char name[BDEVNAME_SIZE];

	disk_name(state->name, i + 1, name);
	if (e->start == 0 || e->start >= state->capacity) {
		part_warn(state, "%s (MBR entry %d) starts at sector %llu, %s; skipped",
			  name, i + 1, llu(e->start),
			  e->start ? "past the end of the disk" :
				     "over the partition table");
		return false;
	}
	if (e->size > state->capacity - e->start) {
		part_warn(state, "%s (MBR entry %d, sectors %llu..%llu) ends past the end of the disk (%llu sectors); clamped",
			  name, i + 1, llu(e->start),
			  llu(e->start + e->size - 1), llu(state->capacity));
		e->size = state->capacity - e->start;
	}
	if (is_extended_partition(e->sys_ind) && ext >= 0) {
		part_warn(state, "%s (MBR entry %d) is a second extended partition; skipped",
			  name, i + 1);
		return false;
	}
	for (int j = 0; j < i; j++) {
		if (ok[j] && sectors_overlap(e->start, e->size, prim[j].start,
					     prim[j].size)) {
			part_warn(state, "%s (MBR entry %d, sectors %llu..%llu) overlaps partition %d; skipped",
				  name, i + 1, llu(e->start),
				  llu(e->start + e->size - 1), j + 1);
			return false;
		}
	}
	return true;
}

/* Record the checked primaries in slot order, the container's chain inline. */
static void msdos_put_primaries(struct parsed_partitions *state,
				const struct mbr_entry *prim, const bool *ok)
{
	for (int i = 0; i < 4; i++) {
		const struct mbr_entry *e = &prim[i];

		if (!ok[i])
			continue;
		if (!is_extended_partition(e->sys_ind)) {
			put_partition(state, i + 1, e->start, e->size);
			state->parts[i + 1].sys_ind = e->sys_ind;
			continue;
		}
		put_partition(state, i + 1, e->start,
			      min_t(sector_t, e->size,
				    MSDOS_EXTENDED_STUB_SECTORS));
		state->parts[i + 1].sys_ind = e->sys_ind;
		state->parts[i + 1].flags |= ADDPART_FLAG_EXTENDED;
		pp_append(state, " <");
		parse_extended(state, e->start, e->size);
		pp_append(state, " >");
	}
}

int msdos_partition(struct parsed_partitions *state)
{
	u8 buf[PART_SECTOR_SIZE];
	struct mbr_entry prim[4];
	bool ok[4] = { false };
	int err, ext = -1;

	err = part_read(state, 0, buf);
	if (err)
		return err;
	if (!msdos_magic_present(buf))
		return 0;
	for (int i = 0; i < 4; i++) {
		mbr_entry_get(buf, i, &prim[i]);
		if (prim[i].boot_ind != 0 && prim[i].boot_ind != 0x80)
			return 0;	/* a FAT boot sector, or garbage */
	}
	for (int i = 0; i < 4; i++) {
		if (prim[i].sys_ind == EFI_PMBR_OSTYPE_EFI_GPT) {
			part_warn(state, "protective MBR (type 0xee) without a valid GPT: not used as an MBR");
			return 0;
		}
	}
	for (int i = 0; i < 4; i++) {
		if (!prim[i].size)
			continue;	/* an empty slot keeps its number */
		ok[i] = msdos_primary_ok(state, &prim[i], i, prim, ok, ext);
		if (ok[i] && is_extended_partition(prim[i].sys_ind))
			ext = i;
	}
	state->next = 5;
	msdos_put_primaries(state, prim, ok);
	return 1;
}
