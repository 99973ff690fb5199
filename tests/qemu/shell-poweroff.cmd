# shell-poweroff: with an AHCI and an IDE disk attached, the prompt names
# the AHCI one; `poweroff` flushes both and turns a plain QEMU off through
# ACPI S5, so QEMU exits with status 0. The host's data is still there.
@disk sda 8M
@disk hda 8M
@fill hda 100 4 seed:3
@check hda 100 4 seed:3
dev
dev hda
@raw poweroff\r
@exit 0
