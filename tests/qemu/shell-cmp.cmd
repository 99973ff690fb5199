# shell-cmp: two disks that hold the same data but for three sectors:
# identical over a range that avoids them, then the first difference (LBA,
# byte, both values) and how many sectors differ; a device against itself,
# and a RAM disk. Then the errors: usage, unknown device, numbers, a count
# of 0, ranges past the end of either device.
@disk sda 2M
@disk sdb 4M
@fill sda 0 64 seed:3
@fill sdb 0 64 seed:3
@fill sdb 10 1 0x00
@fill sdb 40 2 "differs"
cmp sda sdb 0 10
cmp sda sdb 0 64
cmp sda sdb 11 29
cmp sda sda 0 4096
cmp sda ram0 0 1
cmp
cmp sda sdb 0
cmp sda sdb 0 1 2
cmp sda nosuch 0 1
cmp sda sdb x 1
cmp sda sdb 0 0
cmp sda sdb 4000 100
cmp sdb sda 4096 1
