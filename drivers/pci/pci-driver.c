/*
 * pci-driver.c - binding drivers to devices by ID table (Linux's
 * drivers/pci/pci-driver.c, with the part of drivers/base/dd.c it uses).
 *
 * Probes come from two places: pci_register_driver() offers the new
 * driver every device that has none yet, and the boot scan
 * (pci_bus_add_devices) offers each device to the drivers registered
 * before it. Both hold pci_driver_mutex, so a device is offered to one
 * driver at a time and, once dev->driver is set, it stays with that
 * driver until the driver unregisters.
 */
#include "kernel.h"
#include "mutex.h"
#include "pci.h"
#include "pci-internal.h"

static DEFINE_MUTEX(pci_driver_mutex);	/* pci_drivers, every dev->driver */
static LIST_HEAD(pci_drivers);

static bool pci_match_one_device(const struct pci_device_id *id,
				 const struct pci_dev *dev)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == dev->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == dev->device) &&
	       !((id->class ^ dev->class) & id->class_mask);
}

/* Vendor 0 is assigned to nobody, so it ends the table. */
const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 const struct pci_dev *dev)
{
	for (; ids && ids->vendor; ids++)
		if (pci_match_one_device(ids, dev))
			return ids;
	return NULL;
}

/* Caller holds pci_driver_mutex. True if @drv took @dev. */
static bool __pci_device_probe(struct pci_driver *drv, struct pci_dev *dev)
{
	const struct pci_device_id *id;
	int err;

	if (dev->driver)
		return false;
	id = pci_match_id(drv->id_table, dev);
	if (!id)
		return false;
	err = drv->probe(dev, id);
	if (err) {
		if (err != -ENODEV)
			pr_warn("%s %s: probe failed: error %d\n",
				drv->name, pci_name(dev), err);
		dev->driver_data = NULL;
		return false;
	}
	dev->driver = drv;
	pr_debug("pci %s: bound to %s\n", pci_name(dev), drv->name);
	return true;
}

void pci_bus_add_devices(void)
{
	struct pci_driver *drv;
	struct pci_dev *dev;

	mutex_lock(&pci_driver_mutex);
	for_each_pci_dev(dev)
		list_for_each_entry(drv, &pci_drivers, node)
			if (__pci_device_probe(drv, dev))
				break;
	mutex_unlock(&pci_driver_mutex);
}

int pci_register_driver(struct pci_driver *drv)
{
	struct pci_dev *dev;

	if (!drv->name || !drv->id_table || !drv->probe)
		return -EINVAL;
	mutex_lock(&pci_driver_mutex);
	if (drv->node.next) {
		mutex_unlock(&pci_driver_mutex);
		return -EBUSY;
	}
	list_add_tail(&drv->node, &pci_drivers);
	for_each_pci_dev(dev)
		__pci_device_probe(drv, dev);
	mutex_unlock(&pci_driver_mutex);
	return 0;
}

void pci_unregister_driver(struct pci_driver *drv)
{
	struct pci_dev *dev;

	mutex_lock(&pci_driver_mutex);
	if (!drv->node.next)
		goto out;	/* never registered, or already gone */
	for_each_pci_dev(dev) {
		if (dev->driver != drv)
			continue;
		if (drv->remove)
			drv->remove(dev);
		dev->driver = NULL;
		dev->driver_data = NULL;
	}
	list_del(&drv->node);
	/* list_del() poisons; NULL is what says "not registered" here. */
	drv->node.next = drv->node.prev = NULL;
out:
	mutex_unlock(&pci_driver_mutex);
}
