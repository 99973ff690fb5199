# shell-ps: every task, the idle task (pid 0) first; the shell runs as
# init (pid 1), kthreadd is pid 2. Wrong usage prints the usage line.
ps
ps -e
help ps
