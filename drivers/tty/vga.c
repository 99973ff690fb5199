/*
 * vga.c - the VGA text console: 80x25 cells at physical 0xB8000, each a
 * character byte and a colour byte (Linux's drivers/video/console/vgacon.c
 * in miniature).
 *
 * It understands the few terminal controls the kernel and the shell emit,
 * so both consoles look the same: \r \n \b \t, and the CSI sequences
 * ESC[K (erase to end of line), ESC[nC / ESC[nD (cursor right/left),
 * ESC[2J and ESC[H (clear, home). Anything else is swallowed.
 */
#include "kernel.h"
#include "console.h"
#include "mm.h"
#include "string.h"
#include "asm/io.h"

#define VGA_PHYS	0xb8000
#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_ATTR	0x07	/* light grey on black */
#define CRTC_INDEX	0x3d4
#define CRTC_DATA	0x3d5
#define CRTC_CURSOR_HI	0x0e
#define CRTC_CURSOR_LO	0x0f

static volatile u16 *vga_mem;
/*
 * cur_x == VGA_COLS means "the row is full, wrap before the next
 * character", as terminals do: a line of exactly 80 columns followed by
 * "\r\n" must not leave a blank row behind (regress-vga-exact-width-line).
 */
static int cur_x, cur_y;

/* Escape-sequence parser state. */
static enum { ST_NORMAL, ST_ESC, ST_CSI } esc_state;
static int csi_param;

static u16 blank(void)
{
	return (u16)(VGA_ATTR << 8 | ' ');
}

static void vga_update_cursor(void)
{
	u16 pos = (u16)(cur_y * VGA_COLS + min(cur_x, VGA_COLS - 1));

	outb(CRTC_CURSOR_HI, CRTC_INDEX);
	outb(pos >> 8, CRTC_DATA);
	outb(CRTC_CURSOR_LO, CRTC_INDEX);
	outb(pos & 0xff, CRTC_DATA);
}

static void vga_clear_range(int from, int to)
{
	for (int i = from; i < to; i++)
		vga_mem[i] = blank();
}

static void vga_scroll(void)
{
	for (int i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		vga_mem[i] = vga_mem[i + VGA_COLS];
	vga_clear_range((VGA_ROWS - 1) * VGA_COLS, VGA_ROWS * VGA_COLS);
	cur_y = VGA_ROWS - 1;
}

static void vga_newline(void)
{
	cur_x = 0;
	if (++cur_y == VGA_ROWS)
		vga_scroll();
}

static void vga_csi(char final)
{
	int n = csi_param ? csi_param : 1;

	switch (final) {
	case 'K':
		vga_clear_range(cur_y * VGA_COLS + min(cur_x, VGA_COLS - 1),
				(cur_y + 1) * VGA_COLS);
		break;
	case 'C':
		cur_x = min(cur_x + n, VGA_COLS - 1);
		break;
	case 'D':
		cur_x = max(cur_x - n, 0);
		break;
	case 'J':
		if (csi_param == 2) {
			vga_clear_range(0, VGA_ROWS * VGA_COLS);
			cur_x = cur_y = 0;
		}
		break;
	case 'H':
		cur_x = cur_y = 0;
		break;
	default:
		break;
	}
}

static void vga_putc(char c)
{
	switch (esc_state) {
	case ST_ESC:
		esc_state = c == '[' ? ST_CSI : ST_NORMAL;
		csi_param = 0;
		return;
	case ST_CSI:
		if (c >= '0' && c <= '9') {
			csi_param = min(csi_param * 10 + (c - '0'), 1000);
			return;
		}
		if (c == ';')
			return;
		vga_csi(c);
		esc_state = ST_NORMAL;
		return;
	case ST_NORMAL:
		break;
	}
	switch (c) {
	case '\033':
		esc_state = ST_ESC;
		break;
	case '\r':
		cur_x = 0;
		break;
	case '\n':
		vga_newline();
		break;
	case '\b':
		if (cur_x > 0)
			cur_x--;
		break;
	case '\t':
		if (cur_x == VGA_COLS)
			vga_newline();
		cur_x = min((cur_x + 8) & ~7, VGA_COLS);
		break;
	default:
		if ((unsigned char)c < ' ')
			break;
		if (cur_x == VGA_COLS)
			vga_newline();
		vga_mem[cur_y * VGA_COLS + cur_x] = (u16)(VGA_ATTR << 8 | (u8)c);
		cur_x++;
	}
}

static void vga_console_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	while (len--)
		vga_putc(*s++);
	vga_update_cursor();
}

static struct console vga_console = {
	.name = "vga",
	.write = vga_console_write,
	.flags = CON_PRINTBUFFER,
};

/* Needs the direct map (kernel/setup.c) to reach the frame buffer. */
void vga_init(void)
{
	vga_mem = __va(VGA_PHYS);
	vga_clear_range(0, VGA_ROWS * VGA_COLS);
	cur_x = cur_y = 0;
	register_console(&vga_console);
}
