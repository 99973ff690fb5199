"""qemu.py - shared helper for the QEMU-based test runners.

Used by tests/ktest-runner.py (in-kernel KTAP suites),
tests/qemu/run-scenarios.py (typed shell sessions) and
tests/qemu/console-devices.py (keyboard and VGA). It knows:

  * the standard QEMU command line of the test contract (TCG, serial on
    stdio, isa-debug-exit at 0xf4);
  * how to run QEMU under a hard time limit in its own process group and
    make sure the group is gone on every exit path (normal return,
    exception, Ctrl-C, SIGTERM from `timeout` or CI);
  * the serial-log conventions: timestamps, the banner, panics, prompts;
  * a minimal QMP client (Qmp) for tests that drive devices other than
    the serial line: keys on the PS/2 keyboard, reads of guest memory;
  * the output convention shared by every runner: one `pass: NAME` or
    `FAIL: NAME` line per test, failure details indented by four spaces.

Standard library only; python3 as shipped by Debian 12.
"""

import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(ROOT, "build", "tests")

QEMU = os.environ.get("QEMU", "qemu-system-i386")
KERNEL = os.environ.get("LANTERN_KERNEL", "build/lantern.elf")
ISO = os.environ.get("LANTERN_ISO", "iso/lantern.iso")
DEFAULT_TIMEOUT = float(os.environ.get("LANTERN_TEST_TIMEOUT", "60"))

# isa-debug-exit: QEMU exits with (value << 1) | 1.
EXIT_KTEST_PASS = 33    # kernel wrote 0x10: every selected test passed
EXIT_KTEST_FAIL = 35    # 0x11: some test failed
EXIT_KTEST_PANIC = 37   # 0x12: kernel panic while running ktest

BANNER = "Lantern version "
PANIC = "Kernel panic"
TS_PREFIX_RE = re.compile(r"^\[ *\d+\.\d+\] ?")
TS_ANY_RE = re.compile(r"\[ *\d+\.\d+\]")


def qemu_base_args():
    """The standard QEMU arguments of the test contract (no boot medium)."""
    return [QEMU, "-m", "128M", "-display", "none", "-no-reboot",
            "-monitor", "none", "-serial", "stdio",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]


def describe_exit(status):
    """A sentence for a QEMU exit status (None means we killed it)."""
    if status is None:
        return "QEMU was killed (time limit or still running)"
    if status == EXIT_KTEST_PASS:
        return "exit 33: kernel reported all tests passed (0x10)"
    if status == EXIT_KTEST_FAIL:
        return "exit 35: kernel reported some tests failed (0x11)"
    if status == EXIT_KTEST_PANIC:
        return "exit 37: kernel panic (0x12)"
    if status == 0:
        return "exit 0: guest reset without isa-debug-exit (triple fault?)"
    if status == 1:
        return "exit 1: QEMU error, or the guest wrote 0 to isa-debug-exit"
    if status < 0:
        return "QEMU died from signal %d" % -status
    if status & 1:
        return "exit %d: isa-debug-exit value 0x%x" % (status, status >> 1)
    return "exit %d" % status


# ---------------------------------------------------------------------------
# Output convention

def report(name, ok, details=()):
    """Print one `pass: NAME` / `FAIL: NAME` line, details indented below."""
    lines = ["%s: %s" % ("pass" if ok else "FAIL", name)]
    if not ok:
        lines += indent(details)
    print("\n".join(lines), flush=True)
    return ok


def skip(name, reason):
    """A skipped test: printed, but neither a pass nor a failure."""
    print("skip: %s # %s" % (name, reason), flush=True)


def comment(text):
    print("# " + text, flush=True)


def indent(lines, prefix="    "):
    out = []
    for item in lines:
        for line in str(item).split("\n"):
            out.append(prefix + line if line else prefix.rstrip())
    return out


def tail(text, n=30):
    """The last @n lines of a serial log, \\r removed, for failure reports."""
    lines = text.replace("\r", "").rstrip("\n").split("\n")
    head = ["[... %d earlier lines in the log ...]" % (len(lines) - n)] \
        if len(lines) > n else []
    return head + lines[-n:]


def out_path(name):
    os.makedirs(OUT_DIR, exist_ok=True)
    return os.path.join(OUT_DIR, name)


def rel(path):
    return os.path.relpath(path, ROOT)


# ---------------------------------------------------------------------------
# Serial-log conventions

def strip_timestamp(line):
    """'[    0.012345] text' -> 'text' (only a leading timestamp)."""
    return TS_PREFIX_RE.sub("", line, count=1)


def normalize(text):
    """Transcript normalisation: drop \\r, timestamps -> [T], no trailing
    spaces, no trailing empty lines. Returns a list of lines."""
    lines = [TS_ANY_RE.sub("[T]", line).rstrip()
             for line in text.replace("\r", "").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def count_banners(text):
    return sum(1 for line in text.split("\n") if BANNER in line)


def current_line(text):
    """The last, unterminated output line (\\r removed)."""
    return text[text.rfind("\n") + 1:].replace("\r", "")


# A prompt is a whole line of its own: "lantern> ", "lantern:sda> ". A boot
# line caught half-printed ("  DMA 0x00000000 -> ") also ends in "> ", so
# ending in "> " is not enough (regress-prompt-mid-boot-line).
PROMPT_RE = re.compile(r"^[A-Za-z0-9_.:/-]+> $")


def at_prompt(text, since=0):
    """True if a new line began after offset @since and the current
    (unterminated) line is a prompt, i.e. the shell waits for input."""
    return (text.rfind("\n") >= since and
            PROMPT_RE.match(current_line(text)) is not None)


def common_problems(text, banners=1):
    """The checks every boot must pass: the banner @banners times (once,
    unless the log was printed again), no panic/BUG/WARNING."""
    problems = []
    n = count_banners(text)
    if n == 0:
        problems.append("banner '%s' never seen" % BANNER.strip())
    elif n > banners:
        problems.append("banner seen %d times (reboot or triple fault)" % n)
    elif n < banners:
        problems.append("banner seen %d times, %d expected" % (n, banners))
    for key in ("Kernel panic", "BUG:", "WARNING:"):
        for line in text.replace("\r", "").split("\n"):
            if key in line:
                problems.append("log contains: " + line.strip())
                break
    return problems


# ---------------------------------------------------------------------------
# Running QEMU

_live = set()
_live_lock = threading.Lock()
_tmp_dirs = []


def temp_dir(prefix="lantern-"):
    """A scratch folder (for a QMP socket, say), removed at exit, also when
    a signal ends the runner."""
    path = tempfile.mkdtemp(prefix=prefix)
    _tmp_dirs.append(path)
    return path


def _kill_all_live():
    with _live_lock:
        procs = list(_live)
    for q in procs:
        q.kill()
    while _tmp_dirs:
        shutil.rmtree(_tmp_dirs.pop(), ignore_errors=True)


def _on_signal(signum, frame):
    _kill_all_live()
    # Restore the default action and re-raise, so our parent sees that we
    # died from the signal (and `timeout` / make behave as usual).
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


try:
    import ctypes
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (ImportError, OSError, AttributeError):
    _prctl = None


def _die_with_parent():
    """In the child before exec: get SIGKILL when the runner dies, even by
    SIGKILL (Linux prctl PR_SET_PDEATHSIG = 1), so no QEMU outlives it.
    Resolved at import time: the child of a threaded parent must not
    import anything."""
    if _prctl is not None:
        _prctl(1, signal.SIGKILL, 0, 0, 0)


atexit.register(_kill_all_live)
for _sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
    try:
        signal.signal(_sig, _on_signal)
    except (ValueError, OSError):     # not in the main thread
        pass


class Qemu:
    """One QEMU process in its own session/process group.

    The serial output (QEMU's stdout) is collected by a reader thread into
    self.out; wait_for() blocks on a condition until a predicate on the
    text holds, the deadline passes or QEMU's stdout closes.
    """

    def __init__(self, args, timeout=DEFAULT_TIMEOUT):
        self.args = list(args)
        self.timeout = timeout
        self.proc = None
        self.out = bytearray()
        self.err = bytearray()
        self.cond = threading.Condition()
        self.eof = False
        self.t_start = None
        self.t_banner = None
        self.deadline = None
        self.killed = False
        self.returncode = None
        self._threads = []

    # -- lifetime ----------------------------------------------------------

    def start(self):
        self.t_start = time.monotonic()
        self.deadline = self.t_start + self.timeout
        with _live_lock:
            self.proc = subprocess.Popen(
                self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, start_new_session=True, cwd=ROOT,
                preexec_fn=_die_with_parent)
            _live.add(self)
        for fd, sink, main in ((self.proc.stdout, self.out, True),
                               (self.proc.stderr, self.err, False)):
            t = threading.Thread(target=self._reader, args=(fd, sink, main),
                                 daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
        return False

    def _reader(self, fd, sink, main):
        while True:
            try:
                chunk = os.read(fd.fileno(), 4096)
            except OSError:
                chunk = b""
            with self.cond:
                if chunk:
                    old = len(sink)
                    sink.extend(chunk)
                    if main and self.t_banner is None and \
                            BANNER.encode() in sink[max(0, old - 32):]:
                        self.t_banner = time.monotonic()
                elif main:
                    self.eof = True
                self.cond.notify_all()
            if not chunk:
                return

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def remaining(self):
        return max(0.0, self.deadline - time.monotonic())

    def kill(self):
        """Terminate QEMU's whole process group; idempotent."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.killed = True
            for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        else:
            # QEMU itself is gone; a helper it forked might not be.
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.returncode = self.proc.poll()
        for t in self._threads:
            t.join(1.0)
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass
        with _live_lock:
            _live.discard(self)

    # -- serial I/O --------------------------------------------------------

    def text(self):
        with self.cond:
            return self.out.decode("utf-8", errors="replace")

    def stderr_text(self):
        """QEMU's stderr, less the line it prints when we terminate it."""
        with self.cond:
            text = self.err.decode("utf-8", errors="replace")
        return "\n".join(line for line in text.split("\n")
                         if "terminating on signal" not in line)

    def wait_for(self, pred, timeout=None):
        """Wait until pred(text) is true. Returns True, or False on the
        deadline (the smaller of @timeout and the hard limit) or EOF."""
        end = self.deadline if timeout is None else \
            min(self.deadline, time.monotonic() + timeout)
        with self.cond:
            while True:
                if pred(self.out.decode("utf-8", errors="replace")):
                    return True
                left = end - time.monotonic()
                if left <= 0 or self.eof:
                    return False
                self.cond.wait(min(left, 0.5))

    def wait_exit(self, timeout=None):
        """Wait for QEMU to exit on its own; None if it is still running
        when the time is up (the caller kills it)."""
        left = self.remaining() if timeout is None else \
            min(self.remaining(), timeout)
        try:
            self.returncode = self.proc.wait(left)
        except subprocess.TimeoutExpired:
            return None
        for t in self._threads:
            t.join(2.0)
        return self.returncode

    def send(self, data, chunk=8, gap=0.01):
        """Type @data on the serial line in small chunks, as a terminal
        would; returns False if QEMU is gone."""
        if isinstance(data, str):
            data = data.encode()
        try:
            for i in range(0, len(data), chunk):
                self.proc.stdin.write(data[i:i + chunk])
                self.proc.stdin.flush()
                if gap and i + chunk < len(data):
                    time.sleep(gap)
        except (BrokenPipeError, OSError, ValueError):
            return False
        return True

    def save_log(self, name):
        path = out_path(name)
        with open(path, "wb") as f:
            with self.cond:
                f.write(bytes(self.out))
        return path


# ---------------------------------------------------------------------------
# QMP: QEMU's JSON control protocol

def qmp_args(path):
    """QEMU arguments for a QMP server on the unix socket @path. QEMU
    creates the socket at start-up and does not wait for a client."""
    return ["-qmp", "unix:%s,server=on,wait=off" % path]


class QmpError(Exception):
    pass


class Qmp:
    """A QMP client on the unix socket of a running Qemu (see qmp_args).

    connect() reads the greeting and sends qmp_capabilities; execute()
    sends one command and returns its "return" value, or raises QmpError
    on an error reply, a closed socket or a time-out. Every wait is bounded
    by @timeout and by the Qemu's hard limit. Asynchronous events that
    arrive in between are kept in self.events.
    """

    def __init__(self, path, vm, timeout=10.0):
        self.path = path
        self.vm = vm
        self.timeout = timeout
        self.sock = None
        self.buf = b""
        self.events = []

    def _limit(self):
        return min(self.timeout, self.vm.remaining())

    def connect(self):
        end = time.monotonic() + self._limit()
        while True:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(self.path)
                break
            except OSError as e:
                s.close()
                if not self.vm.alive():
                    raise QmpError("QEMU exited before QMP was up")
                if time.monotonic() >= end:
                    raise QmpError("cannot connect to %s: %s"
                                   % (self.path, e))
                time.sleep(0.05)
        self.sock = s
        greeting = self._read()
        if "QMP" not in greeting:
            raise QmpError("no QMP greeting: %r" % greeting)
        self.execute("qmp_capabilities")
        return self

    def close(self):
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def _read(self):
        """The next JSON object from QEMU (one per line)."""
        end = time.monotonic() + self._limit()
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise QmpError("no answer from QMP within %.0f s"
                               % self._limit())
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError as e:
                raise QmpError("QMP socket: %s" % e)
            if not chunk:
                raise QmpError("QMP socket closed (QEMU gone?)")
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        try:
            return json.loads(line.decode("utf-8", errors="replace"))
        except ValueError:
            raise QmpError("bad QMP message: %r" % line[:200])

    def execute(self, command, **arguments):
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        if self.sock is None:
            raise QmpError("QMP not connected")
        try:
            self.sock.sendall(json.dumps(msg).encode() + b"\n")
        except OSError as e:
            raise QmpError("QMP send %s: %s" % (command, e))
        while True:
            reply = self._read()
            if "event" in reply:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise QmpError("%s: %s" % (command, reply["error"].get(
                    "desc", reply["error"])))
            if "return" in reply:
                return reply["return"]
            raise QmpError("unexpected QMP reply: %r" % reply)


def missing_inputs(*paths):
    """Problems with the inputs of a QEMU run: missing files or no QEMU."""
    problems = []
    for p in paths:
        if not os.path.exists(os.path.join(ROOT, p)):
            problems.append("%s missing (build it first: make%s)"
                            % (p, " iso" if p.endswith(".iso") else ""))
    if not any(os.access(os.path.join(d, QEMU), os.X_OK)
               for d in os.environ.get("PATH", "").split(os.pathsep)) \
            and not os.access(QEMU, os.X_OK):
        problems.append("%s not found (run scripts/deps)" % QEMU)
    return problems


if __name__ == "__main__":
    sys.exit("qemu.py is a library for tests/ktest-runner.py, "
             "tests/qemu/run-scenarios.py and tests/qemu/console-devices.py")
