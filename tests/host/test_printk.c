/*
 * test_printk.c - the log ring buffer and console output of
 * kernel/printk.c: levels, continuation lines, console filtering and
 * replay, and wrap-around that drops whole old lines.
 */
#include "harness.h"
#include "kernel.h"
#include "console.h"

static char captured[LOG_BUF_LEN * 2];
static size_t captured_len;

static void capture_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	if (captured_len + len < sizeof(captured)) {
		memcpy(captured + captured_len, s, len);
		captured_len += len;
		captured[captured_len] = '\0';
	}
}

static struct console capture = { .name = "capture", .write = capture_write };

static void capture_reset(void)
{
	captured_len = 0;
	captured[0] = '\0';
}

/* The log text from @from to the end, without level prefixes. */
static const char *log_since(unsigned long from, bool levels)
{
	static char buf[LOG_BUF_LEN + 1];
	unsigned long pos = from;
	size_t n = log_buf_read(&pos, buf, LOG_BUF_LEN, levels);

	buf[n] = '\0';
	return buf;
}

/* Strip "[    0.000000] " timestamps so tests can compare text. */
static void strip_timestamps(char *s)
{
	char *out = s;

	while (*s) {
		if (*s == '[' && strchr(s, ']')) {
			s = strchr(s, ']') + 2;
			continue;
		}
		*out++ = *s++;
	}
	*out = '\0';
}

TEST(console_gets_leveled_lines_without_prefix)
{
	static bool registered;

	if (!registered) {
		register_console(&capture);
		registered = true;
	}
	capture_reset();
	pr_info("hello %d\n", 7);
	strip_timestamps(captured);
	CHECK_STREQ(captured, "hello 7\r\n");
}

TEST(log_keeps_level_and_timestamp)
{
	unsigned long start = log_buf_next();
	const char *s;

	pr_err("disk on fire\n");
	s = log_since(start, true);
	CHECK(strncmp(s, "<3>[", 4) == 0);
	CHECK(strstr(s, "] disk on fire\n") != NULL);
	CHECK(strstr(log_since(start, false), "<3>") == NULL);
}

TEST(continuation_has_one_timestamp)
{
	unsigned long start = log_buf_next();
	char s[256];

	pr_info("a");
	pr_cont("b");
	pr_cont("c\n");
	snprintf(s, sizeof(s), "%s", log_since(start, false));
	CHECK_EQ(strchr(s, '[') == strrchr(s, '['), 1);
	strip_timestamps(s);
	CHECK_STREQ(s, "abc\n");
}

TEST(new_level_closes_open_line)
{
	unsigned long start = log_buf_next();
	char s[256];

	pr_info("unterminated");
	pr_warn("next\n");
	snprintf(s, sizeof(s), "%s", log_since(start, true));
	strip_timestamps(s);
	CHECK_STREQ(s, "<6>unterminated\n<4>next\n");
}

TEST(multi_line_message_split)
{
	unsigned long start = log_buf_next();
	char s[256];

	pr_notice("one\ntwo\n");
	snprintf(s, sizeof(s), "%s", log_since(start, true));
	strip_timestamps(s);
	CHECK_STREQ(s, "<5>one\n<5>two\n");
}

TEST(loglevel_filters_console_not_log)
{
	unsigned long start = log_buf_next();
	int saved = console_loglevel;

	capture_reset();
	console_loglevel = 4;
	pr_info("not on console\n");
	pr_err("on console\n");
	console_loglevel = saved;
	CHECK(strstr(captured, "not on console") == NULL);
	CHECK(strstr(captured, "on console") != NULL);
	CHECK(strstr(log_since(start, false), "not on console") != NULL);
}

TEST(wraparound_drops_whole_old_lines)
{
	char line[100];
	unsigned long first;
	const char *s;

	for (int i = 0; i < 3000; i++)
		pr_info("line %05d %s\n", i, "padding-padding-padding-padding");
	first = log_buf_first();
	CHECK(log_buf_next() - first <= LOG_BUF_LEN);
	s = log_since(first, true);
	/* The oldest line kept starts with its level, not mid-line. */
	CHECK(strncmp(s, "<6>[", 4) == 0);
	snprintf(line, sizeof(line), "line %05d", 2999);
	CHECK(strstr(s, line) != NULL);
	CHECK(strstr(s, "line 00000 ") == NULL);
}

TEST(read_resumes_and_skips_overwritten)
{
	unsigned long pos = 0;	/* long gone: reading starts at the oldest */
	char buf[16];
	size_t n = log_buf_read(&pos, buf, sizeof(buf), true);

	CHECK_EQ(n, sizeof(buf));
	CHECK_EQ(pos, log_buf_first() + sizeof(buf));
	CHECK_EQ(buf[0], '<');
}

static char replayed[LOG_BUF_LEN * 2];
static size_t replayed_len;
static void replay_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	if (replayed_len + len < sizeof(replayed)) {
		memcpy(replayed + replayed_len, s, len);
		replayed_len += len;
	}
}

TEST(printbuffer_console_replays_log)
{
	static struct console late = { .name = "late", .write = replay_write,
				       .flags = CON_PRINTBUFFER };

	pr_info("before late console\n");
	register_console(&late);
	replayed[replayed_len] = '\0';
	CHECK(strstr(replayed, "before late console\r\n") != NULL);
	CHECK(strstr(replayed, "<6>") == NULL);
	unregister_console(&late);
}

TEST(console_write_bypasses_log)
{
	unsigned long start = log_buf_next();

	capture_reset();
	console_write("prompt> a\nb", 11);
	CHECK_STREQ(captured, "prompt> a\r\nb");
	CHECK_EQ(log_buf_next(), start);
}
