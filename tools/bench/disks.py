"""disks.py - the driver part of `make bench`, and the Linux peer beside it.

Imported by tools/bench/run. Three boots of Lantern with ktest=bench-disks
(tools/bench/kernel/disk_bench.c), one per driver:

    ahci     ICH9 AHCI            (sda, NCQ)
    ide      PIIX IDE, bus-master DMA (hda)
    ide-pio  PIIX IDE with ata_dma=0  (hda, PIO)

each under qemu-system-x86_64 -M pc with exactly the disk arguments that
../shared/linux-peer/run-one.sh gives Linux, on the same 256 MiB image.
Then, when the peer kit is there, Linux itself on AHCI and on IDE: its
iobench prints the same measures (O_DIRECT, queue depth 1).
"""

import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import qemu as q  # noqa: E402

QEMU64 = os.environ.get("QEMU64", "qemu-system-x86_64")
PEER_KIT = os.environ.get("LANTERN_PEER_KIT",
                          os.path.join(ROOT, "..", "shared", "linux-peer"))
PEER_DIR = os.path.join(ROOT, "build", "linux-peer")
IMAGE_MIB = 256
RESULT_RE = re.compile(r"RESULT (.*)$")  # tools/bench/run uses these two too

# (name, controller as run-one.sh says it, extra kernel arguments)
DRIVERS = (("ahci", "ahci", ""), ("ide", "ide", ""), ("ide-pio", "ide", "ata_dma=0"))
# The rows of the tables: (mode, bs, label, unit)
MEASURES = (("seqread", 1048576, "sequential read, 1 MiB", "MB/s"),
            ("seqread", 4096, "sequential read, 4 KiB", "MB/s"),
            ("randread", 4096, "random read, 4 KiB", "IOPS"),
            ("seqwrite", 1048576, "sequential write, 1 MiB", "MB/s"),
            ("seqwrite", 4096, "sequential write, 4 KiB", "MB/s"))
COLUMNS = (("noop", "1"), ("noop", "32"), ("cfq", "1"), ("cfq", "32"))
# Linux 6.1 has no CFQ and no noop: none is the empty scheduler, bfq is
# CFQ's descendant (per-process queues, idling, budgets).
PEER_FOR = {"noop": "none", "cfq": "bfq"}


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split() if "=" in kv)


def disk_args(controller, image):
    """run-one.sh's disk arguments, with our image."""
    if controller == "ide":
        return ["-M", "pc", "-drive", "file=%s,format=raw,if=ide,index=0,cache=unsafe" % image]
    return ["-M", "pc", "-device", "ahci,id=ahci",
            "-drive", "file=%s,format=raw,if=none,id=d0,cache=unsafe" % image,
            "-device", "ide-hd,drive=d0,bus=ahci.0"]


def image_path():
    """The peer's image when it has one (the same bytes for both), else ours."""
    peer = os.path.join(PEER_DIR, "disk.img")
    if os.path.exists(peer):
        return peer
    ours = os.path.join(ROOT, "build", "bench", "disk.img")
    if not os.path.exists(ours) or os.path.getsize(ours) != IMAGE_MIB << 20:
        os.makedirs(os.path.dirname(ours), exist_ok=True)
        with open(ours, "wb") as f:
            for _ in range(IMAGE_MIB):
                f.write(os.urandom(1 << 20))
    return ours


def warm(image):
    """Read the image once, so that neither guest's first pass waits for
    the host's disk: with cache=unsafe QEMU reads through the page cache."""
    with open(image, "rb") as f:
        while f.read(1 << 22):
            pass


def run_lantern(kernel, timeout):
    """Boot once per driver; (RESULT lines tagged with run=NAME, all good?)."""
    image, lines, ok = image_path(), [], True
    warm(image)
    for name, controller, extra in DRIVERS:
        print("bench: %s: ktest=bench-disks on %s (QEMU x86_64 -M pc, ~15 s)"
              % (name, controller), flush=True)
        args = [QEMU64, "-accel", "tcg", "-m", "512"] + disk_args(controller, image) + \
            ["-kernel", kernel, "-append", ("ktest=bench-disks " + extra).strip(),
             "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
             "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        with q.Qemu(args, timeout=timeout) as vm:
            status = vm.wait_exit()
            vm.kill()
            vm.save_log("bench-disks-%s.log" % name)
            text = vm.text()
        got = ["run=%s %s" % (name, m.group(1))
               for m in map(RESULT_RE.search, text.splitlines()) if m]
        for line in got:
            print("RESULT " + line)
        lines += got
        if status != q.EXIT_KTEST_PASS:
            ok = False
            print("bench: %s failed (%s); log in build/tests/bench-disks-%s.log"
                  % (name, q.describe_exit(status), name), file=sys.stderr)
    return lines, ok


def peer_ready():
    return all(os.path.exists(os.path.join(PEER_DIR, f))
               for f in ("initrd.cpio.gz", "disk.img", "run-one.sh"))


def setup_peer():
    """Fetch and build the Linux peer once (build/linux-peer); False if we cannot."""
    if peer_ready():
        return True
    setup = os.path.join(PEER_KIT, "setup.sh")
    if not os.path.exists(setup):
        print("bench: no Linux peer kit at %s (LANTERN_PEER_KIT): Linux column skipped"
              % PEER_KIT, file=sys.stderr)
        return False
    print("bench: setting up the Linux peer in build/linux-peer (one time, ~1 min)",
          flush=True)
    p = subprocess.run(["bash", setup, PEER_DIR], capture_output=True, text=True)
    if p.returncode:
        sys.stderr.write(p.stdout[-2000:] + p.stderr[-2000:])
        print("bench: Linux peer set-up failed: Linux column skipped", file=sys.stderr)
        return False
    shutil.copy(os.path.join(PEER_KIT, "run-one.sh"), os.path.join(PEER_DIR, "run-one.sh"))
    return peer_ready()


def run_peer():
    """Linux on AHCI and IDE; RESULT lines tagged run=linux-CTRL sched=S."""
    lines = []
    warm(os.path.join(PEER_DIR, "disk.img"))
    for controller in ("ahci", "ide"):
        print("bench: Linux 6.1 on %s (~15 s)" % controller, flush=True)
        p = subprocess.run([os.path.join(PEER_DIR, "run-one.sh"), controller],
                           capture_output=True, text=True, timeout=1200)
        sched = "?"
        for raw in p.stdout.splitlines():
            if raw.startswith("SCHED"):
                m = re.search(r"\[(\S+)\]", raw)
                sched = m.group(1) if m else "?"
            elif "RESULT" in raw:
                line = "run=linux-%s sched=%s %s" % (controller, sched,
                                                      raw.split("RESULT", 1)[1].strip())
                print("RESULT " + line)
                lines.append(line)
            elif "boot_to_ready" in raw:
                m = re.search(r"boot_to_ready=([\d.]+)", raw)
                if m:
                    line = "run=linux-%s class=boot seconds=%s" % (controller, m.group(1))
                    print("RESULT " + line)
                    lines.append(line)
    return lines


def value(r, unit):
    if not r:
        return None
    return float(r["IOPS"]) if unit == "IOPS" else float(r["MBps"])


def fmt(v, unit):
    if v is None:
        return "—"
    return "%.0f" % v if unit == "IOPS" or v >= 100 else "%.1f" % v


def tables(lines):
    """Markdown tables per driver, and the targets with their verdicts."""
    rs = [fields(x) for x in lines]
    rows, targets = [], []
    for name, controller, _ in DRIVERS:
        mine = [r for r in rs if r.get("run") == name]
        if not mine:
            continue
        driver = next((r["driver"] for r in mine if "driver" in r), name)
        peer = [r for r in rs if r.get("run") == "linux-" + controller] \
            if name != "ide-pio" else []
        lim = {(r["rw"], r["bs"]): float(r["MBps"]) for r in mine
               if r.get("class") == "limit" and "MBps" in r}
        rows += ["", "### %s (%s)" % (name, driver), ""]
        rows.append("Device limit (one polled command at a time): "
                    + ", ".join("%s %s MiB: %s MB/s" % (rw, int(bs) >> 20, fmt(v, "MB/s"))
                                for (rw, bs), v in sorted(lim.items())))
        rows.append("")
        head = "| measure | unit | " + " | ".join("%s QD%s" % c for c in COLUMNS)
        sep = "|---|---|" + "---:|" * len(COLUMNS)
        if peer:
            head += " | Linux none QD1 | Linux bfq QD1"
            sep += "---:|---:|"
        rows += [head + " |", sep]
        for mode, bs, label, unit in MEASURES:
            cells = []
            for elv, qd in COLUMNS:
                r = next((r for r in mine if r.get("elevator") == elv and r.get("qd") == qd
                          and r.get("mode") == mode and r.get("bs") == str(bs)), None)
                cells.append(fmt(value(r, unit), unit))
            if peer:
                for s in ("none", "bfq"):
                    r = next((r for r in peer if r.get("sched") == s and r.get("mode") == mode
                              and r.get("bs") == str(bs)), None)
                    cells.append(fmt(value(r, unit), unit))
            rows.append("| %s | %s | %s |" % (label, unit, " | ".join(cells)))
        targets += driver_targets(name, mine, peer, lim)
    boots = [r for r in rs if r.get("class") == "boot"]
    if boots:
        rows += ["", "Linux, QEMU start to init: " + ", ".join(
            "%s %s s" % (r["run"][6:], r["seconds"]) for r in boots)]
    return rows, targets


def pick(rows, **want):
    return next((r for r in rows if all(r.get(k) == str(v) for k, v in want.items())), None)


def driver_targets(name, mine, peer, lim):
    out = []
    # Large sequential transfers against the device limit for the same
    # command size: the request path may cost at most 10%.
    for rw, mode in (("read", "seqread"), ("write", "seqwrite")):
        limit = lim.get((rw, "1048576"))
        r = pick(mine, elevator="noop", qd=32, mode=mode, bs=1048576)
        if limit and r:
            ratio = float(r["MBps"]) / limit
            out.append(("%s: 1 MiB %s, noop QD32 >= 90%% of the polled 1 MiB limit "
                        "(%.0f MB/s)" % (name, mode, limit), "%.0f%%" % (100 * ratio),
                        ratio >= 0.9))
    # Beat Linux on its own four measures, each elevator against its peer.
    for elv, sched in PEER_FOR.items():
        for mode, bs, label, unit in MEASURES:
            mine_r = pick(mine, elevator=elv, qd=1, mode=mode, bs=bs)
            peer_r = pick(peer, sched=sched, mode=mode, bs=bs)
            if not mine_r or not peer_r:
                continue
            a, b = value(mine_r, unit), value(peer_r, unit)
            out.append(("%s: %s, %s QD1 beats Linux %s" % (name, label, elv, sched),
                        "%.2fx" % (a / b if b else 0), a > b))
    return out
