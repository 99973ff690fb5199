# shell-queue: what an idle queue shows under each elevator (a live queue
# full of requests is checked by the blk-dump ktest, which holds a queue
# still; the host test test_blk_dump checks the text line by line), on
# a RAM disk, sim0 and an AHCI disk through its partition; then the errors.
@disk sda 8M
@table sda label: dos
@table sda start=2048, size=4096, type=83
queue sda
queue sda1
sched sim0 deadline
queue sim0
sched ram0 noop
queue ram0
queue
queue sda sda
queue nosuch
help queue
