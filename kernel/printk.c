/*
 * printk.c - the kernel log (Linux 2.6's kernel/printk.c, simplified).
 * Portable: the hosted tests link it too.
 *
 * Every message goes into log_buf, a ring of text lines stored as
 * "<L>[seconds.micros] text\n" (L = log level), so `dmesg` can show the
 * whole boot later. Lines below console_loglevel are also written, without
 * the "<L>", to every enabled console. One lock (logbuf_lock, IRQs off)
 * covers the ring and the console writes, so lines from an interrupt
 * handler never tear a line in progress apart.
 */
#include "kernel.h"
#include "console.h"
#include "init.h"
#include "sched.h"
#include "spinlock.h"
#include "string.h"

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
int oops_in_progress;

static DEFINE_SPINLOCK(logbuf_lock);
static LIST_HEAD(console_list);

/*
 * log_first and log_next only grow; the byte at position p lives at
 * log_buf[p % LOG_BUF_LEN]. When the ring is full, log_first moves to the
 * start of the oldest whole line still held, so readers never begin
 * mid-line.
 */
static char log_buf[LOG_BUF_LEN];
static unsigned long log_first, log_next;

/* State of the line being built across printk calls without '\n'. */
static bool line_open;
static int line_level = LOGLEVEL_DEFAULT;

/* console= names; none given means every console is enabled. */
#define MAX_CMDLINE_CONSOLES 4
static char preferred_console[MAX_CMDLINE_CONSOLES][16];
static int nr_preferred;

static void log_store_char(char c)
{
	if (log_next - log_first == LOG_BUF_LEN) {
		/*
		 * Full: drop the oldest whole line, reading its bytes before
		 * the new text overwrites the first of them.
		 */
		while (log_first < log_next &&
		       log_buf[log_first % LOG_BUF_LEN] != '\n')
			log_first++;
		if (log_first < log_next)
			log_first++;
	}
	log_buf[log_next % LOG_BUF_LEN] = c;
	log_next++;
}

static void log_store(const char *s, size_t len)
{
	while (len--)
		log_store_char(*s++);
}

static void consoles_write(const char *s, size_t len)
{
	struct console *con;

	list_for_each_entry(con, &console_list, list)
		if (con->flags & CON_ENABLED)
			con->write(con, s, len);
}

/* "<c>" continues the open line; "<0>".."<7>" set the level. */
static const char *parse_level(const char *text, int *level, bool *cont)
{
	*cont = false;
	if (text[0] == '<' && text[1] && text[2] == '>') {
		if (text[1] >= '0' && text[1] <= '7') {
			*level = text[1] - '0';
			return text + 3;
		}
		if (text[1] == 'c') {
			*cont = true;
			return text + 3;
		}
	}
	return text;
}

static size_t format_timestamp(char *buf, size_t size)
{
	u64 ns = local_clock();
	unsigned long secs = (unsigned long)(ns / 1000000000ull);
	unsigned long usecs = (unsigned long)(ns % 1000000000ull) / 1000;

	return scnprintf(buf, size, "[%5lu.%06lu] ", secs, usecs);
}

/* Append one chunk of @text (no '\n' inside) or a bare "\n". */
static void emit(const char *text, size_t len, bool newline)
{
	char prefix[32];
	size_t plen;

	if (!line_open) {
		prefix[0] = '<';
		prefix[1] = (char)('0' + line_level);
		prefix[2] = '>';
		plen = 3 + format_timestamp(prefix + 3, sizeof(prefix) - 3);
		log_store(prefix, plen);
		if (line_level < console_loglevel)
			consoles_write(prefix + 3, plen - 3);
		line_open = true;
	}
	log_store(text, len);
	if (line_level < console_loglevel)
		consoles_write(text, len);
	if (newline) {
		log_store("\n", 1);
		if (line_level < console_loglevel)
			consoles_write("\r\n", 2);
		line_open = false;
	}
}

int vprintk(const char *fmt, va_list args)
{
	char text[1024];
	const char *p, *nl;
	unsigned long flags;
	int level = LOGLEVEL_DEFAULT, len;
	bool cont, explicit_level;

	len = vscnprintf(text, sizeof(text), fmt, args);
	p = parse_level(text, &level, &cont);
	explicit_level = p != text && !cont;

	local_irq_save(flags);
	/*
	 * During an oops the lock may be held by the code that crashed;
	 * printing matters more than the lock then.
	 */
	if (!spin_trylock(&logbuf_lock)) {
		if (!oops_in_progress) {
			local_irq_restore(flags);
			return 0;
		}
		spin_lock_init(&logbuf_lock);
		spin_lock(&logbuf_lock);
	}
	/* A new leveled message ends a line left open by an earlier one. */
	if (line_open && explicit_level)
		emit("", 0, true);
	if (!line_open)
		line_level = level;
	while (*p) {
		nl = strchr(p, '\n');
		if (!nl) {
			emit(p, strlen(p), false);
			break;
		}
		emit(p, (size_t)(nl - p), true);
		p = nl + 1;
	}
	spin_unlock(&logbuf_lock);
	local_irq_restore(flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = vprintk(fmt, args);
	va_end(args);
	return r;
}

unsigned long log_buf_first(void)
{
	return READ_ONCE(log_first);
}

unsigned long log_buf_next(void)
{
	return READ_ONCE(log_next);
}

size_t log_buf_read(unsigned long *pos, char *buf, size_t len, bool levels)
{
	unsigned long flags, p;
	size_t n = 0;

	spin_lock_irqsave(&logbuf_lock, flags);
	p = *pos < log_first ? log_first : *pos;	/* overwritten: skip on */
	while (p < log_next && n < len) {
		char c = log_buf[p % LOG_BUF_LEN];

		/* A "<L>" prefix is 3 bytes at the start of each stored line. */
		if (!levels && c == '<' &&
		    (p == log_first || log_buf[(p - 1) % LOG_BUF_LEN] == '\n')) {
			p += 3;
			continue;
		}
		buf[n++] = c;
		p++;
	}
	*pos = p;
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

static bool console_is_preferred(const struct console *con)
{
	if (!nr_preferred)
		return true;
	for (int i = 0; i < nr_preferred; i++)
		if (strcmp(preferred_console[i], con->name) == 0)
			return true;
	return false;
}

/* Replay the log to @con, without level prefixes, "\n" as "\r\n". */
static void console_replay(struct console *con)
{
	unsigned long p = log_first;

	while (p < log_next) {
		char c = log_buf[p % LOG_BUF_LEN];

		if (c == '<' && (p == log_first ||
				 log_buf[(p - 1) % LOG_BUF_LEN] == '\n')) {
			p += 3;
			continue;
		}
		if (c == '\n')
			con->write(con, "\r\n", 2);
		else
			con->write(con, &c, 1);
		p++;
	}
}

void register_console(struct console *con)
{
	unsigned long flags;

	spin_lock_irqsave(&logbuf_lock, flags);
	if (console_is_preferred(con))
		con->flags |= CON_ENABLED;
	else
		con->flags &= ~CON_ENABLED;
	if ((con->flags & (CON_ENABLED | CON_PRINTBUFFER)) ==
	    (CON_ENABLED | CON_PRINTBUFFER))
		console_replay(con);
	list_add_tail(&con->list, &console_list);
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

void unregister_console(struct console *con)
{
	unsigned long flags;

	spin_lock_irqsave(&logbuf_lock, flags);
	list_del_init(&con->list);
	spin_unlock_irqrestore(&logbuf_lock, flags);
}

static int loglevel_setup(char *val)
{
	int level;
	int err = kstrtoint(val, 10, &level);

	if (err)
		return err;
	if (level < 0 || level > 8)
		return -ERANGE;
	console_loglevel = level;
	return 0;
}
__setup_help("loglevel=", loglevel_setup,
	     "0-8: messages below this level reach the console (default 7)");

/* console=NAME, repeatable; takes effect for consoles registered later. */
static int console_setup(char *val)
{
	if (!*val || strlen(val) >= sizeof(preferred_console[0]))
		return -EINVAL;
	if (nr_preferred == MAX_CMDLINE_CONSOLES)
		return -ENOSPC;
	strlcpy(preferred_console[nr_preferred++], val,
		sizeof(preferred_console[0]));
	return 0;
}
__setup_help("console=", console_setup,
	     "ttyS0|vga: where kernel messages go (repeatable; default both)");

/*
 * Write straight to the consoles, bypassing the log: for the shell's
 * prompt and echo, which are conversation, not kernel messages. "\n"
 * becomes "\r\n" as a terminal expects.
 */
void console_write(const char *s, size_t len)
{
	unsigned long flags;
	size_t i, start = 0;

	spin_lock_irqsave(&logbuf_lock, flags);
	for (i = 0; i < len; i++) {
		if (s[i] != '\n')
			continue;
		consoles_write(s + start, i - start);
		consoles_write("\r\n", 2);
		start = i + 1;
	}
	consoles_write(s + start, len - start);
	spin_unlock_irqrestore(&logbuf_lock, flags);
}
