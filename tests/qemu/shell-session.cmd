# shell-session: a user's whole round trip. Data written with `write` and
# read back with `read`; a write bench runs in the background on another
# region while `sched` switches the elevator twice under it; then `verify`
# finds the first data intact and the bench's blocks as it wrote them, and
# so does the host, in the images, after the run.
@disk sda 32M
@disk hda 16M
write sda 0 2048 seed:7
read sda 0 1
write hda 100 16 "Lantern "
read hda 100 1
bench sda seq write bs=64k lba=8192 size=512k threads=2 qd=4 time=3 seed=40 &
sched sda deadline
sched sda noop
wait
sched sda cfq
verify sda 0 2048 seed:7
verify sda 8192 128 seed:40
verify sda 8704 128 seed:41
verify hda 100 16 "Lantern "
sync
@check sda 0 2048 seed:7
@check sda 2048 6144 0
@check sda 8192 128 seed:40
@check sda 8320 128 seed:40
@check sda 8448 128 seed:40
@check sda 8576 128 seed:40
@check sda 8704 128 seed:41
@check sda 8832 128 seed:41
@check sda 8960 128 seed:41
@check sda 9088 128 seed:41
@check sda 9216 64 0
@check hda 0 100 0
@check hda 100 16 "Lantern "
@check hda 116 16 0
