# shell-sys: uptime, sync of every disk and of one, the kernel log, and
# their errors (wrong usage prints the usage line; an unknown device
# lists the known ones).
uptime
uptime now
sync
sync ram0
sync nosuch
dmesg extra
help sync
