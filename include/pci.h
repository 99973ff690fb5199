/*
 * pci.h - the PCI bus: configuration space, the devices found at boot, and
 * drivers that bind to them by ID (Linux's include/linux/pci.h and
 * pci_regs.h, for one PCI domain reached through configuration
 * mechanism #1).
 *
 * The bus is scanned once, by a subsys_initcall (drivers/pci/probe.c), so
 * a driver's device_initcall finds every device already listed. A driver
 * that registers earlier is not lost: the scan offers each new device to
 * the drivers already registered. Devices are never removed (no hotplug),
 * so a struct pci_dev pointer stays valid for ever and the lookups below
 * need no reference counting (no pci_dev_put).
 *
 * Register offsets and bits are from the PCI Local Bus Specification 3.0,
 * chapter 6 (configuration space); names follow Linux's pci_regs.h.
 */
#ifndef _LANTERN_PCI_H
#define _LANTERN_PCI_H

#include "kernel.h"
#include "list.h"

/* Type 0 and type 1 header, PCI 3.0 section 6.1. */
#define PCI_VENDOR_ID		0x00	/* 16 bits; 0xffff: nothing there */
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04	/* 16 bits */
#define  PCI_COMMAND_IO		0x0001	/* respond to I/O space accesses */
#define  PCI_COMMAND_MEMORY	0x0002	/* respond to memory space accesses */
#define  PCI_COMMAND_MASTER	0x0004	/* may start bus cycles (DMA) */
#define  PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS		0x06
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09	/* programming interface */
#define PCI_CLASS_DEVICE	0x0a	/* class << 8 | subclass */
#define PCI_HEADER_TYPE		0x0e
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_TYPE_MFD	0x80	/* in function 0: functions 1-7 may exist */
#define  PCI_HEADER_TYPE_NORMAL	0
#define  PCI_HEADER_TYPE_BRIDGE	1	/* PCI-to-PCI bridge */
#define  PCI_HEADER_TYPE_CARDBUS 2
#define PCI_BASE_ADDRESS_0	0x10	/* 6 BARs in type 0, 2 in type 1 */
#define  PCI_BASE_ADDRESS_SPACE_IO	0x01
#define  PCI_BASE_ADDRESS_MEM_TYPE_MASK	0x06
#define  PCI_BASE_ADDRESS_MEM_TYPE_64	0x04	/* this BAR and the next form one */
#define  PCI_BASE_ADDRESS_MEM_PREFETCH	0x08
#define  PCI_BASE_ADDRESS_MEM_MASK	(~0x0fu)
#define  PCI_BASE_ADDRESS_IO_MASK	(~0x03u)
#define PCI_INTERRUPT_LINE	0x3c	/* written by the firmware: the 8259 input */
#define PCI_INTERRUPT_PIN	0x3d	/* 1-4 = INTA#-INTD#, 0 = none */
/* Type 1 (PCI-to-PCI bridge) header, PCI-to-PCI Bridge spec 1.2 ch. 3. */
#define PCI_PRIMARY_BUS		0x18
#define PCI_SECONDARY_BUS	0x19	/* the bus right behind the bridge */
#define PCI_SUBORDINATE_BUS	0x1a	/* the highest bus behind it */

#define PCI_CFG_SPACE_SIZE	256	/* all that mechanism #1 can reach */

#define PCI_DEVFN(slot, func)	((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)

/* 16-bit class codes (class << 8 | subclass) that the code names. */
#define PCI_CLASS_STORAGE_IDE	0x0101
#define PCI_CLASS_STORAGE_SATA	0x0106
#define PCI_CLASS_BRIDGE_HOST	0x0600
#define PCI_CLASS_BRIDGE_ISA	0x0601
#define PCI_CLASS_BRIDGE_PCI	0x0604

/*
 * A range of I/O ports or physical memory that a BAR decodes. Linux keeps
 * this in include/linux/ioport.h (with an inclusive end); Lantern keeps a
 * length, the one number sizing actually finds. 64 bits because a 64-bit
 * BAR may sit above 4 GiB, where this i386 kernel cannot map it.
 */
#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_PREFETCH	0x00002000
#define IORESOURCE_MEM_64	0x00100000

struct resource {
	u64 start;
	u64 len;		/* 0: BAR not implemented */
	unsigned long flags;	/* IORESOURCE_*; 0 when len is 0 */
};

#define PCI_NUM_RESOURCES	6
#define PCI_ANY_ID		(~0u)

struct pci_driver;

struct pci_bus {
	struct list_head node;		/* on the scan's bus list */
	struct pci_bus *parent;		/* NULL for bus 0 */
	struct pci_dev *self;		/* the bridge leading here; NULL for bus 0 */
	unsigned char number;
};

/*
 * One function of one device. Everything but @driver and @driver_data is
 * read from the hardware by the scan and constant afterwards.
 */
struct pci_dev {
	struct list_head global_list;	/* on the list of all devices, bus order */
	struct pci_bus *bus;
	unsigned int devfn;		/* PCI_DEVFN(slot, function) */
	u16 vendor;
	u16 device;
	u32 class;			/* class << 16 | subclass << 8 | prog-if */
	u8 revision;
	u8 hdr_type;			/* PCI_HEADER_TYPE_*, without the MFD bit */
	bool multifunction;
	u8 pin;				/* 1-4 = INTA#-INTD#, 0 = none */
	unsigned int irq;		/* PCI_INTERRUPT_LINE; 0 = none */
	struct resource resource[PCI_NUM_RESOURCES];	/* the BARs */
	struct pci_driver *driver;	/* bound driver, under the driver mutex */
	void *driver_data;		/* the bound driver's own */
	char slot_name[16];		/* "0000:00:01.1" */
};

/*
 * A table entry matches when vendor and device match (or are
 * PCI_ANY_ID) and (dev->class ^ class) & class_mask is 0. The table ends
 * with an empty entry.
 */
struct pci_device_id {
	u32 vendor, device;
	u32 class, class_mask;
	unsigned long driver_data;	/* for the driver: which variant matched */
};

#define PCI_DEVICE(vend, dev)						\
	.vendor = (vend), .device = (dev)
#define PCI_DEVICE_CLASS(cls, mask)					\
	.vendor = PCI_ANY_ID, .device = PCI_ANY_ID,			\
	.class = (cls), .class_mask = (mask)

/*
 * @probe runs in process context with the driver mutex held, may sleep,
 * and returns 0 to take the device or -errno to leave it (-ENODEV: "not
 * mine", said quietly). It must not register or unregister drivers.
 * @remove (may be NULL) runs from pci_unregister_driver() for each
 * device the driver holds.
 */
struct pci_driver {
	struct list_head node;		/* on the driver list; NULL when not registered */
	const char *name;
	const struct pci_device_id *id_table;
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
};

/*
 * Configuration space. Any context (a spinlock with interrupts saved
 * makes the address/data port pair atomic). 0 on success; -EINVAL for an
 * offset past 255 or not aligned to the width, -ENODEV when the machine
 * has no mechanism #1 (or the scan has not yet checked, which it does
 * first). A failed read stores all ones, like absent hardware.
 */
int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val);
int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val);
int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val);
int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val);
int pci_write_config_word(const struct pci_dev *dev, int where, u16 val);
int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val);
/* The same for a bus/devfn with no struct pci_dev (yet); @len is 1, 2 or 4. */
int raw_pci_read(unsigned int bus, unsigned int devfn, int reg, int len, u32 *val);
int raw_pci_write(unsigned int bus, unsigned int devfn, int reg, int len, u32 val);

/*
 * Turn on decoding of the device's I/O and/or memory BARs (whichever it
 * has). Process context. 0, or the config access error.
 */
int pci_enable_device(struct pci_dev *dev);
/*
 * Stop the device's DMA (clears bus mastering). Decoding stays on: ports
 * that the firmware or a legacy user shares must not vanish under them.
 */
void pci_disable_device(struct pci_dev *dev);
void pci_set_master(struct pci_dev *dev);	/* allow DMA */
void pci_clear_master(struct pci_dev *dev);

#define pci_resource_start(dev, bar)	((dev)->resource[(bar)].start)
#define pci_resource_len(dev, bar)	((dev)->resource[(bar)].len)
#define pci_resource_flags(dev, bar)	((dev)->resource[(bar)].flags)

static inline const char *pci_name(const struct pci_dev *dev)
{
	return dev->slot_name;
}

static inline void pci_set_drvdata(struct pci_dev *dev, void *data)
{
	dev->driver_data = data;
}

static inline void *pci_get_drvdata(const struct pci_dev *dev)
{
	return dev->driver_data;
}

/*
 * Lookups over the devices found at boot, in bus order. Any context. The
 * next match after @from (NULL: from the start), or NULL.
 */
struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from);
struct pci_dev *pci_get_class(unsigned int class, struct pci_dev *from);
struct pci_dev *pci_get_bus_and_slot(unsigned int bus, unsigned int devfn);

#define for_each_pci_dev(dev)						\
	for ((dev) = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL); (dev); \
	     (dev) = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, (dev)))

/* "IDE interface" for a 24-bit class code; never NULL. */
const char *pci_class_name(u32 class);

/*
 * Register @drv and probe it against every device that has no driver
 * yet; each device is bound to at most one driver, the first whose probe
 * accepts it. Process context, may sleep. 0 (even if nothing matched),
 * -EINVAL for a driver without name, id_table or probe, -EBUSY if it is
 * already registered.
 */
int pci_register_driver(struct pci_driver *drv);
/* Call @remove for each device @drv holds, unbind them, forget @drv. */
void pci_unregister_driver(struct pci_driver *drv);
/* The entry of @ids that matches @dev, or NULL. Any context. */
const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 const struct pci_dev *dev);

#endif
