#!/usr/bin/python3
"""torture.py - type thousands of random and malformed lines at the shell.

    tests/qemu/torture.py                   3000 lines, seed 1
    tests/qemu/torture.py --lines 20000 --seed 7

The machine has an MBR disk (sda), a blank disk (sdb) and an IDE disk
(hda), all scratch images. The runner records `lsblk` first, asks the
shell for its commands (`help`), then types lines of every kind a user
could get wrong: random bytes, control characters and half escape
sequences, every command with missing, extra, huge, negative, malformed
and out-of-range arguments, unterminated quotes, too many words, lines far
past the editor's limit. Only `poweroff` and `reboot` are never typed.

After each line the shell must show a prompt again. A line that starts a
long command (a valid `bench` or `dd` can be made by chance) gets Ctrl-C
after a few seconds; if the prompt still does not come back, that is a
hang and the test fails. At the end each disk's elevator is set back to
the boot one and `lsblk` must print exactly what it printed at the start;
no panic, BUG or WARNING may appear anywhere.

Deterministic for a given --seed; a failure names the seed and the last
lines typed, so it can be replayed.
"""

import argparse
import importlib.util
import os
import random
import sys
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import qemu as q  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "run_scenarios", os.path.join(HERE, "run-scenarios.py"))
rs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rs)

NEVER = {"poweroff", "reboot"}
DEVICES = ["sda", "sda1", "sda2", "sdb", "hda", "ram0", "sim0"]
LINE_WAIT = 4.0         # seconds for the prompt before Ctrl-C
INTR_WAIT = 8.0         # ... and after it, before calling it a hang

SETUP = rs.Setup()
SETUP.disks = {
    "sda": [16 << 20, ["label: dos", "start=2048, size=8192, type=83",
                       "start=10240, size=4096, type=82"], False],
    "sdb": [8 << 20, [], False],
    "hda": [8 << 20, [], False],
}


# ---------------------------------------------------------------------------
# The lines

def word(rnd):
    """One argument, most of them wrong."""
    kinds = [
        lambda: rnd.choice(DEVICES),
        lambda: rnd.choice(["sdz", "sda99", "", "ram", "/dev/sda", "hdc"]),
        lambda: str(rnd.randrange(0, 100)),
        lambda: str(rnd.randrange(0, 1 << 40)),
        lambda: str(rnd.choice([2**32, 2**63, 2**64 - 1, 2**64, 10**30])),
        lambda: "-" + str(rnd.randrange(1, 1 << 33)),
        lambda: hex(rnd.randrange(0, 1 << 64)),
        lambda: rnd.choice(["0x", "0xg", "0x-1", "1e9", "1.5", "12ab", "+3",
                            "0b101", " 7", "007", "0X7fffffffffffffff"]),
        lambda: str(rnd.randrange(1, 4096)) + rnd.choice("kKmMgGtTbx"),
        lambda: rnd.choice(["16777216G", "4294967296k", "0k", "1MiB"]),
        lambda: rnd.choice(["inc", "seed:", "seed:-1", "seed:99999999999",
                            "seed:0x10", "0xaa", "256", "seed:1"]),
        lambda: '"' + "".join(rnd.choice("ab \\\"") for _ in
                              range(rnd.randrange(0, 80))) + '"',
        lambda: '"unterminated ' + "x" * rnd.randrange(0, 10),
        lambda: rnd.choice(["noop", "deadline", "cfq", "anticipatory", ""]),
        lambda: rnd.choice(["seq", "rand", "read", "write", "spawn"]),
        lambda: "%s=%s" % (rnd.choice(["bs", "count", "qd", "threads", "if",
                                       "of", "skip", "seek", "x", ""]),
                           rnd.choice(["", "0", "1", "4k", "1M", "33", "-1",
                                       "sda", "99999999999999999999"])),
        lambda: "".join(chr(rnd.randrange(33, 127))
                        for _ in range(rnd.randrange(1, 40))),
    ]
    return rnd.choice(kinds)()


def command_line(rnd, commands):
    name = rnd.choice(commands)
    n = rnd.choice([0, 0, 1, 2, 3, 4, 5, 6, rnd.randrange(7, 60)])
    return " ".join([name] + [word(rnd) for _ in range(n)])


def random_bytes(rnd):
    """Anything but Enter; Ctrl-C and escape sequences included."""
    out = bytearray()
    for _ in range(rnd.randrange(1, 120)):
        b = rnd.randrange(0, 256)
        if b in (0x0a, 0x0d):
            b = rnd.choice([0x03, 0x1b, 0x7f, 0x08, 0x09, 0x0c])
        out.append(b)
    return bytes(out)


def control_line(rnd, commands):
    """Editing keys inside and around a plausible line."""
    keys = [b"\x1b[A", b"\x1b[B", b"\x1b[C", b"\x1b[D", b"\x1b[H", b"\x1b[F",
            b"\x1b[3~", b"\x1b[1;5C", b"\x1bO", b"\x1b[", b"\x1b[99999999~",
            b"\x01", b"\x05", b"\x0b", b"\x15", b"\x17", b"\x0c", b"\x7f",
            b"\x08", b"\x09", b"\x09\x09", b"\x04", b"\x00", b"\x1b"]
    parts = [command_line(rnd, commands).encode()]
    for _ in range(rnd.randrange(1, 8)):
        parts.insert(rnd.randrange(0, len(parts) + 1), rnd.choice(keys))
    return b"".join(parts)


def long_line(rnd, commands):
    n = rnd.choice([255, 256, 257, 300, 1000, 3000])
    head = rnd.choice(commands) + " "
    return (head + "".join(rnd.choice("x 0123456789") for _ in
                           range(n - len(head)))).encode()


def make_line(rnd, commands):
    r = rnd.random()
    if r < 0.15:
        line = random_bytes(rnd)
    elif r < 0.30:
        line = control_line(rnd, commands)
    elif r < 0.35:
        line = long_line(rnd, commands)
    elif r < 0.40:
        line = rnd.choice(commands).encode()          # missing arguments
    else:
        line = command_line(rnd, commands).encode()
    return line + b"\r"


def safe(line):
    """Never power off: no line may hold those words at all, even inside
    other bytes, since editing keys may reassemble them."""
    low = line.lower()
    return not any(w.encode() in low for w in NEVER) and b"\n" not in line


# ---------------------------------------------------------------------------
# Talking to the shell

def type_and_wait(vm, data, wait):
    mark = len(vm.text())
    if not vm.send(data, chunk=64, gap=0.002):
        return "QEMU's serial input closed"
    if vm.wait_for(lambda t: q.at_prompt(t, mark), wait):
        return None
    return "no prompt"


def run_command(vm, text, wait=10.0):
    """Type @text; the output lines between the echo and the prompt."""
    mark = len(vm.text())
    if type_and_wait(vm, text.encode() + b"\r", wait):
        return None
    out = q.normalize(vm.text()[mark:])
    return out[1:-1]


def commands_of(help_lines):
    names = []
    for line in help_lines:
        w = line.split()
        if w and w[0].isascii() and w[0][0].isalpha() and w[0] != "usage:":
            names.append(w[0])
    return [n for n in names if n not in NEVER]


def torture(a):
    problems = []
    tmp = q.temp_dir("lantern-torture-")
    disks = rs.make_disks(SETUP, tmp)
    args = q.qemu_base_args() + ["-cdrom", a.iso, "-boot", "d"] + \
        rs.disk_args(disks)
    rnd = random.Random(a.seed)
    typed = []
    hangs = interrupted = 0
    with q.Qemu(args, timeout=a.timeout) as vm:
        if rs.first_prompt(vm, None) is None:
            problems.append(rs.why_stuck(vm, "the first prompt"))
        else:
            before = run_command(vm, "lsblk")
            scheds = {}
            for line in before or []:
                w = line.split()
                # NAME, SIZE (two words), RO, DRIVER, SCHED
                if len(w) >= 6 and w[0] in ("sda", "sdb", "hda", "ram0",
                                            "sim0"):
                    scheds[w[0]] = w[5]
            commands = commands_of(run_command(vm, "help") or [])
            if not before or len(commands) < 5 or not scheds:
                problems.append("lsblk or help did not answer before the "
                                "torture: %r %r" % (before, commands))
            n = 0
            while not problems and n < a.lines:
                line = make_line(rnd, commands)
                if not safe(line):
                    continue
                n += 1
                typed.append(line)
                err = type_and_wait(vm, line, LINE_WAIT)
                if err == "no prompt" and vm.alive():
                    interrupted += 1
                    err = type_and_wait(vm, b"\x03", INTR_WAIT)
                if err:
                    hangs += 1
                    problems.append("line %d: %s after typing it and Ctrl-C"
                                    % (n, err if vm.alive() else
                                       "QEMU exited"))
            if not problems:
                for dev, name in sorted(scheds.items()):
                    run_command(vm, "sched %s %s" % (dev, name))
                after = run_command(vm, "lsblk")
                if after != before:
                    problems.append("lsblk differs after the torture:")
                    problems += q.indent(["before:"] + (before or []) +
                                         ["after:"] + (after or []))
        alive = vm.alive()
        vm.kill()
        text = vm.text()
        vm.save_log("torture.log")
    if not alive and not problems:
        problems.append("QEMU exited during the torture")
    # `dmesg` prints the boot log again, banner included. A real reboot
    # cannot hide: with -no-reboot a reset ends QEMU, caught just above.
    problems += [p for p in q.common_problems(text)
                 if not p.startswith("banner seen")]
    if problems:
        problems.append("seed %d, %d lines typed; the last ones:"
                        % (a.seed, len(typed)))
        problems += q.indent([repr(t) for t in typed[-5:]])
        problems.append("serial log: build/tests/torture.log; tail:")
        problems += q.indent(q.tail(text, 15))
    q.comment("torture: %d lines (seed %d), %d needed Ctrl-C"
              % (len(typed), a.seed, interrupted))
    q.report("scenario/torture", not problems, problems)
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iso", default=q.ISO)
    ap.add_argument("--lines", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=600.0,
                    help="hard limit for the whole run (default %(default)s)")
    a = ap.parse_args()
    missing = q.missing_inputs(a.iso)
    if missing:
        q.report("scenario/torture", False, missing)
        return 1
    return torture(a)


if __name__ == "__main__":
    sys.exit(main())
