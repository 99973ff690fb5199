/*
 * pci.c - configuration space through mechanism #1, and the device API
 * drivers use once the scan is done: enabling decode and bus mastering,
 * lookups, class names (Linux's arch/x86/pci/direct.c, drivers/pci/access.c,
 * pci.c and search.c).
 *
 * Mechanism #1 (PCI Local Bus 3.0, section 3.2.2.3.2): software writes the
 * address of a configuration dword to CONFIG_ADDRESS (port 0xCF8) and then
 * reads or writes it through CONFIG_DATA (ports 0xCFC-0xCFF); the host
 * bridge turns that into a configuration cycle on the bus. Two port
 * accesses make one configuration access, so pci_config_lock covers both,
 * with interrupts saved because a handler may need config space too.
 */
#include "kernel.h"
#include "pci.h"
#include "pci-internal.h"
#include "spinlock.h"
#include "asm/io.h"

#define PCI_CONF1_ADDRESS_PORT	0xcf8
#define PCI_CONF1_DATA_PORT	0xcfc
#define PCI_CONF1_ENABLE	0x80000000u	/* bit 31: make a config cycle */

DEFINE_SPINLOCK(pci_config_lock);
LIST_HEAD(pci_devices);
static bool pci_conf1_ok;

/* CONFIG_ADDRESS: enable, bus 23-16, device 15-11, function 10-8, dword 7-2. */
static u32 pci_conf1_address(unsigned int bus, unsigned int devfn, int reg)
{
	return PCI_CONF1_ENABLE | bus << 16 | devfn << 8 | (reg & 0xfc);
}

u32 __pci_conf1_read(unsigned int bus, unsigned int devfn, int reg, int len)
{
	/* The byte lanes of CONFIG_DATA select the bytes within the dword. */
	u16 port = PCI_CONF1_DATA_PORT + (reg & 3);

	outl(pci_conf1_address(bus, devfn, reg), PCI_CONF1_ADDRESS_PORT);
	switch (len) {
	case 1:
		return inb(port);
	case 2:
		return inw(port);
	default:
		return inl(port);
	}
}

void __pci_conf1_write(unsigned int bus, unsigned int devfn, int reg, int len,
		       u32 val)
{
	u16 port = PCI_CONF1_DATA_PORT + (reg & 3);

	outl(pci_conf1_address(bus, devfn, reg), PCI_CONF1_ADDRESS_PORT);
	switch (len) {
	case 1:
		outb((u8)val, port);
		break;
	case 2:
		outw((u16)val, port);
		break;
	default:
		outl(val, port);
		break;
	}
}

/*
 * Only a host bridge with mechanism #1 keeps a full dword in 0xCF8 and
 * reads it back; on other machines the port is not a register at all.
 * Whatever was there is put back, in case it was the firmware's.
 */
bool pci_conf1_check(void)
{
	unsigned long flags;
	u32 saved;

	spin_lock_irqsave(&pci_config_lock, flags);
	saved = inl(PCI_CONF1_ADDRESS_PORT);
	outl(PCI_CONF1_ENABLE, PCI_CONF1_ADDRESS_PORT);
	pci_conf1_ok = inl(PCI_CONF1_ADDRESS_PORT) == PCI_CONF1_ENABLE;
	outl(saved, PCI_CONF1_ADDRESS_PORT);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return pci_conf1_ok;
}

static int pci_conf1_valid(unsigned int bus, unsigned int devfn, int reg, int len)
{
	if (!pci_conf1_ok)
		return -ENODEV;
	if (bus > 255 || devfn > 255 || reg < 0 || reg >= PCI_CFG_SPACE_SIZE)
		return -EINVAL;
	if ((len != 1 && len != 2 && len != 4) || (reg & (len - 1)))
		return -EINVAL;	/* an access may not cross its dword */
	return 0;
}

int raw_pci_read(unsigned int bus, unsigned int devfn, int reg, int len, u32 *val)
{
	unsigned long flags;
	int err = pci_conf1_valid(bus, devfn, reg, len);

	if (err) {
		*val = ~0u;
		return err;
	}
	spin_lock_irqsave(&pci_config_lock, flags);
	*val = __pci_conf1_read(bus, devfn, reg, len);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return 0;
}

int raw_pci_write(unsigned int bus, unsigned int devfn, int reg, int len, u32 val)
{
	unsigned long flags;
	int err = pci_conf1_valid(bus, devfn, reg, len);

	if (err)
		return err;
	spin_lock_irqsave(&pci_config_lock, flags);
	__pci_conf1_write(bus, devfn, reg, len, val);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return 0;
}

int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val)
{
	u32 v;
	int err = raw_pci_read(dev->bus->number, dev->devfn, where, 1, &v);

	*val = (u8)v;
	return err;
}

int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val)
{
	u32 v;
	int err = raw_pci_read(dev->bus->number, dev->devfn, where, 2, &v);

	*val = (u16)v;
	return err;
}

int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val)
{
	return raw_pci_read(dev->bus->number, dev->devfn, where, 4, val);
}

int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val)
{
	return raw_pci_write(dev->bus->number, dev->devfn, where, 1, val);
}

int pci_write_config_word(const struct pci_dev *dev, int where, u16 val)
{
	return raw_pci_write(dev->bus->number, dev->devfn, where, 2, val);
}

int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val)
{
	return raw_pci_write(dev->bus->number, dev->devfn, where, 4, val);
}

/*
 * COMMAND is shared by enable, master and their opposites: one lock hold
 * for read-modify-write, so two drivers' helpers cannot lose a bit.
 * Returns the old value through @old (may be NULL).
 */
static int pci_update_command(struct pci_dev *dev, u16 set, u16 clear, u16 *old)
{
	unsigned int bus = dev->bus->number;
	unsigned long flags;
	int err = pci_conf1_valid(bus, dev->devfn, PCI_COMMAND, 2);
	u16 cmd, new;

	if (err)
		return err;
	spin_lock_irqsave(&pci_config_lock, flags);
	cmd = (u16)__pci_conf1_read(bus, dev->devfn, PCI_COMMAND, 2);
	new = (cmd & ~clear) | set;
	if (new != cmd)
		__pci_conf1_write(bus, dev->devfn, PCI_COMMAND, 2, new);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	if (old)
		*old = cmd;
	return 0;
}

int pci_enable_device(struct pci_dev *dev)
{
	u16 want = 0, old;
	int err;

	for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
		if (dev->resource[i].flags & IORESOURCE_IO)
			want |= PCI_COMMAND_IO;
		if (dev->resource[i].flags & IORESOURCE_MEM)
			want |= PCI_COMMAND_MEMORY;
	}
	err = pci_update_command(dev, want, 0, &old);
	if (err)
		return err;
	if ((old & want) != want)
		pr_info("pci %s: enabling device (%04x -> %04x)\n",
			pci_name(dev), old, old | want);
	return 0;
}

void pci_disable_device(struct pci_dev *dev)
{
	pci_update_command(dev, 0, PCI_COMMAND_MASTER, NULL);
}

void pci_set_master(struct pci_dev *dev)
{
	u16 old;

	if (!pci_update_command(dev, PCI_COMMAND_MASTER, 0, &old) &&
	    !(old & PCI_COMMAND_MASTER))
		pr_debug("pci %s: enabling bus mastering\n", pci_name(dev));
}

void pci_clear_master(struct pci_dev *dev)
{
	pci_update_command(dev, 0, PCI_COMMAND_MASTER, NULL);
}

static struct pci_dev *pci_next_dev(struct pci_dev *from)
{
	struct list_head *next = from ? from->global_list.next : pci_devices.next;

	return next == &pci_devices ? NULL :
		list_entry(next, struct pci_dev, global_list);
}

struct pci_dev *pci_get_device(unsigned int vendor, unsigned int device,
			       struct pci_dev *from)
{
	struct pci_dev *dev;

	for (dev = pci_next_dev(from); dev; dev = pci_next_dev(dev))
		if ((vendor == PCI_ANY_ID || dev->vendor == vendor) &&
		    (device == PCI_ANY_ID || dev->device == device))
			return dev;
	return NULL;
}

struct pci_dev *pci_get_class(unsigned int class, struct pci_dev *from)
{
	struct pci_dev *dev;

	for (dev = pci_next_dev(from); dev; dev = pci_next_dev(dev))
		if (dev->class == class)
			return dev;
	return NULL;
}

struct pci_dev *pci_get_bus_and_slot(unsigned int bus, unsigned int devfn)
{
	struct pci_dev *dev;

	for (dev = pci_next_dev(NULL); dev; dev = pci_next_dev(dev))
		if (dev->bus->number == bus && dev->devfn == devfn)
			return dev;
	return NULL;
}

/* The names of the PCI ID Repository (pci.ids), for the boot log. */
static const struct {
	u16 class;	/* class << 8 | subclass */
	const char *name;
} pci_subclass_names[] = {
	{ 0x0100, "SCSI storage controller" },
	{ 0x0101, "IDE interface" },
	{ 0x0105, "ATA controller" },
	{ 0x0106, "SATA controller" },
	{ 0x0108, "Non-Volatile memory controller" },
	{ 0x0200, "Ethernet controller" },
	{ 0x0300, "VGA compatible controller" },
	{ 0x0403, "Audio device" },
	{ 0x0600, "Host bridge" },
	{ 0x0601, "ISA bridge" },
	{ 0x0604, "PCI bridge" },
	{ 0x0680, "Bridge" },
	{ 0x0700, "Serial controller" },
	{ 0x0c03, "USB controller" },
	{ 0x0c05, "SMBus" },
};

/* Used when the subclass is not in the table above. */
static const char *const pci_base_class_names[] = {
	[0x00] = "Unclassified device",
	[0x01] = "Mass storage controller",
	[0x02] = "Network controller",
	[0x03] = "Display controller",
	[0x04] = "Multimedia controller",
	[0x05] = "Memory controller",
	[0x06] = "Bridge",
	[0x07] = "Communication controller",
	[0x08] = "Generic system peripheral",
	[0x09] = "Input device controller",
	[0x0c] = "Serial bus controller",
	[0x0d] = "Wireless controller",
};

const char *pci_class_name(u32 class)
{
	unsigned int base = class >> 16;

	for (size_t i = 0; i < ARRAY_SIZE(pci_subclass_names); i++)
		if (pci_subclass_names[i].class == class >> 8)
			return pci_subclass_names[i].name;
	if (base < ARRAY_SIZE(pci_base_class_names) && pci_base_class_names[base])
		return pci_base_class_names[base];
	return "Unknown class";
}
