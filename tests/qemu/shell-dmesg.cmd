# shell-dmesg: the kernel log from the first line (so the banner shows a
# second time) to the boot's last, then wrong usage. Numbers that move
# with every build or every machine (the kernel's size, the TSC, the
# boot time) are {{NUM}} in the expected transcript.
@banners 2
dmesg
dmesg extra
