# shell-write: write data patterns, read them back, verify them, and have
# the host check the image: a random pattern over several 128 KiB chunks,
# a string, bytes, a write through a partition (its LBA 0 is sda's 2048).
# verify against another pattern reports the first byte that differs and
# how many sectors do. Ctrl-C stops a long write and says how far it got.
# Then the errors: usage, bad patterns, unknown device, ranges past the end.
@disk sda 4M
@table sda label: dos
@table sda start=2048, size=2048, type=83
@check sda 100 600 seed:7
@check sda 800 3 "Lantern "
@check sda 900 1 0xa5
@check sda 901 1 0x5a
@check sda 902 1 0xa5
@check sda 2048 1 inc
write sda 100 600 seed:7
verify sda 100 600 seed:7
verify sda 100 600 seed:8
write sda 800 3 "Lantern "
read sda 800
verify sda 800 3 "Lantern "
write sda 900 3 0xa5
write sda 901 1 0x5a
verify sda 900 3 0xa5
write sda1 0 1 inc
verify sda 2048 1 inc
@raw write sim0 0 65536 seed:1\r
@sleep 0.2
@raw \x03
@wait-prompt
write
write sda 0 1
write sda 0 1 0x100
write sda 0 1 ""
write sda 0 1 abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd
write sda 0 1 seed:x
write sda x 1 0
write nosuch 0 1 0
write sda 0 0 0
write sda 8190 10 0
write sda1 2048 1 0
verify sda 0 1
verify sda 8192 1 0
verify sda 0 1 seed:4294967296
