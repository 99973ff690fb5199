/*
 * test_readline.c - shell/readline.c, the line editor, fed byte strings.
 *
 * Its output goes into a small terminal model that interprets exactly
 * what Lantern's consoles do (printable bytes, \r \n \b \a, ESC[nD ESC[nC
 * ESC[K ESC[H ESC[2J) and flags anything else, so the tests check what
 * the user would SEE after each key (the row and the cursor column), and
 * the raw bytes only where their economy matters. The model has no line
 * wrap: the editor does not claim to handle it (readline.c's header).
 */
#include <stdlib.h>
#include "harness.h"
#include "readline.h"

#define ROWS	24
#define COLS	400	/* wider than any prompt + line: no wrap to model */

static struct term {
	char screen[ROWS][COLS];
	int x, y;
	int bells;
	int bad;		/* bytes or sequences a console would not know */
	int esc;		/* 0, 1 after ESC, 2 in CSI */
	int param;
	char raw[8192];		/* output since term_mark() */
	size_t rawlen;
} t;

static struct readline rl;	/* 10 KiB: not on the stack */

/* One output byte, as Lantern's consoles take it (vga.c); anything else is bad. */
static void term_putc(unsigned char c)
{
	int n = t.param ? t.param : 1;

	if (t.esc == 1) {			/* after ESC: only CSI is used */
		t.esc = c == '[' ? 2 : 0;
		t.bad += c != '[';
		t.param = 0;
	} else if (t.esc == 2 && c >= '0' && c <= '9') {
		t.param = t.param * 10 + (c - '0');
	} else if (t.esc == 2) {
		t.esc = 0;
		if (c == 'D')
			t.x = t.x > n ? t.x - n : 0;
		else if (c == 'C')
			t.x = t.x + n < COLS ? t.x + n : COLS - 1;
		else if (c == 'K' && !t.param)
			memset(t.screen[t.y] + t.x, ' ', COLS - t.x);
		else if (c == 'H' && !t.param)
			t.x = t.y = 0;
		else if (c == 'J' && t.param == 2)
			memset(t.screen, ' ', sizeof(t.screen));
		else
			t.bad++;
	} else if (c == 0x1b) {
		t.esc = 1;
	} else if (c == '\r') {
		t.x = 0;
	} else if (c == '\n' && t.y == ROWS - 1) {	/* scroll */
		memmove(t.screen[0], t.screen[1], sizeof(t.screen[0]) * (ROWS - 1));
		memset(t.screen[ROWS - 1], ' ', COLS);
	} else if (c == '\n') {
		t.y++;
	} else if (c == '\b') {
		t.x -= t.x > 0;
	} else if (c == '\a') {
		t.bells++;
	} else if (c < ' ' || c >= 0x7f) {
		t.bad++;
	} else if (t.x < COLS) {
		t.screen[t.y][t.x++] = (char)c;
	}
}

static void term_write(const char *s, size_t n, void *ctx)
{
	CHECK(ctx == &t);
	for (size_t i = 0; i < n; i++) {
		if (t.rawlen < sizeof(t.raw) - 1)
			t.raw[t.rawlen++] = s[i];
		term_putc((unsigned char)s[i]);
	}
	t.raw[t.rawlen] = '\0';
}

/* Forget the output so far: the next CHECK_RAW sees only what follows. */
static void term_mark(void)
{
	t.rawlen = 0;
	t.raw[0] = '\0';
	t.bells = 0;
}

/* Row @y as the user sees it, trailing blanks dropped. */
static const char *term_row(int y)
{
	static char row[COLS + 1];
	int n = COLS;

	memcpy(row, t.screen[y], COLS);
	while (n > 0 && row[n - 1] == ' ')
		n--;
	row[n] = '\0';
	return row;
}

/* A fresh screen and editor, prompt "> " printed. */
static void setup(void)
{
	memset(&t, 0, sizeof(t));
	memset(t.screen, ' ', sizeof(t.screen));
	readline_init(&rl, term_write, &t);
	readline_start(&rl, "> ");
	term_mark();
}

/* Type @s; returns what the last byte did. */
static enum rl_event feed(const char *s)
{
	enum rl_event ev = RL_MORE;

	while (*s)
		ev = readline_feed(&rl, (unsigned char)*s++);
	return ev;
}

/* Enter @line and start the next one: history building. */
static void enter(const char *line)
{
	feed(line);
	CHECK_EQ(feed("\r"), RL_LINE);
	readline_start(&rl, "> ");
}

/* What the user sees on the cursor's row, and where the cursor is. */
#define CHECK_SEEN(row, col) do {					\
	CHECK_STREQ(term_row(t.y), row);				\
	CHECK_EQ(t.x, col);						\
	CHECK_EQ(t.bad, 0);						\
} while (0)

/* The editor's line and cursor, and the screen showing them (in_sync). */
#define CHECK_LINE(s, cursor) do {					\
	CHECK_STREQ(readline_line(&rl), s);				\
	CHECK_EQ(rl.len, strlen(s));					\
	CHECK_EQ(rl.pos, cursor);					\
	CHECK(in_sync());						\
} while (0)

/* Type @keys, then CHECK_LINE. */
#define CHECK_KEYS(keys, s, cursor) do {				\
	feed(keys);							\
	CHECK_LINE(s, cursor);						\
} while (0)

#define CHECK_RAW(s)	CHECK_STREQ(t.raw, s)

/* The screen row and cursor agree with the editor's line and cursor. */
static bool in_sync(void)
{
	char want[COLS + 1];
	size_t plen = strlen(rl.prompt);

	snprintf(want, sizeof(want), "%s%s", rl.prompt, rl.buf);
	for (size_t n = strlen(want); n > 0 && want[n - 1] == ' '; n--)
		want[n - 1] = '\0';
	return strcmp(term_row(t.y), want) == 0 && t.x == (int)(plen + rl.pos) && t.bad == 0;
}

/* --- Typing and moving ------------------------------------------------- */

TEST(insert_at_end_echoes_only_the_key)
{
	setup();
	CHECK_EQ(feed("lsblk"), RL_MORE);
	CHECK_LINE("lsblk", 5);
	CHECK_RAW("lsblk");
	CHECK_SEEN("> lsblk", 7);
}

TEST(insert_in_middle_redraws_the_tail)
{
	setup();
	feed("rad\033[D\033[D");
	CHECK_SEEN("> rad", 3);
	term_mark();
	CHECK_KEYS("e", "read", 2);
	CHECK_RAW("ead\b\b");
	CHECK_SEEN("> read", 4);
	CHECK_KEYS("\033[H>", ">read", 1);
	CHECK_SEEN("> >read", 3);
}

TEST(backspace_both_codes)
{
	setup();
	CHECK_KEYS("abcd\x7f", "abc", 3);
	CHECK_KEYS("\b", "ab", 2);
	/* In the middle: the tail moves left and the old last cell is erased. */
	CHECK_KEYS("cd\033[D\033[D\x7f", "acd", 1);
	CHECK_KEYS("\x7f\x7f\b", "cd", 0);		/* at the start: nothing */
}

TEST(delete_key_and_ctrl_d)
{
	setup();
	CHECK_KEYS("abcd\033[D\033[D\033[3~", "abd", 2);
	CHECK_KEYS("\x04", "ab", 2);
	term_mark();
	CHECK_KEYS("\x04\033[3~", "ab", 2);		/* at the end: nothing to delete */
	CHECK_RAW("");
	CHECK_KEYS("\x01\x04\x04", "", 0);
	term_mark();
	CHECK_EQ(feed("\x04"), RL_MORE);	/* empty line: no end-of-file */
	CHECK_RAW("");
}

TEST(left_right_and_ctrl_b_f_stop_at_the_ends)
{
	setup();
	CHECK_KEYS("abc\033[D\x02", "abc", 1);
	CHECK_KEYS("\033[D\033[D\x02", "abc", 0);
	term_mark();
	feed("\033[C\x06");		/* forward: rewrites what it passes */
	CHECK_RAW("ab");
	CHECK_SEEN("> abc", 4);
	CHECK_KEYS("\033[C\033[C\x06", "abc", 3);
}

TEST(home_and_end_every_spelling)
{
	static const char *home[] = { "\033[H", "\033[1~", "\033[7~", "\033OH", "\x01" };
	static const char *end[] = { "\033[F", "\033[4~", "\033[8~", "\033OF", "\x05" };

	for (size_t i = 0; i < sizeof(home) / sizeof(home[0]); i++) {
		setup();
		feed("hello");
		CHECK_KEYS(home[i], "hello", 0);
		CHECK_KEYS(end[i], "hello", 5);
	}
}

TEST(long_moves_use_one_escape)
{
	setup();
	feed("0123456789abcdefghij");
	term_mark();
	feed("\x01");
	CHECK_RAW("\033[20D");
	CHECK_SEEN("> 0123456789abcdefghij", 2);
	/* Short tails go back with \b. */
	feed("\x05\033[D\033[D\033[D");
	term_mark();
	feed("X");
	CHECK_RAW("Xhij\b\b\b");
	feed("\x01Y");
	CHECK_SEEN("> Y0123456789abcdefgXhij", 3);
}

TEST(kill_to_start_end_and_word)
{
	setup();
	CHECK_KEYS("read sda 0\033[D\033[D\x15", " 0", 0);	/* ^U from before " 0" */
	CHECK_KEYS("\x05\x01\x0b", "", 0);			/* ^K from the start */

	setup();
	feed("write sda  ");
	feed("\x17");				/* ^W: the spaces and "sda" */
	CHECK_LINE("write ", 6);
	CHECK_KEYS("\x17\x17", "", 0);			/* then "write "; then nothing */

	setup();
	CHECK_KEYS("one two three\033[D\033[D\033[D\033[D\033[D\x17", "one three", 4);
	CHECK_KEYS("\x0b", "one ", 4);
}

TEST(ctrl_l_clears_and_redraws)
{
	setup();
	feed("\r\r\rstat sda\033[D");
	CHECK_EQ(t.y, 3);
	term_mark();
	feed("\x0c");
	CHECK(strncmp(t.raw, "\033[H\033[2J", 7) == 0);
	CHECK_EQ(t.y, 0);
	CHECK_SEEN("> stat sda", 9);
	CHECK_STREQ(term_row(3), "");
	CHECK_LINE("stat sda", 7);
}

TEST(ctrl_c_cancels_after_the_text)
{
	setup();
	feed("dd if=sda\033[H");
	term_mark();
	CHECK_EQ(feed("\x03"), RL_CANCEL);
	CHECK_RAW("dd if=sda^C\r\n");
	CHECK_STREQ(term_row(0), "> dd if=sda^C");
	CHECK_STREQ(readline_line(&rl), "");
	CHECK(readline_history(&rl, 1) == NULL);
	readline_start(&rl, "> ");
	CHECK_SEEN(">", 2);
}

TEST(enter_cr_lf_and_crlf)
{
	setup();
	feed("lsblk\033[D\033[D");		/* the cursor need not be at the end */
	CHECK_EQ(feed("\r"), RL_LINE);
	CHECK_STREQ(readline_line(&rl), "lsblk");
	CHECK_STREQ(term_row(0), "> lsblk");
	CHECK_EQ(t.x, 0);
	readline_start(&rl, "> ");
	CHECK_EQ(feed("\n"), RL_MORE);		/* the LF of CR LF */
	CHECK_EQ(feed("b\n"), RL_LINE);		/* LF alone is Enter */
	CHECK_STREQ(readline_line(&rl), "b");
	readline_start(&rl, "> ");
	CHECK_EQ(feed("c\r"), RL_LINE);
	CHECK_EQ(feed("\n"), RL_MORE);		/* without a start in between */
	CHECK_STREQ(readline_line(&rl), "c");
	CHECK_EQ(feed("\r"), RL_LINE);		/* fed on: a new, empty line */
	CHECK_STREQ(readline_line(&rl), "");
	term_mark();
	feed("y");				/* and again */
	CHECK_RAW("> y");
	CHECK_LINE("y", 1);
	CHECK_EQ(t.y, 4);
}

TEST(unknown_escapes_are_swallowed_whole)
{
	static const char *seqs[] = {
		"\033[5~", "\033[15~", "\033[2~", "\033[?25h", "\033[200~",
		"\033OP", "\033Ow", "\033[99999999999999999999Z", "\033[ q",
		"\033[1;5P", "\033[Z",
		"\033[?3~", "\033[>1~", "\033[3 ~",	/* Delete, Home but for the marks */
		"\033[4294967299~",		/* 2^32 + 3: must not wrap to Delete */
	};

	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		setup();
		feed("ab\033[D");
		term_mark();
		feed(seqs[i]);
		CHECK_RAW("");
		CHECK_KEYS("X", "aXb", 2);
	}
	/* Modified arrows still move: ESC [ 1 ; 5 D is Ctrl-Left. */
	setup();
	CHECK_KEYS("ab\033[1;5DX", "aXb", 2);
}

TEST(a_lone_esc_does_not_eat_the_next_key)
{
	setup();
	feed("ls\033");
	CHECK_EQ(feed("\r"), RL_LINE);		/* ESC then Enter */
	CHECK_STREQ(readline_line(&rl), "ls");
	readline_start(&rl, "> ");
	feed("\033x\033\033[Dy");		/* ESC x is x; ESC ESC [ D is Left */
	CHECK_LINE("yx", 1);
	CHECK_EQ(feed("\033[\x03"), RL_CANCEL);	/* a control byte ends a sequence */
}

TEST(control_and_8bit_bytes_are_ignored)
{
	static const int junk[] = { 0x00, 0x07, 0x0f, 0x11, 0x12, 0x13, 0x14, 0x16, 0x18,
				    0x19, 0x1a, 0x1c, 0x1d, 0x1e, 0x1f, 0x80, 0x9b, 0xe9,
				    0xff, -23, -1 };

	setup();
	feed("ab");
	term_mark();
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		CHECK_EQ(readline_feed(&rl, junk[i]), RL_MORE);
	CHECK_RAW("");
	CHECK_LINE("ab", 2);
}

TEST(full_line_beeps_and_keeps_its_nul)
{
	char want[RL_LINE_MAX];

	setup();
	for (int i = 0; i < 300; i++)
		readline_feed(&rl, 'a' + i % 26);
	CHECK_EQ(rl.len, RL_LINE_MAX - 1);
	CHECK_EQ(rl.pos, RL_LINE_MAX - 1);
	CHECK_EQ(rl.buf[RL_LINE_MAX - 1], '\0');
	CHECK_EQ(t.bells, 300 - (RL_LINE_MAX - 1));
	for (int i = 0; i < RL_LINE_MAX - 1; i++)
		want[i] = 'a' + i % 26;
	want[RL_LINE_MAX - 1] = '\0';
	CHECK_STREQ(readline_line(&rl), want);
	CHECK(in_sync());
	/* In the middle too; after a delete there is room for one. */
	feed("\x01Z");
	CHECK_EQ(rl.len, RL_LINE_MAX - 1);
	CHECK_EQ(rl.buf[0], 'a');
	feed("\x04Z");
	CHECK_EQ(rl.buf[0], 'Z');
	CHECK_EQ(rl.len, RL_LINE_MAX - 1);
	CHECK(in_sync());
	CHECK_EQ(feed("\r"), RL_LINE);
	CHECK_EQ(strlen(readline_history(&rl, 1)), RL_LINE_MAX - 1);
}

/* --- History ----------------------------------------------------------- */

TEST(history_up_down_past_both_ends)
{
	setup();
	enter("one");
	enter("two");
	enter("three");
	feed("par");				/* being edited: the newest "entry" */
	CHECK_KEYS("\033[A", "three", 5);
	CHECK_KEYS("\033[A", "two", 3);
	CHECK_KEYS("\033[A", "one", 3);
	term_mark();
	feed("\033[A");				/* past the oldest: beep, stay */
	CHECK_RAW("\a");
	CHECK_LINE("one", 3);
	CHECK_KEYS("\033[B\033[B", "three", 5);
	CHECK_KEYS("\033[B", "par", 3);
	term_mark();
	feed("\033[B");				/* past the newest: beep, stay */
	CHECK_RAW("\a");
	CHECK_LINE("par", 3);
}

TEST(history_with_ctrl_p_n_and_cursor_mid_line)
{
	setup();
	enter("lsblk");
	enter("part sda");
	CHECK_KEYS("stat\033[D\033[D\x10", "part sda", 8);		/* Up from mid-line */
	CHECK_KEYS("\x10", "lsblk", 5);
	CHECK_KEYS("\x0e\x0e", "stat", 4);
}

TEST(editing_a_recalled_line_leaves_history_alone)
{
	setup();
	enter("read sda 0");
	enter("lsblk");
	CHECK_KEYS("\033[A\033[A\x7f" "8", "read sda 8", 10);		/* "read sda 8" */
	feed("\033[B\033[A");			/* away and back: the entry again */
	CHECK_LINE("read sda 0", 10);
	feed("\x7f" "9");
	CHECK_EQ(feed("\r"), RL_LINE);
	CHECK_STREQ(readline_line(&rl), "read sda 9");
	CHECK_STREQ(readline_history(&rl, 1), "read sda 9");
	CHECK_STREQ(readline_history(&rl, 2), "lsblk");
	CHECK_STREQ(readline_history(&rl, 3), "read sda 0");
	CHECK(readline_history(&rl, 4) == NULL);
}

TEST(history_skips_duplicates_and_empty_lines)
{
	setup();
	enter("ls");
	enter("ls");
	enter("");
	CHECK_EQ(rl.hist_count, 1);
	feed("\033[A");			/* Up, Enter: repeat, not a new entry */
	CHECK_EQ(feed("\r"), RL_LINE);
	CHECK_STREQ(readline_line(&rl), "ls");
	readline_start(&rl, "> ");
	CHECK_EQ(rl.hist_count, 1);
	enter("pwd");
	enter("ls");			/* only the newest is compared */
	CHECK_EQ(rl.hist_count, 3);
	feed("x\x03");			/* cancelled lines are not kept */
	CHECK_EQ(rl.hist_count, 3);
	CHECK(readline_history(&rl, 0) == NULL);
}

TEST(history_ring_keeps_the_newest)
{
	char line[16];

	setup();
	for (int i = 0; i < RL_HISTORY + 8; i++) {
		snprintf(line, sizeof(line), "line%d", i);
		enter(line);
	}
	CHECK_EQ(rl.hist_count, RL_HISTORY);
	CHECK_STREQ(readline_history(&rl, 1), "line39");
	CHECK_STREQ(readline_history(&rl, RL_HISTORY), "line8");
	CHECK(readline_history(&rl, RL_HISTORY + 1) == NULL);
	for (int i = 0; i < RL_HISTORY + 5; i++)
		feed("\033[A");
	CHECK_LINE("line8", 5);
	CHECK_EQ(t.bells, 5);
}

/* --- Completion -------------------------------------------------------- */

static const char *const *names;	/* what complete() reports */
static size_t last_start, last_len, calls;
static char last_line[RL_LINE_MAX];

static void complete(const char *line, size_t word_start, size_t word_len, void *ctx,
		     rl_add_fn add, void *acc)
{
	CHECK(ctx == &names);
	last_start = word_start;
	last_len = word_len;
	snprintf(last_line, sizeof(last_line), "%s", line);
	calls++;
	for (const char *const *n = names; *n; n++)
		add(acc, *n);
}

static void setup_completion(const char *const *list)
{
	setup();
	names = list;
	calls = 0;
	readline_set_completion(&rl, complete, &names);
}

/* Unsorted, with a duplicate and names that never match or are unusable. */
static const char *const commands[] = {
	"sync", "stat", "sched", "bench-all", "lsblk", "bench", "help", "stat",
	"has space", "ctl\x01", NULL,
};

TEST(complete_no_match_beeps)
{
	setup();			/* no callback yet: Tab just beeps */
	feed("\t\t");
	CHECK_RAW("\a\a");
	setup_completion(commands);
	feed("xyz");
	term_mark();
	feed("\t\t");			/* no list on the second either */
	CHECK_RAW("\a\a");
	CHECK_LINE("xyz", 3);
}

TEST(complete_one_match_adds_a_space)
{
	setup_completion(commands);
	feed("he");
	term_mark();
	feed("\t");
	CHECK_RAW("lp ");
	CHECK_LINE("help ", 5);
	/* The word is typed out already: just the space. */
	setup_completion(commands);
	CHECK_KEYS("lsblk\t", "lsblk ", 6);
	/* Duplicate names are one match. */
	setup_completion(commands);
	CHECK_KEYS("sta\t", "stat ", 5);
	CHECK_EQ(t.bells, 0);
}

TEST(complete_mid_line_uses_the_text_before_the_cursor)
{
	setup_completion(commands);
	feed("sc sda\033[D\033[D\033[D\033[D");
	CHECK_KEYS("\t", "sched sda", 6);			/* a space follows: step over it */
	setup_completion(commands);
	CHECK_KEYS("lsbsda\033[D\033[D\033[D\t", "lsblk sda", 6);
}

TEST(complete_common_prefix_then_list)
{
	setup_completion(commands);
	feed("be");
	term_mark();
	feed("\t");			/* bench, bench-all: "nch", no space */
	CHECK_RAW("nch");
	CHECK_LINE("bench", 5);
	term_mark();
	feed("\t");			/* adds nothing, second Tab: list */
	CHECK_RAW("\r\nbench bench-all\r\n> bench");
	CHECK_STREQ(term_row(t.y - 1), "bench bench-all");
	CHECK_LINE("bench", 5);
}

TEST(complete_lists_sorted_on_the_second_tab_in_a_row)
{
	setup_completion(commands);
	feed("s");
	term_mark();
	feed("\t");			/* sched stat sync: nothing common */
	CHECK_RAW("\a");
	feed("\t");
	CHECK_STREQ(term_row(t.y - 1), "sched stat sync");
	CHECK_SEEN("> s", 3);
	/* The list keeps the cursor where it was. */
	setup_completion(commands);
	feed("s sda\033[D\033[D\033[D\033[D\t\t");
	CHECK_STREQ(term_row(t.y - 1), "sched stat sync");
	CHECK_SEEN("> s sda", 3);
	CHECK_LINE("s sda", 1);
	/* An empty word matches every usable name. */
	setup_completion(commands);
	feed("\t\t");
	CHECK_STREQ(term_row(t.y - 1), "bench bench-all help lsblk sched stat sync");
}

TEST(complete_tabs_must_be_in_a_row_to_list)
{
	setup_completion(commands);
	feed("s\tx\x7f");
	term_mark();
	feed("\t");
	CHECK_RAW("\a");
	feed("\033[D\033[C\t");		/* a cursor key between: beep again */
	CHECK_EQ(t.bells, 2);
	CHECK_EQ(t.y, 0);
}

TEST(complete_passes_the_word_to_the_callback)
{
	static const char *const disks[] = { "sda", "sda1", "sdb", "hda", NULL };

	setup_completion(disks);
	feed("read sd");
	feed("\t");
	CHECK_EQ(last_start, 5);
	CHECK_EQ(last_len, 2);
	CHECK_STREQ(last_line, "read sd");
	feed("\t");			/* sda sda1 sdb */
	CHECK_STREQ(term_row(t.y - 1), "sda sda1 sdb");
	feed("a\t");			/* sda, sda1: "sda" typed out already */
	CHECK_LINE("read sda", 8);
	CHECK_EQ(last_start, 5);
	CHECK_EQ(last_len, 3);
	feed("\t");
	CHECK_STREQ(term_row(t.y - 1), "sda sda1");
	CHECK_KEYS(" h\t", "read sda hda ", 13);
	CHECK_EQ(last_start, 9);
}

/* A new pair of names on every call, each larger than all before. */
static void fickle(const char *line, size_t word_start, size_t word_len, void *ctx,
		   rl_add_fn add, void *acc)
{
	char name[16];

	calls++;
	snprintf(name, sizeof(name), "x%05zu", calls);
	add(acc, name);
	snprintf(name, sizeof(name), "y%05zu", calls);
	add(acc, name);
}

TEST(complete_list_ends_with_a_callback_that_keeps_changing)
{
	setup();
	calls = 0;
	readline_set_completion(&rl, fickle, NULL);
	feed("\t\t");
	CHECK_EQ(calls, 1 + 1 + 2);	/* Tab, Tab, then two names listed */
	CHECK_STREQ(term_row(t.y - 1), "x00003 x00004");
	CHECK(in_sync());
}

TEST(complete_on_a_full_line_stays_inside_it)
{
	static char huge[600];
	static const char *const longname[] = { "x0123456789abcdefghijklmnopqrstuvwxyz", NULL };
	static const char *const hugename[] = { huge, huge, NULL };

	setup_completion(longname);
	for (int i = 0; i < RL_LINE_MAX - 10; i++)
		feed(" ");
	feed("x\t");
	CHECK_EQ(rl.len, RL_LINE_MAX - 1);
	CHECK(t.bells > 0);
	CHECK(in_sync());
	/* A name longer than a line is cut to fit it. */
	memset(huge, 'h', sizeof(huge) - 1);
	setup_completion(hugename);
	feed("\t\t");
	CHECK_EQ(rl.len, RL_LINE_MAX - 1);
	CHECK(in_sync());
}

/* --- Whole-editor properties ------------------------------------------- */

TEST(redraw_after_foreign_output_and_long_prompts)
{
	char prompt[200];

	setup();
	feed("sync\033[D");
	term_write("\r\nata0: reset\r\n", 15, &t);
	readline_redraw(&rl);
	CHECK_SEEN("> sync", 5);
	memset(prompt, 'p', sizeof(prompt) - 1);
	prompt[sizeof(prompt) - 1] = '\0';
	readline_start(&rl, prompt);		/* kept cut, redrawn the same */
	CHECK_EQ(strlen(rl.prompt), RL_PROMPT_MAX - 1);
	feed("abc\x0c");
	CHECK(in_sync());
	readline_start(&rl, NULL);
	CHECK_STREQ(rl.prompt, "");
}

/* xorshift32: the same bytes every run. */
static u32 rnd_state = 2463534242u;

static u32 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/*
 * After a random step: the line is a NUL-terminated string shorter than
 * RL_LINE_MAX, and while it is being edited the screen shows it.
 */
static bool fuzz_ok(int step)
{
	if (rl.len < RL_LINE_MAX && rl.pos <= rl.len && strlen(rl.buf) == rl.len &&
	    rl.hist_count <= RL_HISTORY && (rl.done || in_sync()))
		return true;
	harness_fail(__FILE__, __LINE__, "step %d: saw \"%s\" col %d bad %d, line \"%.*s\" pos %zu",
		     step, term_row(t.y), t.x, t.bad, RL_LINE_MAX, rl.buf, rl.pos);
	t.bad = 0;
	return false;
}

/* Editing keys only: after every one the screen must show the line. */
TEST(screen_follows_random_edits)
{
	static const char *keys[] = {
		"a", "b", " ", "Q", "~", "\x7f", "\b", "\033[3~", "\x04", "\033[D",
		"\033[C", "\x02", "\x06", "\033[H", "\033[F", "\033[1~", "\033[4~",
		"\033OH", "\033OF", "\x01", "\x05", "\x15", "\x0b", "\x17", "\033[A",
		"\033[B", "\x10", "\x0e", "\x0c", "xyzzy plugh ",
	};
	int bad = 0;

	setup();
	enter("short");
	enter("a much longer history line for the redraw to erase");
	enter("");
	for (int i = 0; i < 200000 && bad < 5; i++) {
		feed(keys[rnd() % (sizeof(keys) / sizeof(keys[0]))]);
		bad += !fuzz_ok(i);
	}
}

/*
 * Random bytes, with keys mixed in so that escape sequences, Tabs and
 * Enters really happen: nothing may crash or overflow (ASan watches)
 * and fuzz_ok() must hold after every step.
 */
TEST(random_byte_soup)
{
	static char huge[400];
	static const char *const soup_names[] = {
		"sched", "stat", "sync", "sda", "sda1", "s", "", huge, "sp ace", NULL,
	};
	static const char *keys[] = {
		"\033", "\033[", "\033O", "\t", "\t\t", "\r", "\n", "\r\n", "\x03",
		"\033[A", "\033[B", "\033[3~", "\033[1;5C", "0123456789", "s",
	};
	enum rl_event ev;
	int bad = 0, lines = 0;

	memset(huge, 's', sizeof(huge) - 1);
	setup_completion(soup_names);
	for (int i = 0; i < 400000 && bad < 5; i++) {
		u32 r = rnd();

		if (r & 1) {
			ev = readline_feed(&rl, (int)(r >> 8) & 0xff);
		} else {
			const char *k = keys[(r >> 8) % (sizeof(keys) / sizeof(keys[0]))];

			if ((r >> 24) < 4) {	/* now and then a run of text */
				for (int j = 0; j < 200; j++)
					readline_feed(&rl, 'a' + j % 26);
			}
			ev = feed(k);
		}
		if (ev != RL_MORE) {
			lines++;
			readline_start(&rl, "> ");
		}
		bad += !fuzz_ok(i);
	}
	CHECK(lines > 1000);
	CHECK(calls > 1000);
	CHECK_EQ(rl.hist_count, RL_HISTORY);
}
