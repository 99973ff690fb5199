/*
 * acpi.c - the ACPI tables Lantern needs to turn a PC off and reset it
 * (Linux's drivers/acpi/tables.c and osl.c for finding the tables,
 * ACPICA's tbutils.c for walking them, hwsleep.c for S5, and
 * drivers/acpi/reboot.c for the reset register).
 *
 * At boot (acpi_init, an initcall):
 *   1. find the RSDP: the signature "RSD PTR " on a 16-byte boundary in
 *      the first KiB of the EBDA or in the BIOS area 0xE0000-0xFFFFF,
 *      with a valid checksum (5.2.5.1);
 *   2. walk the XSDT (ACPI 2.0+, if its address fits our 32 bits) or the
 *      RSDT, checksumming every table it lists; keep a copy of the FADT;
 *   3. from the FADT: the PM1a/PM1b control ports, SMI_CMD and
 *      ACPI_ENABLE, the reset register, and the DSDT's address;
 *   4. find \_S5_ in the DSDT's AML: the SLP_TYP values for soft-off.
 * The tables are then unmapped: acpi_pm_info holds all we use later.
 *
 * At power-off (acpi_power_off, through pm_power_off): switch to ACPI
 * mode if the firmware has not, write SLP_TYPa with SLP_EN into PM1a_CNT
 * (4.8.3.2.1). Under QEMU that ends the emulator with status 0.
 * Lantern has no AML interpreter, so it cannot run \_PTS first, as Linux
 * does; PCs and QEMU power off without it.
 *
 * Every problem (no RSDP, a bad checksum, no \_S5_) is one log line and
 * leaves poweroff to kernel/reboot.c's fallback message: never a panic.
 */
#include "kernel.h"
#include "acpi.h"
#include "delay.h"
#include "init.h"
#include "mm.h"
#include "reboot.h"
#include "string.h"
#include "asm/io.h"

/* Where the RSDP may be, 5.2.5.1. */
#define EBDA_SEGMENT_PTR	0x40e	/* BIOS data area: the EBDA's segment */
#define EBDA_SEARCH_LEN		1024
#define BIOS_AREA_START		0xe0000
#define BIOS_AREA_END		0x100000
#define LOW_MEMORY_END		0xa0000	/* the EBDA ends below 640 KiB */

/* Bigger than any real table (a DSDT is tens of KiB): a length beyond is garbage. */
#define ACPI_MAX_TABLE_LEN	(1u << 20)
/* Without PAE the kernel cannot map physical addresses at or above 4 GiB. */
#define ACPI_PHYS_LIMIT		(1ULL << 32)

/* How long firmware may take to hand the PM registers over (ACPICA waits 3 s). */
#define ACPI_ENABLE_TIMEOUT_MS	3000
/* How long to wait for the power to go after SLP_EN before giving up. */
#define ACPI_S5_WAIT_MS		2000

struct acpi_pm_info acpi_pm_info;

/* ---- reaching the tables ---- */

/* All the bytes of a valid table or RSDP add up to 0 (mod 256). */
static u8 acpi_checksum(const void *buf, size_t len)
{
	const u8 *p = buf;
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/*
 * Make @len bytes at @phys readable. The BIOS area is in the direct map,
 * but the tables themselves sit at the top of RAM in memory the e820 map
 * calls reserved, past the direct map's end (max_pfn): those get an
 * ioremap. NULL if the range cannot be mapped.
 */
static void *acpi_map(phys_addr_t phys, size_t len)
{
	if (phys + len <= (phys_addr_t)max_pfn << PAGE_SHIFT)
		return __va(phys);
	if (phys + len > ACPI_PHYS_LIMIT)
		return NULL;
	return ioremap(phys, len);
}

static void acpi_unmap(const void *virt)
{
	if (virt && !virt_addr_valid(virt))
		iounmap((void *)virt);
}

/*
 * Map the whole table at @phys: its header first, for the length, then
 * all of it, whose checksum must hold. NULL, with a log line, if the
 * table is unusable. Undo with acpi_unmap().
 */
static const struct acpi_table_header *acpi_map_table(phys_addr_t phys)
{
	const struct acpi_table_header *h = acpi_map(phys, sizeof(*h));
	u32 len;

	if (!h) {
		pr_warn("ACPI: table at %#llx cannot be mapped\n", (unsigned long long)phys);
		return NULL;
	}
	len = h->length;
	acpi_unmap(h);
	if (len < sizeof(*h) || len > ACPI_MAX_TABLE_LEN) {
		pr_warn("ACPI: table at %#llx has an impossible length (%u bytes), ignored\n",
			(unsigned long long)phys, len);
		return NULL;
	}
	h = acpi_map(phys, len);
	if (!h) {
		pr_warn("ACPI: table at %#llx (%u bytes) cannot be mapped\n",
			(unsigned long long)phys, len);
		return NULL;
	}
	if (acpi_checksum(h, len)) {
		pr_warn("ACPI: %.4s at %#llx: bad checksum, ignored\n", h->signature,
			(unsigned long long)phys);
		acpi_unmap(h);
		return NULL;
	}
	return h;
}

/* ---- 1. the RSDP ---- */

static bool acpi_rsdp_valid(const struct acpi_table_rsdp *rsdp)
{
	if (acpi_checksum(rsdp, ACPI_RSDP_V1_SIZE))
		return false;
	if (rsdp->revision < 2)
		return true;
	/* ACPI 2.0+: the extended checksum covers the 64-bit XSDT address too. */
	return rsdp->length >= sizeof(*rsdp) && rsdp->length <= PAGE_SIZE &&
	       !acpi_checksum(rsdp, rsdp->length);
}

/* Scan [start, start + len) of the first MiB (direct-mapped) for the RSDP. */
static phys_addr_t acpi_scan_rsdp(phys_addr_t start, size_t len)
{
	const u8 *base = __va(start);

	for (size_t off = 0; off + ACPI_RSDP_V1_SIZE <= len; off += 16) {
		const struct acpi_table_rsdp *rsdp = (const void *)(base + off);

		if (memcmp(rsdp->signature, "RSD PTR ", 8) != 0)
			continue;
		if (acpi_rsdp_valid(rsdp))
			return start + off;
		pr_warn("ACPI: \"RSD PTR \" at %#llx fails its checksum, ignored\n",
			(unsigned long long)(start + off));
	}
	return 0;
}

static phys_addr_t acpi_find_rsdp(void)
{
	phys_addr_t ebda = (phys_addr_t)*(const u16 *)__va(EBDA_SEGMENT_PTR) << 4;
	phys_addr_t rsdp = 0;

	/* Past the BIOS data area and below 640 KiB, or it is not an EBDA. */
	if (ebda >= 0x500 && ebda + EBDA_SEARCH_LEN <= LOW_MEMORY_END)
		rsdp = acpi_scan_rsdp(ebda, EBDA_SEARCH_LEN);
	if (!rsdp)
		rsdp = acpi_scan_rsdp(BIOS_AREA_START, BIOS_AREA_END - BIOS_AREA_START);
	return rsdp;
}

/* ---- 2. the root table, and the FADT in it ---- */

/*
 * Walk the RSDT (32-bit entries) or XSDT (64-bit entries) at @phys,
 * checking every table, and copy the FADT into @fadt (zeroed first, so a
 * short ACPI 1.0 FADT reads 0 past its end). 0, or -ENOENT.
 */
static int acpi_walk_root(phys_addr_t phys, bool xsdt, struct acpi_table_fadt *fadt)
{
	const struct acpi_table_header *root = acpi_map_table(phys);
	size_t entry_size = xsdt ? 8 : 4;
	bool found = false;
	const u8 *entries;
	u32 n;

	if (!root)
		return -ENOENT;
	if (memcmp(root->signature, xsdt ? "XSDT" : "RSDT", 4) != 0) {
		pr_warn("ACPI: %s at %#llx has signature \"%.4s\"\n", xsdt ? "XSDT" : "RSDT",
			(unsigned long long)phys, root->signature);
		acpi_unmap(root);
		return -ENOENT;
	}
	entries = (const u8 *)(root + 1);
	n = (root->length - sizeof(*root)) / entry_size;
	for (u32 i = 0; i < n; i++) {
		const struct acpi_table_header *t;
		u64 addr = 0;

		memcpy(&addr, entries + i * entry_size, entry_size);	/* little-endian */
		if (!addr)
			continue;	/* an empty slot */
		if (addr >= ACPI_PHYS_LIMIT) {
			pr_warn("ACPI: table at %#llx is above 4 GiB, skipped\n",
				(unsigned long long)addr);
			continue;
		}
		t = acpi_map_table(addr);
		if (!t)
			continue;
		if (!found && memcmp(t->signature, "FACP", 4) == 0) {
			memset(fadt, 0, sizeof(*fadt));
			memcpy(fadt, t, min_t(size_t, t->length, sizeof(*fadt)));
			found = true;
		}
		acpi_unmap(t);
	}
	acpi_unmap(root);
	if (!found)
		pr_warn("ACPI: no valid FADT (\"FACP\") among the %u tables of the %s\n", n,
			xsdt ? "XSDT" : "RSDT");
	return found ? 0 : -ENOENT;
}

/* ---- 3. the FADT ---- */

/* Is @field inside the FADT the firmware gave (not just our zeroed copy)? */
#define fadt_has(fadt, field) \
	((fadt)->header.length >= offsetof(struct acpi_table_fadt, field) + \
				  sizeof((fadt)->field))

/*
 * An ACPI 2.0+ extended block supersedes the 32-bit port when its address
 * is non-zero (5.2.9). Lantern drives only I/O-space PM1 blocks, which is
 * what every PC has; anything else leaves @port at 0 with a message.
 */
static u16 acpi_pm1_port(u32 legacy, const struct acpi_generic_address *x, bool has_x,
			 const char *name)
{
	u64 addr = legacy;

	if (has_x && x->address) {
		if (x->space_id != ACPI_ADR_SPACE_SYSTEM_IO) {
			pr_warn("ACPI: %s is in address space %u, not I/O: not supported\n",
				name, x->space_id);
			return 0;
		}
		addr = x->address;
	}
	if (addr > 0xffff) {
		pr_warn("ACPI: %s at %#llx is not an I/O port\n", name, (unsigned long long)addr);
		return 0;
	}
	return (u16)addr;
}

static void acpi_parse_fadt(const struct acpi_table_fadt *fadt, struct acpi_pm_info *pm)
{
	const struct acpi_generic_address *reset = &fadt->reset_register;

	pm->fadt_revision = fadt->header.revision;
	pm->pm1a_control = acpi_pm1_port(fadt->pm1a_control_block, &fadt->xpm1a_control_block,
					 fadt_has(fadt, xpm1a_control_block), "PM1a_CNT");
	pm->pm1b_control = acpi_pm1_port(fadt->pm1b_control_block, &fadt->xpm1b_control_block,
					 fadt_has(fadt, xpm1b_control_block), "PM1b_CNT");
	if (fadt->smi_command <= 0xffff)
		pm->smi_command = (u16)fadt->smi_command;
	pm->acpi_enable = fadt->acpi_enable;

	/* RESET_REG exists from FADT revision 2, and counts only with RESET_REG_SUP. */
	if (fadt->header.revision < 2 || !fadt_has(fadt, reset_value) ||
	    !(fadt->flags & ACPI_FADT_RESET_REGISTER) || !reset->address)
		return;
	if (reset->space_id != ACPI_ADR_SPACE_SYSTEM_IO || reset->address > 0xffff) {
		pr_notice("ACPI: reset register in address space %u at %#llx not supported\n",
			  reset->space_id, (unsigned long long)reset->address);
		return;
	}
	pm->reset_supported = true;
	pm->reset_port = (u16)reset->address;
	pm->reset_value = fadt->reset_value;
}

/* ---- 4. \_S5_ in the DSDT's AML ---- */

/* AML encodings, 20.2 (the AML grammar). */
#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_QWORD_PREFIX	0x0e
#define AML_PACKAGE_OP		0x12
#define AML_ROOT_CHAR		0x5c	/* '\' */
#define AML_ONES_OP		0xff

/*
 * PkgLength (20.2.4) at *@p: bits 7-6 of the lead byte count the bytes
 * that follow (0-3). With none, bits 5-0 are the length; otherwise bits
 * 3-0 are its low nibble and each following byte the next 8 bits. The
 * length counts the PkgLength's own bytes. Advances *@p past it.
 */
static int aml_pkg_length(const u8 **p, const u8 *end, u32 *len)
{
	const u8 *q = *p;
	unsigned int follow;

	if (q >= end)
		return -EINVAL;
	follow = q[0] >> 6;
	if ((size_t)(end - q) < 1 + follow)
		return -EINVAL;
	if (!follow) {
		*len = q[0] & 0x3f;
	} else {
		*len = q[0] & 0x0f;
		for (unsigned int i = 0; i < follow; i++)
			*len |= (u32)q[1 + i] << (4 + 8 * i);
	}
	*p = q + 1 + follow;
	return 0;
}

/*
 * An integer package element at *@p (20.2.3): ZeroOp, OneOp, OnesOp, or a
 * Byte/Word/DWord/QWord prefix and that many little-endian bytes.
 * Anything else (a name, a string, a method call) needs an interpreter:
 * -EOPNOTSUPP. Advances *@p past it.
 */
static int aml_integer(const u8 **p, const u8 *end, u64 *val)
{
	const u8 *q = *p;
	size_t n;

	if (q >= end)
		return -EINVAL;
	switch (q[0]) {
	case AML_ZERO_OP:	*val = 0; n = 0; break;
	case AML_ONE_OP:	*val = 1; n = 0; break;
	case AML_ONES_OP:	*val = ~0ULL; n = 0; break;
	case AML_BYTE_PREFIX:	n = 1; break;
	case AML_WORD_PREFIX:	n = 2; break;
	case AML_DWORD_PREFIX:	n = 4; break;
	case AML_QWORD_PREFIX:	n = 8; break;
	default:
		return -EOPNOTSUPP;
	}
	if ((size_t)(end - q) < 1 + n)
		return -EINVAL;
	if (n) {
		*val = 0;
		for (size_t i = 0; i < n; i++)
			*val |= (u64)q[1 + i] << (8 * i);
	}
	*p = q + 1 + n;
	return 0;
}

/*
 * The object after "_S5_" at @p: PackageOp PkgLength NumElements, then
 * the elements (20.2.5.4 DefPackage). SLP_TYPa and SLP_TYPb are the first
 * two (7.4.2); some ACPI 1.0 firmware has a single element holding
 * SLP_TYPa in bits 0-7 and SLP_TYPb in bits 8-15, which ACPICA accepts too.
 */
static int acpi_decode_s5(const u8 *p, const u8 *end, u8 *slp_typa, u8 *slp_typb)
{
	const u8 *pkg_start, *pkg_end;
	u64 val[2] = { 0, 0 };
	u32 pkg_len;
	u8 count;
	int err;

	if (p >= end || *p != AML_PACKAGE_OP)
		return -EOPNOTSUPP;
	pkg_start = ++p;		/* the PkgLength counts from its first byte */
	err = aml_pkg_length(&p, end, &pkg_len);
	if (err)
		return err;
	/* The package must fit in the table and hold at least NumElements. */
	if (pkg_len > (size_t)(end - pkg_start) || pkg_start + pkg_len <= p)
		return -EINVAL;
	pkg_end = pkg_start + pkg_len;
	count = *p++;
	if (!count)
		return -EINVAL;
	for (int i = 0; i < min(count, 2); i++) {
		err = aml_integer(&p, pkg_end, &val[i]);
		if (err)
			return err;
	}
	if (count == 1) {
		val[1] = (val[0] >> 8) & 0xff;
		val[0] &= 0xff;
	}
	if (val[0] > 7 || val[1] > 7)
		return -ERANGE;		/* SLP_TYPx is 3 bits wide */
	*slp_typa = (u8)val[0];
	*slp_typb = (u8)val[1];
	return 0;
}

/*
 * Name(_S5_, ...) is NameOp, optionally the root prefix '\', then the
 * NameSeg. A "_S5_" preceded by anything else is a use of the name, not
 * its definition (or a Method(_S5_), which only an interpreter can run):
 * keep looking, and report the most telling error if nothing decodes.
 */
int acpi_parse_s5(const u8 *aml, size_t len, u8 *slp_typa, u8 *slp_typb)
{
	int err = -ENOENT;

	for (size_t i = 1; i + 4 <= len; i++) {
		const u8 *name = aml + i;
		bool defined;
		int r;

		if (memcmp(name, "_S5_", 4) != 0)
			continue;
		defined = name[-1] == AML_NAME_OP ||
			  (i >= 2 && name[-1] == AML_ROOT_CHAR && name[-2] == AML_NAME_OP);
		if (!defined) {
			if (err == -ENOENT)
				err = -EOPNOTSUPP;
			continue;
		}
		r = acpi_decode_s5(name + 4, aml + len, slp_typa, slp_typb);
		if (!r)
			return 0;
		err = r;
	}
	return err;
}

static const char *acpi_s5_error(int err)
{
	switch (err) {
	case -ENOENT:
		return "the DSDT defines no \\_S5_";
	case -EOPNOTSUPP:
		return "\\_S5_ is not a Name() with a package of integers (a method?), "
		       "and Lantern has no AML interpreter";
	case -ERANGE:
		return "\\_S5_ holds a SLP_TYP value above 7";
	default:
		return "\\_S5_ is truncated or malformed";
	}
}

/* The DSDT's address: X_DSDT (64-bit) supersedes DSDT when non-zero. */
static phys_addr_t acpi_dsdt_address(const struct acpi_table_fadt *fadt)
{
	if (fadt_has(fadt, x_dsdt) && fadt->x_dsdt)
		return fadt->x_dsdt;
	return fadt->dsdt;
}

static void acpi_find_s5(const struct acpi_table_fadt *fadt, struct acpi_pm_info *pm)
{
	phys_addr_t phys = acpi_dsdt_address(fadt);
	const struct acpi_table_header *dsdt;
	int err;

	if (!phys || phys >= ACPI_PHYS_LIMIT) {
		pr_warn("ACPI: the FADT gives no usable DSDT address (%#llx)\n",
			(unsigned long long)phys);
		return;
	}
	dsdt = acpi_map_table(phys);
	if (!dsdt)
		return;
	if (memcmp(dsdt->signature, "DSDT", 4) != 0) {
		pr_warn("ACPI: DSDT at %#llx has signature \"%.4s\"\n",
			(unsigned long long)phys, dsdt->signature);
	} else {
		err = acpi_parse_s5((const u8 *)(dsdt + 1), dsdt->length - sizeof(*dsdt),
				    &pm->slp_typa, &pm->slp_typb);
		if (err)
			pr_warn("ACPI: %s (error %d)\n", acpi_s5_error(err), err);
		pm->s5_found = !err;
	}
	acpi_unmap(dsdt);
}

/* ---- power off and reset ---- */

/*
 * Firmware may keep the PM registers for its SMI handler ("legacy mode",
 * SCI_EN clear); writing ACPI_ENABLE to SMI_CMD asks it to hand them to
 * the OS (the spec's "Legacy/ACPI Select and the SCI Interrupt"). Done at
 * power-off rather than at boot: in ACPI mode the chipset raises SCI
 * interrupts, for which Lantern has no handler.
 */
static int acpi_enable_mode(const struct acpi_pm_info *pm)
{
	if (inw(pm->pm1a_control) & ACPI_PM1_SCI_EN)
		return 0;
	if (!pm->smi_command || !pm->acpi_enable)
		return -ENODEV;
	outb(pm->acpi_enable, pm->smi_command);
	for (int ms = 0; ms < ACPI_ENABLE_TIMEOUT_MS; ms++) {
		if (inw(pm->pm1a_control) & ACPI_PM1_SCI_EN) {
			pr_notice("ACPI: in ACPI mode after writing %#x to SMI_CMD %#x\n",
				  pm->acpi_enable, pm->smi_command);
			return 0;
		}
		mdelay(1);
	}
	return -ETIMEDOUT;
}

/* Put @slp_typ and @extra into one PM1 control register, keeping its other bits. */
static void acpi_pm1_control_write(u16 port, u8 slp_typ, u16 extra)
{
	u16 v;

	if (!port)
		return;
	v = inw(port) & ~(ACPI_PM1_SLP_TYP_MASK | ACPI_PM1_SLP_EN);
	outw(v | (u16)(slp_typ << ACPI_PM1_SLP_TYP_SHIFT) | extra, port);
}

/*
 * pm_power_off when the tables gave us S5. Interrupts off. Returns only
 * if the machine is still on afterwards.
 */
static void acpi_power_off(void)
{
	const struct acpi_pm_info *pm = &acpi_pm_info;
	int err = acpi_enable_mode(pm);

	if (err == -ETIMEDOUT)
		pr_warn("ACPI: SCI_EN still clear %d ms after writing %#x to SMI_CMD %#x; trying S5 anyway\n",
			ACPI_ENABLE_TIMEOUT_MS, pm->acpi_enable, pm->smi_command);
	else if (err)
		pr_warn("ACPI: firmware is in legacy mode and gives no SMI_CMD to leave it; trying S5 anyway\n");
	pr_notice("ACPI: entering S5: SLP_TYPa %u into PM1a_CNT %#x\n", pm->slp_typa,
		  pm->pm1a_control);
	/*
	 * As ACPICA does: the sleep type first, then SLP_EN in a second
	 * write; PM1a before PM1b, as the spec orders.
	 */
	acpi_pm1_control_write(pm->pm1a_control, pm->slp_typa, 0);
	acpi_pm1_control_write(pm->pm1b_control, pm->slp_typb, 0);
	acpi_pm1_control_write(pm->pm1a_control, pm->slp_typa, ACPI_PM1_SLP_EN);
	acpi_pm1_control_write(pm->pm1b_control, pm->slp_typb, ACPI_PM1_SLP_EN);
	mdelay(ACPI_S5_WAIT_MS);
	pr_err("ACPI: the machine is still on %d ms after entering S5\n", ACPI_S5_WAIT_MS);
}

int acpi_reboot(void)
{
	const struct acpi_pm_info *pm = &acpi_pm_info;

	if (!pm->reset_supported)
		return -ENODEV;
	pr_notice("reboot: writing %#x to the ACPI reset register (port %#x)\n",
		  pm->reset_value, pm->reset_port);
	outb(pm->reset_value, pm->reset_port);
	return 0;
}

/* ---- boot ---- */

static void acpi_print_summary(const struct acpi_pm_info *pm)
{
	char line[200];
	size_t n;

	n = scnprintf(line, sizeof(line), "RSDP at %#llx (v%u %s), FADT rev %u, PM1a_CNT %#x",
		      (unsigned long long)pm->rsdp, pm->rsdp_revision, pm->oem_id,
		      pm->fadt_revision, pm->pm1a_control);
	if (pm->pm1b_control)
		n += scnprintf(line + n, sizeof(line) - n, ", PM1b_CNT %#x", pm->pm1b_control);
	if (pm->s5_found)
		n += scnprintf(line + n, sizeof(line) - n, ", S5 = %u/%u", pm->slp_typa,
			       pm->slp_typb);
	else
		n += scnprintf(line + n, sizeof(line) - n, ", no S5");
	if (pm->reset_supported)
		scnprintf(line + n, sizeof(line) - n, ", reset register %#x = %#x",
			  pm->reset_port, pm->reset_value);
	else
		scnprintf(line + n, sizeof(line) - n, ", no reset register");
	pr_info("ACPI: %s\n", line);
}

static int acpi_init(void)
{
	struct acpi_pm_info *pm = &acpi_pm_info;
	const struct acpi_table_rsdp *rsdp;
	struct acpi_table_fadt fadt;
	phys_addr_t phys = acpi_find_rsdp();
	int err = -ENOENT;

	if (!phys) {
		pr_notice("ACPI: no RSDP in the EBDA or at 0xe0000-0xfffff: no ACPI, poweroff will only halt\n");
		return 0;
	}
	rsdp = __va(phys);
	pm->rsdp = phys;
	pm->rsdp_revision = rsdp->revision;
	memcpy(pm->oem_id, rsdp->oem_id, sizeof(rsdp->oem_id));
	for (int i = sizeof(rsdp->oem_id) - 1; i >= 0 && pm->oem_id[i] == ' '; i--)
		pm->oem_id[i] = '\0';	/* "BOCHS " is padded with spaces */

	/* The XSDT if there is one we can reach, else (or if it is bad) the RSDT. */
	if (rsdp->revision >= 2 && rsdp->xsdt_physical_address &&
	    rsdp->xsdt_physical_address < ACPI_PHYS_LIMIT)
		err = acpi_walk_root(rsdp->xsdt_physical_address, true, &fadt);
	if (err && rsdp->rsdt_physical_address)
		err = acpi_walk_root(rsdp->rsdt_physical_address, false, &fadt);
	if (err) {
		pr_notice("ACPI: RSDP at %#llx but no usable FADT: poweroff will only halt\n",
			  (unsigned long long)phys);
		return 0;
	}
	pm->found = true;
	acpi_parse_fadt(&fadt, pm);
	acpi_find_s5(&fadt, pm);
	acpi_print_summary(pm);
	if (pm->pm1a_control && pm->s5_found)
		pm_power_off = acpi_power_off;
	else
		pr_notice("ACPI: no S5 through PM1a_CNT: poweroff will only halt\n");
	return 0;
}
subsys_initcall(acpi_init);
