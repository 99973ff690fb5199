#!/usr/bin/python3
"""run-scenarios.py - boot iso/lantern.iso, type the commands of
tests/qemu/NAME.cmd on the serial line as a user would, and compare the
transcript with tests/qemu/NAME.expected.

    tests/qemu/run-scenarios.py                 every tests/qemu/*.cmd
    tests/qemu/run-scenarios.py echo-basic ...  only these
    tests/qemu/run-scenarios.py --self-test     check the matcher offline

NAME.cmd, one line per step:
    # comment                  ignored
    TEXT                       type TEXT, press Enter (\\r), wait for a prompt
    (an empty line)            press Enter, wait for a prompt
    @type TEXT                 same as TEXT (for text starting with # or @)
    @raw BYTES                 send BYTES (Python escapes: \\x03 \\r \\t),
                               do not wait
    @wait-prompt               wait for a new prompt
    @wait-for TEXT             wait until TEXT appears in the output after
                               the previous step (a long command has
                               started: Ctrl-C can follow)
    @sleep SECONDS             wait, collecting output
    @exit STATUS               QEMU must now exit by itself with STATUS
                               (after `@raw poweroff\\r`, say); nothing
                               may follow
    @banners N                 the banner appears N times, not once (a
                               `dmesg` prints it again)

The machine has no disks unless the scenario attaches some (these lines
may come anywhere; they act before the boot or after the run):
    @disk NAME SIZE            a blank sparse image: sdX is AHCI port X-'a',
                               hdX IDE index X-'a' (hda, hdb; hdc is the CD)
    @disk NAME mkdisk          the image `make run` attaches (scripts/mkdisk)
    @table NAME LINE           one line of an sfdisk script for NAME
                               (`@table sda label: dos`, then partitions)
    @fill NAME LBA COUNT PAT   the host writes PAT there before the boot
    @check NAME LBA COUNT PAT  after the run the image must hold PAT there
PAT is the shell's data pattern (a byte, inc, seed:N, or a string; see
include/shell_args.h), LBA and COUNT in 512-byte sectors of the whole
disk.

NAME.expected is the transcript from the first prompt on (prompt included),
normalised: no \\r, no trailing spaces, timestamps replaced by [T]. A line
may contain {{ANY}} (any text within the line) and {{NUM}} (a decimal or
hex number). Every run also checks: banner seen exactly once, no
`Kernel panic`, `BUG:` or `WARNING:`, no time-out, and QEMU still running
until the runner stops it. The transcript is saved to build/tests/NAME.out
(copy it to NAME.expected to create a new scenario), the raw serial log to
build/tests/NAME.log.

One line per scenario: `pass: scenario/NAME` or `FAIL: scenario/NAME`.
"""

import argparse
import codecs
import difflib
import glob
import os
import re
import struct
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import qemu as q  # noqa: E402
import diskimg  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CMD_TIMEOUT = 10.0      # seconds to wait for the prompt after one command
SETTLE = 0.3            # seconds of extra output collected at the end

NUM_RE = r"(?:-?0[xX][0-9a-fA-F]+|-?[0-9a-fA-F]*[0-9][0-9a-fA-F]*(?:\.[0-9]+)?)"


# ---------------------------------------------------------------------------
# Matching

def line_pattern(expected):
    """An .expected line -> compiled regex matching a whole actual line."""
    parts = re.split(r"(\{\{ANY\}\}|\{\{NUM\}\})", expected)
    rx = "".join(".*" if p == "{{ANY}}" else NUM_RE if p == "{{NUM}}"
                 else re.escape(p) for p in parts)
    return re.compile(rx + r"\Z")


def compare(expected, actual):
    """Match line lists with {{ANY}}/{{NUM}} patterns. Returns (ok, diff):
    the unified diff shows matched pattern lines as their expected text, so
    only real differences stand out."""
    pats = [line_pattern(e) for e in expected]
    n, m = len(expected), len(actual)
    # Longest common subsequence under the pattern match (small inputs).
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            lcs[i][j] = lcs[i + 1][j + 1] + 1 if pats[i].match(actual[j]) \
                else max(lcs[i + 1][j], lcs[i][j + 1])
    shown = list(actual)
    i = j = 0
    while i < n and j < m:
        if pats[i].match(actual[j]) and lcs[i][j] == lcs[i + 1][j + 1] + 1:
            shown[j] = expected[i]
            i, j = i + 1, j + 1
        elif lcs[i + 1][j] >= lcs[i][j + 1]:
            i += 1
        else:
            j += 1
    ok = lcs[0][0] == n == m
    diff = [] if ok else list(difflib.unified_diff(
        expected, shown, "expected", "actual", lineterm="", n=3))
    return ok, diff


# ---------------------------------------------------------------------------
# Scenario files

class Setup:
    """What a scenario's machine has besides the ISO: its disks (name ->
    [size, sfdisk lines]), host writes before the boot and checks after."""
    def __init__(self):
        self.disks = {}
        self.fills, self.checks = [], []
        self.banners = 1


MKDISK_SIZE = 64 << 20  # scripts/mkdisk's images
DISK_RE = re.compile(r"(sd|hd)([a-z])\Z")


def parse_cmd(path):
    """NAME.cmd -> (Setup, list of (action, arg))."""
    steps = []
    setup = Setup()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r")
        if line.startswith("#"):
            continue
        if not line.startswith("@"):
            steps.append(("type", line))
            continue
        word, _, arg = line.partition(" ")
        try:
            if word == "@type":
                steps.append(("type", arg))
            elif word == "@raw":
                steps.append(("raw", codecs.escape_decode(arg.encode())[0]))
            elif word == "@wait-prompt":
                steps.append(("wait-prompt", None))
            elif word == "@wait-for":
                if not arg:
                    raise ValueError("@wait-for needs a text")
                steps.append(("wait-for", arg))
            elif word == "@sleep":
                steps.append(("sleep", float(arg)))
            elif word == "@exit":
                steps.append(("exit", int(arg, 0)))
            elif word == "@banners":
                setup.banners = int(arg, 0)
            elif word in ("@disk", "@table", "@fill", "@check"):
                parse_disk_line(setup, word, arg)
            else:
                raise ValueError("unknown directive %s" % word)
        except ValueError as e:
            raise ValueError("%s:%d: %s" % (path, lineno, e))
    if any(a == "exit" for a, _ in steps[:-1]):
        raise ValueError("%s: nothing may follow @exit" % path)
    return setup, steps


def parse_disk_line(setup, word, arg):
    name, _, rest = arg.partition(" ")
    if word == "@disk":
        if not DISK_RE.match(name):
            raise ValueError("disk name %r is not sdX or hdX" % name)
        if name == "hdc":
            raise ValueError("hdc is the CD-ROM holding the ISO")
        if name in setup.disks:
            raise ValueError("%s attached twice" % name)
        if rest == "mkdisk":
            setup.disks[name] = [MKDISK_SIZE, [], True]
        else:
            setup.disks[name] = [parse_size(rest), [], False]
        return
    if name not in setup.disks:
        raise ValueError("%s %s before @disk %s" % (word, name, name))
    if word == "@table":
        if setup.disks[name][2]:
            raise ValueError("%s is made by scripts/mkdisk, with its own "
                             "table" % name)
        setup.disks[name][1].append(rest)
        return
    f = rest.split(" ", 2)
    if len(f) != 3:
        raise ValueError("usage: %s NAME LBA COUNT PATTERN" % word)
    lba, count = int(f[0], 0), int(f[1], 0)
    if lba < 0 or count <= 0 or \
            (lba + count) * diskimg.SECTOR > setup.disks[name][0]:
        raise ValueError("%s %s %s: range outside the disk" % (word, name, f[0]))
    shell_pattern(f[2], 1)      # reject a bad pattern now
    (setup.fills if word == "@fill" else setup.checks).append(
        (name, lba, count, f[2]))


def parse_size(text):
    m = re.match(r"(\d+)([kKmMgG]?)\Z", text.strip())
    if not m:
        raise ValueError("size %r is not a number with k/M/G" % text)
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20,
                               "g": 30}[m.group(2).lower()]


def shell_pattern(word, nbytes):
    """The bytes the shell's PATTERN @word makes over @nbytes from the start
    of an operation (shell/args.c: shell_parse_pattern and its cursor)."""
    if word[:1].isdigit():
        v = int(word, 0)
        if not 0 <= v <= 255:
            raise ValueError("byte pattern %s above 255" % word)
        return bytes([v]) * nbytes
    if word == "inc":
        return bytes(i & 0xff for i in range(nbytes))
    if word.startswith("seed:"):
        nsect = (nbytes + diskimg.SECTOR - 1) // diskimg.SECTOR
        return diskimg.pattern(int(word[5:], 0), nsect)[:nbytes]
    if word.startswith('"') and word.endswith('"') and len(word) >= 2:
        word = word[1:-1]
    if not word:
        raise ValueError("empty string pattern")
    b = word.encode()
    return (b * (nbytes // len(b) + 1))[:nbytes]


def make_disks(setup, tmp):
    """The images, tables and host data of @setup: name -> diskimg.Disk."""
    disks = {}
    for name, (size, table, mkdisk) in setup.disks.items():
        bus = "ahci" if name.startswith("sd") else "ide"
        slot = ord(name[2]) - ord("a")
        # make run's image names (ahci0, ide0): mkdisk writes them inside.
        d = diskimg.Disk(name, os.path.join(tmp, "%s%d.img" % (bus, slot)),
                         size, bus, slot)
        if mkdisk:
            diskimg.run(["bash", os.path.join(q.ROOT, "scripts", "mkdisk"),
                         d.path])
        if table:
            diskimg.run(["sfdisk", "-q", "--no-tell-kernel", "--no-reread",
                         d.path], stdin="\n".join(table) + "\n")
        disks[name] = d
    for name, lba, count, pat in setup.fills:
        with open(disks[name].path, "r+b") as f:
            f.seek(lba * diskimg.SECTOR)
            f.write(shell_pattern(pat, count * diskimg.SECTOR))
    return disks


def disk_args(disks):
    args = []
    if any(d.bus == "ahci" for d in disks.values()):
        args += ["-device", "ahci,id=ahci"]
    for d in disks.values():
        args += d.qemu_args()
    return args


def check_disks(setup, disks):
    """Problems found by the @check lines in the images after the run."""
    problems = []
    for name, lba, count, pat in setup.checks:
        have = disks[name].read(lba, count)
        want = shell_pattern(pat, count * diskimg.SECTOR)
        if have == want:
            continue
        bad = [i for i in range(count) if
               have[i * 512:(i + 1) * 512] != want[i * 512:(i + 1) * 512]]
        off = next(i for i in range(len(want)) if have[i] != want[i])
        problems.append("%s: %d of sectors %d..%d do not hold %s; first "
                        "difference at sector %d byte %d: 0x%02x, want "
                        "0x%02x" % (name, len(bad), lba, lba + count - 1,
                                    pat, lba + off // 512, off % 512,
                                    have[off], want[off]))
    return problems


def read_expected(path):
    with open(path, encoding="utf-8") as f:
        return q.normalize(f.read())


# ---------------------------------------------------------------------------
# Running one scenario

class Run:
    def __init__(self, name):
        self.name = name
        self.problems = []
        self.diff = []
        self.boot_to_banner = None
        self.kernel_boot = None
        self.mark = 0           # output offset when the last step began


def first_prompt(vm, timeout):
    """Wait for the banner, then for a prompt after it. Returns the offset
    of the prompt line's start or None."""
    def ready(text):
        b = text.find(q.BANNER)
        return b >= 0 and q.at_prompt(text, b)
    if not vm.wait_for(ready, timeout):
        return None
    text = vm.text()
    return text.rfind("\n") + 1


def run_scenario(name, iso, timeout, cmd_timeout, where=HERE):
    r = Run(name)
    cmd = os.path.join(where, name + ".cmd")
    exp = os.path.join(where, name + ".expected")
    try:
        setup, steps = parse_cmd(cmd)
        disks = make_disks(setup, q.temp_dir("lantern-scenario-"))
    except (OSError, ValueError, RuntimeError) as e:
        r.problems.append(str(e))
        return r
    if not os.path.exists(exp):
        r.problems.append("%s missing" % q.rel(exp))
        return r
    expected = read_expected(exp)
    args = q.qemu_base_args() + ["-cdrom", iso, "-boot", "d"] + \
        disk_args(disks)
    exits = bool(steps) and steps[-1][0] == "exit"
    with q.Qemu(args, timeout=timeout) as vm:
        start = first_prompt(vm, None)
        if vm.t_banner is not None:
            r.boot_to_banner = vm.t_banner - vm.t_start
        if start is None:
            r.problems.append(why_stuck(vm, "the first prompt"))
        else:
            for action, arg in steps:
                if not do_step(vm, action, arg, cmd_timeout, r):
                    break
            # Collect trailing output, then QEMU must still be alive.
            time.sleep(SETTLE)
            if not r.problems and not exits and not vm.alive():
                r.problems.append("QEMU exited by itself (%s) before the "
                                  "runner stopped it"
                                  % q.describe_exit(vm.proc.poll()))
        vm.kill()
        text = vm.text()
        stderr = vm.stderr_text()
        vm.save_log(name + ".log")
    m = re.search(r"Boot took ([0-9.]+ ms)", text)
    r.kernel_boot = m.group(1) if m else None
    r.problems += q.common_problems(text, setup.banners)
    r.problems += check_disks(setup, disks)
    if start is not None:
        actual = q.normalize(text[start:])
        with open(q.out_path(name + ".out"), "w", encoding="utf-8") as f:
            f.write("\n".join(actual) + "\n")
        ok, r.diff = compare(expected, actual)
        if not ok:
            r.problems.append("transcript differs from %s (actual saved to "
                              "build/tests/%s.out):" % (q.rel(exp), name))
    if r.problems and not r.diff:
        if stderr.strip():
            r.problems += ["QEMU stderr:"] + q.indent(
                stderr.strip().split("\n"), "  ")
        r.problems += ["serial log tail (build/tests/%s.log):" % name] + \
            q.indent(q.tail(text), "  ")
    return r


def why_stuck(vm, what):
    if not vm.alive():
        return "QEMU exited (%s) while waiting for %s" % (
            q.describe_exit(vm.proc.poll()), what)
    if vm.remaining() <= 0:
        return "time limit (%g s) reached while waiting for %s" % (
            vm.timeout, what)
    return "per-command limit (--cmd-timeout) reached while waiting for %s" \
        % what


def do_step(vm, action, arg, cmd_timeout, r):
    if action == "sleep":
        time.sleep(min(arg, vm.remaining()))
        return True
    if action == "wait-for":
        if not vm.wait_for(lambda t: arg in t[r.mark:], cmd_timeout):
            r.problems.append(why_stuck(vm, "%r in the output" % arg))
            return False
        return True
    if action == "exit":
        status = vm.wait_exit(cmd_timeout)
        if status is None:
            r.problems.append("QEMU still running %g s later; @exit %d "
                              "expected it to exit" % (cmd_timeout, arg))
        elif status != arg:
            r.problems.append("QEMU exited with status %d; @exit expected "
                              "%d" % (status, arg))
        return True
    if action == "wait-prompt":
        # From the previous step's mark: the prompt that @raw's bytes
        # brought back may already be out before this step begins.
        mark = r.mark
    else:
        mark = r.mark = len(vm.text())
    if action == "type":
        data = arg.encode() + b"\r"
    elif action == "raw":
        data = arg
    else:
        data = b""
    if data and not vm.send(data):
        r.problems.append("QEMU's serial input closed (QEMU gone?)")
        return False
    if action == "raw":
        return True
    if not vm.wait_for(lambda t: q.at_prompt(t, mark), cmd_timeout):
        what = "the prompt after %s" % ("typing %r" % arg if arg is not None
                                        else "@wait-prompt")
        r.problems.append(why_stuck(vm, what))
        return False
    return True


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help="scenario names (default: all)")
    ap.add_argument("--iso", default=q.ISO,
                    help="default %(default)s (env LANTERN_ISO)")
    ap.add_argument("--dir", default=HERE,
                    help="folder of NAME.cmd/NAME.expected (default "
                    "tests/qemu)")
    ap.add_argument("--timeout", type=float, default=q.DEFAULT_TIMEOUT,
                    help="hard limit per scenario in seconds (default "
                    "%(default)s, env LANTERN_TEST_TIMEOUT)")
    ap.add_argument("--cmd-timeout", type=float, default=CMD_TIMEOUT,
                    help="limit for one command's prompt (default "
                    "%(default)s)")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        return self_test()

    names = a.names or sorted(os.path.basename(p)[:-4] for p in
                              glob.glob(os.path.join(a.dir, "*.cmd")))
    if not names:
        q.report("scenario/none", False, ["no tests/qemu/*.cmd found"])
        return 1
    missing = q.missing_inputs(a.iso)
    failed = 0
    first = True
    for name in names:
        if missing:
            q.report("scenario/" + name, False, missing)
            failed += 1
            continue
        r = run_scenario(name, a.iso, a.timeout, a.cmd_timeout, a.dir)
        if first and r.boot_to_banner is not None:
            q.comment("boot-to-banner: %.2f s (ISO via GRUB)%s"
                      % (r.boot_to_banner, "; kernel: Boot took " +
                         r.kernel_boot if r.kernel_boot else ""))
        first = False
        q.report("scenario/" + name, not r.problems, r.problems + r.diff)
        failed += bool(r.problems)
    return 1 if failed else 0


def self_test():
    ok = True

    def expect(what, cond):
        nonlocal ok
        if not cond:
            ok = False
            print("    self-test: " + what)

    exp = ["lantern> hello", "you typed: hello", "[T] mm: {{NUM}} pages",
           "addr {{NUM}} at {{ANY}}!", "lantern>"]
    act = q.normalize("lantern> hello\r\nyou typed: hello  \r\n"
                      "[    0.012345] mm: 4096 pages\r\n"
                      "addr 0xc0101234 at foo+0x12/0x40!\r\nlantern> ")
    expect("match with patterns", compare(exp, act) == (True, []))
    ok2, diff = compare(exp, act[:2] + ["[T] mm: many pages"] + act[3:])
    expect("mismatch detected", not ok2)
    expect("diff shows only the real difference",
           "-[T] mm: {{NUM}} pages" in diff and
           "+[T] mm: many pages" in diff and
           not any(d.startswith(("-", "+")) and "addr" in d for d in diff))
    expect("extra line detected", not compare(exp, act + ["x"])[0])
    expect("missing line detected", not compare(exp, act[:-1])[0])
    expect("NUM is not ANY", not compare(["a {{NUM}}"], ["a zz"])[0])
    expect("prompt detection", q.at_prompt("x\r\nlantern> ", 0) and
           not q.at_prompt("lantern> ", 5) and
           not q.at_prompt("x\nlantern> hello", 0) and
           q.at_prompt("lantern> \r\nyou typed: \r\nlantern> ", 9) and
           q.at_prompt("x\r\nlantern:sda> ", 0) and
           not q.at_prompt("x\r\n[    0.02]   DMA      0x00000000 -> ", 0))
    expect("common checks", q.common_problems("Lantern version 1\n") == []
           and len(q.common_problems("Lantern version 1\nBUG: x\n")) == 1
           and len(q.common_problems("Lantern version 1\nLantern version "
                                     "1\n")) == 1
           and q.common_problems("Lantern version 1\nLantern version 1\n", 2) == []
           and len(q.common_problems("Lantern version 1\n", 2)) == 1)
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".cmd", delete=False) as f:
        f.write("# comment\nhello\n@raw \\x03ab\\r\n@type # x\n\n"
                "@sleep 0.5\n@wait-prompt\n@wait-for a b\n@disk sda 1M\n"
                "@table sda label: dos\n@fill sda 2 3 inc\n"
                "@check sda 0 1 \"a b\"\n@exit 0\n")
    try:
        setup, steps = parse_cmd(f.name)
        expect("cmd parsing", steps == [
            ("type", "hello"), ("raw", b"\x03ab\r"), ("type", "# x"),
            ("type", ""), ("sleep", 0.5), ("wait-prompt", None),
            ("wait-for", "a b"), ("exit", 0)])
        expect("disk lines", setup.disks == {"sda": [1 << 20,
                                                     ["label: dos"], False]} and
               setup.fills == [("sda", 2, 3, "inc")] and
               setup.checks == [("sda", 0, 1, '"a b"')])
    finally:
        os.unlink(f.name)
    for bad in ["@disk sdA 1M", "@disk sda mkdisk\n@table sda label: dos",
                "@disk hdc 1M", "@fill sda 0 1 1",
                "@disk sda 1M\n@check sda 2048 1 1",
                "@disk sda 1M\n@fill sda 0 1 300", "@exit 0\nx",
                "@disk sda 1x"]:
        with tempfile.NamedTemporaryFile("w", suffix=".cmd",
                                         delete=False) as f:
            f.write(bad + "\n")
        try:
            parse_cmd(f.name)
            expect("%r rejected" % bad, False)
        except ValueError:
            pass
        finally:
            os.unlink(f.name)
    # The shell's patterns, as shell/args.c makes them.
    expect("byte pattern", shell_pattern("0xaa", 3) == b"\xaa\xaa\xaa")
    expect("inc pattern", shell_pattern("inc", 258)[254:] == b"\xfe\xff\0\1")
    expect("string pattern", shell_pattern('"ab"', 5) == b"ababa" and
           shell_pattern("xyz", 4) == b"xyzx")
    expect("seed pattern", shell_pattern("seed:1", 8) ==
           struct.pack("<2I", 270369, 67634689))
    q.report("tooling/scenario-matcher", ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
