#!/usr/bin/env bash
# lt-helpers-test.sh - the gdb task helpers (tools/gdb/lantern.py) on a
# live kernel. gdb starts from the gdbinit that `make debug` makes from
# tools/gdb/gdbinit.in (so the template is tested too), then runs
# tests/gdb/lt-helpers.py, which stops at schedule() and at timer ticks.
#
# Session 1, no ktest= (the console: init and kthreadd end up asleep):
#   gdb/lt-ps-lists-tasks        when kthreadd first sleeps: lt-ps lists
#                                0 swapper (first), 1 init, 2 kthreadd as
#                                S (sleeping) with wchan kthreadd+0x...
#   gdb/lt-bt-sleeping-task      lt-bt 2 runs from schedule through
#                                kthreadd (kernel/kthread.c:N) to
#                                ret_from_kernel_thread; lt-bt 1 shows
#                                kernel_init; the running pid gets "use
#                                `bt`"; bad pids and arguments get errors;
#                                lt-task and $lt_task work
#   gdb/lt-survives-corruption   a loop, a wild pointer and NULL in the
#                                task list, and a bad saved ebp, give a
#                                note, not a hang or a Python error
#                                (memory is restored after)
#   gdb/lt-ps-wchan-matches-kernel  every WCHAN is what the kernel's
#                                get_wchan() returns (an inferior call, at
#                                a timer tick of the idle task)
#   gdb/lt-bt-preempted-task     at such a tick, wake kthreadd (inferior
#                                call): idle is preempted in its interrupt
#                                frame, and lt-bt 0 shows schedule,
#                                preempt_schedule_irq, common_interrupt,
#                                then the interrupted code (marked) and
#                                its callers down to start_kernel
#   gdb/lt-bt-every-task         at every stop: one row marked `*`, the
#                                current task; the lt-bt of every task
#                                that ran since the last stop is clean and
#                                ends in ret_from_kernel_thread; a
#                                sleeper's wchan is one of its frames
# Session 2, only if the kernel has a `kthread` suite: ktest=kthread, the
# same every-stop check for 12 s of many threads coming and going
# (gdb/lt-bt-every-task-ktest; at least one thread besides pids 0-2).
#
# LANTERN_GDB_KARGS (ktest=...) replaces session 2's command line (empty: no
# session 2). Environment as for gdb-test.sh: LANTERN_KERNEL (default
# build/lantern.elf), LANTERN_TEST_TIMEOUT (default 60 s, per session),
# QEMU. Logs in build/tests/: gdb-helpers.log and gdb-helpers-qemu.log
# (session 1), gdb-helpers-ktest.log and gdb-helpers-ktest-qemu.log;
# gdb-helpers.gdbinit and gdb-helpers-ktest.gdbinit, the gdbinits used.
set -euo pipefail

cd "$(dirname "$0")/../.."
NAME=gdb/lt-helpers
KERNEL=${LANTERN_KERNEL:-build/lantern.elf}
LIMIT=${LANTERN_TEST_TIMEOUT:-60}
QEMU=${QEMU:-qemu-system-i386}
OUT=build/tests
. tests/gdb/lib.sh

[ -f "$KERNEL" ] || fail "$KERNEL missing (build it first: make)"
command -v gdb >/dev/null || fail "gdb not found (run scripts/deps)"
command -v "$QEMU" >/dev/null || fail "$QEMU not found (run scripts/deps)"
mkdir -p "$OUT"
kernel_abs=$(realpath "$KERNEL")

# The suites in the kernel, read from the ELF file without booting it.
suites=$(timeout -k 5 30 gdb -batch -nx "$KERNEL" -ex "python
t = gdb.lookup_type('struct kunit_suite').pointer().pointer()
lo = int(gdb.parse_and_eval('(unsigned long)&__start_lt_kunit_suites'))
hi = int(gdb.parse_and_eval('(unsigned long)&__stop_lt_kunit_suites'))
print('suites:', *[gdb.Value(a).cast(t).dereference()['name'].string()
                   for a in range(lo, hi, t.target().sizeof)])" \
	2>/dev/null | sed -n 's/^suites: //p') || true
if [ -n "${LANTERN_GDB_KARGS+set}" ]; then
	# shellcheck disable=SC2153  # from the environment
	ktest_kargs=$LANTERN_GDB_KARGS
elif [[ " $suites " == *" kthread "* ]]; then
	ktest_kargs="ktest=kthread"
else
	ktest_kargs=""
fi

# The gdbinit `make debug` would write, with this kernel and port.
make_gdbinit() {
	sed -e "s|@ELF@|$kernel_abs|g" \
	    -e "s|@GDBPORT@|$port|g" -e "s|@TOP@|$PWD|g" \
	    tools/gdb/gdbinit.in >"$GDBINIT"
	grep -qx "file $kernel_abs" "$GDBINIT" ||
		fail "tools/gdb/gdbinit.in has no line 'file @ELF@'"
	grep -qx "source $PWD/tools/gdb/lantern.py" "$GDBINIT" ||
		fail "tools/gdb/gdbinit.in does not source @TOP@/tools/gdb/lantern.py"
}

status=0

# session TAG KARGS BUDGET TESTS...: boot with KARGS, run
# tests/gdb/lt-helpers.py for at most BUDGET seconds, pass its lines
# through, and FAIL every one of TESTS it did not report.
session() {
	local tag=$1 kargs=$2 budget=$3 rc=0 t
	shift 3
	local glog=$OUT/gdb-helpers$tag.log qlog=$OUT/gdb-helpers$tag-qemu.log
	echo "# gdb helpers: $KERNEL with '$kargs'"
	start_qemu "$qlog" -kernel "$KERNEL" -append "$kargs"
	GDBINIT=$OUT/gdb-helpers$tag.gdbinit
	make_gdbinit
	LT_KARGS=$kargs LT_BUDGET=$budget \
		timeout -k 5 "$LIMIT" gdb -batch -nx -x "$GDBINIT" \
		-x tests/gdb/lt-helpers.py -ex kill \
		</dev/null >"$glog" 2>&1 || rc=$?
	cleanup
	grep -E '^(pass|FAIL): |^(    |# )' "$glog" || true
	grep -q '^FAIL: ' "$glog" && status=1
	for t in "$@"; do
		grep -qE "^(pass|FAIL): gdb/$t\$" "$glog" && continue
		status=1
		echo "FAIL: gdb/$t"
		if [ "$rc" -eq 124 ]; then
			echo "    gdb did not finish within ${LIMIT} s"
		else
			echo "    not reported (gdb exited with status $rc)"
		fi
		show_log "$glog" "gdb output"
		show_log "$qlog" "QEMU output"
	done
}

# gdb's own time limit is LIMIT; the script stops stepping well before.
budget=$((LIMIT > 20 ? LIMIT - 15 : LIMIT / 2))
session "" "" "$budget" lt-ps-lists-tasks lt-bt-sleeping-task \
	lt-ps-wchan-matches-kernel lt-bt-preempted-task lt-survives-corruption \
	lt-bt-every-task
# Under ktest= each stop checks tens of tasks: sample the suite's first
# seconds rather than wait for its end.
if [ -n "$ktest_kargs" ]; then
	session -ktest "$ktest_kargs" $((budget < 12 ? budget : 12)) \
		lt-bt-every-task-ktest
else
	echo "# gdb helpers: no kthread suite in $KERNEL (suites: $suites);" \
		"gdb/lt-bt-every-task-ktest not run"
fi
exit $status
