/*
 * test_shell_io.c - host tests for shell/io_util.c, the portable parts of
 * the shell's read, verify, cmp and dd: hexdump -C lines (against lines
 * GNU hexdump printed, and against a model fed random data full of
 * repeats, cut into any pieces), sector-by-sector differences against a
 * naive model, dd's operands and what they add up to at every edge
 * (partial records, count=0, skip at the end, products past 2^64), and
 * chunked copies between overlapping ranges against memmove().
 */
#include <stdio.h>
#include <stdlib.h>
#include "harness.h"
#include "kernel.h"
#include "shell_args.h"
#include "shell_io.h"

/* ---- hexdump ---- */

/* What GNU hexdump -C printed for these 16 bytes at 0x10. */
TEST(hexdump_line_is_hexdump_c)
{
	static const u8 data[16] = "Hello.world\x01\x7f\x80 ~";
	struct hexdump h;
	char buf[HEXDUMP_LINE_MAX];
	u8 d[16];

	memcpy(d, data, 16);
	d[5] = '\n';
	hexdump_init(&h);
	CHECK_EQ(hexdump_line(&h, 0x10, d, buf, sizeof(buf)), 79);
	CHECK_STREQ(buf, "00000010  48 65 6c 6c 6f 0a 77 6f  72 6c 64 01 7f 80 20 7e  "
		    "|Hello.world... ~|\n");
	/* The same bytes again: a star, then nothing. */
	CHECK_EQ(hexdump_line(&h, 0x20, d, buf, sizeof(buf)), 2);
	CHECK_STREQ(buf, "*\n");
	CHECK_EQ(hexdump_line(&h, 0x30, d, buf, sizeof(buf)), 0);
	CHECK_STREQ(buf, "");
	d[15] = 0;
	CHECK_EQ(hexdump_line(&h, 0x40, d, buf, sizeof(buf)), 79);
	CHECK_STREQ(buf, "00000040  48 65 6c 6c 6f 0a 77 6f  72 6c 64 01 7f 80 20 00  "
		    "|Hello.world... .|\n");
	CHECK_EQ(hexdump_end(0x50, buf, sizeof(buf)), 9);
	CHECK_STREQ(buf, "00000050\n");
	/* Offsets past 4 GiB widen, as hexdump's do. */
	hexdump_init(&h);
	hexdump_line(&h, 0x123456780ULL, d, buf, sizeof(buf));
	CHECK(!strncmp(buf, "123456780  48 ", 14));
	hexdump_end(0xffffffffffffff00ULL, buf, sizeof(buf));
	CHECK_STREQ(buf, "ffffffffffffff00\n");
	/* A buffer too small gets nothing, and no overflow (ASan). */
	hexdump_init(&h);
	CHECK_EQ(hexdump_line(&h, 0, d, buf, 10), 0);
	CHECK_EQ(hexdump_end(0, buf, 0), 0);
}

/* The model: hexdump -C over a whole buffer at once. */
static size_t model_hexdump(u64 base, const u8 *data, size_t len, char *out)
{
	size_t n = 0;
	bool star = false;

	for (size_t off = 0; off < len; off += 16) {
		if (off && !memcmp(data + off, data + off - 16, 16)) {
			if (!star)
				n += sprintf(out + n, "*\n");
			star = true;
			continue;
		}
		star = false;
		n += sprintf(out + n, "%08llx ", (unsigned long long)(base + off));
		for (int i = 0; i < 16; i++)
			n += sprintf(out + n, "%s %02x", i == 8 ? " " : "", data[off + i]);
		n += sprintf(out + n, "  |");
		for (int i = 0; i < 16; i++) {
			u8 c = data[off + i];

			out[n++] = c >= 32 && c < 127 ? (char)c : '.';
		}
		n += sprintf(out + n, "|\n");
	}
	return n + sprintf(out + n, "%08llx\n", (unsigned long long)(base + len));
}

TEST(hexdump_fuzz_matches_the_model)
{
	static u8 data[64 * 16];
	static char want[64 * 90 + 32], got[64 * 90 + 32];

	srand(7);
	for (int round = 0; round < 2000; round++) {
		size_t lines = 1 + rand() % 64, n = 0;
		u64 base = (u64)(rand() % 5000) * 512 + (round % 3 ? 0 : 0x7fffff000ULL);
		struct hexdump h;

		/* Lines from a small set, so runs of equal lines are common. */
		for (size_t l = 0; l < lines; l++) {
			int kind = rand() % 4;

			for (int i = 0; i < 16; i++)
				data[l * 16 + i] = kind == 0 ? 0 : kind == 1 ? (u8)(i * 17) :
						   kind == 2 ? 0xff : (u8)rand();
		}
		model_hexdump(base, data, lines * 16, want);
		hexdump_init(&h);
		for (size_t l = 0; l < lines; l++)
			n += hexdump_line(&h, base + l * 16, data + l * 16, got + n, HEXDUMP_LINE_MAX);
		hexdump_end(base + lines * 16, got + n, HEXDUMP_LINE_MAX);
		if (strcmp(want, got)) {
			harness_fail(__FILE__, __LINE__, "round %d:\n%s---\n%s", round, want, got);
			break;
		}
	}
}

/* ---- differences ---- */

TEST(diff_first_byte_and_bad_sectors)
{
	static u8 a[4096], b[4096];
	struct io_diff d = { 0 };

	memset(a, 0x11, sizeof(a));
	memcpy(b, a, sizeof(b));
	io_diff_add(&d, 1 << 20, a, b, sizeof(a));
	CHECK(!d.found);
	CHECK_EQ(d.bad_sectors, 0);
	b[512 + 18] = 0x22;
	b[512 + 100] = 0x33;
	b[3 * 512] = 0;
	io_diff_add(&d, 1 << 20, a, b, sizeof(a));
	CHECK(d.found);
	CHECK_EQ(d.first, (1 << 20) + 512 + 18);
	CHECK_EQ(d.want, 0x11);
	CHECK_EQ(d.got, 0x22);
	CHECK_EQ(d.bad_sectors, 2);
	/* Later pieces add to the count; the first difference stays. */
	io_diff_add(&d, 2 << 20, a, b, 1024);
	CHECK_EQ(d.first, (1 << 20) + 512 + 18);
	CHECK_EQ(d.bad_sectors, 3);
	/* The last byte of a sector counts too. */
	memset(&d, 0, sizeof(d));
	memcpy(b, a, sizeof(b));
	b[4095] = 0;
	io_diff_add(&d, 0, a, b, sizeof(a));
	CHECK_EQ(d.first, 4095);
	CHECK_EQ(d.bad_sectors, 1);
}

TEST(diff_fuzz_any_pieces)
{
	static u8 a[64 * 512], b[64 * 512];

	srand(11);
	for (int round = 0; round < 500; round++) {
		size_t sectors = 1 + rand() % 64, first = ~(size_t)0;
		u64 bad = 0, base = (u64)(rand() % 1000) * 512;
		struct io_diff d = { 0 };

		for (size_t i = 0; i < sectors * 512; i++)
			a[i] = b[i] = (u8)rand();
		for (int k = rand() % 6; k > 0; k--)
			b[rand() % (sectors * 512)] ^= (u8)(1 + rand() % 255);
		for (size_t s = 0; s < sectors; s++) {
			for (size_t i = s * 512; i < s * 512 + 512; i++)
				if (a[i] != b[i] && first == ~(size_t)0)
					first = i;
			bad += memcmp(a + s * 512, b + s * 512, 512) != 0;
		}
		for (size_t done = 0; done < sectors;) {
			size_t n = 1 + rand() % (sectors - done);

			io_diff_add(&d, base + done * 512, a + done * 512, b + done * 512, n * 512);
			done += n;
		}
		CHECK_EQ(d.bad_sectors, bad);
		CHECK_EQ(d.found, first != ~(size_t)0);
		if (d.found) {
			CHECK_EQ(d.first, base + first);
			CHECK_EQ(d.want, a[first]);
			CHECK_EQ(d.got, b[first]);
		}
	}
}

/* ---- dd ---- */

static int dd_parse(const char *line, struct dd_args *a, char *msg, size_t size)
{
	static char buf[256];
	char *argv[16];
	int argc;

	snprintf(buf, sizeof(buf), "dd %s", line);
	argc = shell_split(buf, argv, 16);
	return io_dd_parse(argc, argv, a, msg, size);
}

/* args.c's KEY=VALUE matcher, which dd's operands and bench's options use. */
TEST(key_value_words)
{
	CHECK_STREQ(shell_key_value("bs=4k", "bs"), "4k");
	CHECK_STREQ(shell_key_value("if=", "if"), "");
	CHECK_STREQ(shell_key_value("of=a=b", "of"), "a=b");
	CHECK(!shell_key_value("bs", "bs"));
	CHECK(!shell_key_value("b=4k", "bs"));
	CHECK(!shell_key_value("bss=4k", "bs"));
	CHECK(!shell_key_value("=4k", "bs"));
	CHECK(!shell_key_value("", "bs"));
	CHECK(!shell_key_value("count=1", "c"));
}

TEST(dd_operands)
{
	struct dd_args a;
	char msg[128];

	CHECK_EQ(dd_parse("if=sda of=sdb", &a, msg, sizeof(msg)), 0);
	CHECK_STREQ(a.in, "sda");
	CHECK_STREQ(a.out, "sdb");
	CHECK_EQ(a.bs, 512);
	CHECK(!a.has_count);
	CHECK_EQ(a.skip, 0);
	CHECK_EQ(a.seek, 0);
	CHECK_EQ(dd_parse("seek=3 bs=4k count=0x10 of=hda1 skip=2 if=sda", &a, msg,
			  sizeof(msg)), 0);
	CHECK_EQ(a.bs, 4096);
	CHECK(a.has_count);
	CHECK_EQ(a.count, 16);
	CHECK_EQ(a.skip, 2);
	CHECK_EQ(a.seek, 3);
	CHECK_STREQ(a.out, "hda1");
	CHECK_EQ(dd_parse("if=a of=b bs=1M count=1k", &a, msg, sizeof(msg)), 0);
	CHECK_EQ(a.bs, 1 << 20);
	CHECK_EQ(a.count, 1024);
	CHECK_EQ(dd_parse("if=a of=b count=0", &a, msg, sizeof(msg)), 0);
	CHECK(a.has_count);
	CHECK_EQ(a.count, 0);
}

TEST(dd_operand_errors)
{
	static const struct { const char *line, *msg; } bad[] = {
		{ "", "" }, { "if=sda", "" }, { "of=sda", "" },
		{ "if=a of=b bs=1000", "bs=1000: must be a nonzero multiple of 512" },
		{ "if=a of=b bs=0", "bs=0: must be a nonzero multiple of 512" },
		{ "if=a of=b bs=12x", "bs=12x: not a size (512, 4k, 1M...)" },
		{ "if=a of=b bs=", "bs=: not a size (512, 4k, 1M...)" },
		{ "if=a of=b count=-1", "count=-1: not a number of blocks" },
		{ "if=a of=b skip=99999999999999999999", "skip=99999999999999999999: not a number of blocks" },
		{ "if=a of=b seek=1.5", "seek=1.5: not a number of blocks" },
		{ "if=a of=b if=c", "if= given twice" },
		{ "if= of=b", "if= needs a device name" },
		{ "if=a of=b conv=notrunc", "'conv=notrunc' is not an operand (KEY=VALUE, KEY one "
					    "of if of bs count skip seek)" },
		{ "if=a of=b sda", "'sda' is not an operand (KEY=VALUE, KEY one of if of bs "
				   "count skip seek)" },
		{ "if=a of=b =x", "'=x' is not an operand (KEY=VALUE, KEY one of if of bs count "
				  "skip seek)" },
		{ "if=a of=b IF=c", "'IF=c' is not an operand (KEY=VALUE, KEY one of if of bs "
				    "count skip seek)" },
		{ "if=a of=b ifx=c", "'ifx=c' is not an operand (KEY=VALUE, KEY one of if of bs "
				     "count skip seek)" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct dd_args a, before;
		char msg[128] = "junk";

		memset(&a, 0xa5, sizeof(a));
		before = a;
		CHECK_EQ(dd_parse(bad[i].line, &a, msg, sizeof(msg)), -EINVAL);
		CHECK_STREQ(msg, bad[i].msg);
		CHECK(!memcmp(&a, &before, sizeof(a)));
	}
	/* A tiny message buffer is cut, not overrun (ASan). */
	{
		struct dd_args a;
		char msg[4];

		CHECK_EQ(dd_parse("if=a of=b bs=3", &a, msg, sizeof(msg)), -EINVAL);
		CHECK_STREQ(msg, "bs=");
	}
}

/* Plan "LINE" on devices of @in and @out sectors; the error and message. */
static int plan(const char *line, u64 in, u64 out, struct dd_plan *p, bool *which,
		char *msg)
{
	struct dd_args a;

	msg[0] = '\0';
	CHECK_EQ(dd_parse(line, &a, msg, 160), 0);
	return io_dd_plan(&a, in, out, p, which, msg, 160);
}

TEST(dd_plans)
{
	struct dd_plan p;
	bool out;
	char msg[160];

	CHECK_EQ(plan("if=a of=b", 4096, 8192, &p, &out, msg), 0);
	CHECK_EQ(p.src, 0);
	CHECK_EQ(p.sectors, 4096);
	CHECK_EQ(p.full, 4096);
	CHECK(!p.partial);
	/* To the end of if=, with a short last record. */
	CHECK_EQ(plan("if=a of=b bs=4k skip=1", 4100, 8192, &p, &out, msg), 0);
	CHECK_EQ(p.src, 8);
	CHECK_EQ(p.sectors, 4092);
	CHECK_EQ(p.full, 511);
	CHECK(p.partial);
	CHECK_EQ(plan("if=a of=b bs=1k count=3 skip=2 seek=5", 4096, 4096, &p, &out, msg), 0);
	CHECK_EQ(p.src, 4);
	CHECK_EQ(p.dst, 10);
	CHECK_EQ(p.sectors, 6);
	CHECK_EQ(p.full, 3);
	/* Nothing to copy is fine: count=0, or skip= right at the end. */
	CHECK_EQ(plan("if=a of=b count=0 skip=4096 seek=100", 4096, 100, &p, &out, msg), 0);
	CHECK_EQ(p.sectors, 0);
	CHECK_EQ(plan("if=a of=b skip=4096", 4096, 100, &p, &out, msg), 0);
	CHECK_EQ(p.sectors, 0);
	CHECK_EQ(p.full, 0);
	CHECK(!p.partial);
	/* The whole of one device onto another exactly its size. */
	CHECK_EQ(plan("if=a of=b bs=1M", 2048, 2048, &p, &out, msg), 0);
	CHECK_EQ(p.full, 1);
}

TEST(dd_plan_errors)
{
	struct dd_plan p, before;
	bool out;
	char msg[160];

	memset(&p, 0xa5, sizeof(p));
	before = p;
	CHECK_EQ(plan("if=a of=b skip=4097", 4096, 8192, &p, &out, msg), -ERANGE);
	CHECK(!out);
	CHECK_STREQ(msg, "LBA 4097 is past the end of the device (4096 sectors, 2 MiB)");
	CHECK_EQ(plan("if=a of=b count=10 skip=4090", 4096, 8192, &p, &out, msg), -ERANGE);
	CHECK(!out);
	CHECK_STREQ(msg, "LBA 4090 + 10 sectors is past the end of the device "
		    "(4096 sectors, 2 MiB)");
	/* of= too small for what if= holds. */
	CHECK_EQ(plan("if=a of=b", 4096, 2048, &p, &out, msg), -ERANGE);
	CHECK(out);
	CHECK_STREQ(msg, "LBA 0 + 4096 sectors is past the end of the device "
		    "(2048 sectors, 1 MiB)");
	CHECK_EQ(plan("if=a of=b count=0 seek=2049", 4096, 2048, &p, &out, msg), -ERANGE);
	CHECK(out);
	CHECK_STREQ(msg, "LBA 2049 is past the end of the device (2048 sectors, 1 MiB)");
	/* Products past 2^64 are errors, not wrapped small numbers. */
	CHECK_EQ(plan("if=a of=b bs=1G count=0x80000000000", 4096, 4096, &p, &out, msg),
		 -ERANGE);
	CHECK(!out);
	CHECK_STREQ(msg, "count=8796093022208 blocks of 1073741824 bytes is more than any "
		    "device holds");
	CHECK_EQ(plan("if=a of=b bs=1G skip=0x80000000000", 4096, 4096, &p, &out, msg), -ERANGE);
	CHECK(!out);
	CHECK_EQ(plan("if=a of=b bs=1G seek=0x80000000000 count=1", 1 << 21, 4096, &p, &out,
		      msg), -ERANGE);
	CHECK(out);
	CHECK_STREQ(msg, "seek=8796093022208 blocks of 1073741824 bytes is past the end of "
		    "any device");
	/* Just below the wrap: an ordinary range error. */
	CHECK_EQ(plan("if=a of=b bs=1G count=0x7ffffffffff", 4096, 4096, &p, &out, msg),
		 -ERANGE);
	CHECK(!strncmp(msg, "LBA 0 + 18446744073707454464 sectors is past", 44));
	CHECK(!memcmp(&p, &before, sizeof(p)));
}

/* ---- copies between overlapping ranges ---- */

TEST(chunked_copy_is_memmove)
{
	static u8 disk[4096], want[4096];

	srand(3);
	CHECK(io_copy_backward(10, 11, 2));
	CHECK(!io_copy_backward(10, 12, 2));	/* touching, not overlapping */
	CHECK(!io_copy_backward(11, 10, 2));	/* below: forwards is right */
	CHECK(!io_copy_backward(10, 10, 5));	/* in place */
	CHECK(!io_copy_backward(0, 5, 0));
	CHECK(io_copy_backward(0, 1, ~0ULL));
	for (int round = 0; round < 20000; round++) {
		u64 len = 1 + rand() % 600, src = rand() % (4096 - len), dst = rand() % (4096 - len);
		u64 chunk = 1 + rand() % 300, done = 0;
		bool back = io_copy_backward(src, dst, len);

		if (round % 4 == 0)	/* overlapping by a little or a lot */
			dst = src + (rand() % 2 ? 1 : -1) * (rand() % len);
		if (dst > 4096 - len)
			dst = 4096 - len;
		back = io_copy_backward(src, dst, len);
		for (int i = 0; i < 4096; i++)
			disk[i] = want[i] = (u8)rand();
		memmove(want + dst, want + src, len);
		/* As dd does it: read a chunk whole, then write it. */
		while (done < len) {
			u64 n = chunk < len - done ? chunk : len - done;
			u64 off = io_chunk_offset(len, done, n, back);
			u8 buf[300];

			memcpy(buf, disk + src + off, n);
			memcpy(disk + dst + off, buf, n);
			done += n;
		}
		if (memcmp(disk, want, sizeof(disk))) {
			harness_fail(__FILE__, __LINE__, "src %llu dst %llu len %llu chunk %llu",
				     (unsigned long long)src, (unsigned long long)dst,
				     (unsigned long long)len, (unsigned long long)chunk);
			break;
		}
	}
}
