/*
 * asm/io.h for host tests that put a driver in front of a device model
 * (tests/host/mock/ide_sim.c). Port I/O becomes calls into the model, so
 * the driver's source builds unchanged and talks to the model instead of
 * hardware. Only port I/O is here: a driver that starts using something
 * else of the real asm/io.h fails to build until the model says what that
 * something means.
 */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include "types.h"

u8 inb(u16 port);
u16 inw(u16 port);
u32 inl(u16 port);
void outb(u8 v, u16 port);
void outw(u16 v, u16 port);
void outl(u32 v, u16 port);
void insw(u16 port, void *buf, unsigned long count);
void outsw(u16 port, const void *buf, unsigned long count);

#endif
