/*
 * console.h - where printk's output goes and where typed input comes
 * from (Linux's include/linux/console.h, plus a single input buffer that
 * the serial port and the keyboard both feed).
 */
#ifndef _LANTERN_CONSOLE_H
#define _LANTERN_CONSOLE_H

#include "types.h"
#include "list.h"

struct console {
	const char *name;	/* "ttyS0", "vga": matched by console= */
	/* Called with the log lock held and interrupts off: must not sleep. */
	void (*write)(struct console *con, const char *s, size_t len);
	unsigned int flags;
#define CON_ENABLED	0x01	/* printk writes here */
#define CON_PRINTBUFFER	0x02	/* replay the log when registered */
	struct list_head list;	/* on console_list, under the log lock */
};

void register_console(struct console *con);
void unregister_console(struct console *con);
/* Write to every enabled console without logging (the shell's output). */
void console_write(const char *s, size_t len);

/* Messages with a level below this reach the consoles (loglevel=). */
extern int console_loglevel;
/* Set while an oops or panic prints: printk then ignores its own lock. */
extern int oops_in_progress;

/* The log ring buffer, for dmesg. Positions only grow; see printk.c. */
#define LOG_BUF_LEN	(64 * 1024)
unsigned long log_buf_first(void);
unsigned long log_buf_next(void);
/*
 * Copy log text from *pos on, at most @len bytes, with or without the
 * "<N>" level prefixes; advance *pos. Returns the bytes copied (0 at end).
 */
size_t log_buf_read(unsigned long *pos, char *buf, size_t len, bool levels);

/* ---- input: drivers/tty/console_input.c ---- */

/* From IRQ context: one received byte (serial) or decoded key (keyboard). */
void console_receive_char(char c);
/* Process context; sleeps until a byte is available. */
int console_getchar(void);
/* Any context; returns -1 when nothing is buffered. */
int console_trygetchar(void);
/* Bytes dropped because the buffer was full. */
extern unsigned long console_input_overruns;
/* Ctrl-C bytes received so far (read with READ_ONCE). */
extern unsigned long console_intr_count;
/* Drop what was typed ahead (after Ctrl-C interrupted a command). */
void console_flush_input(void);

#endif
