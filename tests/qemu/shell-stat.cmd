# shell-stat: /proc/diskstats lines under a header naming the fields, for
# every disk and partition, then the queue counters of each disk; one
# device; the counters moving (a flush is a write with no data, an
# elevator switch is counted); then the errors.
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
stat sda hda
stat nosuch
help stat
