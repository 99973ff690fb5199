#!/usr/bin/python3
"""ktest-runner.py - boot build/lantern.elf with `ktest=SELECTOR`, parse the
KTAP v1 output from the serial port and print one line per test case.

    tests/ktest-runner.py [SELECTOR]           run suites (default: all)
    tests/ktest-runner.py --expect-panic       run the panic demo
    tests/ktest-runner.py --expect-stack-overflow
                                               run the stack-overflow demo
    tests/ktest-runner.py --from-log LOG --status N [SELECTOR]
                                               judge a saved serial log
    tests/ktest-runner.py --self-test          check the parser on canned text

Each case is `kernel/SUITE/CASE`; a suite without cases is `kernel/SUITE`.
Two more lines judge the run itself: `kernel/SELECTOR/ktap` (the KTAP
structure is complete and agrees with the exit status) and
`kernel/SELECTOR/boot` (QEMU left through isa-debug-exit with 33 or 35).
A crash, reset or time-out fails `boot` and shows the tail of the log.
Kernel "BUG:" lines do not fail a KTAP run by themselves: suites provoke
them on purpose (might_sleep, mutex misuse) and judge them in KTAP.
Skipped cases print `skip: NAME # reason` and count as neither.

The serial log is saved to build/tests/ktest-SELECTOR.log.
Exit status: 0 if every line was a pass, 1 otherwise.
"""

import argparse
import os
import re
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "lib"))
import qemu as q  # noqa: E402

VERSION_RE = re.compile(r"^(?:K?TAP) version (\d+)\s*$")
PLAN_RE = re.compile(r"^1\.\.(\d+)\s*$")
RESULT_RE = re.compile(r"^(ok|not ok) (\d+)(?: -)?(?: (.*))?$")
SUBTEST_RE = re.compile(r"^# Subtest: (.*?)\s*$")
DIRECTIVE_RE = re.compile(r"^(.*?)\s*#\s*(SKIP|TODO)\b\s*(.*)$", re.I)
SUMMARY_RE = re.compile(r"^# ktest: \d+ passed, \d+ failed")

STACK_OVERFLOW_RE = re.compile(
    r"Kernel panic - not syncing: kernel stack overflow in task "
    r"overflow-demo \(pid (\d+)\): guard page hit at [0-9a-f]{8}, "
    r"EIP [0-9a-f]{8} \((\w+)\+0x[0-9a-f]+/0x[0-9a-f]+\)")
STACK_OVERFLOW_START_RE = re.compile(
    r"stack-overflow-demo: overflow-demo \(pid (\d+)\)")
PANIC_FRAME_RE = re.compile(r"\[<[0-9a-f]{8}>\] \w+\+0x[0-9a-f]+/0x[0-9a-f]+")


# ---------------------------------------------------------------------------
# KTAP parsing

class Item:
    """One KTAP line: indent, kind (version/plan/result/subtest/diag)."""

    def __init__(self, lineno, indent, kind, text, m=None):
        self.lineno, self.indent, self.kind, self.text, self.m = \
            lineno, indent, kind, text, m


class Result:
    def __init__(self, item):
        self.lineno = item.lineno
        self.ok = item.m.group(1) == "ok"
        self.num = int(item.m.group(2))
        rest = item.m.group(3) or ""
        d = DIRECTIVE_RE.match(rest)
        self.directive = d.group(2).upper() if d else None
        self.reason = d.group(3) if d else ""
        self.name = (d.group(1) if d else rest).strip()
        self.diags = []         # '#' lines between the previous result and this
        self.subtest = None     # Group printed just before this result


class Group:
    """A KTAP document or subtest at one indentation level."""

    def __init__(self, indent):
        self.indent = indent
        self.name = None
        self.version = None
        self.plan = None
        self.results = []
        self.orphans = []       # subtests never closed by a result line
        self.trailing = []      # '#' lines after the last result
        self.errors = []


def tokenize(text):
    """Serial text -> KTAP items. Timestamps and \\r are stripped; lines that
    are not KTAP (ordinary kernel log lines) are left out."""
    items = []
    for lineno, raw in enumerate(text.replace("\r", "").split("\n"), 1):
        line = q.strip_timestamp(raw).rstrip()
        body = line.lstrip(" ")
        ind = len(line) - len(body)
        for kind, rx in (("version", VERSION_RE), ("plan", PLAN_RE),
                         ("result", RESULT_RE), ("subtest", SUBTEST_RE)):
            m = rx.match(body)
            if m:
                items.append(Item(lineno, ind, kind, body, m))
                break
        else:
            if body.startswith("#"):
                items.append(Item(lineno, ind, "diag", body))
    return items


def parse_group(items, pos, indent):
    g = Group(indent)
    pending_child = None
    diags = []
    while pos < len(items):
        it = items[pos]
        if it.indent > indent:
            child, pos = parse_group(items, pos, it.indent)
            if pending_child is not None:
                g.orphans.append(pending_child)
            pending_child = child
            continue
        if it.indent < indent:
            break
        if it.kind == "version":
            if g.version is not None or g.results:
                if indent == 0:
                    g.errors.append("line %d: second 'KTAP version' header "
                                    "(kernel rebooted or ran tests twice?)"
                                    % it.lineno)
                    pos += 1
                    continue
                break           # a sibling subtest starts at this indent
            g.version = it.m.group(1)
        elif it.kind == "subtest":
            if g.results:
                break           # sibling subtest without its own version line
            g.name = it.m.group(1)
        elif it.kind == "plan":
            if g.plan is not None:
                g.errors.append("line %d: second plan '%s'"
                                % (it.lineno, it.text))
            else:
                g.plan = int(it.m.group(1))
        elif it.kind == "diag":
            diags.append(it.text)
        elif it.kind == "result":
            r = Result(it)
            r.diags, diags = diags, []
            r.subtest, pending_child = pending_child, None
            g.results.append(r)
        pos += 1
    if pending_child is not None:
        g.orphans.append(pending_child)
    g.trailing = diags
    return g, pos


def parse_ktap(text):
    """Returns the top-level Group, or None if there is no KTAP header."""
    items = tokenize(text)
    for i, it in enumerate(items):
        if it.kind == "version" and it.indent == 0:
            g, _ = parse_group(items, i, 0)
            return g
    return None


def failure_details(group, idx):
    """Diagnostics of failed result @idx: the '#' lines printed between the
    previous result and it (KUnit prints them while the case runs); if
    there are none, those printed after it, up to the next result."""
    r = group.results[idx]
    lines = r.diags
    if not lines:
        lines = group.results[idx + 1].diags \
            if idx + 1 < len(group.results) else group.trailing
    return [d for d in lines if not SUMMARY_RE.match(d)]


def check_plan(group, what, errors):
    if group.plan is None:
        errors.append("%s: no plan line '1..N'" % what)
        return 0
    for i, r in enumerate(group.results, 1):
        if r.num != i:
            errors.append("%s: result 'ok %d %s' out of order (expected "
                          "number %d)" % (what, r.num, r.name, i))
            break
    if len(group.results) > group.plan:
        errors.append("%s: plan 1..%d but %d results"
                      % (what, group.plan, len(group.results)))
    return max(0, group.plan - len(group.results))


class Verdict:
    """The lines a run produces, in order."""

    def __init__(self):
        self.lines = []         # (status, name, details)

    def add(self, status, name, details=()):
        self.lines.append((status, name, list(details)))

    def failed(self):
        return sum(1 for s, _, _ in self.lines if s == "FAIL")

    def passed(self):
        return sum(1 for s, _, _ in self.lines if s == "pass")

    def print(self):
        for status, name, details in self.lines:
            if status == "skip":
                q.skip(name, details[0] if details else "")

            else:
                q.report(name, status == "pass", details)


def judge_suite(v, suite_result, child, errors):
    """Lines for one suite. @suite_result is None when the suite never
    printed its own result line (the kernel died inside it)."""
    name = (child.name if child and child.name else None) or \
        (suite_result.name if suite_result else None) or "?"
    if suite_result and child and child.name and \
            suite_result.name and child.name != suite_result.name:
        errors.append("suite '%s' closed by result named '%s'"
                      % (child.name, suite_result.name))
    if child is None or (not child.results and not child.plan):
        # A suite with no cases counts as one test of its own.
        if suite_result is None:
            v.add("FAIL", "kernel/%s" % name, ["suite has no result line"])
        elif suite_result.directive == "SKIP":
            v.add("skip", "kernel/%s" % name, [suite_result.reason])
        else:
            v.add("pass" if suite_result.ok else "FAIL", "kernel/%s" % name,
                  suite_result.diags + (child.trailing if child else []))
        return
    errors.extend("suite %s: %s" % (name, e) for e in child.errors)
    any_failed = False
    for i, c in enumerate(child.results):
        tname = "kernel/%s/%s" % (name, c.name)
        if c.directive == "SKIP":
            v.add("skip", tname, [c.reason])
        elif c.ok:
            v.add("pass", tname)
        else:
            any_failed = True
            v.add("FAIL", tname, failure_details(child, i) or
                  ["(no diagnostics printed)"])
        if c.subtest is not None:
            errors.append("suite %s: nested subtests under case '%s' are "
                          "not supported" % (name, c.name))
    missing = check_plan(child, "suite %s" % name, errors)
    for k in range(len(child.results) + 1, len(child.results) + missing + 1):
        any_failed = True
        v.add("FAIL", "kernel/%s/case-%d" % (name, k),
              ["no result for case %d of %d (kernel died or hung in the "
               "suite?)" % (k, child.plan)])
    if suite_result is None:
        return
    if suite_result.ok and any_failed and suite_result.directive != "SKIP":
        errors.append("suite %s reported 'ok' although a case failed" % name)
    if not suite_result.ok and not any_failed:
        v.add("FAIL", "kernel/%s" % name,
              ["suite reported 'not ok' although every case passed "
               "(init/exit failure?)"] + suite_result.diags)


def judge_ktest(text, status, selector, timed_out=False, stderr=""):
    """Judge one ktest boot: serial @text and QEMU exit @status."""
    v = Verdict()
    errors = []
    top = parse_ktap(text)
    if top is None:
        errors.append("no 'KTAP version 1' header in the serial output")
    else:
        errors.extend(top.errors)
        results = top.results
        for r in results:
            judge_suite(v, r, r.subtest, errors)
        for orphan in top.orphans:
            judge_suite(v, None, orphan, errors)
        missing = check_plan(top, "top level", errors)
        unnamed = missing - len(top.orphans)
        for k in range(1, unnamed + 1):
            v.add("FAIL", "kernel/%s/suite-%d" % (selector, len(results) +
                                                  len(top.orphans) + k),
                  ["no result for suite %d of %d"
                   % (len(results) + len(top.orphans) + k, top.plan)])
        if missing:
            errors.append("plan 1..%d but only %d suite result lines"
                          % (top.plan, len(results)))
    boot_problems = []
    n = q.count_banners(text)
    if n != 1:
        boot_problems.append("banner seen %d times (expected once)" % n)
    if timed_out:
        boot_problems.append("time limit reached; QEMU killed")
    elif status not in (q.EXIT_KTEST_PASS, q.EXIT_KTEST_FAIL):
        boot_problems.append(q.describe_exit(status))
    any_fail = v.failed() > 0
    if not boot_problems:
        if status == q.EXIT_KTEST_PASS and any_fail:
            errors.append("exit status 33 (all passed) but KTAP shows "
                          "failures")
        if status == q.EXIT_KTEST_FAIL and not any_fail:
            errors.append("exit status 35 (some failed) but no failure "
                          "in KTAP")
        if errors:
            # The kernel's own complaints (e.g. "ktest: no suite named x").
            errors += [q.strip_timestamp(line) for line in
                       text.replace("\r", "").split("\n")
                       if "ktest:" in line and "passed," not in line]
        v.add("FAIL" if errors else "pass", "kernel/%s/ktap" % selector,
              errors)
        v.add("pass", "kernel/%s/boot" % selector)
    else:
        details = boot_problems + errors
        if stderr.strip():
            details += ["QEMU stderr:"] + q.indent(stderr.strip().split("\n"),
                                                   "  ")
        details += ["serial log tail:"] + q.indent(q.tail(text), "  ")
        v.add("FAIL", "kernel/%s/boot" % selector, details)
    return v


def panic_exit_problems(text, status, timed_out):
    """What every demo that must panic shares: QEMU left with 37 (the
    kernel's panic code), in time, after booting exactly once."""
    problems = []
    if timed_out:
        problems.append("time limit reached; QEMU killed")
    elif status != q.EXIT_KTEST_PANIC:
        problems.append("expected exit 37 (panic), got: %s"
                        % q.describe_exit(status))
    n = q.count_banners(text)
    if n != 1:
        problems.append("banner seen %d times (expected once)" % n)
    return problems


def panic_verdict(name, problems, text, stderr):
    """One pass/FAIL line; a failure carries QEMU's stderr and the log tail."""
    v = Verdict()
    if problems:
        if stderr.strip():
            problems += ["QEMU stderr:"] + q.indent(
                stderr.strip().split("\n"), "  ")
        problems += ["serial log tail:"] + q.indent(q.tail(text), "  ")
    v.add("FAIL" if problems else "pass", name, problems)
    return v


def judge_panic(text, status, name, timed_out=False, stderr=""):
    """The panic demo passes iff the kernel oopsed in panic_demo_deref_null,
    printed a symbolized call trace and left with status 37."""
    problems = panic_exit_problems(text, status, timed_out)
    for needle in ("BUG: unable to handle kernel NULL pointer dereference",
                   "EIP is at panic_demo_deref_null+", "Call Trace:"):
        if needle not in text:
            problems.append("missing: '%s'" % needle)
    at = text.find("Call Trace:")
    if at >= 0 and not PANIC_FRAME_RE.search(text, at):
        problems.append("no symbolized frame ' [<xxxxxxxx>] func+0x../0x..' "
                        "after 'Call Trace:'")
    # regress-leaf-fault-names-caller: the faulting function is a leaf that
    # GCC builds without a frame; the trace must still name its caller.
    elif at >= 0 and not re.search(r"\] panic_demo\+0x[0-9a-f]+/0x[0-9a-f]+",
                                   text[at:]):
        problems.append("call trace does not name panic_demo, the caller of "
                        "the faulting leaf function")
    return panic_verdict(name, problems, text, stderr)


def judge_stack_overflow(text, status, name, timed_out=False, stderr=""):
    """The stack-overflow demo passes iff the thread overflow-demo ran off
    its stack into the guard page and the double-fault handler panicked
    naming it (and its pid, as the demo announced it) with the faulting
    EIP in overflow_recurse, and QEMU exited with 37."""
    problems = panic_exit_problems(text, status, timed_out)
    started = STACK_OVERFLOW_START_RE.search(text)
    m = STACK_OVERFLOW_RE.search(text)
    if not started:
        problems.append("the demo never announced its thread "
                        "('stack-overflow-demo: overflow-demo (pid N)')")
    if not m:
        problems.append("missing: 'Kernel panic - not syncing: kernel stack "
                        "overflow in task overflow-demo (pid N): guard page "
                        "hit at ..., EIP ... (func+0x../0x..)'")
    else:
        if started and started.group(1) != m.group(1):
            problems.append("panic names pid %s, but overflow-demo was pid %s"
                            % (m.group(1), started.group(1)))
        if m.group(2) != "overflow_recurse":
            problems.append("EIP is in %s, expected overflow_recurse"
                            % m.group(2))
    return panic_verdict(name, problems, text, stderr)


# ---------------------------------------------------------------------------
# Running

def run_qemu(kernel, selector, timeout, extra_append):
    append = "ktest=%s" % selector
    if extra_append:
        append += " " + extra_append
    args = q.qemu_base_args() + ["-kernel", kernel, "-append", append]
    with q.Qemu(args, timeout=timeout) as vm:
        status = vm.wait_exit()
        timed_out = status is None
        vm.kill()
        log = vm.save_log("ktest-%s.log" % selector.replace(",", "+"))
        return vm.text(), status, timed_out, vm.stderr_text(), log


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("selector", nargs="?", help="ktest= value (default all; "
                    "panic-demo with --expect-panic)")
    ap.add_argument("--kernel", default=q.KERNEL,
                    help="default %(default)s (env LANTERN_KERNEL)")
    ap.add_argument("--timeout", type=float, default=q.DEFAULT_TIMEOUT,
                    help="hard time limit in seconds (default %(default)s, "
                    "env LANTERN_TEST_TIMEOUT)")
    ap.add_argument("--append", default="",
                    help="more kernel command-line arguments")
    ap.add_argument("--expect-panic", action="store_true",
                    help="pass iff the kernel oopses and exits with 37")
    ap.add_argument("--expect-stack-overflow", action="store_true",
                    help="pass iff overflow-demo hits its stack's guard page, "
                    "the panic names it, and QEMU exits with 37")
    ap.add_argument("--name", help="test name for --expect-panic and "
                    "--expect-stack-overflow (default kernel/SELECTOR)")
    ap.add_argument("--from-log", metavar="LOG",
                    help="judge a saved serial log instead of booting")
    ap.add_argument("--status", type=int,
                    help="QEMU exit status for --from-log (-1: timed out)")
    ap.add_argument("--self-test", action="store_true",
                    help="check the KTAP parser on canned logs")
    a = ap.parse_args()

    if a.self_test:
        return self_test()
    if a.expect_panic and a.expect_stack_overflow:
        ap.error("--expect-panic and --expect-stack-overflow exclude each "
                 "other")
    demo = a.expect_panic or a.expect_stack_overflow
    selector = a.selector or ("panic-demo" if a.expect_panic else
                              "stack-overflow-demo" if a.expect_stack_overflow
                              else "all")
    name = a.name or "kernel/%s" % selector

    if a.from_log:
        with open(a.from_log, encoding="utf-8", errors="replace") as f:
            text = f.read()
        status, timed_out, stderr = a.status, a.status == -1, ""
    else:
        problems = q.missing_inputs(a.kernel)
        if problems:
            q.report(name if demo else
                     "kernel/%s/boot" % selector, False, problems)
            return 1
        text, status, timed_out, stderr, log = \
            run_qemu(a.kernel, selector, a.timeout, a.append)
        q.comment("%s: %s, log in %s" % (name, "time limit reached" if
                                         timed_out else q.describe_exit(status),
                                         q.rel(log)))
    if a.expect_panic:
        v = judge_panic(text, status, name, timed_out, stderr)
    elif a.expect_stack_overflow:
        v = judge_stack_overflow(text, status, name, timed_out, stderr)
    else:
        v = judge_ktest(text, status, selector, timed_out, stderr)
    v.print()
    return 1 if v.failed() else 0


# ---------------------------------------------------------------------------
# Self-test on canned logs

GOOD = """\
[    0.000000] Lantern version 0.1 (gcc 12.2.0)
[    0.001000] mm: zone DMA 4096 pages
KTAP version 1\r
1..3\r
    KTAP version 1
    # Subtest: mm
    1..3
    ok 1 buddy-split
    # slab-reuse: EXPECTATION FAILED at kernel/mm/test.c:42
    #   expected a == b, got 1 and 2
    not ok 2 slab-reuse
    ok 3 something # SKIP no highmem
not ok 1 mm
[    0.020000] wait: a log line in the middle
    KTAP version 1
    # Subtest: empty
    1..0
ok 2 empty
    KTAP version 1
    # Subtest: sched
    1..2
    ok 1 yield
    ok 2 sleep
ok 3 sched
# ktest: 5 passed, 1 failed
"""

CRASHED = """\
Lantern version 0.1
KTAP version 1
1..3
    KTAP version 1
    # Subtest: mm
    1..2
    ok 1 buddy-split
    ok 2 slab-reuse
ok 1 mm
    KTAP version 1
    # Subtest: block
    1..4
    ok 1 merge-back
BUG: unable to handle kernel NULL pointer dereference at 00000000
Kernel panic - not syncing: Fatal exception
"""

PANIC = """\
[    0.000000] Lantern version 0.1
[    0.003000] BUG: unable to handle kernel NULL pointer dereference at 00000000
[    0.003000] EIP is at panic_demo_deref_null+0x12/0x40
[    0.003000] Call Trace:
[    0.003000]  [<c0101234>] panic_demo+0x12/0x40
[    0.003000]  [<c0105678>] ktest_main+0x30/0x80
[    0.003000] Kernel panic - not syncing: Fatal exception
"""

STACK_OVERFLOW = """\
[    0.000000] Lantern version 0.1
[    0.032494] ktest: running demo stack-overflow-demo
[    0.033163] stack-overflow-demo: overflow-demo (pid 3) recursing with 512-byte frames
[    0.034789] Kernel panic - not syncing: kernel stack overflow in task overflow-demo (pid 3): guard page hit at f000afb4, EIP c0113840 (overflow_recurse+0x10/0x70), ESP f000afb8
[    0.045429] Call Trace:
[    0.045916]  [<c01038fa>] panic+0x5a/0x80
[    0.046469]  [<c01021cc>] doublefault_fn+0x3c/0x70
"""


def self_test():
    ok = True

    def expect(what, cond, v=None):
        nonlocal ok
        if not cond:
            ok = False
            print("    self-test: %s" % what)
            if v is not None:
                for s, n, d in v.lines:
                    print("      %s %s %s" % (s, n, d))

    def lines(v):
        return [(s, n) for s, n, _ in v.lines]

    v = judge_ktest(GOOD, 35, "all")
    expect("good log lines", lines(v) == [
        ("pass", "kernel/mm/buddy-split"), ("FAIL", "kernel/mm/slab-reuse"),
        ("skip", "kernel/mm/something"), ("pass", "kernel/empty"),
        ("pass", "kernel/sched/yield"), ("pass", "kernel/sched/sleep"),
        ("pass", "kernel/all/ktap"), ("pass", "kernel/all/boot")], v)
    expect("failure details kept",
           any("EXPECTATION FAILED" in d for d in v.lines[1][2]), v)
    v = judge_ktest("Lantern version 0.1\n[ 0.1] ktest: no suite named 'x'\n"
                    "KTAP version 1\n1..0\n# ktest: 0 passed, 1 failed\n",
                    35, "x")
    expect("unknown suite name", lines(v) == [("FAIL", "kernel/x/ktap"),
                                              ("pass", "kernel/x/boot")] and
           any("no suite named" in d for d in v.lines[0][2]), v)
    v = judge_ktest(GOOD, 33, "all")
    expect("exit 33 with a failure is a ktap error",
           ("FAIL", "kernel/all/ktap") in lines(v), v)
    v = judge_ktest(GOOD.replace("not ok 2 slab", "ok 2 slab")
                    .replace("not ok 1 mm", "ok 1 mm"), 35, "all")
    expect("exit 35 without a failure is a ktap error",
           ("FAIL", "kernel/all/ktap") in lines(v), v)
    v = judge_ktest(GOOD.replace("    1..2\n", "    1..3\n"), 35, "all")
    expect("missing case is a failure",
           ("FAIL", "kernel/sched/case-3") in lines(v), v)
    v = judge_ktest(GOOD.replace("1..3\r", "1..4\r"), 35, "all")
    expect("missing suite is a failure",
           ("FAIL", "kernel/all/suite-4") in lines(v) and
           ("FAIL", "kernel/all/ktap") in lines(v), v)
    v = judge_ktest(CRASHED, 37, "all")
    expect("crash mid-suite", lines(v) == [
        ("pass", "kernel/mm/buddy-split"), ("pass", "kernel/mm/slab-reuse"),
        ("pass", "kernel/block/merge-back"), ("FAIL", "kernel/block/case-2"),
        ("FAIL", "kernel/block/case-3"), ("FAIL", "kernel/block/case-4"),
        ("FAIL", "kernel/all/suite-3"), ("FAIL", "kernel/all/boot")], v)
    expect("boot failure shows the tail",
           any("Kernel panic" in d for d in v.lines[-1][2]), v)
    v = judge_ktest(GOOD, None, "all", timed_out=True)
    expect("timeout fails boot", ("FAIL", "kernel/all/boot") in lines(v), v)
    v = judge_ktest("Lantern version 0.1\nLantern version 0.1\n", 0, "mm")
    expect("triple fault", lines(v) == [("FAIL", "kernel/mm/boot")], v)
    v = judge_ktest(GOOD + "Lantern version 0.1\n", 35, "all")
    expect("two banners fail boot", ("FAIL", "kernel/all/boot") in lines(v),
           v)
    v = judge_panic(PANIC, 37, "kernel/panic-demo")
    expect("panic demo passes", lines(v) == [("pass", "kernel/panic-demo")],
           v)
    v = judge_panic(PANIC, 33, "kernel/panic-demo")
    expect("panic demo needs 37", v.failed() == 1, v)
    v = judge_panic(PANIC.replace(" panic_demo+0x12/0x40", "")
                    .replace(" ktest_main+0x30/0x80", ""),
                    37, "kernel/panic-demo")
    expect("panic demo needs a symbolized frame", v.failed() == 1, v)
    v = judge_panic(PANIC.replace(" panic_demo+0x12/0x40", " other+0x1/0x2"),
                    37, "kernel/panic-demo")
    expect("panic demo trace must name the leaf's caller",
           v.failed() == 1, v)
    v = judge_ktest(GOOD.replace(
        "[    0.020000] wait: a log line in the middle",
        "[    0.020000] BUG: sleeping function called from invalid context "
        "at x.c:1\nCall Trace:\n [<c0101234>] f+0x1/0x2"), 35, "all")
    expect("kernel BUG: lines alone do not fail a KTAP run",
           lines(v) == lines(judge_ktest(GOOD, 35, "all")), v)
    name = "kernel/stack-overflow-demo"
    v = judge_stack_overflow(STACK_OVERFLOW, 37, name)
    expect("stack-overflow demo passes", lines(v) == [("pass", name)], v)
    v = judge_stack_overflow(STACK_OVERFLOW, 35, name)
    expect("stack-overflow demo needs 37", v.failed() == 1, v)
    v = judge_stack_overflow(STACK_OVERFLOW.replace(
        "kernel stack overflow in task overflow-demo (pid 3): guard page hit",
        "double fault in task overflow-demo (pid 3): guard page hit"),
        37, name)
    expect("stack-overflow demo needs the guard-page message",
           v.failed() == 1, v)
    v = judge_stack_overflow(STACK_OVERFLOW.replace("in task overflow-demo",
                                                    "in task init"), 37, name)
    expect("stack-overflow panic must name overflow-demo", v.failed() == 1, v)
    v = judge_stack_overflow(STACK_OVERFLOW.replace("overflow-demo (pid 3): g",
                                                    "overflow-demo (pid 4): g"),
                             37, name)
    expect("stack-overflow panic must name the demo's pid",
           v.failed() == 1, v)
    v = judge_stack_overflow(STACK_OVERFLOW.replace("(overflow_recurse+",
                                                    "(printk+"), 37, name)
    expect("stack-overflow EIP must be in overflow_recurse",
           v.failed() == 1, v)
    q.report("tooling/ktap-parser", ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
