/*
 * pci_test.c - the PCI scan, config space and driver binding, checked
 * against the machine the tests boot: QEMU's default -M pc, an i440FX
 * host bridge at 00:00.0 and the PIIX3 at 00:01 (ISA bridge .0, IDE .1).
 * Run with ktest=pci.
 *
 * Cases that name those chips skip on another machine (a different host
 * bridge at 00:00.0, e.g. -M q35); the rest hold on any PCI machine. The
 * test machine has no PCI-to-PCI bridge: boot QEMU with
 * `-device pci-bridge,chassis_nr=1,id=b1 -device e1000,bus=b1` to give
 * pci-buses-behind-bridges something to check.
 */
#include "kernel.h"
#include "console.h"
#include "kunit.h"
#include "pci.h"
#include "string.h"

#define I440FX_VENDOR	0x8086
#define I440FX_DEVICE	0x1237
#define PIIX3_ISA	0x7000
#define PIIX3_IDE	0x7010

/*
 * Skip only when another host bridge is there: no host bridge at all
 * must fail the i440FX cases, not skip them.
 */
static bool skip_unless_i440fx(struct kunit *test)
{
	struct pci_dev *host = pci_get_bus_and_slot(0, PCI_DEVFN(0, 0));

	if (host && host->class >> 8 == PCI_CLASS_BRIDGE_HOST &&
	    (host->vendor != I440FX_VENDOR || host->device != I440FX_DEVICE)) {
		kunit_skip(test, "not -M pc: another host bridge at 00:00.0");
		return true;
	}
	return false;
}

static struct pci_dev *piix3_ide(void)
{
	return pci_get_bus_and_slot(0, PCI_DEVFN(1, 1));
}

/* ---- the scan ---- */

static void pci_finds_i440fx_host_bridge(struct kunit *test)
{
	struct pci_dev *host = pci_get_bus_and_slot(0, PCI_DEVFN(0, 0));

	if (skip_unless_i440fx(test))
		return;
	KUNIT_ASSERT_NOT_NULL(test, host);
	KUNIT_EXPECT_EQ(test, host->vendor, I440FX_VENDOR);
	KUNIT_EXPECT_EQ(test, host->device, I440FX_DEVICE);
	KUNIT_EXPECT_EQ(test, host->class >> 8, PCI_CLASS_BRIDGE_HOST);
	KUNIT_EXPECT_EQ(test, host->hdr_type, PCI_HEADER_TYPE_NORMAL);
	KUNIT_EXPECT_STREQ(test, pci_name(host), "0000:00:00.0");
	KUNIT_EXPECT_TRUE(test, pci_get_device(I440FX_VENDOR, I440FX_DEVICE, NULL) == host);
	KUNIT_EXPECT_STREQ(test, pci_class_name(host->class), "Host bridge");
}

static void pci_finds_piix3_functions(struct kunit *test)
{
	struct pci_dev *isa, *ide;

	if (skip_unless_i440fx(test))
		return;
	isa = pci_get_bus_and_slot(0, PCI_DEVFN(1, 0));
	ide = piix3_ide();
	KUNIT_ASSERT_NOT_NULL(test, isa);
	KUNIT_ASSERT_NOT_NULL(test, ide);
	KUNIT_EXPECT_EQ(test, isa->vendor, 0x8086);
	KUNIT_EXPECT_EQ(test, isa->device, PIIX3_ISA);
	KUNIT_EXPECT_EQ(test, isa->class >> 8, PCI_CLASS_BRIDGE_ISA);
	/* Function 1 was only looked for because function 0 has the MFD bit. */
	KUNIT_EXPECT_TRUE(test, isa->multifunction);
	KUNIT_EXPECT_EQ(test, ide->vendor, 0x8086);
	KUNIT_EXPECT_EQ(test, ide->device, PIIX3_IDE);
	KUNIT_EXPECT_EQ(test, ide->class >> 8, PCI_CLASS_STORAGE_IDE);
	KUNIT_EXPECT_STREQ(test, pci_name(ide), "0000:00:01.1");
	KUNIT_EXPECT_STREQ(test, pci_class_name(ide->class), "IDE interface");
	KUNIT_EXPECT_TRUE(test, pci_get_class(ide->class, NULL) == ide);
}

static void pci_ide_bar4_is_16_io_ports(struct kunit *test)
{
	struct pci_dev *ide;
	u32 raw;

	if (skip_unless_i440fx(test))
		return;
	ide = piix3_ide();
	KUNIT_ASSERT_NOT_NULL(test, ide);
	/* The bus-master DMA registers: 16 ports (PIIX3 datasheet, BMIBA). */
	KUNIT_EXPECT_TRUE(test, pci_resource_flags(ide, 4) & IORESOURCE_IO);
	KUNIT_EXPECT_FALSE(test, pci_resource_flags(ide, 4) & IORESOURCE_MEM);
	KUNIT_EXPECT_EQ(test, pci_resource_len(ide, 4), 16);
	KUNIT_EXPECT_NE(test, pci_resource_start(ide, 4), 0);
	/* Sizing wrote all ones and must have put the address back. */
	KUNIT_ASSERT_EQ(test, pci_read_config_dword(ide, PCI_BASE_ADDRESS_0 + 4 * 4, &raw), 0);
	KUNIT_EXPECT_EQ(test, raw & PCI_BASE_ADDRESS_IO_MASK, pci_resource_start(ide, 4));
}

/* Every BAR decodes a power-of-two range aligned to its size, as sizing implies. */
static void pci_bars_sized_aligned_and_restored(struct kunit *test)
{
	struct pci_dev *dev;
	int bars = 0;

	for_each_pci_dev(dev) {
		for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
			struct resource *res = &dev->resource[i];
			u32 raw;

			if (!res->len) {
				KUNIT_EXPECT_EQ(test, res->flags, 0);
				continue;
			}
			bars++;
			KUNIT_EXPECT_TRUE(test, is_power_of_2(res->len));
			KUNIT_EXPECT_EQ(test, res->start & (res->len - 1), 0);
			KUNIT_EXPECT_NE(test, !(res->flags & IORESOURCE_IO),
					!(res->flags & IORESOURCE_MEM));
			if (res->flags & IORESOURCE_MEM_64 && i + 1 < PCI_NUM_RESOURCES)
				KUNIT_EXPECT_EQ(test, dev->resource[i + 1].len, 0);
			pci_read_config_dword(dev, PCI_BASE_ADDRESS_0 + 4 * i, &raw);
			KUNIT_EXPECT_EQ(test, raw & (res->flags & IORESOURCE_IO ?
						     PCI_BASE_ADDRESS_IO_MASK :
						     PCI_BASE_ADDRESS_MEM_MASK),
					(u32)res->start);
		}
	}
	KUNIT_EXPECT_GT(test, bars, 0);
}

/* A device on bus N > 0 hangs off a bridge whose secondary bus is N. */
static void pci_buses_behind_bridges(struct kunit *test)
{
	struct pci_dev *dev;
	int behind = 0;

	for_each_pci_dev(dev) {
		struct pci_dev *bridge = dev->bus->self;
		u8 secondary;

		if (dev->bus->number == 0) {
			KUNIT_EXPECT_NULL(test, bridge);
			continue;
		}
		behind++;
		KUNIT_ASSERT_NOT_NULL(test, bridge);
		KUNIT_EXPECT_EQ(test, bridge->hdr_type, PCI_HEADER_TYPE_BRIDGE);
		KUNIT_EXPECT_TRUE(test, bridge->bus == dev->bus->parent);
		pci_read_config_byte(bridge, PCI_SECONDARY_BUS, &secondary);
		KUNIT_EXPECT_EQ(test, secondary, dev->bus->number);
	}
	if (!behind)
		kunit_skip(test, "no device behind a PCI-to-PCI bridge on this machine");
}

/* One boot log line per device, in Linux's format. */
static void pci_boot_log_line_per_device(struct kunit *test)
{
	static char log[LOG_BUF_LEN + 1];
	unsigned long pos = 0;
	struct pci_dev *dev;
	size_t n = 0, got;

	if (log_buf_first() != 0) {
		kunit_skip(test, "the boot log has wrapped");
		return;
	}
	while ((got = log_buf_read(&pos, log + n, LOG_BUF_LEN - n, false)) > 0)
		n += got;
	log[n] = '\0';
	for_each_pci_dev(dev) {
		char line[64];

		snprintf(line, sizeof(line), "pci %s: [%04x:%04x] type %02x class 0x%06x",
			 pci_name(dev), dev->vendor, dev->device, dev->hdr_type, dev->class);
		if (!strstr(log, line))
			kunit_fail(test, __FILE__, __LINE__, "no \"%s\" in the log", line);
	}
}

static void pci_lookups_walk_bus_order(struct kunit *test)
{
	struct pci_dev *dev, *prev = NULL;
	int all = 0, intel = 0;

	for_each_pci_dev(dev) {
		if (prev && prev->bus == dev->bus)
			KUNIT_EXPECT_LT(test, prev->devfn, dev->devfn);
		prev = dev;
		all++;
		if (dev->vendor == 0x8086)
			intel++;
	}
	KUNIT_EXPECT_GT(test, all, 0);
	for (dev = NULL; (dev = pci_get_device(0x8086, PCI_ANY_ID, dev)) != NULL; )
		intel--;
	KUNIT_EXPECT_EQ(test, intel, 0);
	KUNIT_EXPECT_NULL(test, pci_get_device(0xffff, PCI_ANY_ID, NULL));
}

/* ---- config space ---- */

static void pci_absent_device_reads_ffff(struct kunit *test)
{
	unsigned int slot = 31;
	u32 v = 0;

	while (slot > 0 && pci_get_bus_and_slot(0, PCI_DEVFN(slot, 0)))
		slot--;
	KUNIT_ASSERT_NE(test, slot, 0);
	KUNIT_EXPECT_EQ(test, raw_pci_read(0, PCI_DEVFN(slot, 0), PCI_VENDOR_ID, 2, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0xffff);
	KUNIT_EXPECT_EQ(test, raw_pci_read(0, PCI_DEVFN(slot, 0), PCI_VENDOR_ID, 4, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0xffffffffu);
}

static void pci_config_rejects_bad_offsets(struct kunit *test)
{
	struct pci_dev *dev = pci_get_device(PCI_ANY_ID, PCI_ANY_ID, NULL);
	u32 v = 0;
	u16 w = 0;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_EQ(test, raw_pci_read(0, 0, PCI_CFG_SPACE_SIZE, 1, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, v, 0xffffffffu);
	KUNIT_EXPECT_EQ(test, raw_pci_read(0, 0, 0, 3, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, raw_pci_read(256, 0, 0, 4, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, pci_read_config_word(dev, PCI_VENDOR_ID + 1, &w), -EINVAL);
	KUNIT_EXPECT_EQ(test, w, 0xffff);
	KUNIT_EXPECT_EQ(test, pci_read_config_dword(dev, PCI_DEVICE_ID, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, pci_write_config_word(dev, PCI_COMMAND + 1, 0), -EINVAL);
	/* Narrow reads pick their bytes out of the dword. */
	KUNIT_EXPECT_EQ(test, pci_read_config_word(dev, PCI_DEVICE_ID, &w), 0);
	KUNIT_EXPECT_EQ(test, w, dev->device);
	KUNIT_EXPECT_EQ(test, pci_read_config_dword(dev, PCI_VENDOR_ID, &v), 0);
	KUNIT_EXPECT_EQ(test, v, (u32)dev->device << 16 | dev->vendor);
}

/*
 * A device nobody uses: no driver, not a bridge, not the VGA console,
 * not a disk controller, with at least one BAR. Its decode bits can be
 * cleared for a moment without harm.
 */
static struct pci_dev *idle_device_with_bars(void)
{
	struct pci_dev *dev;

	for_each_pci_dev(dev) {
		unsigned int base = dev->class >> 16;

		if (dev->driver || base == 0x01 || base == 0x03 || base == 0x06)
			continue;
		for (int i = 0; i < PCI_NUM_RESOURCES; i++)
			if (dev->resource[i].len)
				return dev;
	}
	return NULL;
}

static void pci_enable_and_master_set_command(struct kunit *test)
{
	const u16 bits = PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	struct pci_dev *dev = idle_device_with_bars();
	u16 saved, cmd, want = PCI_COMMAND_MASTER;

	if (!dev) {
		kunit_skip(test, "no idle device with BARs (QEMU's default NIC is one)");
		return;
	}
	for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
		if (dev->resource[i].flags & IORESOURCE_IO)
			want |= PCI_COMMAND_IO;
		if (dev->resource[i].flags & IORESOURCE_MEM)
			want |= PCI_COMMAND_MEMORY;
	}
	KUNIT_ASSERT_EQ(test, pci_read_config_word(dev, PCI_COMMAND, &saved), 0);
	pci_write_config_word(dev, PCI_COMMAND, saved & ~bits);
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	KUNIT_EXPECT_EQ(test, cmd & bits, 0);

	KUNIT_EXPECT_EQ(test, pci_enable_device(dev), 0);
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	KUNIT_EXPECT_EQ(test, cmd & bits, want & ~PCI_COMMAND_MASTER);
	pci_set_master(dev);
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	KUNIT_EXPECT_EQ(test, cmd & bits, want);
	pci_clear_master(dev);
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	KUNIT_EXPECT_EQ(test, cmd & bits, want & ~PCI_COMMAND_MASTER);

	pci_write_config_word(dev, PCI_COMMAND, saved);
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	KUNIT_EXPECT_EQ(test, cmd, saved);
}

/* ---- drivers ---- */

static const struct pci_device_id match_table[] = {
	{ PCI_DEVICE(0x8086, 0x7010), .driver_data = 1 },
	{ PCI_DEVICE(0x8086, PCI_ANY_ID), .driver_data = 2 },
	{ PCI_DEVICE_CLASS(0x020000, 0xff0000), .driver_data = 3 },
	{ 0 },
	{ PCI_DEVICE(PCI_ANY_ID, PCI_ANY_ID), .driver_data = 4 },	/* past the end */
};

static void pci_match_id_rules(struct kunit *test)
{
	struct pci_dev ide = { .vendor = 0x8086, .device = 0x7010, .class = 0x010180 };
	struct pci_dev isa = { .vendor = 0x8086, .device = 0x7000, .class = 0x060100 };
	struct pci_dev nic = { .vendor = 0x10ec, .device = 0x8139, .class = 0x020000 };
	struct pci_dev vga = { .vendor = 0x1234, .device = 0x1111, .class = 0x030000 };
	const struct pci_device_id ide_class[] = {
		{ PCI_DEVICE_CLASS(0x010100, 0xffff00) }, { 0 }
	};
	const struct pci_device_id *id;

	id = pci_match_id(match_table, &ide);
	KUNIT_EXPECT_TRUE(test, id && id->driver_data == 1);	/* first match wins */
	id = pci_match_id(match_table, &isa);
	KUNIT_EXPECT_TRUE(test, id && id->driver_data == 2);
	id = pci_match_id(match_table, &nic);
	KUNIT_EXPECT_TRUE(test, id && id->driver_data == 3);
	KUNIT_EXPECT_NULL(test, pci_match_id(match_table, &vga));
	KUNIT_EXPECT_NOT_NULL(test, pci_match_id(ide_class, &ide));	/* any prog-if */
	KUNIT_EXPECT_NULL(test, pci_match_id(ide_class, &isa));
	KUNIT_EXPECT_NULL(test, pci_match_id(NULL, &ide));
}

struct probe_log {
	int probes, removes;
	struct pci_dev *last;
	int ret;			/* what probe answers */
};

static struct probe_log log_a, log_b;

static int test_probe(struct probe_log *log, struct pci_dev *dev)
{
	log->probes++;
	log->last = dev;
	if (!log->ret)
		pci_set_drvdata(dev, log);
	return log->ret;
}

static int probe_a(struct pci_dev *dev, const struct pci_device_id *id)
{
	return test_probe(&log_a, dev);
}

static int probe_b(struct pci_dev *dev, const struct pci_device_id *id)
{
	return test_probe(&log_b, dev);
}

static void remove_a(struct pci_dev *dev)
{
	log_a.removes++;
	log_a.last = dev;
}

/*
 * The binding cases need a device no Lantern driver takes: the IDE
 * function has ata_bmdma now, so they use QEMU's default network card
 * (class 02.00, an e1000 on -M pc).
 */
#define TARGET_CLASS	0x020000

static const struct pci_device_id target_class_ids[] = {
	{ PCI_DEVICE_CLASS(TARGET_CLASS, 0xffff00) },
	{ 0 }
};

static struct pci_driver driver_a = {
	.name = "pci-test-a", .id_table = target_class_ids,
	.probe = probe_a, .remove = remove_a,
};
static struct pci_driver driver_b = {
	.name = "pci-test-b", .id_table = target_class_ids, .probe = probe_b,
};

static int pci_driver_case_init(struct kunit *test)
{
	memset(&log_a, 0, sizeof(log_a));
	memset(&log_b, 0, sizeof(log_b));
	return 0;
}

/* An ASSERT may leave a case early: never leave a test driver behind. */
static void pci_driver_case_exit(struct kunit *test)
{
	pci_unregister_driver(&driver_a);
	pci_unregister_driver(&driver_b);
}

static struct pci_dev *unbound_target_or_skip(struct kunit *test)
{
	struct pci_dev *dev = pci_get_class(TARGET_CLASS, NULL);

	if (!dev) {
		kunit_skip(test, "no Ethernet controller (class 02.00) on this machine");
		return NULL;
	}
	if (pci_get_class(TARGET_CLASS, dev)) {
		kunit_skip(test, "more than one Ethernet controller: binding counts would differ");
		return NULL;
	}
	if (dev->driver) {
		kunit_skip(test, "the Ethernet controller is already bound to a real driver");
		return NULL;
	}
	return dev;
}

static void pci_driver_probed_once_for_target(struct kunit *test)
{
	struct pci_dev *target = unbound_target_or_skip(test), *dev;

	if (test->skipped)
		return;
	KUNIT_ASSERT_NOT_NULL(test, target);
	KUNIT_ASSERT_EQ(test, pci_register_driver(&driver_a), 0);
	KUNIT_EXPECT_EQ(test, log_a.probes, 1);
	KUNIT_EXPECT_TRUE(test, log_a.last == target);
	KUNIT_EXPECT_TRUE(test, target->driver == &driver_a);
	KUNIT_EXPECT_TRUE(test, pci_get_drvdata(target) == &log_a);
	for_each_pci_dev(dev)
		if (dev != target)
			KUNIT_EXPECT_TRUE(test, dev->driver != &driver_a);
	KUNIT_EXPECT_EQ(test, pci_register_driver(&driver_a), -EBUSY);

	pci_unregister_driver(&driver_a);
	KUNIT_EXPECT_EQ(test, log_a.removes, 1);
	KUNIT_EXPECT_TRUE(test, log_a.last == target);
	KUNIT_EXPECT_NULL(test, target->driver);
	KUNIT_EXPECT_NULL(test, pci_get_drvdata(target));
}

static void pci_second_driver_not_bound_again(struct kunit *test)
{
	struct pci_dev *target = unbound_target_or_skip(test);

	if (test->skipped)
		return;
	KUNIT_ASSERT_NOT_NULL(test, target);
	KUNIT_ASSERT_EQ(test, pci_register_driver(&driver_a), 0);
	KUNIT_ASSERT_EQ(test, pci_register_driver(&driver_b), 0);
	KUNIT_EXPECT_EQ(test, log_a.probes, 1);
	KUNIT_EXPECT_EQ(test, log_b.probes, 0);
	KUNIT_EXPECT_TRUE(test, target->driver == &driver_a);
	/* Unbinding does not hand the device on: b registered too late. */
	pci_unregister_driver(&driver_a);
	KUNIT_EXPECT_NULL(test, target->driver);
	KUNIT_EXPECT_EQ(test, log_b.probes, 0);
}

static void pci_failed_probe_leaves_device_free(struct kunit *test)
{
	struct pci_dev *target = unbound_target_or_skip(test);

	if (test->skipped)
		return;
	KUNIT_ASSERT_NOT_NULL(test, target);
	log_a.ret = -ENODEV;
	KUNIT_ASSERT_EQ(test, pci_register_driver(&driver_a), 0);
	KUNIT_EXPECT_EQ(test, log_a.probes, 1);
	KUNIT_EXPECT_NULL(test, target->driver);
	KUNIT_EXPECT_NULL(test, pci_get_drvdata(target));
	KUNIT_ASSERT_EQ(test, pci_register_driver(&driver_b), 0);
	KUNIT_EXPECT_EQ(test, log_b.probes, 1);
	KUNIT_EXPECT_TRUE(test, target->driver == &driver_b);
	pci_unregister_driver(&driver_a);
	KUNIT_EXPECT_EQ(test, log_a.removes, 0);
	KUNIT_EXPECT_TRUE(test, target->driver == &driver_b);
}

static void pci_register_driver_rejects_incomplete(struct kunit *test)
{
	struct pci_driver no_probe = { .name = "x", .id_table = target_class_ids };
	struct pci_driver no_ids = { .name = "x", .probe = probe_a };

	KUNIT_EXPECT_EQ(test, pci_register_driver(&no_probe), -EINVAL);
	KUNIT_EXPECT_EQ(test, pci_register_driver(&no_ids), -EINVAL);
	pci_unregister_driver(&no_probe);	/* never registered: a no-op */
	KUNIT_EXPECT_EQ(test, log_a.probes, 0);
}

static struct kunit_case pci_cases[] = {
	KUNIT_CASE(pci_finds_i440fx_host_bridge),
	KUNIT_CASE(pci_finds_piix3_functions),
	KUNIT_CASE(pci_ide_bar4_is_16_io_ports),
	KUNIT_CASE(pci_bars_sized_aligned_and_restored),
	KUNIT_CASE(pci_buses_behind_bridges),
	KUNIT_CASE(pci_boot_log_line_per_device),
	KUNIT_CASE(pci_lookups_walk_bus_order),
	KUNIT_CASE(pci_absent_device_reads_ffff),
	KUNIT_CASE(pci_config_rejects_bad_offsets),
	KUNIT_CASE(pci_enable_and_master_set_command),
	KUNIT_CASE(pci_match_id_rules),
	KUNIT_CASE(pci_driver_probed_once_for_target),
	KUNIT_CASE(pci_second_driver_not_bound_again),
	KUNIT_CASE(pci_failed_probe_leaves_device_free),
	KUNIT_CASE(pci_register_driver_rejects_incomplete),
	{}
};
static struct kunit_suite pci_suite = {
	.name = "pci",
	.init = pci_driver_case_init,
	.exit = pci_driver_case_exit,
	.test_cases = pci_cases,
};
kunit_test_suite(pci_suite);
