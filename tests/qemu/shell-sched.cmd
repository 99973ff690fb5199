# shell-sched: show and switch elevators live on the RAM disks and on an
# AHCI disk; a partition's elevator is its disk's; Tab completes elevator
# names after `sched DEV `; then the errors: an unknown elevator lists the
# known ones, wrong usage prints the usage line, an unknown device lists
# the devices.
@disk sda 8M
@table sda label: dos
@table sda start=2048, size=4096, type=83
sched ram0
sched ram0 deadline
sched ram0
sched sim0 noop
sched sim0
sched sda
sched sda deadline
sched sda deadline
sched sda1
sched sda1 noop
sched sda
@raw sched sda c\t
@raw \r
@wait-prompt
sched sda
stat sda
sched sda nosuch
sched sda NOOP
sched sda ""
sched
sched sda cfq extra
sched nosuch
sched nosuch cfq
help sched
