/*
 * cmd_block.c - what the machine has: lsblk, lspci, part.
 *
 * These only read what the drivers and the partition scan recorded at
 * boot (struct gendisk, struct hd_struct, struct pci_dev); none of them
 * does I/O, so they answer even when a disk does not.
 */
#include "kernel.h"
#include "blkdev.h"
#include "elevator.h"
#include "mm.h"
#include "pci.h"
#include "shell.h"
#include "shell_args.h"
#include "string.h"

static void format_sectors(sector_t sectors, char *buf, size_t size)
{
	shell_format_size((u64)sectors << 9, buf, size);
}

/*
 * The highest address the device can DMA to, as the size of memory below
 * it ("16 MiB"): pages above it are bounced. "-" when it reaches anywhere.
 */
static void format_dma_limit(const struct request_queue *q, char *buf, size_t size)
{
	u64 pfn = q->limits.bounce_pfn;

	if (pfn >= BLK_BOUNCE_ANY >> PAGE_SHIFT)
		snprintf(buf, size, "-");
	else
		shell_format_size((pfn + 1) << PAGE_SHIFT, buf, size);
}

static void lsblk_disk(struct gendisk *disk)
{
	struct request_queue *q = disk->queue;
	char size[16], dma[16], maxio[16];

	format_sectors(get_capacity(disk), size, sizeof(size));
	format_dma_limit(q, dma, sizeof(dma));
	shell_format_size((u64)queue_max_sectors(q) << 9, maxio, sizeof(maxio));
	shell_printf("%-10s %10s %2d  %-10s %-9s %-9s %s\n", disk->disk_name, size,
		     disk->read_only, disk->driver ? disk->driver : "-",
		     elv_current_name(q),
		     dma, maxio);
	for (int n = 1; n < DISK_MAX_PARTS; n++) {
		struct hd_struct *part = disk->part[n];
		char name[DISK_NAME_LEN + 2];

		if (!part)
			continue;
		snprintf(name, sizeof(name), "`-%s", disk->bdev[n]->name);
		format_sectors(part->nr_sects, size, sizeof(size));
		shell_printf("%-10s %10s %2d\n", name, size, disk->read_only);
	}
}

static int cmd_lsblk(int argc, char **argv)
{
	struct block_device *bdev = NULL;

	if (argc > 2)
		return shell_usage_current();
	if (argc == 2 && !(bdev = shell_lookup_bdev(argv[1])))
		return -ENODEV;
	shell_printf("%-10s %10s %2s  %-10s %-9s %-9s %s\n", "NAME", "SIZE", "RO",
		     "DRIVER", "SCHED", "DMA-LIMIT", "MAX-IO");
	for (struct gendisk *d = disk_iter_next(NULL); d; d = disk_iter_next(d))
		if (!bdev || bdev->bd_disk == d)
			lsblk_disk(d);
	return 0;
}
SHELL_CMD_HELP(lsblk, "lsblk", "lsblk [DEV]",
	       "list the disks and their partitions",
	       "SIZE in binary units; RO 1 if writes are refused; DRIVER the\n"
	       "disk's driver; SCHED its elevator (`sched` changes it);\n"
	       "DMA-LIMIT the memory the controller can reach, above which\n"
	       "pages are bounced (- for all of it); MAX-IO the largest\n"
	       "request the queue lets through. Partitions follow their disk.");

/* A name for the vendors QEMU's machines carry; the id is printed anyway. */
static const char *pci_vendor_name(u16 vendor)
{
	switch (vendor) {
	case 0x8086: return "Intel";
	case 0x1234: return "QEMU/Bochs";
	case 0x1af4: return "Red Hat (virtio)";
	case 0x1b36: return "Red Hat (QEMU)";
	default: return NULL;
	}
}

static void lspci_bars(const struct pci_dev *dev)
{
	for (int i = 0; i < PCI_NUM_RESOURCES; i++) {
		const struct resource *r = &dev->resource[i];

		if (!r->len)
			continue;
		shell_printf("\tBAR%d: %s at 0x%llx, %llu bytes\n", i,
			     r->flags & IORESOURCE_IO ? "I/O ports" : "memory",
			     (unsigned long long)r->start, (unsigned long long)r->len);
	}
}

static int cmd_lspci(int argc, char **argv)
{
	bool verbose = argc == 2 && !strcmp(argv[1], "-v");
	struct pci_dev *dev;
	unsigned int n = 0;

	if (argc > 2 || (argc == 2 && !verbose))
		return shell_usage_current();
	for_each_pci_dev(dev) {
		const char *vendor = pci_vendor_name(dev->vendor);
		/* Drivers bind at boot and never leave: no lock needed to look. */
		const struct pci_driver *drv = READ_ONCE(dev->driver);

		/* slot_name is "0000:00:01.1"; lspci leaves out the domain. */
		shell_printf("%s %s [%04x]: %04x:%04x%s%s%s rev %02x", pci_name(dev) + 5,
			     pci_class_name(dev->class), dev->class >> 8, dev->vendor,
			     dev->device, vendor ? " (" : "", vendor ? vendor : "",
			     vendor ? ")" : "", dev->revision);
		if (dev->irq)
			shell_printf(", IRQ %u", dev->irq);
		shell_printf(", driver %s\n", drv ? drv->name : "none");
		if (verbose)
			lspci_bars(dev);
		n++;
	}
	if (!n)
		shell_printf("lspci: no PCI devices\n");
	return 0;
}
SHELL_CMD_HELP(lspci, "lspci", "lspci [-v]", "list the PCI devices found at boot",
	       "One line per function: bus:slot.function, class [code],\n"
	       "vendor:device, revision, IRQ line, bound driver; -v adds the BARs.");

/* MBR type bytes, as fdisk names them. */
static const char *mbr_type_name(u8 sys_ind)
{
	switch (sys_ind) {
	case 0x01: return "FAT12";
	case 0x04: return "FAT16 <32M";
	case 0x05: return "Extended";
	case 0x06: return "FAT16";
	case 0x07: return "HPFS/NTFS/exFAT";
	case 0x0b: return "W95 FAT32";
	case 0x0c: return "W95 FAT32 (LBA)";
	case 0x0e: return "W95 FAT16 (LBA)";
	case 0x0f: return "W95 Ext'd (LBA)";
	case 0x82: return "Linux swap";
	case 0x83: return "Linux";
	case 0x85: return "Linux extended";
	case 0x8e: return "Linux LVM";
	case 0xef: return "EFI (FAT-12/16/32)";
	case 0xfd: return "Linux raid autodetect";
	default: return "unknown";
	}
}

/* GPT type GUIDs in their text form (the first three fields little-endian). */
static void format_guid(const u8 *g, char *buf, size_t size)
{
	snprintf(buf, size, "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
		 "%02X%02X%02X%02X%02X%02X", g[3], g[2], g[1], g[0], g[5], g[4],
		 g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

static const struct {
	const char *guid, *name;
} gpt_types[] = {
	{ "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", "EFI System" },
	{ "21686148-6449-6E6F-744E-656564454649", "BIOS boot" },
	{ "0FC63DAF-8483-4772-8E79-3D69D8477DE4", "Linux filesystem" },
	{ "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", "Linux swap" },
	{ "A19D880F-05FC-4D3B-A006-743F0F84911E", "Linux RAID" },
	{ "E6D6D379-F507-44C2-A23C-238F2A3DF928", "Linux LVM" },
	{ "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", "Microsoft basic data" },
};

static void part_type(const struct gendisk *disk, const struct hd_struct *part,
		      char *buf, size_t size)
{
	char guid[40];

	if (strcmp(disk->part_table, "gpt")) {
		snprintf(buf, size, "%x %s", part->sys_ind, mbr_type_name(part->sys_ind));
		return;
	}
	format_guid(part->type_guid, guid, sizeof(guid));
	for (size_t i = 0; i < ARRAY_SIZE(gpt_types); i++)
		if (!strcmp(guid, gpt_types[i].guid)) {
			snprintf(buf, size, "%s", gpt_types[i].name);
			return;
		}
	snprintf(buf, size, "%s", guid);
}

static int cmd_part(int argc, char **argv)
{
	struct block_device *bdev;
	struct gendisk *disk;
	char size[16], type[48];

	if (argc != 2)
		return shell_usage_current();
	bdev = shell_lookup_bdev(argv[1]);
	if (!bdev)
		return -ENODEV;
	disk = bdev->bd_disk;
	if (bdev->bd_partno) {
		shell_printf("part: %s is a partition of %s; try `part %s`\n", bdev->name,
			     disk->disk_name, disk->disk_name);
		return -EINVAL;
	}
	format_sectors(get_capacity(disk), size, sizeof(size));
	if (!disk->part_table) {
		shell_printf("%s: no partition table found (%llu sectors, %s)\n",
			     disk->disk_name, (unsigned long long)get_capacity(disk), size);
		return 0;
	}
	shell_printf("%s: %s partition table (%llu sectors, %s)\n", disk->disk_name,
		     disk->part_table, (unsigned long long)get_capacity(disk), size);
	shell_printf("%-10s %10s %10s %10s  %s\n", "NAME", "START", "SECTORS", "SIZE",
		     "TYPE");
	for (int n = 1; n < DISK_MAX_PARTS; n++) {
		struct hd_struct *part = disk->part[n];

		if (!part)
			continue;
		format_sectors(part->nr_sects, size, sizeof(size));
		part_type(disk, part, type, sizeof(type));
		shell_printf("%-10s %10llu %10llu %10s  %s", disk->bdev[n]->name,
			     (unsigned long long)part->start_sect,
			     (unsigned long long)part->nr_sects, size, type);
		if (part->label[0])
			shell_printf(" \"%s\"", part->label);
		shell_puts(part->extended ? " (container of the logical partitions)\n" : "\n");
	}
	return 0;
}
SHELL_CMD_HELP(part, "part", "part DISK", "show the partition table of DISK",
	       "The table type, then one line per partition: its device, first\n"
	       "sector and length in 512-byte sectors, size and type. MBR\n"
	       "primaries are 1-4 and logicals from 5 on, as Linux numbers\n"
	       "them; the extended container is shown as the 2-sector stub\n"
	       "Linux makes of it. GPT partitions are numbered by slot.");
