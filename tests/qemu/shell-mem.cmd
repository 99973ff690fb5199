# shell-mem: the zones with their free pages, the totals, and the slab
# caches in use. Two demo threads are two more task_structs in use, and
# after kill the count is back to init's and kthreadd's. Wrong usage
# prints the usage line.
mem
kthread spawn 2 sim0
mem
kill 3 4
mem
mem -v
help mem
