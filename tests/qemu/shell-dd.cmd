# shell-dd: copies between disks and within one. sda's LBA 100.. to sdb;
# the whole of sdb onto sda1 with bs=3k, which does not divide 2 MiB (the
# last record is short: 682+1); two copies inside sda whose ranges
# overlap, longer than dd's 128 KiB piece so the order of the pieces
# matters: one must run backwards (the destination starts inside the
# source), one forwards; the host checks every destination. Then the errors:
# usage, operands, bs not a multiple of 512, unknown device, ranges past
# the end of if= and of=.
@disk sda 4M
@table sda label: dos
@table sda start=2048, size=4096, type=83
@disk sdb 2M
@fill sda 100 16 seed:5
@fill sda 6208 640 seed:9
@fill sda 7200 600 seed:11
@check sdb 0 16 seed:5
@check sda 2048 16 seed:5
@check sda 6240 640 seed:9
@check sda 7180 600 seed:11
dd if=sda of=sdb skip=100 count=16
verify sdb 0 16 seed:5
dd if=sdb of=sda1 bs=3k
cmp sdb sda1 0 4096
dd if=sda of=sda bs=16k skip=194 seek=195 count=20
verify sda 6240 640 seed:9
dd if=sda of=sda skip=7200 seek=7180 count=600
verify sda 7180 600 seed:11
dd if=sda of=sdb count=0
dd
dd if=sda
dd of=sda
dd if=sda of=sdb bs=1000
dd if=sda of=sdb bs=0
dd if=sda of=sdb conv=notrunc
dd if=sda of=sdb count=x
dd if=sda of=sdb if=sdb
dd if=nosuch of=sdb
dd if=sda of=nosuch
dd if=sda of=sdb
dd if=sda of=sdb skip=9000
dd if=sda of=sdb seek=4096 count=1
dd if=sda of=sdb bs=1G count=0x80000000000
