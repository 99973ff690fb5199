/*
 * readline.c - the shell's line editor: keys in, an edited line out.
 *
 * The shell reads the console one byte at a time and hands each byte to
 * readline_feed(); the editor keeps the line in a fixed buffer and echoes
 * every change through a write callback. It knows nothing of consoles, so
 * the host tests (tests/host/test_readline.c) drive it with byte strings
 * and check what a terminal would show. GNU readline's emacs mode in
 * miniature; the keys, as a VT100/xterm (and Lantern's keyboard driver)
 * sends them:
 *
 *	printable ASCII		insert at the cursor (a full line beeps)
 *	Backspace (^? or ^H)	delete before the cursor
 *	Delete (ESC[3~), ^D	delete under the cursor (^D on an empty line: nothing)
 *	Left, Right, ^B, ^F	move one character (ESC[D, ESC[C)
 *	Home, End, ^A, ^E	ESC[H ESC[F, ESC[1~ ESC[4~ (rxvt: 7~ 8~), ESC O H / F
 *	Up, Down, ^P, ^N	walk the history (ESC[A, ESC[B)
 *	^U ^K ^W		kill to the start, to the end, the word before the cursor
 *	^L			clear the screen and redraw the line
 *	^C			cancel the line
 *	Tab			complete the word before the cursor (rl_complete)
 *	Enter			\r or \n; the \n of a \r\n pair is skipped
 *
 * Other escape sequences are swallowed whole; other control bytes and
 * bytes >= 0x80 are ignored, so random input can only ever edit the line.
 *
 * Output is the plainest VT100 that both Lantern consoles (serial, vga.c)
 * and any terminal understand: the characters themselves, \b, ESC[nD,
 * ESC[K. The editor does not know the terminal's width: a line longer
 * than the screen wraps, and moving back across the wrap does not work
 * (\b and ESC[nD stop at the left margin), so editing the start of such a
 * line leaves a garbled display until Enter or ^L. That is accepted: shell
 * lines are short, and asking the terminal its width needs a reply we
 * cannot count on over a dumb serial line.
 */
#include "kernel.h"
#include "readline.h"
#include "string.h"

#define CTRL(x)		((x) & 0x1f)
#define ESC		0x1b
#define DEL		0x7f

/* --- Output ------------------------------------------------------------ */

static void rl_out(struct readline *rl, const char *s, size_t n)
{
	if (n && rl->write)
		rl->write(s, n, rl->write_ctx);
}

static void rl_puts(struct readline *rl, const char *s)
{
	rl_out(rl, s, strlen(s));
}

static void rl_beep(struct readline *rl)
{
	rl_out(rl, "\a", 1);
}

/* Move the terminal's cursor @n columns left: \b for a few, else ESC[nD. */
static void rl_back(struct readline *rl, size_t n)
{
	char seq[16];

	if (n <= 4)
		rl_out(rl, "\b\b\b\b", n);
	else
		rl_out(rl, seq, scnprintf(seq, sizeof(seq), "\033[%uD", (unsigned int)n));
}

/*
 * The screen shows the prompt and buf[0..pos) correctly, but what follows
 * the cursor is stale: rewrite buf[pos..len), erase what a longer line
 * left behind if @erase, and walk back to pos.
 */
static void rl_refresh_tail(struct readline *rl, bool erase)
{
	rl_out(rl, rl->buf + rl->pos, rl->len - rl->pos);
	if (erase)
		rl_puts(rl, "\033[K");
	rl_back(rl, rl->len - rl->pos);
}

/*
 * Move the cursor to @to. Forward by writing the characters it passes
 * over rather than ESC[nC: that works on any terminal, even one that
 * does not understand escapes.
 */
static void rl_move(struct readline *rl, size_t to)
{
	if (to < rl->pos)
		rl_back(rl, rl->pos - to);
	else
		rl_out(rl, rl->buf + rl->pos, to - rl->pos);
	rl->pos = to;
}

void readline_redraw(struct readline *rl)
{
	rl_puts(rl, rl->prompt);
	rl_out(rl, rl->buf, rl->len);
	rl_back(rl, rl->len - rl->pos);
}

/* --- Editing ----------------------------------------------------------- */

/*
 * Insert @n bytes at the cursor. What does not fit is dropped with a
 * beep; returns how many were inserted.
 */
static size_t rl_insert(struct readline *rl, const char *s, size_t n)
{
	size_t room = RL_LINE_MAX - 1 - rl->len;

	if (n > room) {
		rl_beep(rl);
		n = room;
	}
	if (!n)
		return 0;
	/* The tail moves up, its NUL with it. */
	memmove(rl->buf + rl->pos + n, rl->buf + rl->pos, rl->len - rl->pos + 1);
	memcpy(rl->buf + rl->pos, s, n);
	rl->len += n;
	/* At the end this is just the echo; in the middle the tail follows. */
	rl_out(rl, rl->buf + rl->pos, n);
	rl->pos += n;
	rl_refresh_tail(rl, false);
	return n;
}

/* Delete buf[from..to) (from <= to <= len); the cursor ends at @from. */
static void rl_delete(struct readline *rl, size_t from, size_t to)
{
	if (from >= to)
		return;
	rl_move(rl, from);
	memmove(rl->buf + from, rl->buf + to, rl->len - to + 1);
	rl->len -= to - from;
	/* The line got shorter: its old end is still on the screen. */
	rl_refresh_tail(rl, true);
}

/* Replace the whole line by @s (a history entry), the cursor at its end. */
static void rl_replace(struct readline *rl, const char *s)
{
	size_t old_len = rl->len;

	rl_move(rl, 0);
	rl->len = strnlen(s, RL_LINE_MAX - 1);
	memcpy(rl->buf, s, rl->len);
	rl->buf[rl->len] = '\0';
	rl_out(rl, rl->buf, rl->len);
	rl->pos = rl->len;
	if (old_len > rl->len)
		rl_puts(rl, "\033[K");
}

/* Where the word before the cursor starts; ^W also skips spaces first. */
static size_t rl_word_start(const struct readline *rl, bool skip_spaces)
{
	size_t i = rl->pos;

	while (skip_spaces && i > 0 && rl->buf[i - 1] == ' ')
		i--;
	while (i > 0 && rl->buf[i - 1] != ' ')
		i--;
	return i;
}

/* --- History ----------------------------------------------------------- */

const char *readline_history(const struct readline *rl, unsigned int n)
{
	if (n == 0 || n > rl->hist_count)
		return NULL;
	return rl->hist[(rl->hist_next + RL_HISTORY - n) % RL_HISTORY];
}

/* Remember the line just entered, overwriting the oldest when full. */
static void rl_hist_add(struct readline *rl)
{
	const char *newest = readline_history(rl, 1);

	/* Pressing Up then Enter to repeat a command must not fill the ring. */
	if (rl->len == 0 || (newest && strcmp(newest, rl->buf) == 0))
		return;
	memcpy(rl->hist[rl->hist_next], rl->buf, rl->len + 1);
	rl->hist_next = (rl->hist_next + 1) % RL_HISTORY;
	if (rl->hist_count < RL_HISTORY)
		rl->hist_count++;
}

/*
 * Up and Down show a copy of an entry, so editing a recalled line and
 * walking on never changes the history. The line being edited is kept
 * in saved[] as if it were the newest entry: Down brings it back.
 */
static void rl_hist_older(struct readline *rl)
{
	if (rl->hist_pos == rl->hist_count) {
		rl_beep(rl);
		return;
	}
	if (rl->hist_pos == 0)
		memcpy(rl->saved, rl->buf, rl->len + 1);
	rl->hist_pos++;
	rl_replace(rl, readline_history(rl, rl->hist_pos));
}

static void rl_hist_newer(struct readline *rl)
{
	if (rl->hist_pos == 0) {
		rl_beep(rl);
		return;
	}
	rl->hist_pos--;
	rl_replace(rl, rl->hist_pos ? readline_history(rl, rl->hist_pos) : rl->saved);
}

/* --- Completion -------------------------------------------------------- */

/*
 * The callback reports names through an rl_add_fn; these two collect
 * them into rl->cpl. A name must start with the word and be printable
 * without spaces (a space would split it into two words when the line
 * is run). Names longer than a line are cut: they could not fit anyway.
 */
static bool rl_cpl_wanted(const struct readline *rl, const char *name)
{
	const struct rl_completion *cpl = &rl->cpl;

	if (!name || strncmp(name, rl->buf + cpl->word_start, cpl->word_len) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p <= ' ' || *p >= DEL)
			return false;
	return true;
}

/* First pass: count the matches and shrink their common prefix. */
static void rl_cpl_gather(void *acc, const char *name)
{
	struct readline *rl = acc;
	struct rl_completion *cpl = &rl->cpl;
	size_t len, n = 0;

	if (!rl_cpl_wanted(rl, name))
		return;
	len = strnlen(name, RL_LINE_MAX - 1);
	if (cpl->matches++ == 0) {
		memcpy(cpl->prefix, name, len);
		cpl->prefix_len = len;
		return;
	}
	while (n < cpl->prefix_len && n < len && name[n] == cpl->prefix[n])
		n++;
	/* Only equal names leave both whole: the same name twice is one match. */
	if (n < cpl->prefix_len || n < len)
		cpl->ambiguous = true;
	cpl->prefix_len = n;
}

static int rl_cpl_cmp(const char *a, const char *b)
{
	return strncmp(a, b, RL_LINE_MAX - 1);	/* as cut by cpl->last/next */
}

/* Listing pass: find the smallest name after the one printed last. */
static void rl_cpl_next(void *acc, const char *name)
{
	struct readline *rl = acc;
	struct rl_completion *cpl = &rl->cpl;

	if (!rl_cpl_wanted(rl, name))
		return;
	if (cpl->have_last && rl_cpl_cmp(name, cpl->last) <= 0)
		return;
	if (cpl->have_next && rl_cpl_cmp(name, cpl->next) >= 0)
		return;
	strlcpy(cpl->next, name, sizeof(cpl->next));
	cpl->have_next = true;
}

static void rl_cpl_ask(struct readline *rl, rl_add_fn add)
{
	rl->complete(rl->buf, rl->cpl.word_start, rl->cpl.word_len, rl->complete_ctx, add, rl);
}

/*
 * Print the matches sorted, on a line of their own, then the prompt and
 * line again. Sorting asks the callback once per name printed, for the
 * smallest name after the previous one: no array to size, and names need
 * not outlive the callback. The shell has a few dozen names, so asking
 * n times is nothing. Bounded by the first pass's count, so a callback
 * that changes its answers cannot keep us here.
 */
static void rl_cpl_list(struct readline *rl)
{
	struct rl_completion *cpl = &rl->cpl;
	unsigned int printed = 0;

	rl_puts(rl, "\r\n");
	cpl->have_last = false;
	while (printed < cpl->matches) {
		cpl->have_next = false;
		rl_cpl_ask(rl, rl_cpl_next);
		if (!cpl->have_next)
			break;
		if (printed++)
			rl_out(rl, " ", 1);
		rl_puts(rl, cpl->next);
		memcpy(cpl->last, cpl->next, sizeof(cpl->last));
		cpl->have_last = true;
	}
	rl_puts(rl, "\r\n");
	readline_redraw(rl);
}

/*
 * Tab: complete buf[word_start..pos) to the longest common prefix of the
 * names that start with it. A single match is finished with a space (the
 * next word can be typed at once). If nothing was added and the previous
 * key was Tab too (@again), list the matches; otherwise beep.
 */
static void rl_complete(struct readline *rl, bool again)
{
	struct rl_completion *cpl = &rl->cpl;
	size_t added;

	if (!rl->complete) {
		rl_beep(rl);
		return;
	}
	cpl->word_start = rl_word_start(rl, false);
	cpl->word_len = rl->pos - cpl->word_start;
	cpl->matches = 0;
	cpl->ambiguous = false;
	cpl->prefix_len = 0;
	rl_cpl_ask(rl, rl_cpl_gather);
	if (cpl->matches == 0) {
		rl_beep(rl);
		return;
	}
	/* Every match starts with the word, so prefix_len >= word_len. */
	added = cpl->prefix_len - cpl->word_len;
	if (rl_insert(rl, cpl->prefix + cpl->word_len, added) < added)
		return;		/* the line is full: it beeped */
	if (!cpl->ambiguous) {
		if (rl->buf[rl->pos] == ' ')
			rl_move(rl, rl->pos + 1);
		else
			rl_insert(rl, " ", 1);
	} else if (!added) {
		if (again)
			rl_cpl_list(rl);
		else
			rl_beep(rl);
	}
}

/* --- Keys -------------------------------------------------------------- */

/* A cursor or editing key from an escape sequence: ESC [ @param @final. */
static void rl_csi(struct readline *rl, int final, unsigned int param)
{
	switch (final) {
	case 'A':
		rl_hist_older(rl);
		break;
	case 'B':
		rl_hist_newer(rl);
		break;
	case 'C':
		if (rl->pos < rl->len)
			rl_move(rl, rl->pos + 1);
		break;
	case 'D':
		if (rl->pos > 0)
			rl_move(rl, rl->pos - 1);
		break;
	case 'H':
		rl_move(rl, 0);
		break;
	case 'F':
		rl_move(rl, rl->len);
		break;
	case '~':	/* VT220 keypad: ESC [ n ~ */
		if (param == 1 || param == 7)
			rl_move(rl, 0);
		else if (param == 4 || param == 8)
			rl_move(rl, rl->len);
		else if (param == 3)
			rl_delete(rl, rl->pos, min(rl->pos + 1, rl->len));
		break;
	default:	/* F-keys, Insert, Page Up...: nothing to do */
		break;
	}
}

/*
 * One byte while an escape sequence is open. Returns false if the byte
 * does not belong to it (a control byte, as when ESC is pressed alone and
 * then Enter): the sequence is dropped and the byte is a key of its own.
 */
static bool rl_escape(struct readline *rl, int c)
{
	switch (rl->esc) {
	case RL_ESC_ESC:
		if (c != '[' && c != 'O') {
			rl->esc = RL_ESC_NONE;
			return false;	/* ESC x (Alt-x): take the x alone */
		}
		rl->esc = c == '[' ? RL_ESC_CSI : RL_ESC_SS3;
		rl->esc_param = 0;
		rl->esc_semi = false;
		rl->esc_odd = false;
		return true;
	case RL_ESC_SS3:	/* ESC O x: one byte, cursor keys in "application" mode */
		rl->esc = RL_ESC_NONE;
		if (c < 0x40 || c > 0x7e)
			return false;
		rl_csi(rl, c, 0);
		return true;
	case RL_ESC_CSI:
		if (c >= '0' && c <= '9') {
			/* Capped: a flood of digits must not overflow. */
			if (!rl->esc_semi)
				rl->esc_param = min(rl->esc_param * 10 + (c - '0'), 1000u);
			return true;
		}
		if (c == ';') {		/* ESC [ 1 ; 5 C is Ctrl-Right: still Right */
			rl->esc_semi = true;
			return true;
		}
		if (c >= 0x20 && c <= 0x3f) {	/* private marks, intermediates */
			rl->esc_odd = true;
			return true;
		}
		rl->esc = RL_ESC_NONE;
		if (c < 0x40 || c > 0x7e)
			return false;
		if (!rl->esc_odd)
			rl_csi(rl, c, rl->esc_param);
		return true;
	case RL_ESC_NONE:
		break;
	}
	return false;
}

static enum rl_event rl_enter(struct readline *rl)
{
	rl_puts(rl, "\r\n");
	rl_hist_add(rl);
	rl->done = true;
	return RL_LINE;
}

static enum rl_event rl_cancel(struct readline *rl)
{
	rl_move(rl, rl->len);	/* "^C" after the text, not over it */
	rl_puts(rl, "^C\r\n");
	rl->buf[0] = '\0';
	rl->len = rl->pos = 0;
	rl->done = true;
	return RL_CANCEL;
}

/* One key outside an escape sequence. */
static enum rl_event rl_key(struct readline *rl, int c, bool again)
{
	char ch = (char)c;

	switch (c) {
	case '\r':
	case '\n':
		return rl_enter(rl);
	case CTRL('C'):
		return rl_cancel(rl);
	case ESC:
		rl->esc = RL_ESC_ESC;
		break;
	case CTRL('A'):
		rl_csi(rl, 'H', 0);
		break;
	case CTRL('E'):
		rl_csi(rl, 'F', 0);
		break;
	case CTRL('B'):
		rl_csi(rl, 'D', 0);
		break;
	case CTRL('F'):
		rl_csi(rl, 'C', 0);
		break;
	case CTRL('P'):
		rl_hist_older(rl);
		break;
	case CTRL('N'):
		rl_hist_newer(rl);
		break;
	case DEL:
	case CTRL('H'):
		if (rl->pos > 0)
			rl_delete(rl, rl->pos - 1, rl->pos);
		break;
	case CTRL('D'):		/* no end-of-file in a kernel shell */
		rl_delete(rl, rl->pos, min(rl->pos + 1, rl->len));
		break;
	case CTRL('U'):
		rl_delete(rl, 0, rl->pos);
		break;
	case CTRL('K'):
		rl_delete(rl, rl->pos, rl->len);
		break;
	case CTRL('W'):
		rl_delete(rl, rl_word_start(rl, true), rl->pos);
		break;
	case CTRL('L'):
		rl_puts(rl, "\033[H\033[2J");
		readline_redraw(rl);
		break;
	case '\t':
		rl_complete(rl, again);
		rl->last_tab = true;
		break;
	default:
		if (c >= ' ' && c < DEL)
			rl_insert(rl, &ch, 1);
		break;		/* other control bytes, 8-bit bytes: ignored */
	}
	return RL_MORE;
}

enum rl_event readline_feed(struct readline *rl, int c)
{
	bool after_cr = rl->last_cr, again = rl->last_tab;

	c &= 0xff;
	rl->last_cr = c == '\r';
	rl->last_tab = false;
	/* CR LF is one Enter, even across the readline_start() between them. */
	if (after_cr && c == '\n')
		return RL_MORE;
	if (rl->done)
		readline_start(rl, rl->prompt);
	if (rl->esc != RL_ESC_NONE && rl_escape(rl, c))
		return RL_MORE;
	return rl_key(rl, c, again);
}

const char *readline_line(const struct readline *rl)
{
	return rl->buf;
}

void readline_start(struct readline *rl, const char *prompt)
{
	if (prompt != rl->prompt)
		strlcpy(rl->prompt, prompt ? prompt : "", sizeof(rl->prompt));
	rl->buf[0] = '\0';
	rl->len = rl->pos = 0;
	rl->hist_pos = 0;
	rl->esc = RL_ESC_NONE;
	rl->last_tab = false;
	rl->done = false;
	rl_puts(rl, rl->prompt);
}

void readline_set_completion(struct readline *rl, rl_complete_fn fn, void *ctx)
{
	rl->complete = fn;
	rl->complete_ctx = ctx;
}

void readline_init(struct readline *rl, rl_write_fn write, void *ctx)
{
	memset(rl, 0, sizeof(*rl));
	rl->write = write;
	rl->write_ctx = ctx;
}
