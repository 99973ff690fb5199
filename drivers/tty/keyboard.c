/*
 * keyboard.c - the PS/2 keyboard behind the i8042 controller (Linux's
 * drivers/input/keyboard/atkbd.c and the keymap, in miniature).
 *
 * The controller translates to scan code set 1 by default, so each IRQ 1
 * brings one byte: a make code, a break code (make | 0x80), or 0xE0 before
 * an extended key. Keys become the bytes a serial terminal would send
 * (Ctrl-C is 0x03, Up is ESC [ A) and go to the console input buffer.
 */
#include "kernel.h"
#include "console.h"
#include "interrupt.h"
#include "asm/io.h"

#define I8042_DATA	0x60
#define I8042_STATUS	0x64
#define I8042_STR_OBF	0x01	/* output buffer full: a byte to read */
#define KBD_IRQ		1

#define SC_LSHIFT	0x2a
#define SC_RSHIFT	0x36
#define SC_CTRL		0x1d
#define SC_CAPSLOCK	0x3a
#define SC_EXTENDED	0xe0
#define SC_BREAK	0x80

/* US layout, scan code set 1, make codes 0x00-0x39. */
static const char keymap[0x3a] =
	"\0\033" "1234567890-=\b"
	"\tqwertyuiop[]\r"
	"\0asdfghjkl;'`"
	"\0\\zxcvbnm,./\0*\0 ";
static const char keymap_shift[0x3a] =
	"\0\033" "!@#$%^&*()_+\b"
	"\tQWERTYUIOP{}\r"
	"\0ASDFGHJKL:\"~"
	"\0|ZXCVBNM<>?\0*\0 ";

/*
 * One flag per physical key: with both Shifts held, releasing one must
 * leave Shift in effect (regress-two-shift-keys).
 */
static bool lshift, rshift, lctrl, rctrl, capslock, extended;
unsigned long keyboard_key_count;

static void kbd_send(const char *s)
{
	while (*s)
		console_receive_char(*s++);
}

/* Extended keys that have a terminal equivalent. */
static void kbd_extended(u8 code)
{
	switch (code) {
	case 0x48: kbd_send("\033[A"); break;	/* up */
	case 0x50: kbd_send("\033[B"); break;	/* down */
	case 0x4d: kbd_send("\033[C"); break;	/* right */
	case 0x4b: kbd_send("\033[D"); break;	/* left */
	case 0x47: kbd_send("\033[H"); break;	/* home */
	case 0x4f: kbd_send("\033[F"); break;	/* end */
	case 0x53: kbd_send("\033[3~"); break;	/* delete */
	case 0x1c: kbd_send("\r"); break;	/* keypad enter */
	default: break;
	}
}

static void kbd_scancode(u8 sc)
{
	bool release = sc & SC_BREAK;
	u8 code = sc & ~SC_BREAK;
	char c;

	if (sc == SC_EXTENDED) {
		extended = true;
		return;
	}
	if (code == SC_LSHIFT || code == SC_RSHIFT) {
		/* E0 2A / E0 AA are "fake shifts" around Print Screen etc. */
		if (!extended) {
			if (code == SC_LSHIFT)
				lshift = !release;
			else
				rshift = !release;
		}
		goto done;
	}
	if (code == SC_CTRL) {		/* left, or right after 0xE0 */
		if (extended)
			rctrl = !release;
		else
			lctrl = !release;
		goto done;
	}
	if (release)
		goto done;
	keyboard_key_count++;
	if (extended) {
		kbd_extended(code);
		goto done;
	}
	if (code == SC_CAPSLOCK) {
		capslock = !capslock;
		goto done;
	}
	if (code >= sizeof(keymap))
		goto done;
	c = (lshift || rshift) ? keymap_shift[code] : keymap[code];
	if (capslock && c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	else if (capslock && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if ((lctrl || rctrl) && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		c &= 0x1f;
	if (c)
		console_receive_char(c);
done:
	extended = false;
}

static irqreturn_t keyboard_interrupt(int irq, void *dev_id)
{
	(void)irq;
	(void)dev_id;
	if (!(inb(I8042_STATUS) & I8042_STR_OBF))
		return IRQ_NONE;
	kbd_scancode(inb(I8042_DATA));
	return IRQ_HANDLED;
}

void keyboard_init(void)
{
	int err;

	/* Bytes left from the BIOS would be misread as our first keys. */
	for (int i = 0; i < 32 && (inb(I8042_STATUS) & I8042_STR_OBF); i++)
		inb(I8042_DATA);
	err = request_irq(KBD_IRQ, keyboard_interrupt, 0, "i8042", NULL);
	if (err)
		pr_err("keyboard: cannot get IRQ %d (error %d)\n", KBD_IRQ, err);
}
