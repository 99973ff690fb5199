# shell-block: lsblk, lspci and part on an MBR disk with logical
# partitions (sda), a GPT disk (sdb) and an IDE disk with no table (hda);
# then their errors.
@disk sda 32M
@table sda label: dos
@table sda start=2048, size=4096, type=83
@table sda start=6144, size=2048, type=82
@table sda start=8192, size=20480, type=5
@table sda start=10240, size=4096, type=83
@table sda start=16384, size=8192, type=c
@disk sdb 16M
@table sdb label: gpt
@table sdb start=2048, size=4096, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=boot
@table sdb start=6144, size=8192, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name="root fs"
@table sdb start=20480, size=2048, type=01234567-89AB-CDEF-0123-456789ABCDEF
@disk hda 8M
lsblk
lsblk sdb
part sda
part sdb
part hda
lspci
lspci -v
lsblk nosuch
lsblk sda sdb
part
part sda5
part nosuch
lspci -x
