#!/usr/bin/python3
"""console-devices.py - the PS/2 keyboard and the VGA text console, driven
through QEMU's QMP socket.

    tests/qemu/console-devices.py               every test
    tests/qemu/console-devices.py NAME...       only these (e.g.
                                                vga-shows-boot-and-prompt)
    tests/qemu/console-devices.py --self-test   check the screen model offline

Boot 1 (build/lantern.elf with -kernel, no command line):
  consoles/keyboard-typing-echoes      keys pressed with QMP send-key are
      echoed on the serial line, typed after `echo ` so the shell prints
      LINE back: letters, Shift, Caps Lock, the number row, Backspace;
  consoles/keyboard-ctrl-and-arrows    arrows, Home/End/Delete (ESC [ ...
      sequences) edit the line in the shell's line editor; Ctrl+H (both
      Ctrl keys) is a backspace, unbound control bytes are ignored, keypad
      Enter ends a line;
  consoles/vga-shows-boot-and-prompt   the VGA text buffer (pmemsave of
      0xB8000) shows exactly the tail of the serial output, at boot and
      after a line typed on the serial port, all in attribute 0x07.
Boot 2 (-append console=ttyS0):
  consoles/vga-console-off-with-console-ttyS0   no kernel log line on VGA,
      the banner on serial.
Each test of a boot also carries the common checks of its serial log
(banner once, no `Kernel panic`, `BUG:` or `WARNING:`).

A test named in EXPECTED_FAIL demonstrates a known kernel bug: it prints
`xfail: NAME # BUG` (not counted) while it fails, and FAIL once it passes,
so that the marker is removed together with the bug.

Logs: build/tests/console-devices.log and console-devices-ttyS0.log (serial),
console-devices-vga-*.txt (the screens read, one row per line).
"""

import argparse
import os
import re
import shutil
import sys
import time

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import qemu as q  # noqa: E402

BOOT_TIMEOUT = 30.0     # seconds to the first prompt
CMD_TIMEOUT = 10.0      # seconds for the prompt after one typed line
KEY_GAP = 0.05          # seconds between two QMP key commands
VGA_SETTLE = 3.0        # seconds for the screen to catch up with serial
VGA_PHYS, VGA_COLS, VGA_ROWS, VGA_ATTR = 0xb8000, 80, 25, 0x07

T_TYPING = "consoles/keyboard-typing-echoes"
T_CTRL = "consoles/keyboard-ctrl-and-arrows"
T_VGA = "consoles/vga-shows-boot-and-prompt"
T_OFF = "consoles/vga-console-off-with-console-ttyS0"
T_SHIFTS = "consoles/keyboard-two-shift-keys"
T_WIDTH = "consoles/vga-exact-width-line"
BOOT1 = [T_TYPING, T_CTRL, T_VGA, T_SHIFTS, T_WIDTH]
BOOT2 = [T_OFF]

# Known kernel bugs, temporarily expected to fail (see the module doc).
EXPECTED_FAIL = {
    # Both bugs this layer found are fixed: regress-two-shift-keys
    # (keyboard.c kept one flag for both Shift keys) and
    # regress-vga-exact-width-line (vga.c wrapped at column 80 at once).
}


# ---------------------------------------------------------------------------
# Keys: a step is a QKeyCode name ("h", "ret", "left"), a tuple of names
# pressed together (("shift", "h")), or "+NAME" / "-NAME" for a single
# press or release event (input-send-event), to hold keys across steps.

PLAIN_KEYS = {" ": "spc", "-": "minus", "/": "slash", ".": "dot",
              ",": "comma", "=": "equal", ";": "semicolon"}
SHIFTED_KEYS = {"!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "_": "minus",
                "?": "slash", ":": "semicolon", "+": "equal"}


def keys(text):
    """The steps that type @text on a US keyboard."""
    steps = []
    for c in text:
        if c.islower() or c.isdigit():
            steps.append(c)
        elif c.isupper():
            steps.append(("shift", c.lower()))
        elif c in PLAIN_KEYS:
            steps.append(PLAIN_KEYS[c])
        elif c in SHIFTED_KEYS:
            steps.append(("shift", SHIFTED_KEYS[c]))
        else:
            raise ValueError("no key for %r" % c)
    return steps


def qcode(name):
    return {"type": "qcode", "data": name}


def press(qmp, step):
    if isinstance(step, str) and step[:1] in "+-" and len(step) > 1:
        qmp.execute("input-send-event", events=[{"type": "key", "data": {
            "down": step[0] == "+", "key": qcode(step[1:])}}])
    else:
        chord = (step,) if isinstance(step, str) else step
        qmp.execute("send-key", keys=[qcode(k) for k in chord])
    time.sleep(KEY_GAP)


def show_steps(steps):
    return " ".join(s if isinstance(s, str) else "+".join(s) for s in steps)


# ---------------------------------------------------------------------------
# Screen model

CSI_RE = re.compile(r"\x1b\[([0-9;]*)([@-~])")


def render(text):
    """Serial output -> the lines a terminal of unlimited width shows:
    \\r, \\b and \\n move the cursor, CSI K/C/D edit, other control bytes
    and escape sequences are dropped. Trailing spaces are removed."""
    lines, cur, col, i = [], [], 0, 0
    while i < len(text):
        c = text[i]
        if c == "\x1b":
            m = CSI_RE.match(text, i)
            if m:
                n = int(m.group(1).split(";")[0] or 1)
                if m.group(2) == "K":
                    del cur[col:]
                elif m.group(2) == "C":
                    col += n
                elif m.group(2) == "D":
                    col = max(col - n, 0)
                i = m.end()
                continue
        elif c == "\n":
            lines.append("".join(cur).rstrip())
            cur, col = [], 0
        elif c == "\r":
            col = 0
        elif c == "\b":
            col = max(col - 1, 0)
        elif c >= " ":
            cur.extend(" " * (col + 1 - len(cur)))
            cur[col] = c
            col += 1
        i += 1
    lines.append("".join(cur).rstrip())
    return lines


def screen_rows(lines, cols=VGA_COLS):
    """Lines -> rows of a @cols wide screen (a long line takes several)."""
    rows = []
    for line in lines:
        rows += [line[k:k + cols] for k in range(0, len(line), cols)] or [""]
    return rows


def decode_vga(data):
    """4000 bytes of text memory -> (25 rows without trailing spaces,
    {attribute: count})."""
    rows, attrs = [], {}
    for r in range(VGA_ROWS):
        cells = data[r * VGA_COLS * 2:(r + 1) * VGA_COLS * 2]
        rows.append(bytes(cells[0::2]).decode("latin-1").rstrip())
        for a in cells[1::2]:
            attrs[a] = attrs.get(a, 0) + 1
    return rows, attrs


def mirror_problems(rows, serial):
    """The VGA screen must show the tail of the serial output. Blank rows
    are left out on both sides (see T_WIDTH for why)."""
    # A line wrapped at a space leaves that space at the end of a row,
    # where the screen cannot show it: compare rows without trailing blanks.
    want = [r.rstrip() for r in screen_rows(render(serial)) if r.strip()]
    have = [r.rstrip() for r in rows if r.strip()]
    if not have:
        return ["the VGA screen is blank"]
    if want[-len(have):] != have:
        return ["the VGA screen is not the tail of the serial output; "
                "screen rows (non-blank):"] + \
            q.indent(have, "  | ") + ["serial, same number of rows:"] + \
            q.indent(want[-len(have):], "  | ")
    if len(have) < min(len(want), 20):
        return ["only %d non-blank rows on the VGA screen, %d expected"
                % (len(have), min(len(want), 20))] + q.indent(have, "  | ")
    return []


# ---------------------------------------------------------------------------
# One boot

class Boot:
    def __init__(self, kernel, append, timeout, cmd_timeout, log_name):
        self.tmp = q.temp_dir("lantern-qmp-")
        sock = os.path.join(self.tmp, "qmp.sock")
        args = q.qemu_base_args() + ["-kernel", kernel]
        if append:
            args += ["-append", append]
        self.vm = q.Qemu(args + q.qmp_args(sock), timeout=timeout)
        self.qmp = q.Qmp(sock, self.vm)
        self.cmd_timeout = cmd_timeout
        self.log_name = log_name
        self.t_prompt = None
        self.keyboard_dead = None    # why keyboard lines are skipped

    def start(self):
        """Boot to the first prompt and connect QMP; a problem or None."""
        self.vm.start()

        def ready(text):
            b = text.find(q.BANNER)
            return b >= 0 and q.at_prompt(text, b)
        if not self.vm.wait_for(ready, BOOT_TIMEOUT):
            return self.why_stuck("the first prompt", BOOT_TIMEOUT)
        self.t_prompt = time.monotonic() - self.vm.t_start
        try:
            self.qmp.connect()
        except q.QmpError as e:
            return "QMP: %s" % e
        return None

    def stop(self):
        self.qmp.close()
        self.vm.kill()
        self.vm.save_log(self.log_name)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def why_stuck(self, what, limit):
        vm = self.vm
        if not vm.alive():
            return "QEMU exited (%s) while waiting for %s" % (
                q.describe_exit(vm.proc.poll()), what)
        if vm.remaining() <= 0:
            return "time limit (%g s) reached while waiting for %s" % (
                vm.timeout, what)
        return "no answer within %g s while waiting for %s" % (limit, what)

    def line_start(self):
        """Offset of the current (prompt) line, or None if the shell is
        not waiting at a prompt."""
        text = self.vm.text()
        return text.rfind("\n") + 1 if q.at_prompt(text) else None

    def finish_line(self, start, mark, what):
        """Wait for the prompt after the line typed at @start; returns
        (rendered lines of the exchange, problems)."""
        if not self.vm.wait_for(lambda t: q.at_prompt(t, mark),
                                self.cmd_timeout):
            return None, [self.why_stuck("the prompt after " + what,
                                         self.cmd_timeout)]
        return render(self.vm.text()[start:]), []

    def type_line(self, steps, line, enter="ret"):
        """Press @steps and @enter on the keyboard; the exchange must be
        the echoed prompt line `echo ...`, LINE and a new prompt (the
        keys are typed after `echo `).
        Returns problems (empty: as expected)."""
        what = "keys %s %s" % (show_steps(steps), enter)
        if self.keyboard_dead:
            return ["not tried (%s): %s" % (self.keyboard_dead, what)]
        start = self.line_start()
        if start is None:
            return ["not at a prompt before %s" % what]
        prompt = self.vm.text()[start:]
        mark = len(self.vm.text())
        for step in keys("echo ") + list(steps) + [enter]:
            press(self.qmp, step)
        got, problems = self.finish_line(start, mark, what)
        if problems:
            self.keyboard_dead = "no prompt after typing earlier keys"
            self.resync()
            return problems
        want = [(prompt + "echo " + line).rstrip(), line, prompt.rstrip()]
        if got != want:
            return ["%s: expected" % what] + q.indent(want, "  | ") + \
                ["got (rendered; raw %r):" % self.vm.text()[start:]] + \
                q.indent(got, "  | ")
        return []

    def serial_line(self, text):
        """Type @text + Enter on the serial port; rendered exchange or
        (None, problems)."""
        start = self.line_start()
        if start is None:
            return None, ["not at a prompt before typing %r" % text]
        mark = len(self.vm.text())
        if not self.vm.send(text.encode() + b"\r"):
            return None, ["QEMU's serial input closed"]
        return self.finish_line(start, mark, "typing %r on serial" % text)

    def resync(self):
        """After a failed line: Enter on serial, to get back to a prompt."""
        mark = len(self.vm.text())
        self.vm.send(b"\r")
        self.vm.wait_for(lambda t: q.at_prompt(t, mark), 2.0)

    def vga(self, save_as=None):
        """(rows, attrs) of the VGA text buffer, read with pmemsave."""
        path = os.path.join(self.tmp, "vga.bin")
        self.qmp.execute("pmemsave", val=VGA_PHYS,
                         size=VGA_COLS * VGA_ROWS * 2, filename=path)
        with open(path, "rb") as f:
            data = f.read()
        if len(data) != VGA_COLS * VGA_ROWS * 2:
            raise q.QmpError("pmemsave wrote %d bytes" % len(data))
        rows, attrs = decode_vga(data)
        if save_as:
            save_screen(rows, save_as)
        return rows, attrs

    def vga_mirror(self, save_as):
        """Read the screen until it mirrors the serial output (the VGA
        write follows the serial one) or VGA_SETTLE passes."""
        end = time.monotonic() + VGA_SETTLE
        while True:
            rows, attrs = self.vga()
            problems = mirror_problems(rows, self.vm.text())
            if not problems or time.monotonic() >= end:
                save_screen(rows, save_as)
                return rows, attrs, problems
            time.sleep(0.1)


def save_screen(rows, name):
    with open(q.out_path(name), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


def attr_problems(attrs):
    bad = {a: n for a, n in attrs.items() if a != VGA_ATTR}
    if not bad:
        return []
    return ["attribute bytes other than 0x%02x: %s" % (VGA_ATTR, ", ".join(
        "0x%02x x%d" % (a, n) for a, n in sorted(bad.items())))]


# ---------------------------------------------------------------------------
# The tests

TYPING_LINES = [
    ("hello", keys("hello")),
    ("Hi", [("shift", "h"), "i"]),
    ("abc", keys("abx") + ["backspace"] + keys("c")),
    ("1@- /", keys("1@- /")),
    # Caps Lock on: letters upper case, Shift inverts it; then off again.
    ("Abcd", ["caps_lock", "a", ("shift", "b"), "caps_lock", "c", "d"]),
]

CTRL_LINES = [
    # The cursor moves: b goes in before a.
    ("ba", ["a", "left", "b"], "ret"),
    # Up recalls the last line, Down comes back to the one being typed.
    ("ab", ["a", "right", "up", "down", "home", "end", "delete", "b"], "ret"),
    # Ctrl+H is 0x08, a backspace; the right Ctrl key is E0 1D.
    ("abe", keys("abcd") + [("ctrl", "h"), ("ctrl_r", "h"), "e"], "ret"),
    # Control bytes the editor does not use are ignored.
    ("xy", ["x", ("ctrl", "z"), ("ctrl", "x"), "y"], "ret"),
    ("kp", keys("kp"), "kp_enter"),
]


def boot1(a, res):
    b = Boot(a.kernel, None, a.timeout, a.cmd_timeout, "console-devices.log")
    try:
        problem = b.start()
        if problem:
            for name in BOOT1:
                res[name] += [problem]
            return
        q.comment("consoles: boot to prompt %.2f s (-kernel)" % b.t_prompt)
        try:
            run_boot1(b, res)
        except (q.QmpError, OSError) as e:
            for name in BOOT1:
                if name not in res.done:
                    res[name].append("QMP: %s" % e)
    finally:
        b.stop()
        res.timing.append("boot 1 (keyboard, VGA): %.1f s"
                          % (time.monotonic() - b.vm.t_start))
    common = q.common_problems(b.vm.text())
    if common:
        common += ["serial log tail (build/tests/console-devices.log):"] + \
            q.indent(q.tail(b.vm.text(), 15), "  ")
    for name in (T_TYPING, T_CTRL, T_VGA):
        res[name] += common


def run_boot1(b, res):
    # The VGA at the first prompt: the boot log, as on serial.
    rows, attrs, problems = b.vga_mirror("console-devices-vga-boot.txt")
    res[T_VGA] += ["at the first prompt: " + p for p in
                   problems + attr_problems(attrs)]
    res.info.append("VGA at the first prompt: banner %s" % (
        "on screen" if any(q.BANNER in r for r in rows)
        else "scrolled off"))

    for line, steps in TYPING_LINES:
        res[T_TYPING] += b.type_line(steps, line)
    res.done.add(T_TYPING)
    for line, steps, enter in CTRL_LINES:
        res[T_CTRL] += b.type_line(steps, line, enter)
    res.done.add(T_CTRL)

    # A line typed on serial shows on VGA too, below everything else.
    prompt_line = b.vm.text()[b.line_start():] if b.line_start() is not None else ""
    got, problems = b.serial_line("echo hello")
    res[T_VGA] += problems
    if got is not None:
        rows, attrs, problems = b.vga_mirror("console-devices-vga-final.txt")
        res[T_VGA] += ["after 'hello' on serial: " + p for p in
                       problems + attr_problems(attrs)]
        tail = [r for r in rows if r][-3:]
        want = [prompt_line + "echo hello", "hello", prompt_line.rstrip()]
        if tail != want:
            res[T_VGA].append("last VGA rows are not the last exchange:")
            res[T_VGA] += q.indent(tail, "  | ")
    res.done.add(T_VGA)

    # Known bugs (EXPECTED_FAIL).
    res[T_SHIFTS] += b.type_line(
        ["+shift", "+shift_r", "-shift_r", "+a", "-a", "-shift"], "A")
    res.done.add(T_SHIFTS)
    text = "x" * VGA_COLS
    prompt_line = b.vm.text()[b.line_start():] if b.line_start() is not None else ""
    got, problems = b.serial_line("echo " + text)
    res[T_WIDTH] += problems
    if got is not None:
        rows, _, problems = b.vga_mirror("console-devices-vga-width.txt")
        res[T_WIDTH] += problems
        k = max((i for i, r in enumerate(rows) if r == text),
                default=None)
        if k is None or k + 1 >= VGA_ROWS:
            res[T_WIDTH].append("the 80-column line is not on the screen "
                                "(or on its last row)")
        elif rows[k + 1] != prompt_line.rstrip():
            res[T_WIDTH].append("row %d, below the 80-column line, is %r, "
                                "not the prompt %r as on serial"
                                % (k + 2, rows[k + 1], prompt_line.rstrip()))
    res.done.add(T_WIDTH)


LOG_LINE_RE = re.compile(r"\[ *\d+\.\d+\]|Lantern version|BIOS-e820")


def boot2(a, res):
    b = Boot(a.kernel, "console=ttyS0", a.timeout, a.cmd_timeout,
             "console-devices-ttyS0.log")
    p = res[T_OFF]
    try:
        problem = b.start()
        if problem:
            p.append(problem)
            return
        time.sleep(0.3)         # nothing more is due on either console
        try:
            rows, _ = b.vga("console-devices-vga-ttyS0.txt")
        except (q.QmpError, OSError) as e:
            p.append("QMP: %s" % e)
            return
        hits = [r for r in rows if LOG_LINE_RE.search(r)]
        if hits:
            p.append("kernel log lines on VGA although console=ttyS0 "
                     "(build/tests/console-devices-vga-ttyS0.txt):")
            p += q.indent(hits[:8], "  | ")
        res.info.append("VGA with console=ttyS0: %d non-blank rows"
                        % sum(1 for r in rows if r))
    finally:
        b.stop()
        res.timing.append("boot 2 (console=ttyS0): %.1f s"
                          % (time.monotonic() - b.vm.t_start))
    text = b.vm.text()
    if not any("Command line:" in ln and "console=ttyS0" in ln
               for ln in text.split("\n")):
        p.append("serial log has no 'Command line: ... console=ttyS0'")
    p += q.common_problems(text)
    if p:
        p += ["serial log tail (build/tests/console-devices-ttyS0.log):"] + \
            q.indent(q.tail(text, 15), "  ")


class Results(dict):
    def __init__(self, names):
        super().__init__((n, []) for n in names)
        self.done = set()
        self.info = []
        self.timing = []


def report(name, problems):
    """pass/FAIL, or xfail for a known bug (strict: a pass is a FAIL)."""
    bug = EXPECTED_FAIL.get(name)
    if bug is None:
        return q.report(name, not problems, problems)
    if problems:
        print("xfail: %s # kernel bug: %s" % (name, bug))
        print("\n".join(q.indent(problems)), flush=True)
        return True
    return q.report(name, False, [
        "expected to fail (%s) but passed: the bug looks fixed; remove %s "
        "from EXPECTED_FAIL in tests/qemu/console-devices.py" % (bug, name)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*",
                    help="tests to run, with or without 'consoles/'")
    ap.add_argument("--kernel", default=q.KERNEL,
                    help="default %(default)s (env LANTERN_KERNEL)")
    ap.add_argument("--timeout", type=float, default=q.DEFAULT_TIMEOUT,
                    help="hard limit per boot in seconds (default "
                    "%(default)s, env LANTERN_TEST_TIMEOUT)")
    ap.add_argument("--cmd-timeout", type=float, default=CMD_TIMEOUT,
                    help="limit for the prompt after one line (default "
                    "%(default)s)")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        return self_test()

    names = BOOT1 + BOOT2
    if a.names:
        wanted = ["consoles/" + n.split("consoles/")[-1] for n in a.names]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            ap.error("unknown test %s (tests: %s)" % (", ".join(unknown),
                                                       " ".join(names)))
        names = [n for n in names if n in wanted]
    res = Results(BOOT1 + BOOT2)
    missing = q.missing_inputs(a.kernel)
    if missing:
        for name in names:
            q.report(name, False, missing)
        return 1
    if any(n in BOOT1 for n in names):
        boot1(a, res)
    if any(n in BOOT2 for n in names):
        boot2(a, res)
    for line in res.info + res.timing:
        q.comment("consoles: " + line)
    ok = [report(n, res[n]) for n in names]
    return 0 if all(ok) else 1


def self_test():
    ok = True

    def expect(what, cond):
        nonlocal ok
        if not cond:
            ok = False
            print("    self-test: " + what)

    expect("render", render("lantern> abx\b \bc\r\nyou typed: abc\r\n"
                            "lantern> ") ==
           ["lantern> abc", "you typed: abc", "lantern>"])
    expect("render CSI", render("abcdef\x1b[3D\x1b[KX\x1b[1mY\x1b[2CZ") ==
           ["abcXY  Z"])
    expect("render \\b at column 0", render("\b\bab\rc") == ["cb"])
    expect("screen rows", screen_rows(["a" * 81, "", "b"]) ==
           ["a" * 80, "a", "", "b"])
    cells = bytearray(b" \x07" * (VGA_COLS * VGA_ROWS))
    cells[0:4] = b"h\x07i\x1f"
    cells[-4:] = b"z\x07 \x07"
    rows, attrs = decode_vga(bytes(cells))
    expect("decode rows", len(rows) == VGA_ROWS and rows[0] == "hi" and
           rows[-1] == " " * 78 + "z" and rows[1] == "")
    expect("decode attrs", attrs == {7: 1999, 0x1f: 1} and
           attr_problems(attrs) and not attr_problems({7: 2000}))
    serial = "".join("line %d\r\n" % i for i in range(40)) + "lantern> "
    screen = ["line %d" % i for i in range(16, 40)] + ["lantern>"]
    expect("mirror ok", mirror_problems(screen, serial) == [])
    expect("mirror with blank rows", mirror_problems(
        screen[:5] + [""] + screen[5:], serial) == [])
    expect("mirror mismatch", mirror_problems(
        screen[:-2] + ["line 99", "lantern>"], serial))
    expect("mirror blank", mirror_problems([""] * 25, serial))
    expect("mirror too few rows", mirror_problems(screen[-3:], serial))
    expect("keys", keys("Hi @-") == [("shift", "h"), "i", "spc",
                                     ("shift", "2"), "minus"])
    q.report("tooling/console-model", ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
