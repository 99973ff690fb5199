# shell-bench: bench on an AHCI disk and on sim0 (sequential and random,
# threads, a region), a write bench whose blocks the host checks (each
# holds the first bs bytes of seed:N, nothing outside the region is
# touched), a background bench with `wait`, the elevator switched under a
# background write bench, Ctrl-C in the foreground and during `wait`
# (partial results), and every mistake.
@disk sda 16M
bench sda seq read count=32
bench sim0 rand read count=40
bench sda rand read threads=2 qd=4 count=300
bench sda seq write bs=64k lba=2048 size=256k threads=2 count=10 seed=9
@check sda 2040 8 0
@check sda 2048 128 seed:9
@check sda 2176 128 seed:9
@check sda 2304 128 seed:10
@check sda 2432 128 seed:10
@check sda 2560 8 0
# In the background: the prompt comes back, other commands run, one at a time.
bench sda rand read time=1 &
uptime
bench sda seq read
bench-all sda
wait
wait
# The elevator switched twice under a running write bench, which counts
# the switches; verify and the host then check every block it wrote.
bench sda seq write bs=64k lba=4096 size=256k qd=8 time=2 seed=21 &
sched sda deadline
sched sda noop
wait
verify sda 4096 128 seed:21
verify sda 4480 128 seed:21
sched sda cfq
@check sda 4096 128 seed:21
@check sda 4224 128 seed:21
@check sda 4352 128 seed:21
@check sda 4480 128 seed:21
@check sda 4608 8 0
# Ctrl-C: in the foreground, and while waiting for a background bench.
@raw bench sda rand read time=8\r
@sleep 1
@raw \x03
@wait-prompt
bench sim0 seq read time=8 &
@raw wait\r
@sleep 1
@raw \x03
@wait-prompt
wait
# Mistakes.
bench
bench sda
bench sda seq
bench sda sequential read
bench sda seq rw
bench nosuch seq read
bench sda seq read bogus=1
bench sda seq read bs=1000
bench sda seq read bs=2M
bench sda seq read bs=4x
bench sda seq read qd=0
bench sda seq read qd=33
bench sda seq read threads=17
bench sda seq read count=0
bench sda seq read time=0
bench sda seq read seed=0x100000000
bench sda seq read qd=2 qd=2
bench sda seq read & qd=2
bench sda seq read size=32M
bench sda seq read lba=32768
bench sda rand read bs=64k lba=32704
bench sda seq read bs=64k size=256k threads=8
wait now
help wait
