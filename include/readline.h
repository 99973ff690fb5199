/*
 * readline.h - the shell's line editor (shell/readline.c).
 *
 * A state machine fed one input byte at a time: it edits the line, echoes
 * through a write callback and says when a line is complete. It owns no
 * terminal and reads nothing itself, so the shell drives it from the
 * console and the host tests drive it from byte strings.
 *
 *	readline_init(&rl, console_write_fn, NULL);
 *	for (;;) {
 *		readline_start(&rl, "lantern:sda> ");
 *		while ((ev = readline_feed(&rl, getc())) == RL_MORE)
 *			;
 *		if (ev == RL_LINE)
 *			run(readline_line(&rl));
 *	}
 *
 * Keys are the bytes a VT100/xterm serial terminal sends (Lantern's
 * keyboard driver sends the same): see the table in readline.c.
 *
 * Context: process context, one reader per struct readline; nothing here
 * locks or sleeps (the write callback may). No function fails.
 */
#ifndef _LANTERN_READLINE_H
#define _LANTERN_READLINE_H

#include "types.h"

#define RL_LINE_MAX	256	/* bytes of a line, including its NUL */
#define RL_HISTORY	32	/* lines remembered for Up/Down */
#define RL_PROMPT_MAX	64	/* bytes of the prompt kept for redraws, incl. NUL */

/* Echo: write @n bytes of @s to the terminal (no NUL; "\r\n" for newlines). */
typedef void (*rl_write_fn)(const char *s, size_t n, void *ctx);

/* Hand one completion candidate to the editor (copied before it returns). */
typedef void (*rl_add_fn)(void *acc, const char *candidate);

/*
 * Report every candidate for the word being completed by calling
 * add(acc, name) once per name. The word is line[word_start] for
 * word_len bytes: from the space before it up to the cursor. @line is the
 * whole NUL-terminated line, so the callback can tell which word of the
 * command this is (command names for word 0, device names after "read"...).
 * Reporting names that do not start with the word is fine: the editor
 * filters them. Names with spaces or control bytes are ignored.
 */
typedef void (*rl_complete_fn)(const char *line, size_t word_start, size_t word_len,
			       void *ctx, rl_add_fn add, void *acc);

enum rl_event {
	RL_MORE,	/* keep feeding */
	RL_LINE,	/* Enter: the line is in readline_line() */
	RL_CANCEL,	/* Ctrl-C: the line was dropped */
};

/* Where the escape-sequence parser is (ESC [ 3 ~ arrives as 4 bytes). */
enum rl_esc {
	RL_ESC_NONE,
	RL_ESC_ESC,	/* after ESC */
	RL_ESC_CSI,	/* after ESC [: parameters until a final byte */
	RL_ESC_SS3,	/* after ESC O: one more byte */
};

/*
 * Scratch space of one Tab press, kept here rather than on the stack:
 * the common prefix so far, and for listing the last name printed and
 * the next one to print.
 */
struct rl_completion {
	size_t word_start;		/* the word is buf[word_start..pos) */
	size_t word_len;
	unsigned int matches;		/* candidates starting with the word */
	bool ambiguous;			/* two different ones among them */
	char prefix[RL_LINE_MAX];	/* their longest common prefix... */
	size_t prefix_len;		/* ...is prefix[0..prefix_len) */
	char last[RL_LINE_MAX];		/* listing: the name printed last */
	bool have_last;
	char next[RL_LINE_MAX];		/* listing: the smallest name after it */
	bool have_next;
};

/*
 * Everything is private to readline.c except @buf, @len and @pos, which
 * callers and tests may read: buf[len] is always NUL, pos <= len.
 */
struct readline {
	char buf[RL_LINE_MAX];
	size_t len;			/* bytes in buf */
	size_t pos;			/* cursor: index into buf */
	char prompt[RL_PROMPT_MAX];

	/* History ring: hist_count lines, the newest just before hist_next. */
	char hist[RL_HISTORY][RL_LINE_MAX];
	unsigned int hist_count;
	unsigned int hist_next;
	unsigned int hist_pos;		/* 0: the line being edited, k: k-th newest */
	char saved[RL_LINE_MAX];	/* the line being edited, while browsing */

	enum rl_esc esc;
	unsigned int esc_param;		/* first numeric parameter of a CSI */
	bool esc_semi;			/* past a ';': later digits are not esc_param */
	bool esc_odd;			/* CSI with ?, intermediates, ...: swallow it */

	bool last_cr;			/* previous byte was \r: a \n now is its LF */
	bool last_tab;			/* previous key was Tab: list on this one */
	bool done;			/* RL_LINE or RL_CANCEL returned */

	rl_write_fn write;
	void *write_ctx;
	rl_complete_fn complete;
	void *complete_ctx;
	struct rl_completion cpl;
};

/* Set up @rl with an empty history; echo goes to write(s, n, ctx). */
void readline_init(struct readline *rl, rl_write_fn write, void *ctx);

/* Tab completion through @fn (NULL: Tab only beeps). */
void readline_set_completion(struct readline *rl, rl_complete_fn fn, void *ctx);

/*
 * Begin a line: print @prompt (kept, truncated to RL_PROMPT_MAX - 1 bytes,
 * for redraws) and empty the line. Call it before each line.
 */
void readline_start(struct readline *rl, const char *prompt);

/*
 * Feed one input byte (only its low 8 bits count). Returns RL_LINE when
 * Enter ends the line (a non-empty line different from the newest history
 * entry is added to the history), RL_CANCEL on Ctrl-C, else RL_MORE.
 * Feeding on after RL_LINE/RL_CANCEL without readline_start() starts a
 * new line with the same prompt.
 */
enum rl_event readline_feed(struct readline *rl, int c);

/* The line (NUL-terminated); after RL_LINE, valid until the next feed/start. */
const char *readline_line(const struct readline *rl);

/* The @n-th newest history entry (1 = newest), or NULL past the oldest. */
const char *readline_history(const struct readline *rl, unsigned int n);

/*
 * Print the prompt and the line again with the cursor in place, e.g. on a
 * fresh line after something else wrote to the console mid-edit.
 */
void readline_redraw(struct readline *rl);

#endif
