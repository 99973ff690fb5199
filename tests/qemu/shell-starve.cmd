# shell-starve: an rt demo thread keeps sda to itself (CFQ serves rt
# first; slice_idle and slice_sync stretched so no turn ends while this
# runs), and every command that waits for sda still gives the prompt
# back on Ctrl-C. write and read say after a second what they wait for
# and leave their bio queued; a write bench fills the request pool, and
# then sync and write wait for a free request, not in the queue; wait
# goes back to the prompt while the bench's bios stay queued. Once the
# rt thread is killed, everything left queued is served: the bench's
# results, and the first write's data on the disk (verify, and the
# host's check of the image).
@disk sda mkdisk
tune sda slice_idle 1000
tune sda slice_sync 10000
kthread spawn 2 sda
ioprio 3 rt 0
@raw write sda 100000 8 0x5a\r
@wait-for Ctrl-C stops waiting
@raw \x03
@wait-prompt
@raw read sda 100016\r
@wait-for Ctrl-C stops waiting
@raw \x03
@wait-prompt
bench sda rand write threads=8 qd=32 count=64 lba=16384 size=16M &
# Its 256 bios take the 128 write requests: the bench threads wait for more.
@sleep 1
@raw sync sda\r
@wait-for Ctrl-C stops waiting
@raw \x03
@wait-prompt
@raw write sda 100100 8 0xa5\r
@wait-for Ctrl-C stops waiting
@raw \x03
@wait-prompt
@raw wait\r
@wait-for bench: 0%
@raw \x03
@wait-prompt
bench sda seq read
kill 4
kill 3
# The defaults again, or every queue would idle a second when it runs dry.
tune sda slice_idle 8
tune sda slice_sync 100
wait
verify sda 100000 8 0x5a
@check sda 100000 8 0x5a
