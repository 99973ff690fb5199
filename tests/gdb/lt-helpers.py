# lt-helpers.py - the checks of tests/gdb/lt-helpers-test.sh, run inside
# gdb once it is attached to a halted Lantern and has sourced
# tools/gdb/lantern.py (through the gdbinit made from tools/gdb/gdbinit.in).
# Prints `pass: gdb/...` / `FAIL: gdb/...` lines, details indented; the
# shell script collects them and adds FAIL lines for any that are missing.
#
# Environment (set by the shell script):
#   LT_KARGS    the kernel command line. Without ktest=, the kernel boots
#               to the console and goes idle: every check runs. With
#               ktest= (threads come and go, QEMU exits at the end), only
#               the every-stop check runs, as gdb/lt-bt-every-task-ktest
#   LT_BUDGET   seconds this script may take (it stops stepping earlier)

import os
import re
import struct
import time

# gdb ran tools/gdb/lantern.py (from the gdbinit) in its __main__, as
# this file: its functions are there.
import __main__ as lantern
import gdb

KARGS = os.environ.get("LT_KARGS", "")
KTEST = "ktest=" in KARGS
DEADLINE = time.monotonic() + float(os.environ.get("LT_BUDGET", "30"))
MAX_STOPS = 2000

# One lt-ps row: marker, pid, name (15 wide), state letter and word,
# nice, ticks, wchan.
ROW = re.compile(r"^([* ]) +(\d+)  (.{15})  ([A-Z?]) \((.*?)\) +(-?\d+) +(\d+)  (\S+)$")
FRAME = re.compile(r"^#(\d+) +(0x[0-9a-f]+) in (\S+?)(?:\+(0x[0-9a-f]+))?(?: \((\S+)\))?(?: \[inlined: .*\])?(?:  <- .*)?$")


def report(name, problems, info=()):
    if problems:
        print("FAIL: gdb/%s" % name)
        for p in problems:
            for line in str(p).splitlines():
                print("    " + line)
    else:
        print("pass: gdb/%s" % name)
    for line in info:
        print("# " + line)


def run(cmd):
    """(output, error message or None) of a gdb command."""
    try:
        return gdb.execute(cmd, to_string=True), None
    except gdb.error as e:
        return "", str(e)


def ps():
    """lt-ps as {pid: row dict}, the raw text, and problems."""
    out, err = run("lt-ps")
    if err:
        return {}, out, ["lt-ps failed: %s" % err]
    rows, problems = {}, []
    lines = out.rstrip("\n").split("\n")
    if not lines or not lines[0].split()[:1] == ["PID"]:
        problems.append("lt-ps: no header line starting with PID")
    for line in lines[1:]:
        m = ROW.match(line)
        if not m:
            problems.append("lt-ps: unexpected line %r" % line)
            continue
        pid = int(m.group(2))
        if pid in rows:
            problems.append("lt-ps: pid %d listed twice" % pid)
        rows[pid] = dict(current=m.group(1) == "*", name=m.group(3).rstrip(),
                         state=m.group(4), word=m.group(5),
                         nice=int(m.group(6)), ticks=int(m.group(7)),
                         wchan=m.group(8), line=line)
    return rows, out, problems


def bt(pid):
    """lt-bt PID as (frames, text, problems); a frame is (function,
    offset '0x..' or None, 'file:line' or None)."""
    out, err = run("lt-bt %d" % pid)
    if err:
        return [], out, ["lt-bt %d failed: %s" % (pid, err)]
    frames, problems = [], []
    for line in out.rstrip("\n").split("\n")[1:]:
        m = FRAME.match(line)
        if m:
            if int(m.group(1)) != len(frames):
                problems.append("lt-bt %d: frame numbers out of order" % pid)
            frames.append((m.group(3), m.group(4), m.group(5)))
        else:
            problems.append("lt-bt %d: %s" % (pid, line))
    if not frames:
        problems.append("lt-bt %d: no frames" % pid)
    return frames, out, problems


def current_pid():
    return int(gdb.parse_and_eval("$lt_current()->pid"))


def kthreadd_ready():
    """kthreadd asleep in its own loop with a saved context, and init
    switched out (so both can be traced)."""
    try:
        k = gdb.parse_and_eval("kthreadd_task")
        if not int(k):
            return False
        i = gdb.parse_and_eval("$lt_task(1)")
        cur = int(gdb.parse_and_eval("$lt_current()"))
        return (int(k["state"]) != 0 and int(k["nvcsw"]) > 0 and
                int(k) != cur and int(i) != cur and int(i["thread_sp"]) != 0)
    except gdb.error:
        return False


def settled():
    """Idle runs and init and kthreadd sleep: without ktest=, nothing will
    happen any more but timer ticks."""
    rows, _, _ = ps()
    return (rows.get(0, {}).get("current") and
            rows.get(1, {}).get("state") in ("S", "D") and
            rows.get(2, {}).get("state") == "S")


def alive():
    return gdb.selected_inferior().pid != 0


# ---- every stop: lt-ps is consistent, every switched-out task traces

def task_keys():
    """{pid: what changes whenever the task runs}: a task whose key is as
    at the last check has not run since, so its lt-bt cannot have changed.
    (tools/gdb/lantern.py was sourced into gdb's __main__, as this file.)"""
    keys = {}
    addrs, _ = lantern.all_tasks()
    for a in addrs:
        t = lantern._task(a)
        keys[int(t["pid"])] = (a, int(t["thread_sp"]), int(t["state"]),
                               int(t["exec_start"]), int(t["nvcsw"]),
                               int(t["nivcsw"]))
    return keys


stats = dict.fromkeys(("traced", "interrupted", "dead", "never run"), 0)


def check_every_task(stop, seen, checked):
    """lt-ps is consistent; the lt-bt of every switched-out task that ran
    (or changed state) since the last stop is clean. @checked maps pid
    to its task_keys() entry when last checked."""
    problems = []
    keys = task_keys()
    rows, out, p = ps()
    problems += p
    if "corrupt" in out or "not on the task list" in out:
        problems.append("lt-ps reports a problem:\n" + out)
    marked = [pid for pid, r in rows.items() if r["current"]]
    cur = current_pid()
    if marked != [cur]:
        problems.append("rows marked current: %s, current_task is pid %d"
                        % (marked, cur))
    if 0 not in rows or rows[0]["name"] != "swapper":
        problems.append("no pid 0 swapper row")
    for pid, r in sorted(rows.items()):
        seen.setdefault(pid, r["name"])
        if r["current"] or (pid in checked and checked[pid] == keys.get(pid)):
            continue
        checked[pid] = keys.get(pid)
        frames, text, p = bt(pid)
        problems += p
        names = [f[0] for f in frames]
        stats["traced"] += 1
        stats["interrupted"] += "<- interrupted" in text
        stats["dead"] += r["state"] == "X"
        stats["never run"] += names[:1] == ["ret_from_kernel_thread"]
        if pid != 0 and names and names[-1] != "ret_from_kernel_thread":
            problems.append("lt-bt %d does not end in ret_from_kernel_thread:"
                            "\n%s" % (pid, text))
        if r["state"] in ("S", "D"):
            if r["wchan"] in ("-", "?"):
                problems.append("sleeping pid %d has no wchan: %s"
                                % (pid, r["line"]))
            elif r["wchan"] not in ["%s+%s" % (f[0], f[1]) for f in frames]:
                problems.append("wchan of pid %d (%s) is no frame of its "
                                "lt-bt:\n%s" % (pid, r["wchan"], text))
    return ["stop %d: %s" % (stop, p) for p in problems]


# ---- the moment kthreadd sleeps: lt-ps and lt-bt show the right things

def check_lt_ps(rows, out):
    problems = []
    want = {0: "swapper", 1: "init", 2: "kthreadd"}
    for pid, name in want.items():
        if pid not in rows:
            problems.append("pid %d (%s) not listed" % (pid, name))
        elif rows[pid]["name"] != name:
            problems.append("pid %d is named %r, not %r"
                            % (pid, rows[pid]["name"], name))
    k = rows.get(2)
    if k and (k["state"], k["word"]) != ("S", "sleeping"):
        problems.append("kthreadd's state is %s (%s), not S (sleeping)"
                        % (k["state"], k["word"]))
    if k and not k["wchan"].startswith("kthreadd+0x"):
        problems.append("kthreadd's wchan is %r, not kthreadd+0x..."
                        % k["wchan"])
    if k and k["current"]:
        problems.append("kthreadd is marked current")
    if list(rows)[:1] != [0]:
        problems.append("pid 0 is not the first row")
    if problems:
        problems.append("lt-ps printed:\n" + out)
    return problems


def check_lt_bt():
    problems = []
    frames, text, p = bt(2)
    problems += p
    names = [f[0] for f in frames]
    if not text.startswith("pid 2 (kthreadd) S (sleeping)"):
        problems.append("header is not `pid 2 (kthreadd) S (sleeping) ...`")
    if names[:1] != ["schedule"]:
        problems.append("frame #0 is not in schedule")
    kt = [f for f in frames if f[0] == "kthreadd"]
    if not kt or not (kt[0][2] or "").startswith("kernel/kthread.c:"):
        problems.append("no frame in kthreadd at kernel/kthread.c:N")
    if names[-1:] != ["ret_from_kernel_thread"]:
        problems.append("last frame is not ret_from_kernel_thread")
    if problems:
        problems.append("lt-bt 2 printed:\n" + text)

    frames, text, p = bt(1)
    if p or "kernel_init" not in [f[0] for f in frames]:
        problems += p + ["lt-bt 1 (init) has no kernel_init frame:\n" + text]

    cur = current_pid()
    out, err = run("lt-bt %d" % cur)
    if err or "use `bt`" not in out:
        problems.append("lt-bt of the running pid %d: %r %r" % (cur, out, err))
    for cmd, want in (("lt-bt 4242", "no task with pid 4242"),
                      ("lt-bt", "usage: lt-bt PID"),
                      ("lt-bt x y", "usage: lt-bt PID")):
        out, err = run(cmd)
        if not err or want not in err:
            problems.append("%s: want the error %r, got %r %r"
                            % (cmd, want, out, err))
    out, err = run("lt-task 2")
    if err or "comm = \"kthreadd" not in out or "wchan: kthreadd+0x" not in out:
        problems.append("lt-task 2 printed %r %r" % (out, err))
    out, err = run("print $lt_task(2)->pid")
    if err or not out.rstrip().endswith("= 2"):
        problems.append("$lt_task(2)->pid gave %r %r" % (out, err))
    return problems


# ---- a corrupt task list or stack must give a note, not a hang or a trace

def check_corruption():
    problems = []
    inf = gdb.selected_inferior()
    k = int(gdb.parse_and_eval("kthreadd_task"))
    t = gdb.lookup_type("struct task_struct")
    off = [f.bitpos // 8 for f in t.fields() if f.name == "tasks"][0]
    nxt = k + off                       # kthreadd->tasks.next
    sp = int(gdb.parse_and_eval("kthreadd_task->thread_sp"))
    _, before, _ = ps()

    def poke(addr, value):
        old = bytes(inf.read_memory(addr, 4))
        inf.write_memory(addr, struct.pack("<I", value & 0xffffffff))
        return old

    for what, value, want in (("a loop", k + off, "loop"),
                              ("a wild pointer", 0xdead0000, "corrupt"),
                              ("a NULL", 0, "bad pointer")):
        old = poke(nxt, value)
        try:
            start = time.monotonic()
            rows, out, _ = ps()
            took = time.monotonic() - start
        finally:
            inf.write_memory(nxt, old)
        if not ("task list corrupt" in out and want in out) or \
                sorted(rows)[:3] != [0, 1, 2] or took > 10:
            problems.append("lt-ps with %s in kthreadd->tasks.next:\n%s"
                            % (what, out))
    old = poke(sp + 12, 0x100)          # kthreadd's saved ebp
    try:
        frames, text, p = bt(2)
    finally:
        inf.write_memory(sp + 12, old)
    if len(frames) != 1 or not any("lt-bt 2: lt-bt: stack corrupt" in x
                                   for x in p):
        problems.append("lt-bt 2 with a bad saved ebp:\n" + text)
    _, after, _ = ps()
    if after != before:
        problems.append("lt-ps differs after restoring memory:\n%s\n%s"
                        % (before, after))
    return problems


# ---- a task preempted by an interrupt: lt-bt shows the interrupted code

def idle_ticks_kthreadd_asleep():
    """Stopped in the timer tick (interrupts off: an inferior call cannot
    be interrupted), which interrupted the idle task; kthreadd asleep."""
    try:
        k = gdb.parse_and_eval("kthreadd_task")
        return (gdb.selected_frame().name() == "scheduler_tick" and
                current_pid() == 0 and int(k) != 0 and
                int(k["state"]) != 0 and int(k["nvcsw"]) > 0)
    except gdb.error:
        return False


def check_wchan_vs_kernel():
    """At a timer tick (interrupts off, so an inferior call is safe): every
    lt-ps WCHAN is what the kernel's own get_wchan() says, as func+off."""
    problems = []
    rows, out, problems = ps()
    for pid, r in sorted(rows.items()):
        val, err = run("print/x get_wchan($lt_task(%d))" % pid)
        if err:
            problems.append("calling get_wchan for pid %d: %s" % (pid, err))
            continue
        pc = int(val.split("=")[-1], 16)
        want = "-"
        if pc:
            sym, _ = run("info symbol %#x" % pc)
            m = re.match(r"(\S+)(?: \+ (\d+))? in ", sym)
            want = "%s+%#x" % (m.group(1), int(m.group(2) or 0)) if m else sym
        if r["wchan"] != want:
            problems.append("pid %d: lt-ps says %s, get_wchan() %#x = %s"
                            % (pid, r["wchan"], pc, want))
    if not any(r["state"] in "SD" for r in rows.values()):
        problems.append("no sleeping task to compare")
    if problems:
        problems.append("lt-ps printed:\n" + out)
    return problems


def try_preempt_idle(tick):
    """At a timer tick that interrupted the idle task, wake kthreadd (an
    inferior call): the end of the tick then preempts idle through
    preempt_schedule_irq, inside its interrupt frame, and kthreadd runs
    and sleeps again. Returns None if it went another way this time, else
    (problems, text) of `lt-bt 0` while kthreadd runs."""
    _, err = run("print wake_up_process(kthreadd_task)")
    if err:
        return ["calling wake_up_process(kthreadd_task) failed: " + err], ""
    tick.enabled = False
    try:
        run("continue")                 # idle's schedule(), from the tick
        if not alive():
            return None
        out, _ = run("bt 3")
        if current_pid() != 0 or "preempt_schedule_irq" not in out:
            return None
        run("continue")                 # kthreadd's schedule(): asleep again
        if not alive() or current_pid() == 0:
            return None
    finally:
        tick.enabled = True
    frames, text, problems = bt(0)
    names = [f[0] for f in frames]
    marked = [i for i, line in enumerate(text.split("\n")[1:])
              if line.endswith("<- interrupted (vector 32)")]
    if names[:3] != ["schedule", "preempt_schedule_irq", "common_interrupt"]:
        problems.append("frames #0-#2 are not schedule, preempt_schedule_irq, "
                        "common_interrupt")
    if marked != [3]:
        problems.append("frame #3 (only) should be marked "
                        "`<- interrupted (vector 32)`")
    elif not frames[3][2] or names[3] == "??":
        problems.append("the interrupted frame has no function or file:line")
    # Usually cpu_idle (inlined in start_kernel), or rest_init's code
    # when the tick came before idle began; either way, below start_kernel.
    if "start_kernel" not in names[3:]:
        problems.append("no start_kernel frame from the interrupt on")
    if problems:
        problems.append("lt-bt 0 printed:\n" + text)
    return problems, text


def main():
    if not hasattr(lantern, "all_tasks"):
        print("FAIL: gdb/lt-helpers\n    tools/gdb/lantern.py was not "
              "sourced (see the gdbinit)")
        return
    bps = {}
    # Under ktest= the threads call schedule() often enough; stopping at
    # every tick too would only slow the suite down.
    for sym in ("schedule",) if KTEST else ("schedule", "scheduler_tick"):
        bps[sym] = gdb.Breakpoint(sym, internal=True)
        bps[sym].silent = True
    every, seen, checked, stops = [], {}, {}, 0
    ready = exited = False
    preempted, tries = None, 0
    while stops < MAX_STOPS and time.monotonic() < DEADLINE:
        out, err = run("continue")
        if err or not alive():
            exited = True
            break
        stops += 1
        every += check_every_task(stops, seen, checked)
        if KTEST:
            continue
        if not ready and kthreadd_ready():
            ready = True
            rows, text, p = ps()
            report("lt-ps-lists-tasks", p + check_lt_ps(rows, text),
                   ["lt-ps at stop %d:" % stops] + text.rstrip().split("\n"))
            report("lt-bt-sleeping-task", check_lt_bt(),
                   run("lt-bt 2")[0].rstrip().split("\n"))
            report("lt-survives-corruption", check_corruption())
        if ready and preempted is None and tries < 20 and \
                idle_ticks_kthreadd_asleep():
            if tries == 0:
                report("lt-ps-wchan-matches-kernel", check_wchan_vs_kernel())
            tries += 1
            preempted = try_preempt_idle(bps["scheduler_tick"])
            if preempted is not None:
                report("lt-bt-preempted-task", *preempted[:1],
                       info=preempted[1].rstrip().split("\n"))
        if ready and preempted is not None and stops >= 20 and settled():
            break
    if not KTEST and not ready:
        for name in ("lt-ps-lists-tasks", "lt-bt-sleeping-task",
                     "lt-survives-corruption"):
            report(name, ["kthreadd never slept with init switched out in "
                          "%d stops at schedule/scheduler_tick%s"
                          % (stops, " (the kernel exited)" if exited else "")])
    if not KTEST and tries == 0:
        report("lt-ps-wchan-matches-kernel", [
            "never stopped at a tick of the idle task with kthreadd asleep"])
    if not KTEST and preempted is None:
        report("lt-bt-preempted-task", [
            "never saw the idle task preempted by the tick after waking "
            "kthreadd (%d tries in %d stops)" % (tries, stops)])
    names = ["%d %s" % kv for kv in sorted(seen.items())]
    info = ["%d stops%s; %d tasks seen: %s%s" % (
        stops, ", until the kernel exited" if exited else
        " (the time budget ended)" if time.monotonic() >= DEADLINE else "",
        len(names), ", ".join(names[:12]), ", ..." if len(names) > 12 else ""),
        "lt-bt of switched-out tasks: " +
        ", ".join("%s %d" % kv for kv in stats.items())]
    if stops < 5:
        every.append("only %d stops" % stops)
    if KTEST and len(seen) <= 3:
        every.append("no thread besides 0-2 seen under %s" % KARGS)
    report("lt-bt-every-task" + ("-ktest" if KTEST else ""),
           every[:20] + (["... %d more" % (len(every) - 20)]
                         if len(every) > 20 else []), info)


main()
