/*
 * io_util.c - the portable parts of read, verify, cmp and dd: hexdump -C
 * lines, sector-by-sector comparison, dd's operands and ranges.
 *
 * Like args.c, every input here may be anything the user typed, so each
 * function is total, and products that could pass 2^64 are checked
 * before they are made. Tested on the host (tests/host/test_shell_io.c).
 */
#include "kernel.h"
#include "shell_args.h"
#include "shell_io.h"
#include "string.h"

/* ---- hexdump -C ---- */

void hexdump_init(struct hexdump *h)
{
	memset(h, 0, sizeof(*h));
}

size_t hexdump_line(struct hexdump *h, u64 offset, const u8 *data, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t n;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (h->have_prev && !memcmp(h->prev, data, 16)) {
		if (h->starred)
			return 0;
		h->starred = true;
		return scnprintf(buf, size, "*\n");
	}
	memcpy(h->prev, data, 16);
	h->have_prev = true;
	h->starred = false;
	if (size < HEXDUMP_LINE_MAX)
		return 0;
	n = scnprintf(buf, size, "%08llx  ", (unsigned long long)offset);
	for (int i = 0; i < 16; i++) {
		buf[n++] = hex[data[i] >> 4];
		buf[n++] = hex[data[i] & 15];
		buf[n++] = ' ';
		if (i == 7)
			buf[n++] = ' ';
	}
	buf[n++] = ' ';
	buf[n++] = '|';
	for (int i = 0; i < 16; i++)
		buf[n++] = data[i] >= 0x20 && data[i] < 0x7f ? (char)data[i] : '.';
	buf[n++] = '|';
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

size_t hexdump_end(u64 offset, char *buf, size_t size)
{
	return size ? scnprintf(buf, size, "%08llx\n", (unsigned long long)offset) : 0;
}

/* ---- comparing ---- */

void io_diff_add(struct io_diff *d, u64 pos, const u8 *want, const u8 *got, size_t len)
{
	for (size_t s = 0; s + 512 <= len; s += 512) {
		size_t i;

		if (!memcmp(want + s, got + s, 512))
			continue;
		d->bad_sectors++;
		if (d->found)
			continue;
		for (i = s; want[i] == got[i]; i++)
			;
		d->found = true;
		d->first = pos + i;
		d->want = want[i];
		d->got = got[i];
	}
}

/* ---- dd ---- */

static const char *const dd_keys[] = { "if", "of", "bs", "count", "skip", "seek" };

int io_dd_parse(int argc, char *const argv[], struct dd_args *a, char *msg, size_t size)
{
	struct dd_args r = { .bs = 512 };
	unsigned int seen = 0;

	if (size)
		msg[0] = '\0';
	for (int i = 1; i < argc; i++) {
		const char *val = NULL;
		unsigned int k;
		u64 v;

		for (k = 0; k < ARRAY_SIZE(dd_keys); k++)
			if ((val = shell_key_value(argv[i], dd_keys[k])))
				break;
		if (k == ARRAY_SIZE(dd_keys)) {
			snprintf(msg, size, "'%s' is not an operand (KEY=VALUE, KEY one of "
				 "if of bs count skip seek)", argv[i]);
			return -EINVAL;
		}
		if (seen & (1u << k)) {
			snprintf(msg, size, "%s= given twice", dd_keys[k]);
			return -EINVAL;
		}
		seen |= 1u << k;
		if (k < 2) {
			if (!*val) {
				snprintf(msg, size, "%s= needs a device name", dd_keys[k]);
				return -EINVAL;
			}
			if (k == 0)
				r.in = val;
			else
				r.out = val;
			continue;
		}
		if (shell_parse_size(val, &v)) {
			snprintf(msg, size, "%s: not a %s", argv[i],
				 k == 2 ? "size (512, 4k, 1M...)" : "number of blocks");
			return -EINVAL;
		}
		switch (k) {
		case 2:
			if (!v || v & 511) {
				snprintf(msg, size, "bs=%s: must be a nonzero multiple of 512", val);
				return -EINVAL;
			}
			r.bs = v;
			break;
		case 3:
			r.count = v;
			r.has_count = true;
			break;
		case 4:
			r.skip = v;
			break;
		default:
			r.seek = v;
			break;
		}
	}
	if (!r.in || !r.out)
		return -EINVAL;		/* the usage line says what is needed */
	*a = r;
	return 0;
}

/* @blocks of @bs_sects sectors, or false if that passes 2^64 - 1. */
static bool blocks_to_sectors(u64 blocks, u64 bs_sects, u64 *sectors)
{
	if (blocks && bs_sects > ~0ULL / blocks)
		return false;
	*sectors = blocks * bs_sects;
	return true;
}

/*
 * Is [@lba, +@n) on a device of @cap sectors? Like shell_check_range(),
 * but an empty range is fine wherever it does not start past the end.
 */
static int dd_check(u64 lba, u64 n, u64 cap, char *msg, size_t size)
{
	if (!n)
		return lba <= cap ? 0 : shell_check_range(lba, 1, cap, msg, size);
	return shell_check_range(lba, n, cap, msg, size);
}

int io_dd_plan(const struct dd_args *a, u64 in_cap, u64 out_cap, struct dd_plan *p,
	       bool *which_out, char *msg, size_t size)
{
	u64 bs_sects = a->bs >> 9;
	struct dd_plan r = { 0 };

	*which_out = false;
	if (!blocks_to_sectors(a->skip, bs_sects, &r.src)) {
		snprintf(msg, size, "skip=%llu blocks of %llu bytes is past the end of any device",
			 (unsigned long long)a->skip, (unsigned long long)a->bs);
		return -ERANGE;
	}
	if (a->has_count) {
		if (!blocks_to_sectors(a->count, bs_sects, &r.sectors)) {
			snprintf(msg, size, "count=%llu blocks of %llu bytes is more than any device holds",
				 (unsigned long long)a->count, (unsigned long long)a->bs);
			return -ERANGE;
		}
		r.full = a->count;
	} else {
		/* Up to the end of if=, the last record short if bs does not divide it. */
		if (r.src > in_cap)
			return dd_check(r.src, 0, in_cap, msg, size);
		r.sectors = in_cap - r.src;
		r.full = r.sectors / bs_sects;
		r.partial = r.sectors % bs_sects != 0;
	}
	if (dd_check(r.src, r.sectors, in_cap, msg, size))
		return -ERANGE;
	*which_out = true;
	if (!blocks_to_sectors(a->seek, bs_sects, &r.dst)) {
		snprintf(msg, size, "seek=%llu blocks of %llu bytes is past the end of any device",
			 (unsigned long long)a->seek, (unsigned long long)a->bs);
		return -ERANGE;
	}
	if (dd_check(r.dst, r.sectors, out_cap, msg, size))
		return -ERANGE;
	*p = r;
	return 0;
}
