# shellcheck shell=bash
# lib.sh - shared by the gdb tests (sourced, not run): start QEMU halted
# with a gdb stub on a free local port, and kill it on every exit path.
#
#   . tests/gdb/lib.sh
#   start_qemu LOG [QEMU ARGS...]   sets $qemu_pid and $port, or calls fail
#
# The caller sets NAME (for fail's FAIL line), LIMIT and QEMU. QEMU runs in
# its own process group (setsid); cleanup() kills that group, and the
# traps below run it on exit, Ctrl-C and termination.

qemu_pid=""
# shellcheck disable=SC2034  # for the caller
port=""

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

# fail REASON... : the FAIL line, reasons indented, and exit 1.
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

# listening PORT: is a TCP socket listening on PORT (IPv4 or IPv6)?
listening() {
	local hex
	hex=$(printf '%04X' "$1")
	awk -v p=":$hex" 'NR > 1 && substr($2, length($2) - 4) == p &&
		$4 == "0A" { found = 1 } END { exit !found }' \
		/proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# start_qemu LOG ARGS...: QEMU halted at reset (-S) with a gdb stub on a
# random free port, serial output in LOG; retries when the port turns out
# to be taken.
start_qemu() {
	local log=$1 try cand
	shift
	port=""
	for try in 1 2 3 4 5 6 7 8; do
		cand=$((20000 + RANDOM % 40000))
		listening "$cand" && continue
		# setsid: QEMU leads its own process group, so cleanup() can
		# kill everything it started. (A background job of a
		# non-interactive shell is never a group leader, so setsid
		# execs QEMU without forking.)
		setsid "$QEMU" -m 128M -display none -no-reboot -monitor none \
			-serial stdio \
			-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
			"$@" -S -gdb "tcp:127.0.0.1:$cand" \
			</dev/null >"$log" 2>&1 &
		qemu_pid=$!
		for _ in $(seq 50); do
			listening "$cand" && break
			kill -0 "$qemu_pid" 2>/dev/null || break
			sleep 0.1
		done
		if listening "$cand" && kill -0 "$qemu_pid" 2>/dev/null; then
			# shellcheck disable=SC2034  # for the caller
			port=$cand
			return 0
		fi
		cleanup
		grep -qiE 'address already in use|failed to (bind|find an available)' \
			"$log" || fail "QEMU did not start its gdb stub" \
			"$(tail -n 5 "$log")"
	done
	fail "no free TCP port for the gdb stub after $try tries"
}
