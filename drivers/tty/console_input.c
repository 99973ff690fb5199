/*
 * console_input.c - the one input buffer behind the console.
 *
 * The serial port's and the keyboard's interrupt handlers both push bytes
 * here (keys already turned into the bytes a terminal would send, arrows
 * as ESC [ A ...), so the shell reads one stream and does not care which
 * console the user typed on. A full buffer drops new bytes and counts them:
 * an interrupt handler cannot wait for the reader.
 */
#include "kernel.h"
#include "console.h"
#include "wait.h"

#define INPUT_BUF_SIZE	1024	/* a power of two: positions wrap by masking */

static char input_buf[INPUT_BUF_SIZE];
static unsigned int input_head, input_tail;	/* head: next write */
static DEFINE_SPINLOCK(input_lock);
static DECLARE_WAIT_QUEUE_HEAD(input_wait);
unsigned long console_input_overruns;
unsigned long console_intr_count;

void console_receive_char(char c)
{
	unsigned long flags;

	/*
	 * Ctrl-C is also a signal to whatever runs, not only a byte for the
	 * next line read (a tty's ISIG): a command busy with the disk reads
	 * no input, so it watches this count instead (shell_interrupted).
	 */
	if (c == 0x03)
		WRITE_ONCE(console_intr_count, console_intr_count + 1);
	spin_lock_irqsave(&input_lock, flags);
	if (input_head - input_tail == INPUT_BUF_SIZE)
		console_input_overruns++;
	else
		input_buf[input_head++ % INPUT_BUF_SIZE] = c;
	spin_unlock_irqrestore(&input_lock, flags);
	wake_up(&input_wait);
}

int console_trygetchar(void)
{
	unsigned long flags;
	int c = -1;

	spin_lock_irqsave(&input_lock, flags);
	if (input_head != input_tail)
		c = (unsigned char)input_buf[input_tail++ % INPUT_BUF_SIZE];
	spin_unlock_irqrestore(&input_lock, flags);
	return c;
}

int console_getchar(void)
{
	int c;

	wait_event(input_wait, (c = console_trygetchar()) >= 0);
	return c;
}

void console_flush_input(void)
{
	unsigned long flags;

	spin_lock_irqsave(&input_lock, flags);
	input_tail = input_head;
	spin_unlock_irqrestore(&input_lock, flags);
}
