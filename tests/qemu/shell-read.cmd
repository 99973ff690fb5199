# shell-read: hexdumps of sectors the host wrote, line for line what
# `hexdump -C -s $((LBA*512)) -n $((COUNT*512))` prints for the image:
# byte offsets on the device, runs of equal lines as '*', the offset after
# the last byte. A partition's LBA 0 is its first sector (offsets from the
# partition's start). At most 64 sectors print at once. Then the errors:
# usage, unknown device, numbers, a count of 0, ranges past the end
# naming the device's size.
@disk sda 4M
@table sda label: dos
@table sda start=2048, size=2048, type=83
@fill sda 100 1 inc
@fill sda 2048 1 "sda1 LBA 0 says "
@fill sda 2049 1 0xee
read sda 100
read sda1 0 2
read sda 4 3
read ram0 0
read sda 8 100
read
read sda
read sda 1 2 3
read nosuch 0
read sda x
read sda 0 -1
read sda 99999999999999999999
read sda 0 0
read sda 8192
read sda 8190 3
read sda1 2047 2
