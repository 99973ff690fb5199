# shell-kthread: two demo threads read sda (filled by the host and
# checked after the run: they never write) and ps shows them; demo/0
# goes rt, so CFQ serves only it and demo/1 waits in D for its read;
# kill stops demo/1 anyway (its read is left to finish), then demo/0,
# and ps no longer lists them. kill refuses other tasks, unknown pids
# and bad ones; spawn refuses more than 16 and bad counts or devices.
@disk sda 16M
@fill sda 0 32768 seed:7
@check sda 0 32768 seed:7
kthread
kthread spawn 2
ps
ioprio 3 rt 0
@sleep 0.5
ps
kthread
kill 4
kill 3
ps
kthread
kill 2
kill 1 0
kill 99 99999999999999999999999
kill abc
kill
kthread spawn 2 sim0
kthread spawn 15
kthread spawn 14 sim0
kthread
kthread spawn 1
kill 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20
kthread spawn 0
kthread spawn x
kthread spawn 18446744073709551616
kthread spawn 1 nosuch
kthread spawn
kthread start 1
kthread spawn 1 sda extra
help kthread
