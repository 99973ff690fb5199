# shell-ioprio: show and set a task's I/O priority, every class by name
# and by ionice's number, and every mistake: a missing, extra, bad or
# out-of-range level, an unknown class, bad and unknown pids, the idle
# task, and the shell itself as idle (its own reads could starve).
kthread spawn 1
ioprio 3
ioprio 3 be 7
ioprio 3 idle
ioprio 3 best-effort 0
ioprio 3 realtime 7
ioprio 3 2 4
ioprio 3 none
ioprio 3
ioprio 2
ioprio 1
ioprio 1 rt 4
ioprio 1 idle
ioprio 1 none
ioprio 3 be
ioprio 3 rt 8
ioprio 3 be -1
ioprio 3 be 4 4
ioprio 3 idle 0
ioprio 3 none 0
ioprio 3 low 1
ioprio 3 4 1
ioprio 0 be 4
ioprio 99 be 4
ioprio 99
ioprio x
ioprio 18446744073709551616 be 1
ioprio 3 x
ioprio
kill 3
ioprio 3
help ioprio
