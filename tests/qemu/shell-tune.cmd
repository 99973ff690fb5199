# shell-tune: list, show and set the tunables of each elevator, on a RAM
# disk and on an AHCI disk through its partition; Tab completes tunable
# names after `tune DEV `; out-of-range values are refused with the range;
# a switch starts the new elevator from its defaults; then the errors.
@disk sda 8M
@table sda label: dos
@table sda start=2048, size=4096, type=83
tune sda
tune sda slice_idle
tune sda slice_idle 0
tune sda slice_idle 1000
tune sda slice_idle 1001
tune sda quantum 0
tune sda quantum 0x10
tune sda1 back_seek_max
@raw tune sda slice_a\t
@raw \r
@wait-prompt
sched ram0 deadline
tune ram0
tune ram0 read_expire 250
tune ram0 read_expire
tune ram0 front_merges 2
tune ram0 front_merges 0
tune ram0 fifo_batch 99999999999999999999999
tune ram0 write_expire -5
tune ram0 write_expire 5k
tune ram0 write_expire ""
tune ram0 slice_idle
tune ram0 slice_idle 4
sched ram0 cfq
sched ram0 deadline
tune ram0 read_expire
sched ram0 noop
tune ram0
tune ram0 anything
tune ram0 anything 1
tune
tune ram0 read_expire 1 2
tune nosuch
tune nosuch quantum 4
