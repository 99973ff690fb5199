/*
 * pci-internal.h - what the files of drivers/pci/ share and nobody else
 * may use (Linux's drivers/pci/pci.h; not named pci.h here, because a
 * quoted #include "pci.h" in this folder must find include/pci.h).
 */
#ifndef _LANTERN_PCI_INTERNAL_H
#define _LANTERN_PCI_INTERNAL_H

#include "pci.h"
#include "spinlock.h"

/*
 * Makes the CONFIG_ADDRESS/CONFIG_DATA pair atomic. Held across a whole
 * device's BAR sizing too (probe.c), so nothing sees a BAR full of ones.
 */
extern spinlock_t pci_config_lock;

/*
 * Every device, in bus order. Only the boot scan adds to it, before any
 * lookup can run, and nothing removes from it: readers take no lock.
 */
extern struct list_head pci_devices;

/* pci.c: is mechanism #1 there? Sets up the accessors; call once. */
bool pci_conf1_check(void);
/*
 * Mechanism #1 without checks. Caller holds pci_config_lock and passes a
 * register aligned to @len (1, 2 or 4) below PCI_CFG_SPACE_SIZE.
 */
u32 __pci_conf1_read(unsigned int bus, unsigned int devfn, int reg, int len);
void __pci_conf1_write(unsigned int bus, unsigned int devfn, int reg, int len,
		       u32 val);

/* pci-driver.c: offer every unbound device to the registered drivers. */
void pci_bus_add_devices(void);

#endif
