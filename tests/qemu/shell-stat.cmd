# shell-stat: /proc/diskstats lines under a header naming the fields, for
# every disk and partition, then the queue counters of each disk; one
# device; the counters moving (a flush is a write with no data, an
# elevator switch is counted; a read through the partition counts on
# the partition's line and the disk's); then the errors.
@disk sda 8M
@table sda label: dos
@table sda start=2048, size=4096, type=83
@disk hda 4M
stat
stat sda
sync sda
sched sda noop
stat sda
stat sda1
read sda1 8 2
stat sda1
stat sda hda
stat nosuch
help stat
