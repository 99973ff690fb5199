/*
 * serial.c - the PC's first 16550A UART, COM1 (Linux's
 * drivers/serial/8250.c, reduced to one port). Register names and bits
 * are the 16550A datasheet's.
 *
 * Output is polled: printk must work before interrupts do and from inside
 * a crash. Input is interrupt-driven: every received byte goes to the
 * console input buffer. Under QEMU, `-serial stdio` connects this port to
 * the terminal that ran `make run`.
 */
#include "kernel.h"
#include "console.h"
#include "interrupt.h"
#include "asm/io.h"

#define COM1_BASE	0x3f8
#define COM1_IRQ	4

#define UART_RBR	0	/* receive buffer (read, DLAB=0) */
#define UART_THR	0	/* transmit holding (write, DLAB=0) */
#define UART_DLL	0	/* divisor latch low (DLAB=1) */
#define UART_IER	1	/* interrupt enable (DLAB=0) */
#define UART_DLM	1	/* divisor latch high (DLAB=1) */
#define UART_FCR	2	/* FIFO control (write) */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */

#define UART_IER_RDI	0x01	/* interrupt when data is received */
#define UART_LCR_DLAB	0x80
#define UART_LCR_8N1	0x03
#define UART_FCR_ENABLE	0x07	/* enable and clear both FIFOs, trigger at 1 */
#define UART_MCR_DTR	0x01
#define UART_MCR_RTS	0x02
#define UART_MCR_OUT2	0x08	/* on a PC, gates the UART's IRQ to the PIC */
#define UART_MCR_LOOP	0x10
#define UART_LSR_DR	0x01	/* data ready */
#define UART_LSR_THRE	0x20	/* transmit holding register empty */

#define BAUD_BASE	115200
#define TX_TIMEOUT	100000	/* polls; a stuck UART must not hang printk */

static bool serial_present;
unsigned long serial_rx_count;

static void serial_out(int reg, u8 v) { outb(v, COM1_BASE + reg); }
static u8 serial_in(int reg) { return inb(COM1_BASE + reg); }

static void serial_putc(char c)
{
	for (int i = 0; i < TX_TIMEOUT; i++)
		if (serial_in(UART_LSR) & UART_LSR_THRE)
			break;
	serial_out(UART_THR, (u8)c);
}

static void serial_console_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	while (len--)
		serial_putc(*s++);
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_console_write,
	.flags = CON_PRINTBUFFER,
};

/* Loopback test: a missing UART reads back 0xff, not what we sent. */
static bool serial_probe(void)
{
	serial_out(UART_MCR, UART_MCR_LOOP | 0x0f);
	serial_out(UART_THR, 0xae);
	for (int i = 0; i < 1000 && !(serial_in(UART_LSR) & UART_LSR_DR); i++)
		;
	return serial_in(UART_RBR) == 0xae;
}

/* Polled output only: called before the memory allocator and interrupts. */
void serial_early_init(void)
{
	unsigned int divisor = BAUD_BASE / 115200;

	serial_out(UART_IER, 0);
	serial_out(UART_LCR, UART_LCR_DLAB);
	serial_out(UART_DLL, divisor & 0xff);
	serial_out(UART_DLM, divisor >> 8);
	serial_out(UART_LCR, UART_LCR_8N1);
	serial_out(UART_FCR, UART_FCR_ENABLE);
	if (!serial_probe())
		return;
	serial_out(UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	serial_present = true;
	register_console(&serial_console);
}

static irqreturn_t serial_interrupt(int irq, void *dev_id)
{
	irqreturn_t ret = IRQ_NONE;

	(void)irq;
	(void)dev_id;
	while (serial_in(UART_LSR) & UART_LSR_DR) {
		console_receive_char((char)serial_in(UART_RBR));
		serial_rx_count++;
		ret = IRQ_HANDLED;
	}
	return ret;
}

void serial_init_irq(void)
{
	int err;

	if (!serial_present)
		return;
	err = request_irq(COM1_IRQ, serial_interrupt, 0, "serial", &serial_console);
	if (err) {
		pr_err("ttyS0: cannot get IRQ %d (error %d); input disabled\n",
		       COM1_IRQ, err);
		return;
	}
	/* Drain anything typed during boot, then let the UART interrupt. */
	while (serial_in(UART_LSR) & UART_LSR_DR)
		console_receive_char((char)serial_in(UART_RBR));
	serial_out(UART_IER, UART_IER_RDI);
	pr_info("ttyS0: 16550A at I/O %#x, IRQ %d, 115200 8N1\n", COM1_BASE, COM1_IRQ);
}
