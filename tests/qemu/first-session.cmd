# first-session: the session of docs/05-shell.md ("Your first session"),
# on the very disks `make run` attaches. The chapter's transcripts are
# copied from first-session.expected, and scripts/check-doc-transcripts
# (layout layer) fails if the two drift apart.
@disk sda mkdisk
@disk hda mkdisk
lsblk
part sda
read sda1 0
write sda2 0 8 "Lantern was here"
read sda2 0 1
verify sda2 0 8 "Lantern was here"
verify sda2 0 9 "Lantern was here"
read sda2 1000000
write hdz 0 1 0
sched sda
sched sda deadline
tune sda
tune sda fifo_batch 8
tune sda fifo_batch 0
sched sda cfq
sync
