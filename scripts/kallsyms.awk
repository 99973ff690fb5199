# kallsyms.awk - turn `nm -n` output of the first link into build/kallsyms.S:
# the sorted function addresses, offsets into a name blob, and the blob.
# Only text symbols (t/T/w/W) are kept: backtraces name functions, nothing else.
# Markers that linker.ld defines inside .text (_text, __sched_text_start ...)
# are not functions and would shadow the real function at the same address.
BEGIN { n = 0 }
$2 ~ /^[tTwW]$/ && $3 !~ /^\.L/ && $3 !~ /^\$/ &&
$3 !~ /^(_text|_etext|__sched_text_start|__sched_text_end)$/ {
	addr[n] = $1; name[n] = $3; n++
}
END {
	print "\t.section .kallsyms, \"a\""
	print "\t.balign 4"
	print "\t.globl kallsyms_num_syms"
	print "kallsyms_num_syms:\n\t.long " n
	print "\t.globl kallsyms_addresses"
	print "kallsyms_addresses:"
	for (i = 0; i < n; i++) print "\t.long 0x" addr[i]
	print "\t.globl kallsyms_name_offsets"
	print "kallsyms_name_offsets:"
	off = 0
	for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "\t.globl kallsyms_names"
	print "kallsyms_names:"
	for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
	print "\t.section .note.GNU-stack, \"\", @progbits"
}
