/*
 * acpi_test.c - the \_S5_ decoder on hand-made AML, and the tables
 * found on the machine the tests boot. Run with ktest=acpi.
 *
 * QEMU's DSDTs (pc and q35 alike, QEMU 7.2) say
 *	Name(_S5_, Package(4){Zero, Zero, Zero, Zero})
 * which only exercises ZeroOp; the cases below cover the other ways
 * firmware writes the same package (20.2 of the ACPI spec: BytePrefix,
 * WordPrefix, OneOp, a root prefix, a two-byte PkgLength, the ACPI 1.0
 * single-element form) and the inputs that must be refused with an
 * error instead of a wrong value.
 */
#include "kernel.h"
#include "acpi.h"
#include "kunit.h"
#include "reboot.h"
#include "string.h"

/* Decode @aml; expect @want_err, and on success the two values. */
static void expect_s5(struct kunit *test, const u8 *aml, size_t len, int want_err,
		      u8 want_a, u8 want_b)
{
	u8 a = 0xee, b = 0xee;
	int err = acpi_parse_s5(aml, len, &a, &b);

	KUNIT_EXPECT_EQ(test, err, want_err);
	if (!want_err && !err) {
		KUNIT_EXPECT_EQ(test, a, want_a);
		KUNIT_EXPECT_EQ(test, b, want_b);
	}
}
#define EXPECT_S5(test, aml, err, a, b) expect_s5(test, aml, sizeof(aml), err, a, b)

#define S5_NAME		0x08, '_', 'S', '5', '_'	/* NameOp, NameSeg */

/* Exactly the bytes of QEMU 7.2's DSDT, with its neighbours. */
static void acpi_s5_qemu_zero_ops(struct kunit *test)
{
	static const u8 aml[] = { 0x02, 0x00, 0x00, S5_NAME, 0x12, 0x06, 0x04,
				  0x00, 0x00, 0x00, 0x00, 0x10, 0x3b, 0x5c };

	EXPECT_S5(test, aml, 0, 0, 0);
}

static void acpi_s5_byte_prefix(struct kunit *test)
{
	/* Package(4){0x05, 0x06, 0, 0}: PkgLength 8 = itself + count + 6 */
	static const u8 aml[] = { S5_NAME, 0x12, 0x08, 0x04, 0x0a, 0x05, 0x0a, 0x06,
				  0x00, 0x00 };

	EXPECT_S5(test, aml, 0, 5, 6);
}

static void acpi_s5_root_prefix_one_op_word(struct kunit *test)
{
	/* Name(\_S5_, Package(3){One, 0x0007 as a word, Zero}) */
	static const u8 aml[] = { 0x08, 0x5c, '_', 'S', '5', '_', 0x12, 0x07, 0x03,
				  0x01, 0x0b, 0x07, 0x00, 0x00 };

	EXPECT_S5(test, aml, 0, 1, 7);
}

static void acpi_s5_dword_qword(struct kunit *test)
{
	static const u8 aml[] = { S5_NAME, 0x12, 0x10, 0x02,
				  0x0c, 0x04, 0x00, 0x00, 0x00,
				  0x0e, 0x02, 0, 0, 0, 0, 0, 0, 0 };

	EXPECT_S5(test, aml, 0, 4, 2);
}

/* A package of 0x45 bytes needs a two-byte PkgLength: lead 0x45, then 0x04. */
static void acpi_s5_two_byte_pkglength(struct kunit *test)
{
	static const u8 head[] = { S5_NAME, 0x12, 0x45, 0x04, 0x04, 0x0a, 0x03, 0x0a, 0x02 };
	u8 aml[5 + 1 + 0x45];
	u8 a, b;

	memset(aml, 0, sizeof(aml));
	memcpy(aml, head, sizeof(head));	/* the rest of the package: zeros */
	KUNIT_EXPECT_EQ(test, acpi_parse_s5(aml, sizeof(aml), &a, &b), 0);
	KUNIT_EXPECT_EQ(test, a, 3);
	KUNIT_EXPECT_EQ(test, b, 2);
	/* One byte short: the package no longer fits the table. */
	KUNIT_EXPECT_EQ(test, acpi_parse_s5(aml, sizeof(aml) - 1, &a, &b), -EINVAL);
}

/* ACPI 1.0 firmware: one element, SLP_TYPa in bits 0-7, SLP_TYPb in 8-15. */
static void acpi_s5_single_element(struct kunit *test)
{
	static const u8 aml[] = { S5_NAME, 0x12, 0x05, 0x01, 0x0b, 0x03, 0x05 };

	EXPECT_S5(test, aml, 0, 3, 5);
}

/* Store(_S5_, Local0) uses the name; the definition comes later. */
static void acpi_s5_skips_uses_of_the_name(struct kunit *test)
{
	static const u8 aml[] = { 0x70, '_', 'S', '5', '_', 0x60,
				  S5_NAME, 0x12, 0x06, 0x04, 0x0a, 0x07, 0x01, 0x00, 0x00 };

	EXPECT_S5(test, aml, 0, 7, 1);
}

static void acpi_s5_refuses_what_it_cannot_decode(struct kunit *test)
{
	static const u8 none[] = { 0x08, '_', 'S', '4', '_', 0x12, 0x03, 0x01, 0x00 };
	static const u8 method[] = { 0x14, 0x08, '_', 'S', '5', '_', 0x00, 0xa4, 0x00 };
	static const u8 string[] = { S5_NAME, 0x0d, 'x', 0x00 };
	static const u8 reference[] = { S5_NAME, 0x12, 0x07, 0x02, 'A', 'B', 'C', 'D', 0x00 };
	static const u8 too_long[] = { S5_NAME, 0x12, 0x08, 0x02, 0x00, 0x00 };
	static const u8 no_count[] = { S5_NAME, 0x12, 0x01 };
	static const u8 empty[] = { S5_NAME, 0x12, 0x02, 0x00 };
	static const u8 cut_word[] = { S5_NAME, 0x12, 0x04, 0x02, 0x0b, 0x01, 0x00 };
	static const u8 too_big[] = { S5_NAME, 0x12, 0x05, 0x02, 0x0a, 0x08, 0x00 };
	static const u8 ones[] = { S5_NAME, 0x12, 0x04, 0x02, 0xff, 0x00 };

	EXPECT_S5(test, none, -ENOENT, 0, 0);
	EXPECT_S5(test, method, -EOPNOTSUPP, 0, 0);
	EXPECT_S5(test, string, -EOPNOTSUPP, 0, 0);
	EXPECT_S5(test, reference, -EOPNOTSUPP, 0, 0);
	EXPECT_S5(test, too_long, -EINVAL, 0, 0);
	EXPECT_S5(test, no_count, -EINVAL, 0, 0);
	EXPECT_S5(test, empty, -EINVAL, 0, 0);
	EXPECT_S5(test, cut_word, -EINVAL, 0, 0);
	EXPECT_S5(test, too_big, -ERANGE, 0, 0);
	EXPECT_S5(test, ones, -ERANGE, 0, 0);
	KUNIT_EXPECT_EQ(test, acpi_parse_s5(NULL, 0, NULL, NULL), -ENOENT);
}

/* What acpi_init found on this machine: sane, and enough to power off. */
static void acpi_tables_of_this_machine(struct kunit *test)
{
	const struct acpi_pm_info *pm = &acpi_pm_info;

	if (!pm->found) {
		kunit_skip(test, "no ACPI tables on this machine");
		return;
	}
	kunit_info(test, "RSDP %#llx v%u %s, FADT rev %u, PM1a_CNT %#x, S5 %u/%u",
		   (unsigned long long)pm->rsdp, pm->rsdp_revision, pm->oem_id,
		   pm->fadt_revision, pm->pm1a_control, pm->slp_typa, pm->slp_typb);
	KUNIT_EXPECT_TRUE(test, pm->rsdp >= 0x500 && pm->rsdp < 0x100000);
	KUNIT_EXPECT_EQ(test, pm->rsdp % 16, 0);
	KUNIT_EXPECT_GE(test, pm->fadt_revision, 1);
	KUNIT_EXPECT_NE(test, pm->pm1a_control, 0);
	KUNIT_EXPECT_TRUE(test, pm->s5_found);
	KUNIT_EXPECT_LE(test, pm->slp_typa, 7);
	KUNIT_EXPECT_LE(test, pm->slp_typb, 7);
	KUNIT_EXPECT_TRUE(test, pm_power_off != NULL);
	if (pm->reset_supported)
		KUNIT_EXPECT_NE(test, pm->reset_port, 0);
	/* QEMU's chipsets power off on SLP_TYP 0 (hw/acpi/core.c). */
	if (strcmp(pm->oem_id, "BOCHS") == 0) {
		KUNIT_EXPECT_EQ(test, pm->slp_typa, 0);
		KUNIT_EXPECT_EQ(test, pm->slp_typb, 0);
		KUNIT_EXPECT_NE(test, pm->smi_command, 0);
		KUNIT_EXPECT_NE(test, pm->acpi_enable, 0);
	}
}

static struct kunit_case acpi_cases[] = {
	KUNIT_CASE(acpi_s5_qemu_zero_ops),
	KUNIT_CASE(acpi_s5_byte_prefix),
	KUNIT_CASE(acpi_s5_root_prefix_one_op_word),
	KUNIT_CASE(acpi_s5_dword_qword),
	KUNIT_CASE(acpi_s5_two_byte_pkglength),
	KUNIT_CASE(acpi_s5_single_element),
	KUNIT_CASE(acpi_s5_skips_uses_of_the_name),
	KUNIT_CASE(acpi_s5_refuses_what_it_cannot_decode),
	KUNIT_CASE(acpi_tables_of_this_machine),
	{}
};

static struct kunit_suite acpi_suite = {
	.name = "acpi",
	.test_cases = acpi_cases,
};
kunit_test_suite(acpi_suite);
