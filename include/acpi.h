/*
 * acpi.h - the few ACPI tables Lantern reads, and what it keeps from them
 * (Linux's include/acpi/actbl.h for the layouts, drivers/acpi for the rest).
 *
 * The firmware leaves a chain of tables in memory: the RSDP (found by
 * scanning the BIOS areas) points at the RSDT or XSDT, a list of every
 * other table; one of those is the FADT ("FACP"), which names the fixed
 * power-management registers and points at the DSDT, the AML byte code
 * that, among much else, defines the \_S5_ package: the values to write
 * into the PM1 control registers to turn the machine off (soft-off, S5).
 *
 * drivers/acpi/acpi.c parses all this once at boot (an initcall), keeps the
 * results in acpi_pm_info and unmaps the tables again. Lantern has no AML
 * interpreter: \_S5_ is found by decoding the one Name() that defines it.
 *
 * Section numbers are those of the ACPI specification 6.4.
 */
#ifndef _LANTERN_ACPI_H
#define _LANTERN_ACPI_H

#include "types.h"

/* RSDP, 5.2.5.3. Revision 0 (ACPI 1.0) ends after rsdt_physical_address. */
struct acpi_table_rsdp {
	char signature[8];		/* "RSD PTR " */
	u8 checksum;			/* the first 20 bytes sum to 0 */
	char oem_id[6];
	u8 revision;			/* 0: ACPI 1.0; 2: ACPI 2.0 and later */
	u32 rsdt_physical_address;
	u32 length;			/* revision >= 2: of the whole RSDP */
	u64 xsdt_physical_address;	/* revision >= 2; 0 if none */
	u8 extended_checksum;		/* all @length bytes sum to 0 */
	u8 reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_table_rsdp) == 36, "ACPI 5.2.5.3: RSDP is 36 bytes");
_Static_assert(__builtin_offsetof(struct acpi_table_rsdp, rsdt_physical_address) == 16,
	       "ACPI 5.2.5.3: RsdtAddress at 16");
_Static_assert(__builtin_offsetof(struct acpi_table_rsdp, xsdt_physical_address) == 24,
	       "ACPI 5.2.5.3: XsdtAddress at 24");
#define ACPI_RSDP_V1_SIZE	20	/* what the revision-0 checksum covers */

/* The header every other table starts with, 5.2.6. */
struct acpi_table_header {
	char signature[4];		/* "FACP", "DSDT", "APIC", ... */
	u32 length;			/* of the whole table, header included */
	u8 revision;
	u8 checksum;			/* all @length bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 asl_compiler_id;
	u32 asl_compiler_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_table_header) == 36, "ACPI 5.2.6: header is 36 bytes");

/* Generic Address Structure, 5.2.3.2: where a register is. */
struct acpi_generic_address {
	u8 space_id;			/* ACPI_ADR_SPACE_* */
	u8 bit_width;
	u8 bit_offset;
	u8 access_width;
	u64 address;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_generic_address) == 12, "ACPI 5.2.3.2: GAS is 12 bytes");
#define ACPI_ADR_SPACE_SYSTEM_MEMORY	0
#define ACPI_ADR_SPACE_SYSTEM_IO	1

/*
 * FADT, 5.2.9: the fields up to the extended PM1 control blocks. A
 * revision-1 FADT (ACPI 1.0) is 116 bytes and ends before reset_register;
 * the parser copies what the table has into a zeroed struct, so fields a
 * short table lacks read as 0.
 */
struct acpi_table_fadt {
	struct acpi_table_header header;	/* "FACP" */
	u32 facs;
	u32 dsdt;
	u8 model;			/* ACPI 1.0 INT_MODEL, reserved since */
	u8 preferred_profile;
	u16 sci_interrupt;
	u32 smi_command;		/* I/O port; 0: the machine is always in ACPI mode */
	u8 acpi_enable;			/* write to smi_command to enter ACPI mode */
	u8 acpi_disable;
	u8 s4_bios_request;
	u8 pstate_control;
	u32 pm1a_event_block;
	u32 pm1b_event_block;
	u32 pm1a_control_block;		/* I/O port of PM1a_CNT */
	u32 pm1b_control_block;		/* 0 if there is no PM1b */
	u32 pm2_control_block;
	u32 pm_timer_block;
	u32 gpe0_block;
	u32 gpe1_block;
	u8 pm1_event_length;
	u8 pm1_control_length;
	u8 pm2_control_length;
	u8 pm_timer_length;
	u8 gpe0_block_length;
	u8 gpe1_block_length;
	u8 gpe1_base;
	u8 cst_control;
	u16 c2_latency;
	u16 c3_latency;
	u16 flush_size;
	u16 flush_stride;
	u8 duty_offset;
	u8 duty_width;
	u8 day_alarm;
	u8 month_alarm;
	u8 century;
	u16 boot_flags;			/* IAPC_BOOT_ARCH */
	u8 reserved;
	u32 flags;			/* ACPI_FADT_* */
	struct acpi_generic_address reset_register;	/* revision >= 2 */
	u8 reset_value;
	u16 arm_boot_flags;
	u8 minor_revision;
	u64 x_facs;
	u64 x_dsdt;			/* supersedes dsdt when non-zero */
	struct acpi_generic_address xpm1a_event_block;
	struct acpi_generic_address xpm1b_event_block;
	struct acpi_generic_address xpm1a_control_block;	/* supersede the */
	struct acpi_generic_address xpm1b_control_block;	/* 32-bit ones */
} __attribute__((packed));
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, dsdt) == 40, "ACPI 5.2.9: DSDT at 40");
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, smi_command) == 48, "ACPI 5.2.9: SMI_CMD at 48");
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, pm1a_control_block) == 64,
	       "ACPI 5.2.9: PM1a_CNT_BLK at 64");
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, pm1_control_length) == 89,
	       "ACPI 5.2.9: PM1_CNT_LEN at 89");
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, flags) == 112, "ACPI 5.2.9: Flags at 112");
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, reset_register) == 116,
	       "ACPI 5.2.9: RESET_REG at 116");
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, reset_value) == 128,
	       "ACPI 5.2.9: RESET_VALUE at 128");
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, x_dsdt) == 140, "ACPI 5.2.9: X_DSDT at 140");
_Static_assert(__builtin_offsetof(struct acpi_table_fadt, xpm1a_control_block) == 172,
	       "ACPI 5.2.9: X_PM1a_CNT_BLK at 172");
_Static_assert(sizeof(struct acpi_table_fadt) == 196, "FADT up to X_PM1b_CNT_BLK");
#define ACPI_FADT_V1_SIZE	116	/* an ACPI 1.0 FADT ends before RESET_REG */
#define ACPI_FADT_RESET_REGISTER (1u << 10)	/* RESET_REG_SUP: 5.2.9, fixed feature flags */

/* PM1 control register bits, 4.8.3.2.1 (Table 4.13). */
#define ACPI_PM1_SCI_EN		(1u << 0)	/* 1: ACPI mode (SCI, not SMI) */
#define ACPI_PM1_SLP_TYP_SHIFT	10		/* SLP_TYPx, 3 bits */
#define ACPI_PM1_SLP_TYP_MASK	(7u << ACPI_PM1_SLP_TYP_SHIFT)
#define ACPI_PM1_SLP_EN		(1u << 13)	/* write 1: enter the SLP_TYP state */

/* What the kernel keeps after parsing; read-only once the initcall ran. */
struct acpi_pm_info {
	bool found;			/* a valid RSDP, root table and FADT */
	phys_addr_t rsdp;		/* where the RSDP was */
	u8 rsdp_revision;
	char oem_id[7];			/* the RSDP's, NUL-terminated */
	u8 fadt_revision;
	u16 pm1a_control, pm1b_control;	/* I/O ports; 0: none */
	u16 smi_command;		/* I/O port; 0: always in ACPI mode */
	u8 acpi_enable;
	bool reset_supported;		/* an I/O-space reset register we can use */
	u16 reset_port;
	u8 reset_value;
	bool s5_found;			/* \_S5_ decoded from the DSDT */
	u8 slp_typa, slp_typb;		/* its SLP_TYPa and SLP_TYPb */
};
extern struct acpi_pm_info acpi_pm_info;

/*
 * Find Name(\_S5_, Package(){SLP_TYPa, SLP_TYPb, ...}) in @len bytes of
 * AML (a DSDT's body, after its header). 0 and the two values; -ENOENT
 * if no such name; -EOPNOTSUPP if \_S5_ is something Lantern cannot
 * evaluate (a method, a reference); -EINVAL if the bytes are truncated or
 * malformed; -ERANGE if a value does not fit SLP_TYP's 3 bits. Any context.
 */
int acpi_parse_s5(const u8 *aml, size_t len, u8 *slp_typa, u8 *slp_typb);

/*
 * Reset through the FADT's reset register: -ENODEV if the FADT has no
 * usable one, else 0 once the reset value is written (the caller waits
 * to see whether the machine went). Interrupts off. (Linux's
 * drivers/acpi/reboot.c.)
 */
int acpi_reboot(void);

#endif
