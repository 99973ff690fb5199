/*
 * ahci.c - the AHCI host bus adapter: found on PCI by its class
 * (mass storage / SATA / AHCI 1.0: 01.06.01), reset, switched to AHCI
 * mode, and its one interrupt line demultiplexed to the ports.
 * Everything per port and per command is in ahci_port.c.
 *
 * QEMU's ICH9 AHCI (`-device ahci`, or built into `-M q35`) has six
 * ports; q35 puts its CD drive on one, which is skipped.
 */
#include "kernel.h"
#include "delay.h"
#include "init.h"
#include "interrupt.h"
#include "pci.h"
#include "slab.h"
#include "asm/io.h"
#include "ahci.h"

#define AHCI_ABAR		5	/* BAR holding the registers */
#define AHCI_RESET_WAIT_MS	1000	/* GHC.HR must clear within 1 s (10.4.3) */

/* Disks get sda, sdb, ... in the order HBAs and ports are found. */
static int ahci_next_disk;

static u32 host_readl(struct ahci_host *host, unsigned int reg)
{
	return readl((char *)host->mmio + reg);
}

static void host_writel(struct ahci_host *host, unsigned int reg, u32 v)
{
	writel(v, (char *)host->mmio + reg);
}

/* HBA reset (10.4.3): every port back to idle, then AHCI mode again. */
static int ahci_reset(struct ahci_host *host)
{
	unsigned int waited = 0;

	host_writel(host, HOST_CTL, HOST_CTL_AE);
	host_writel(host, HOST_CTL, HOST_CTL_AE | HOST_CTL_HR);
	while (host_readl(host, HOST_CTL) & HOST_CTL_HR) {
		if (waited++ >= AHCI_RESET_WAIT_MS)
			return -ETIMEDOUT;
		mdelay(1);
	}
	/* HR clears AE on HBAs where it is not fixed: set it again. */
	host_writel(host, HOST_CTL, HOST_CTL_AE);
	return 0;
}

static irqreturn_t ahci_interrupt(int irq, void *dev_id)
{
	struct ahci_host *host = dev_id;
	u32 pending = host_readl(host, HOST_IRQ_STAT) & host->ports_impl;

	(void)irq;
	if (!pending)
		return IRQ_NONE;	/* the line is shared: someone else's */
	for (unsigned int nr = 0; nr < 32; nr++) {
		if (!(pending & (1u << nr)))
			continue;
		if (host->ports[nr]) {
			ahci_port_interrupt(host->ports[nr]);
		} else {
			/* A port without a disk of ours: acknowledge and ignore. */
			char *port = (char *)host->mmio + AHCI_PORT_BASE + nr * AHCI_PORT_SIZE;

			writel(readl(port + PORT_IRQ_STAT), port + PORT_IRQ_STAT);
		}
	}
	/* Port bits last: clearing IS before PxIS would re-raise it (10.7.2.1). */
	host_writel(host, HOST_IRQ_STAT, pending);
	return IRQ_HANDLED;
}

static int ahci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct ahci_host *host;
	u32 vs;
	int err;

	(void)id;
	if (!(pci_resource_flags(pdev, AHCI_ABAR) & IORESOURCE_MEM) ||
	    !pci_resource_len(pdev, AHCI_ABAR)) {
		pr_err("ahci %s: no register BAR (BAR5)\n", pci_name(pdev));
		return -ENODEV;
	}
	host = kzalloc(sizeof(*host), GFP_KERNEL);
	if (!host)
		return -ENOMEM;
	err = pci_enable_device(pdev);
	if (err)
		goto fail;
	pci_set_master(pdev);
	host->mmio = ioremap((phys_addr_t)pci_resource_start(pdev, AHCI_ABAR),
			     (size_t)pci_resource_len(pdev, AHCI_ABAR));
	err = -ENOMEM;
	if (!host->mmio)
		goto fail;
	err = ahci_reset(host);
	if (err) {
		pr_err("ahci %s: HBA reset did not finish\n", pci_name(pdev));
		goto fail;
	}
	host->cap = host_readl(host, HOST_CAP);
	host->ports_impl = host_readl(host, HOST_PORTS_IMPL);
	host->irq = pdev->irq;
	vs = host_readl(host, HOST_VERSION);
	pr_info("ahci %s: AHCI %x.%x, %u ports (implemented %#x), %u command slots%s%s, IRQ %u\n",
		pci_name(pdev), vs >> 16, (vs & 0xffff) >> 8,
		(host->cap & HOST_CAP_NP_MASK) + 1, host->ports_impl,
		((host->cap >> HOST_CAP_NCS_SHIFT) & 0x1f) + 1,
		host->cap & HOST_CAP_SNCQ ? ", NCQ" : "",
		host->cap & HOST_CAP_S64A ? ", 64-bit" : "", host->irq);
	if (!host->irq || request_irq(host->irq, ahci_interrupt, IRQF_SHARED, "ahci", host)) {
		pr_err("ahci %s: cannot use IRQ %u\n", pci_name(pdev), host->irq);
		err = -EBUSY;
		goto fail;
	}
	host_writel(host, HOST_IRQ_STAT, ~0u);
	host_writel(host, HOST_CTL, HOST_CTL_AE | HOST_CTL_IE);
	for (unsigned int nr = 0; nr < 32; nr++) {
		if (!(host->ports_impl & (1u << nr)))
			continue;
		if (!ahci_port_init(host, nr, ahci_next_disk))
			ahci_next_disk++;
	}
	pci_set_drvdata(pdev, host);
	return 0;
fail:
	if (host->mmio)
		iounmap(host->mmio);
	kfree(host);
	return err;
}

static const struct pci_device_id ahci_ids[] = {
	{ PCI_DEVICE_CLASS(0x010601, 0xffffff) },	/* SATA, AHCI 1.0 interface */
	{ 0 }
};

static struct pci_driver ahci_driver = {
	.name = "ahci",
	.id_table = ahci_ids,
	.probe = ahci_probe,
};

static int ahci_init(void)
{
	return pci_register_driver(&ahci_driver);
}
initcall(ahci_init);
