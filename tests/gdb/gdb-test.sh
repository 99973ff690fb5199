#!/usr/bin/env bash
# gdb-test.sh - prove that the kernel can be debugged the way docs/ tell the
# reader to: QEMU stopped at reset (-S) with a gdb stub on a free local
# port, gdb loads build/lantern.elf, breaks in start_kernel and reads EIP.
#
#   tests/gdb/gdb-test.sh            prints `pass: gdb/break-start-kernel`
#                                    or `FAIL: ...` with details
#
# Passes iff frame #0 is start_kernel in kernel/main.c and EIP is a
# higher-half address (>= 0xc0000000). Environment: LANTERN_KERNEL (default
# build/lantern.elf), LANTERN_TEST_TIMEOUT (hard limit, default 60 s),
# QEMU (default qemu-system-i386). Logs: build/tests/gdb-test.log (gdb),
# build/tests/gdb-qemu.log (QEMU). QEMU runs in its own process group and
# is killed on every exit path.
set -euo pipefail

cd "$(dirname "$0")/../.."
NAME=gdb/break-start-kernel
KERNEL=${LANTERN_KERNEL:-build/lantern.elf}
LIMIT=${LANTERN_TEST_TIMEOUT:-60}
QEMU=${QEMU:-qemu-system-i386}
OUT=build/tests
GDB_LOG=$OUT/gdb-test.log
QEMU_LOG=$OUT/gdb-qemu.log

. tests/gdb/lib.sh

[ -f "$KERNEL" ] || fail "$KERNEL missing (build it first: make)"
command -v gdb >/dev/null || fail "gdb not found (run scripts/deps)"
command -v "$QEMU" >/dev/null || fail "$QEMU not found (run scripts/deps)"
mkdir -p "$OUT"

start_qemu "$QEMU_LOG" -kernel "$KERNEL"

rc=0
timeout -k 5 "$LIMIT" gdb -batch -nx \
	-ex 'set pagination off' -ex 'set confirm off' \
	-ex "file $KERNEL" \
	-ex "target remote 127.0.0.1:$port" \
	-ex 'break start_kernel' \
	-ex 'continue' \
	-ex 'bt' \
	-ex 'info registers eip' \
	-ex 'kill' \
	</dev/null >"$GDB_LOG" 2>&1 || rc=$?
cleanup

problems=()
[ "$rc" -eq 124 ] && problems+=("gdb did not finish within ${LIMIT} s")
frame0=$(grep -m1 -E '^#0 ' "$GDB_LOG" || true)
if [ -z "$frame0" ]; then
	problems+=("no backtrace (frame #0) in gdb's output")
elif ! [[ "$frame0" == *start_kernel* && "$frame0" == *kernel/main.c* ]]; then
	problems+=("frame #0 is not start_kernel in kernel/main.c: $frame0")
fi
eip=$(sed -nE 's/^eip +(0x[0-9a-fA-F]+).*/\1/p' "$GDB_LOG" | head -n1)
if [ -z "$eip" ]; then
	problems+=("no 'eip' line from 'info registers eip'")
elif (( eip < 0xc0000000 )); then
	problems+=("eip $eip is not a higher-half address (>= 0xc0000000)")
fi

if [ ${#problems[@]} -eq 0 ]; then
	echo "pass: $NAME"
	exit 0
fi
{
	echo "FAIL: $NAME"
	printf '    %s\n' "${problems[@]}"
	show_log "$GDB_LOG" "gdb output"
	show_log "$QEMU_LOG" "QEMU output"
}
exit 1
