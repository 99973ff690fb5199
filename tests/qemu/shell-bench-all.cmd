# shell-bench-all: the standard table on the default device (ram0, as the
# machine has no disks) and on the modelled rotating disk sim0, Ctrl-C in
# the middle of it (the row under way is shown as partial), and mistakes.
bench-all
@raw bench-all sim0\r
# The header is printed as the first row starts: Ctrl-C lands in it.
@wait-for workload
@raw \x03
@wait-prompt
bench-all ram0 sim0
bench-all nosuch
help bench-all
