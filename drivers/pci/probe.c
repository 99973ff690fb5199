/*
 * probe.c - the boot scan of the PCI bus (Linux's drivers/pci/probe.c and
 * arch/x86/pci/legacy.c): every function on bus 0 and behind PCI-to-PCI
 * bridges, with its BARs sized, one log line each, then offered to the
 * drivers registered so far.
 *
 * It runs as a subsys_initcall, before the drivers' device_initcalls, so
 * a driver registering finds the list complete. Bus numbers behind
 * bridges are the firmware's (SeaBIOS numbers them); Lantern reads them
 * and does not renumber, so a bridge left unconfigured is reported and
 * its bus not scanned.
 */
#include "kernel.h"
#include "init.h"
#include "pci.h"
#include "pci-internal.h"
#include "slab.h"

#define PCI_MAX_BUSES		256
#define PCI_SLOTS_PER_BUS	32
#define PCI_FUNCS_PER_SLOT	8

/* Buses in scan order; the scan walks it while bridges append to it. */
static LIST_HEAD(pci_buses);
static u32 pci_bus_seen[PCI_MAX_BUSES / 32];	/* loop guard for bad firmware */
static unsigned int pci_nr_devices, pci_nr_buses;

static bool pci_bus_test_and_set_seen(unsigned int nr)
{
	u32 bit = 1u << (nr % 32);
	bool seen = pci_bus_seen[nr / 32] & bit;

	pci_bus_seen[nr / 32] |= bit;
	return seen;
}

static struct pci_bus *pci_add_bus(struct pci_bus *parent, struct pci_dev *bridge,
				   unsigned int nr)
{
	struct pci_bus *bus = kzalloc(sizeof(*bus), GFP_KERNEL);

	if (!bus)
		return NULL;
	bus->parent = parent;
	bus->self = bridge;
	bus->number = (unsigned char)nr;
	list_add_tail(&bus->node, &pci_buses);
	pci_nr_buses++;
	return bus;
}

/*
 * Read every BAR's address, then its size: a BAR ignores writes to the
 * address bits below its size, so after writing all ones the bits that
 * read back as 1 are the address bits it has (PCI 3.0 section 6.2.5.1).
 *
 * While a BAR holds all ones the device would answer at that address, so
 * decoding is off until every BAR has its value back. Nothing may touch
 * the device meanwhile, not even printk, whose console may sit behind it
 * (VGA memory): one lock hold covers the whole device. Host bridges keep
 * decoding, because on some chipsets that bit also gates the way to RAM.
 */
static void pci_size_bars(struct pci_dev *dev, int nbars, u32 *orig, u32 *mask)
{
	const u16 decode = PCI_COMMAND_IO | PCI_COMMAND_MEMORY;
	unsigned int bus = dev->bus->number, devfn = dev->devfn;
	bool keep_decoding = dev->class >> 8 == PCI_CLASS_BRIDGE_HOST;
	unsigned long flags;
	u16 cmd;

	spin_lock_irqsave(&pci_config_lock, flags);
	cmd = (u16)__pci_conf1_read(bus, devfn, PCI_COMMAND, 2);
	if (!keep_decoding && (cmd & decode))
		__pci_conf1_write(bus, devfn, PCI_COMMAND, 2, cmd & ~decode);
	for (int i = 0; i < nbars; i++) {
		int reg = PCI_BASE_ADDRESS_0 + 4 * i;

		orig[i] = __pci_conf1_read(bus, devfn, reg, 4);
		__pci_conf1_write(bus, devfn, reg, 4, ~0u);
		mask[i] = __pci_conf1_read(bus, devfn, reg, 4);
		__pci_conf1_write(bus, devfn, reg, 4, orig[i]);
	}
	if (!keep_decoding && (cmd & decode))
		__pci_conf1_write(bus, devfn, PCI_COMMAND, 2, cmd);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

/*
 * Fill dev->resource[i] from the sized BAR i. Returns how many BAR
 * registers it used: 2 for a 64-bit memory BAR, whose next register
 * holds the upper half of both address and mask.
 */
static int pci_decode_bar(struct pci_dev *dev, int i, int nbars,
			  const u32 *orig, const u32 *mask)
{
	struct resource *res = &dev->resource[i];
	unsigned long flags;
	u64 base, bits;
	int used = 1;

	if (orig[i] & PCI_BASE_ADDRESS_SPACE_IO) {
		base = orig[i] & PCI_BASE_ADDRESS_IO_MASK;
		bits = mask[i] & PCI_BASE_ADDRESS_IO_MASK;
		flags = IORESOURCE_IO;
	} else {
		base = orig[i] & PCI_BASE_ADDRESS_MEM_MASK;
		bits = mask[i] & PCI_BASE_ADDRESS_MEM_MASK;
		flags = IORESOURCE_MEM;
		if (orig[i] & PCI_BASE_ADDRESS_MEM_PREFETCH)
			flags |= IORESOURCE_PREFETCH;
		if ((orig[i] & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
		    PCI_BASE_ADDRESS_MEM_TYPE_64) {
			if (i + 1 < nbars) {
				base |= (u64)orig[i + 1] << 32;
				bits |= (u64)mask[i + 1] << 32;
				flags |= IORESOURCE_MEM_64;
				used = 2;
			} else {
				pr_warn("pci %s: BAR %d is 64-bit but the last one; upper half taken as 0\n",
					pci_name(dev), i);
			}
		}
	}
	if (!bits)
		return used;	/* no writable address bit: not implemented */
	/*
	 * The size is the lowest writable address bit. Taking that bit,
	 * rather than inverting the mask, also gets I/O BARs right whose
	 * upper 16 bits are hardwired to zero.
	 */
	res->start = base;
	res->len = bits & (~bits + 1);
	res->flags = flags;
	return used;
}

static void pci_read_bases(struct pci_dev *dev, int nbars)
{
	u32 orig[PCI_NUM_RESOURCES], mask[PCI_NUM_RESOURCES];
	int i = 0;

	pci_size_bars(dev, nbars, orig, mask);
	while (i < nbars) {
		struct resource *res = &dev->resource[i];
		int used = pci_decode_bar(dev, i, nbars, orig, mask);

		if (res->len)
			pr_debug("pci %s: BAR %d: [%s 0x%llx-0x%llx%s%s]\n",
				 pci_name(dev), i,
				 res->flags & IORESOURCE_IO ? "io " : "mem",
				 (unsigned long long)res->start,
				 (unsigned long long)(res->start + res->len - 1),
				 res->flags & IORESOURCE_MEM_64 ? " 64bit" : "",
				 res->flags & IORESOURCE_PREFETCH ? " pref" : "");
		i += used;
	}
}

/*
 * A bridge's secondary bus is scanned after the current bus ends (the
 * bus list is walked in order), so no recursion and no deep stack.
 */
static void pci_add_bridge_bus(struct pci_dev *bridge)
{
	unsigned int parent = bridge->bus->number, secondary, subordinate;
	u32 buses;

	raw_pci_read(parent, bridge->devfn, PCI_PRIMARY_BUS, 4, &buses);
	secondary = (buses >> 8) & 0xff;
	subordinate = (buses >> 16) & 0xff;
	if (secondary == 0) {
		pr_warn("pci %s: PCI bridge not configured by the firmware; its bus is not scanned\n",
			pci_name(bridge));
		return;
	}
	if (secondary <= parent || pci_bus_test_and_set_seen(secondary)) {
		pr_warn("pci %s: PCI bridge to bus %02x, which is not below bus %02x or seen before; not scanned\n",
			pci_name(bridge), secondary, parent);
		return;
	}
	pr_info("pci %s: PCI bridge to [bus %02x-%02x]\n",
		pci_name(bridge), secondary, subordinate);
	if (!pci_add_bus(bridge->bus, bridge, secondary))
		pr_err("pci %s: out of memory; bus %02x not scanned\n",
		       pci_name(bridge), secondary);
}

/* Headers other than these two have no BARs we understand (CardBus: none). */
static int pci_nr_bars(struct pci_dev *dev)
{
	switch (dev->hdr_type) {
	case PCI_HEADER_TYPE_NORMAL:
		return 6;
	case PCI_HEADER_TYPE_BRIDGE:
		return 2;
	default:
		return 0;
	}
}

static struct pci_dev *pci_scan_device(struct pci_bus *bus, unsigned int devfn)
{
	struct pci_dev *dev;
	u32 id, class, hdr, pin, line;

	/*
	 * Nobody answering ends in a master abort, which the host bridge
	 * completes with all ones. Some bridges return 0 for an empty slot,
	 * and 0 is no vendor either.
	 */
	raw_pci_read(bus->number, devfn, PCI_VENDOR_ID, 4, &id);
	if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
		return NULL;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		pr_err("pci %04x:%02x:%02x.%d: out of memory, device ignored\n",
		       0, bus->number, PCI_SLOT(devfn), PCI_FUNC(devfn));
		return NULL;
	}
	dev->bus = bus;
	dev->devfn = devfn;
	dev->vendor = id & 0xffff;
	dev->device = id >> 16;
	snprintf(dev->slot_name, sizeof(dev->slot_name), "%04x:%02x:%02x.%d",
		 0, bus->number, PCI_SLOT(devfn), PCI_FUNC(devfn));
	raw_pci_read(bus->number, devfn, PCI_REVISION_ID, 4, &class);
	dev->revision = class & 0xff;
	dev->class = class >> 8;
	raw_pci_read(bus->number, devfn, PCI_HEADER_TYPE, 1, &hdr);
	dev->hdr_type = hdr & PCI_HEADER_TYPE_MASK;
	dev->multifunction = hdr & PCI_HEADER_TYPE_MFD;
	raw_pci_read(bus->number, devfn, PCI_INTERRUPT_PIN, 1, &pin);
	raw_pci_read(bus->number, devfn, PCI_INTERRUPT_LINE, 1, &line);
	dev->pin = (u8)pin;
	/* 0xff is the firmware's "not connected"; no pin, no interrupt. */
	dev->irq = pin && line != 0xff ? line : 0;

	pr_info("pci %s: [%04x:%04x] type %02x class 0x%06x %s\n",
		pci_name(dev), dev->vendor, dev->device, dev->hdr_type,
		dev->class, pci_class_name(dev->class));
	pci_read_bases(dev, pci_nr_bars(dev));
	if (dev->irq)
		pr_debug("pci %s: irq %u, pin %c\n", pci_name(dev), dev->irq,
			 'A' + dev->pin - 1);
	list_add_tail(&dev->global_list, &pci_devices);
	pci_nr_devices++;
	if (dev->hdr_type == PCI_HEADER_TYPE_BRIDGE)
		pci_add_bridge_bus(dev);
	return dev;
}

/*
 * Function 0 must exist for a device to exist; only it says whether
 * functions 1-7 may (the MFD bit), and single-function devices may not
 * decode the function number at all, answering as 0 for each of them.
 */
static void pci_scan_slot(struct pci_bus *bus, unsigned int slot)
{
	struct pci_dev *dev = pci_scan_device(bus, PCI_DEVFN(slot, 0));

	if (!dev || !dev->multifunction)
		return;
	for (unsigned int fn = 1; fn < PCI_FUNCS_PER_SLOT; fn++)
		pci_scan_device(bus, PCI_DEVFN(slot, fn));
}

static int pci_subsys_init(void)
{
	struct pci_bus *bus;

	if (!pci_conf1_check()) {
		pr_info("PCI: no configuration mechanism #1, no PCI devices\n");
		return 0;
	}
	pr_info("PCI: Using configuration type 1 for base access\n");
	pci_bus_test_and_set_seen(0);
	if (!pci_add_bus(NULL, NULL, 0))
		return -ENOMEM;
	/* Bridges found on a bus append their buses: they are walked too. */
	list_for_each_entry(bus, &pci_buses, node)
		for (unsigned int slot = 0; slot < PCI_SLOTS_PER_BUS; slot++)
			pci_scan_slot(bus, slot);
	pr_info("PCI: %u device%s on %u bus%s\n", pci_nr_devices,
		pci_nr_devices == 1 ? "" : "s", pci_nr_buses,
		pci_nr_buses == 1 ? "" : "es");
	pci_bus_add_devices();
	return 0;
}
subsys_initcall(pci_subsys_init);
