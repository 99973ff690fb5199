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

qemu_pid=""

cleanup() {
	if [ -n "$qemu_pid" ]; then
		kill -TERM -- "-$qemu_pid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$qemu_pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL -- "-$qemu_pid" 2>/dev/null || true
		wait "$qemu_pid" 2>/dev/null || true
		qemu_pid=""
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# fail REASON... : the FAIL line, reasons indented, then the end of a log.
fail() {
	echo "FAIL: $NAME"
	local line
	for line in "$@"; do
		printf '    %s\n' "$line"
	done
	exit 1
}

show_log() {   # show_log FILE TITLE
	[ -s "$1" ] || return 0
	printf '    %s (%s):\n' "$2" "$1"
	tail -n 25 "$1" | sed 's/^/      /'
}

[ -f "$KERNEL" ] || fail "$KERNEL missing (build it first: make)"
command -v gdb >/dev/null || fail "gdb not found (run scripts/deps)"
command -v "$QEMU" >/dev/null || fail "$QEMU not found (run scripts/deps)"
mkdir -p "$OUT"

# listening PORT: is a TCP socket listening on PORT (IPv4 or IPv6)?
listening() {
	local hex
	hex=$(printf '%04X' "$1")
	awk -v p=":$hex" 'NR > 1 && substr($2, length($2) - 4) == p &&
		$4 == "0A" { found = 1 } END { exit !found }' \
		/proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Start QEMU halted with a gdb stub on a random free port; retry when the
# port turns out to be taken.
port=""
for try in 1 2 3 4 5 6 7 8; do
	cand=$((20000 + RANDOM % 40000))
	listening "$cand" && continue
	# setsid: QEMU leads its own process group, so cleanup() can kill
	# everything it started. (A background job of a non-interactive shell
	# is never a group leader, so setsid execs QEMU without forking.)
	setsid "$QEMU" -m 128M -display none -no-reboot -monitor none \
		-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$KERNEL" -S -gdb "tcp:127.0.0.1:$cand" \
		</dev/null >"$QEMU_LOG" 2>&1 &
	qemu_pid=$!
	for _ in $(seq 50); do
		listening "$cand" && break
		kill -0 "$qemu_pid" 2>/dev/null || break
		sleep 0.1
	done
	if listening "$cand" && kill -0 "$qemu_pid" 2>/dev/null; then
		port=$cand
		break
	fi
	cleanup
	grep -qiE 'address already in use|failed to (bind|find an available)' \
		"$QEMU_LOG" || fail "QEMU did not start its gdb stub" \
		"$(tail -n 5 "$QEMU_LOG")"
done
[ -n "$port" ] || fail "no free TCP port for the gdb stub after $try tries"

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
