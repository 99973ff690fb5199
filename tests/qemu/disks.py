#!/usr/bin/python3
"""disks.py - the storage drivers against disk images the host made and
checks: `ktest=disks` (tests/kernel/disks_test.c) with `disktest=` ops,
and `ktest=ata` (tests/kernel/ata_test.c) on the same disks.

    tests/qemu/disks.py                 every configuration
    tests/qemu/disks.py ide faults      only these
    tests/qemu/disks.py --keep ide      keep the images even if all passed

Configurations (each one boot, the AHCI ones a probe boot first):
  ide         hda: 64 MiB, MBR by sfdisk (primaries 1-3, extended 4 with
              logicals 5, 6); hdb: 64 MiB, GPT by sgdisk (4 partitions).
              IDE disks must show driver ata_bmdma (bus-master DMA).
              Last, a dual Q on hda6+hdb3: both disks of the primary
              channel with 64 bios each in flight at once.
  lba48       hda: 300 GiB sparse, data beyond LBA 2^28 and 2^29 and at
              the very end (LBA48 taskfiles).
  faults      hda behind QEMU's blkdebug: reads of sector 5000 and writes
              of sector 9000 fail with EIO; the rest must keep working,
              including 64 queued reads of which one covers sector 5000.
  ahci-faults the same on sda (AHCI): there the queued reads are an NCQ
              error with 32 commands in flight.
  ide-pio, faults-pio   the same with ata_dma=0: driver ata_pio.
  flush-kill  a write (which flushes), then SIGKILL as soon as the kernel
              reports it: the data must be in the image.
  ahci        sda (MBR), sdb (GPT) on an AHCI controller.
  mixed       hda (MBR) on IDE, sda (GPT) on AHCI.
For ahci and mixed, a probe boot (`ktest=disks`, no ops) first looks for
the AHCI disks; without a DISK line of a driver other than ata_pio or
ata_bmdma for them, their checks print `skip: ... # no AHCI driver yet`.

Before the boot the host writes seeded xorshift32 data (the kernel's
pattern) at known LBAs with dd, on whole disks and inside partitions.
Checks, per configuration CONFIG and disk DISK:
  disks/CONFIG/boot             QEMU exits with 33, one banner, no panic,
                                Oops, BUG: or WARNING:
  disks/CONFIG/DISK/capacity    the DISK line: right driver, sectors equal
                                to the image size / 512
  disks/CONFIG/DISK/partitions  the PART lines equal `sfdisk --json IMG`
                                (an MBR extended container is 2 sectors
                                long, as Linux shows it)
  disks/CONFIG/DISK/reads       each R op's crc32 equals the host's, from
                                the image as it is before the boot plus
                                the W ops that come earlier
  disks/CONFIG/DISK/writes      after QEMU is gone, every W op's bytes are
                                in the image at partition start + LBA, and
                                the 8 sectors each side are unchanged
  disks/CONFIG/DISK/errors      each E/F op failed with -EIO; F ops the
                                block layer must refuse (past the end of a
                                partition or disk) left the image unchanged
  disks/CONFIG/DISK/queued      Q (64 scattered 4 KiB writes, then reads,
                                all in flight at once): the controller
                                held 32 commands on AHCI (every NCQ tag),
                                1 on IDE; N (queued reads on a bad
                                sector): exactly that block failed, the
                                others' crc32 equals the host's
  disks/CONFIG/DISK+DISK2/queued-both  a dual Q (Q:DEV+DEV2, DEV2's seed
                                SEED+1, its blocks of 8, 4, 2, 1 sectors
                                in turn): both QUEUED lines, writes and
                                queued as above for both images, and on
                                one IDE channel the disks took turns: in
                                each round the next bio to end was the
                                other disk's at least 64 times (one at a
                                time, strictly in turns, 127)
  disks/*faults*/error-logged   the log names the disk and a sector of the
                                failed DRQ block (PIO) or command (DMA)
  disks/flush-kill/killed-mid-run  the kill came before the kernel's exit
The serial logs are build/tests/disks-CONFIG.log. The images live in a
fresh build/tests/disks-XXXX/ (sparse files), removed at the end unless
a check failed (or --keep).
"""

import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import zlib

sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import qemu as q  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from diskimg import (QD_STRIDE, MiB, SBIN, SECTOR, Disk, Op,  # noqa: E402
                     expected, queued_pair, run, snapshot)

CONFIGS = ["ide", "ide-pio", "lba48", "faults", "faults-pio", "flush-kill",
           "ahci", "mixed", "ahci-faults"]
IDE_DRIVERS = ("ata_bmdma", "ata_pio")     # DMA by default, ata_dma=0: PIO
DISKTEST_MAX = 511          # disks_test.c keeps 512 bytes with the NUL
BAD_READ, BAD_WRITE = 5000, 9000        # faults: blkdebug's sectors
LBA28 = 1 << 28
EXTENDED_TYPES = {"5", "f", "85"}       # sfdisk's spelling of MBR types

DIAG_RE = re.compile(r"^\s*# (DISK|PART|CRC|WROTE|READERR|WRITEERR|QUEUED|QERR)"
                     r" (.*)$")
NCQ_DEPTH = 32              # QEMU's AHCI disk: every tag must be used
QD_TURNS = 64               # a dual Q on one IDE channel: disk changes per round
PIO_BLOCK = 16              # QEMU's READ/WRITE MULTIPLE block (IDENTIFY word 47)
BAD_RE = re.compile(r"Kernel panic|Oops|BUG:|WARNING:")


# ---------------------------------------------------------------------------
# Disk recipes: partition tables, host data, operations

def make_mbr(d):
    """Primaries 1-3, extended 4 (22528+40960) holding logicals 5 and 6."""
    table = """label: dos
label-id: 0x4c44534b
unit: sectors

start=2048, size=8192, type=83
start=10240, size=8192, type=83
start=18432, size=4096, type=82
start=22528, size=40960, type=5
start=24576, size=8192, type=83
start=34816, size=16384, type=83
"""
    run(["sfdisk", "-q", "--no-tell-kernel", "--no-reread", d.path],
        stdin=table)


def make_gpt(d):
    """Four GPT partitions of 4, 8, 16 and 8 MiB from sector 2048."""
    args = ["sgdisk", "-o", "-U", "4c44534b-0000-4000-8000-000000000001"]
    for i, (size, name, typ) in enumerate(
            [("+4M", "boot", "ef00"), ("+8M", "root", "8300"),
             ("+16M", "data", "8300"), ("+8M", "home", "8300")], 1):
        args += ["-n", "%d:%s:%s" % (i, "2048" if i == 1 else "0", size),
                 "-c", "%d:%s" % (i, name), "-t", "%d:%s" % (i, typ),
                 "-u", "%d:4c44534b-0000-4000-8000-%012d" % (i, 10 + i)]
    run(args + [d.path])


def mbr_recipe(d, s):
    """Host data and ops of an MBR disk; seeds from @s up."""
    p = d.parts
    p2 = p[2]["start"]
    host = [(None, 100, 64), (None, p2 - 140, 300), (3, 0, 64),
            (5, 1000, 200), (None, d.sectors - 48, 48)]
    first = [Op("R", d, None, 100, 64), Op("R", d, None, p2 - 140, 300),
             Op("R", d, 2, 0, 160), Op("R", d, 3, 0, 64),
             Op("R", d, 5, 1000, 200), Op("R", d, None, d.sectors - 48, 48),
             # the host's data again, by the driver's polled path
             Op("R", d, None, p2 - 140, 299, polled=True)]
    # whole-disk writes across the 1/2 and 2/3 boundaries
    then = [Op("W", d, None, p2 - 20, 40, s + 10),
            Op("W", d, None, p[3]["start"] - 32, 64, s + 11),
            Op("W", d, 5, 3000, 100, s + 12),            # a logical
            Op("W", d, 6, 100, 1000, s + 13),            # many commands
            # one polled command of 1 MiB (256 segments), read back
            # polled from inside it to past its end
            Op("W", d, 6, 2000, 2048, s + 14, polled=True),
            Op("R", d, 6, 3000, 1100, polled=True),
            # 64 scattered 4 KiB writes in flight, then reads
            Op("Q", d, 6, 5000, 1024, s + 15),            Op("R", d, None, p[5]["start"] + 3000, 100),
            Op("R", d, 1, p[1]["size"] - 20, 20),
            # past the end of partition 3 (into the EBR): refused whole
            Op("E", d, 3, p[3]["size"] - 4, 8),
            Op("F", d, 3, p[3]["size"] - 4, 8, untouched=True)]
    return host, first, then


def gpt_recipe(d, s):
    p = d.parts
    host = [(1, 100, 64), (3, 2000, 256), (4, p[4]["size"] - 16, 16)]
    first = [Op("R", d, 1, 100, 64), Op("R", d, 3, 2000, 256),
             Op("R", d, 4, p[4]["size"] - 16, 16)]
    # a whole-disk write across the 2/3 boundary
    then = [Op("W", d, None, p[3]["start"] - 24, 48, s + 10),
            Op("W", d, 3, 5000, 300, s + 11),
            Op("R", d, None, p[3]["start"] + 5000, 300),
            Op("W", d, 2, 0, 8, s + 12),
            Op("W", d, 1, 40, 24, s + 13, polled=True)]
    return host, first, then


def apply_host_data(d, host, seed, tmp):
    """Write the host's data (part, lba, count) with seeds from @seed up."""
    for i, (part, lba, count) in enumerate(host):
        start = lba + (d.parts[part]["start"] if part else 0)
        d.write(tmp, start, count, seed + i)


# ---------------------------------------------------------------------------
# Configurations

class Config:
    def __init__(self, name, tmp):
        self.name, self.tmp = name, tmp
        self.disks, self.ops = [], []
        self.ahci = False
        self.kill_on_wrote = False
        self.args = ""                  # more kernel arguments
        self.ide_driver = "ata_bmdma"   # what the IDE disks must show

    def add(self, name, size, bus, slot):
        d = Disk(name, os.path.join(self.tmp, "%s-%s.img" %
                                    (self.name, name)), size, bus, slot)
        self.disks.append(d)
        self.ahci |= bus == "ahci"
        return d

    def disktest(self):
        s = ",".join(op.text() for op in self.ops if not op.second)
        if len(s) > DISKTEST_MAX:
            raise RuntimeError("disktest= is %d characters, the kernel "
                               "takes %d" % (len(s), DISKTEST_MAX))
        return s

    def qemu_args(self, kernel, append):
        args = q.qemu_base_args() + ["-kernel", kernel, "-append", append]
        if self.ahci:
            args += ["-device", "ahci,id=ahci"]
        for d in self.disks:
            args += d.qemu_args()
        return args


def standard(cfg, layout):
    """Disks built from (name, bus, slot, 'mbr'|'gpt'), 64 MiB each. The
    reads of the host's data come first, before any write."""
    then = []
    for n, (name, bus, slot, kind) in enumerate(layout):
        d = cfg.add(name, 64 * MiB, bus, slot)
        (make_mbr if kind == "mbr" else make_gpt)(d)
        d.read_table()
        seed = 0x1000 * (n + 1)
        host, first, rest = (mbr_recipe if kind == "mbr" else
                             gpt_recipe)(d, seed)
        apply_host_data(d, host, seed, cfg.tmp)
        cfg.ops += first
        then += rest
    cfg.ops += then


def build(full, tmp):
    """The configuration @full; NAME-pio is NAME with ata_dma=0."""
    cfg = Config(full, tmp)
    name = full[:-4] if full.endswith("-pio") else full
    if name != full:
        cfg.args, cfg.ide_driver = "ata_dma=0", "ata_pio"
    if name == "ide":
        standard(cfg, [("hda", "ide", 0, "mbr"), ("hdb", "ide", 1, "gpt")])
        # master and slave of one channel, each with 64 bios queued: the
        # driver takes turns and builds one disk's next command (PRD
        # table) while the other's runs
        hda, hdb = cfg.disks
        cfg.ops += queued_pair(hda, 6, hdb, 3, 8000, 1024, 0x1020)
    elif name == "ahci":
        standard(cfg, [("sda", "ahci", 0, "mbr"), ("sdb", "ahci", 1, "gpt")])
    elif name == "mixed":
        standard(cfg, [("hda", "ide", 0, "mbr"), ("sda", "ahci", 0, "gpt")])
    elif name == "lba48":
        d = cfg.add("hda", 300 << 30, "ide", 0)
        n = d.sectors
        apply_host_data(d, [(None, LBA28 + 12345, 64),
                            (None, LBA28 - 32, 64)], 0x5000, tmp)
        cfg.ops = [Op("R", d, None, LBA28 + 12345, 64),
                   Op("R", d, None, LBA28 - 32, 64),      # across 2^28
                   Op("W", d, None, 2 * LBA28 + 77, 100, 0x5010),
                   Op("W", d, None, n - 60, 60, 0x5011),  # to the last one
                   Op("R", d, None, n - 100, 100),
                   Op("E", d, None, n - 4, 8),
                   Op("F", d, None, n - 4, 8, untouched=True)]
    elif name in ("faults", "ahci-faults"):
        d = cfg.add("hda" if name == "faults" else "sda", 64 * MiB,
                    "ide" if name == "faults" else "ahci", 0)
        d.blkdebug = os.path.join(tmp, "blkdebug.conf")
        with open(d.blkdebug, "w") as f:
            for event, sector in (("read_aio", BAD_READ),
                                  ("write_aio", BAD_WRITE)):
                f.write('[inject-error]\nevent = "%s"\nerrno = "5"\n'
                        'sector = "%d"\nonce = "off"\n\n' % (event, sector))
        apply_host_data(d, [(None, 4900, 300), (None, 12000, 64),
                            (None, BAD_READ - 323, 1100)], 0x6000, tmp)
        cfg.ops = [Op("R", d, None, 4900, 64),
                   Op("E", d, None, BAD_READ - 10, 20),
                   Op("R", d, None, 12000, 64),
                   Op("F", d, None, BAD_WRITE - 10, 20),
                   Op("W", d, None, 20000, 64, 0x6010),
                   Op("E", d, None, BAD_READ - 130, 200),  # 2nd bio fails
                   Op("R", d, None, BAD_READ + 1, 99),
                   Op("W", d, None, BAD_WRITE + 100, 300, 0x6011),
                   # 64 reads in flight, block 20 on the bad sector: on
                   # AHCI an NCQ error with 31 other commands queued
                   Op("N", d, None, BAD_READ - 323, 1024),
                   Op("R", d, None, 4900, 100)]
    elif name == "flush-kill":
        d = cfg.add("hda", 64 * MiB, "ide", 0)
        apply_host_data(d, [(None, 3000, 32)], 0x7000, tmp)
        # The write, then a read of ~1 s for the kill to land in.
        cfg.ops = [Op("W", d, None, 3032, 200, 0x7010),
                   Op("R", d, None, 0, 8000)]
        cfg.kill_on_wrote = True
    return cfg


# ---------------------------------------------------------------------------
# Booting and reading the kernel's report

def boot(cfg, kernel, timeout, append):
    """Boot; returns (text, status, how, stderr, log), @how being "exited",
    "timeout" or "killed" (SIGKILL after the first WROTE line, with
    cfg.kill_on_wrote)."""
    with q.Qemu(cfg.qemu_args(kernel, append), timeout=timeout) as vm:
        sent = False
        if cfg.kill_on_wrote and \
                vm.wait_for(lambda t: re.search(r"# WROTE .*\n", t)):
            try:
                os.killpg(vm.proc.pid, signal.SIGKILL)
                sent = True
            except ProcessLookupError:
                pass
        status = vm.wait_exit()
        vm.kill()
        how = "timeout" if status is None else \
            "killed" if sent and status == -signal.SIGKILL else "exited"
        log = vm.save_log("disks-%s%s.log" % (
            cfg.name, "" if "disktest=" in append else "-probe"))
        return vm.text(), status, how, vm.stderr_text(), log


def parse(text):
    """The kernel's diagnostic lines: [(kind, {key: value})]."""
    out = []
    for raw in text.replace("\r", "").split("\n"):
        m = DIAG_RE.match(q.strip_timestamp(raw))
        if m:
            out.append((m.group(1), dict(kv.split("=", 1) for kv in
                                         m.group(2).split() if "=" in kv)))
    return out


def find(diags, kind, **keys):
    return [kv for k, kv in diags if k == kind and
            all(kv.get(a) == str(b) for a, b in keys.items())]


def kernel_errors(text, n=12):
    """The kernel's complaints (failed expectations, I/O errors)."""
    lines = [q.strip_timestamp(ln).strip() for ln in
             text.replace("\r", "").split("\n")
             if re.search(r"disktest|EXPECTATION|error\b(?!=)|differs|not ok",
                          ln) and "Command line:" not in ln]
    return lines[:n]


# ---------------------------------------------------------------------------
# Checks

class Checks:
    def __init__(self):
        self.failed = 0

    def report(self, name, problems):
        if problems:
            self.failed += 1
        q.report(name, not problems, problems)


def check_boot(chk, cfg, text, status, how, stderr, log):
    problems = []
    if status != q.EXIT_KTEST_PASS:
        problems.append("QEMU: %s (expected 33)" % (
            "time limit reached" if how == "timeout" else
            q.describe_exit(status)))
        problems += ["kernel: " + ln for ln in kernel_errors(text)]
    problems += bad_lines(text)
    if problems:
        problems += ["log: " + q.rel(log), "tail of the log:"] + \
            q.tail(text, 15)
        if stderr.strip():
            problems += ["QEMU stderr:"] + q.tail(stderr, 5)
    chk.report("disks/%s/boot" % cfg.name, problems)


def bad_lines(text):
    problems = []
    n = q.count_banners(text)
    if n != 1:
        problems.append("banner seen %d times" % n)
    for line in text.replace("\r", "").split("\n"):
        if BAD_RE.search(line):
            problems.append("log contains: " + line.strip())
    return problems


def check_capacity(chk, cfg, d, diags):
    got = find(diags, "DISK", name=d.name)
    problems = []
    if not got:
        problems.append("no '# DISK name=%s' line (DISK lines: %s)" % (
            d.name, ", ".join(kv.get("name", "?") for kv in
                              find(diags, "DISK")) or "none"))
    else:
        kv = got[0]
        drv = kv.get("driver")
        if d.bus == "ide" and drv != cfg.ide_driver:
            problems.append("driver=%s, expected %s on IDE%s" % (
                drv, cfg.ide_driver, " with ata_dma=0" if cfg.args else ""))
        if d.bus == "ahci" and drv in IDE_DRIVERS:
            problems.append("driver=%s on AHCI" % drv)
        if kv.get("sectors") != str(d.sectors):
            problems.append("sectors=%s, the image has %d (%d bytes / 512)"
                            % (kv.get("sectors"), d.sectors,
                               d.sectors * SECTOR))
    chk.report("disks/%s/%s/capacity" % (cfg.name, d.name), problems)


def expected_parts(d):
    """{name: (start, size)} from sfdisk; an MBR extended container is
    shown 2 sectors long, as Linux does (msdos.c: room for a boot loader,
    but no file system fits)."""
    want = {}
    for num, p in d.parts.items():
        size = p["size"]
        if d.label == "dos" and p["type"] in EXTENDED_TYPES:
            size = min(size, 2)
        want["%s%d" % (d.name, num)] = (p["start"], size)
    return want


def check_partitions(chk, cfg, d, diags):
    want = expected_parts(d)
    got = {}
    for kv in find(diags, "PART"):
        name = kv.get("name", "")
        if re.fullmatch(re.escape(d.name) + r"\d+", name):
            got[name] = (int(kv.get("start", -1)), int(kv.get("size", -1)))
    problems = []
    for name in sorted(set(want) | set(got), key=lambda n: int(
            n[len(d.name):])):
        w, g = want.get(name), got.get(name)
        if w != g:
            problems.append("%s: kernel %s, sfdisk %s" % (
                name, "start=%d size=%d" % g if g else "nothing",
                "start=%d size=%d" % w if w else "nothing"))
    if problems and d.label == "dos":
        problems.append("(an extended container is expected 2 sectors "
                        "long, as Linux shows it)")
    chk.report("disks/%s/%s/partitions" % (cfg.name, d.name), problems)


def check_reads(chk, cfg, d, diags):
    problems = []
    for i, op in enumerate(cfg.ops):
        if op.disk is not d or op.kind != "R":
            continue
        want = "%08x" % (zlib.crc32(expected(op, cfg.ops, upto=i)) &
                         0xffffffff)
        got = find(diags, "CRC", dev=op.dev, lba=op.lba, count=op.count,
                   **({"polled": 1} if op.polled else {}))
        if not got:
            problems.append("%s: no CRC line (the read failed?)" % op.text())
        elif got[0].get("crc32") != want:
            problems.append("%s (sectors %d..%d of %s): kernel crc32=%s, "
                            "host %s" % (op.text(), op.abs,
                                         op.abs + op.count - 1, d.name,
                                         got[0].get("crc32"), want))
    chk.report("disks/%s/%s/reads" % (cfg.name, d.name), problems)


def diff_sectors(have, want, start, op):
    """Describe the sectors that differ: in the op's range or a guard."""
    bad = [start + i for i in range(len(want) // SECTOR)
           if have[i * SECTOR:(i + 1) * SECTOR] !=
           want[i * SECTOR:(i + 1) * SECTOR]]
    if not bad:
        return []
    inside = [s for s in bad if op.abs <= s < op.abs + op.span()]
    outside = [s for s in bad if s not in inside]
    out = []
    if inside:
        out.append("%d of the %d sectors in the op's range differ (first "
                   "%d, disk LBA)" % (len(inside), op.span(), inside[0]))
    if outside:
        out.append("%d guard sectors changed: %s" % (
            len(outside), ", ".join(map(str, outside[:8]))))
    return out


def own_ops(cfg, d, kinds):
    """The ops of @kinds on disk @d that its own checks judge: not those
    of a dual Q (check_queued_both)."""
    return [(i, op) for i, op in enumerate(cfg.ops) if op.disk is d and
            op.kind in kinds and not (op.pair or op.second)]


def write_problems(cfg, op, diags):
    """A W or Q op: its WROTE/QUEUED line, its bytes in the image."""
    problems = []
    line = "WROTE" if op.kind == "W" else "QUEUED"
    if not find(diags, line, dev=op.dev, lba=op.lba, count=op.count,
                seed=op.seed, **({"polled": 1} if op.polled else {})):
        problems.append("%s: no %s line" % (op.text(), line))
    start, count = op.window()
    for p in diff_sectors(op.disk.read(start, count), expected(op, cfg.ops),
                          start, op):
        problems.append("%s (disk LBA %d): %s" % (op.text(), op.abs, p))
    return problems


def check_writes(chk, cfg, d, diags):
    problems = []
    for _, op in own_ops(cfg, d, "WQ"):
        problems += write_problems(cfg, op, diags)
    chk.report("disks/%s/%s/writes" % (cfg.name, d.name), problems)


def check_errors(chk, cfg, d, diags):
    problems = []
    for op in cfg.ops:
        if op.disk is not d or op.kind not in "EF":
            continue
        kind = "READERR" if op.kind == "E" else "WRITEERR"
        got = find(diags, kind, dev=op.dev, lba=op.lba, count=op.count)
        if not got:
            problems.append("%s: no %s line" % (op.text(), kind))
        elif got[0].get("error") != "-5":
            problems.append("%s: error=%s, expected -5 (-EIO)" %
                            (op.text(), got[0].get("error")))
        if op.untouched:
            start, count = op.window()
            if count and d.read(start, count) != expected(op, cfg.ops):
                problems.append("%s: the refused write changed sectors "
                                "%d..%d" % (op.text(), start,
                                            start + count - 1))
    chk.report("disks/%s/%s/errors" % (cfg.name, d.name), problems)


def queued_problems(cfg, i, op, diags):
    """Q: the controller held as many commands as it has tags (AHCI) or
    one (IDE). N: exactly the blocks on blkdebug's bad sector failed, and
    the others brought the right bytes. @i: the op's index."""
    problems = []
    ahci = op.disk.bus == "ahci"
    got = find(diags, "QUEUED" if op.kind == "Q" else "QERR",
               dev=op.dev, lba=op.lba, count=op.count)
    if not got:
        return []               # write_problems names a missing QUEUED
    hw = int(got[0].get("hw_max", "0"))
    want_hw = min(op.blocks(), NCQ_DEPTH) if ahci else 1
    if hw != want_hw:
        problems.append("%s: hw_max=%d, expected %d (%s)" % (
            op.text(), hw, want_hw, "every NCQ tag in use" if ahci else
            "one command at a time"))
    if op.kind == "Q":
        if int(got[0].get("in_flight_max", "0")) < want_hw:
            problems.append("%s: in_flight_max=%s < %d" % (
                op.text(), got[0].get("in_flight_max"), want_hw))
    else:
        bad = [b for b in range(op.blocks())
               if op.disk.blkdebug and op.abs + b * QD_STRIDE <= BAD_READ <
               op.abs + b * QD_STRIDE + 8]
        failed = got[0].get("failed", "?")
        want = ",".join(map(str, bad)) or "none"
        if failed != want:
            problems.append("%s: blocks that failed: %s, expected %s" % (
                op.text(), failed, want))
        data = expected(op, cfg.ops, upto=i)
        good = b"".join(data[b * QD_STRIDE * SECTOR:
                             (b * QD_STRIDE + 8) * SECTOR]
                        for b in range(op.blocks()) if b not in bad)
        crc = "%08x" % (zlib.crc32(good) & 0xffffffff)
        if got[0].get("crc32") != crc:
            problems.append("%s: crc32 of the good blocks %s, host %s" % (
                op.text(), got[0].get("crc32"), crc))
    return problems


def check_queued(chk, cfg, d, diags):
    problems = []
    for i, op in own_ops(cfg, d, "QN"):
        problems += queued_problems(cfg, i, op, diags)
    chk.report("disks/%s/%s/queued" % (cfg.name, d.name), problems)


def check_queued_both(chk, cfg, diags):
    """Each dual Q: both devices' lines and images, as writes and queued
    check them; both disks on one IDE channel must have taken turns."""
    for i, a in enumerate(cfg.ops):
        if not a.pair:
            continue
        b, problems = a.pair, []
        for k, op in enumerate((a, b)):
            problems += ["%s: %s" % (op.dev, p) for p in
                         write_problems(cfg, op, diags) +
                         queued_problems(cfg, i + k, op, diags)]
        got = find(diags, "QUEUED", dev=a.dev, lba=a.lba, count=a.count)
        turns = int(got[0].get("turns", "-1")) if got else None
        channel = a.disk.bus == b.disk.bus == "ide" and \
            a.disk.slot // 2 == b.disk.slot // 2
        if channel and turns is not None and turns < QD_TURNS:
            problems.append("%s: turns=%d, expected at least %d: the "
                            "channel did not alternate between %s and %s"
                            % (a.text(), turns, QD_TURNS, a.disk.name,
                               b.disk.name))
        chk.report("disks/%s/%s+%s/queued-both" % (
            cfg.name, a.disk.name, b.disk.name), problems)


def check_disks(chk, cfg, diags):
    for d in cfg.disks:
        check_capacity(chk, cfg, d, diags)
        check_partitions(chk, cfg, d, diags)
        if any(op.disk is d and op.kind == "R" for op in cfg.ops):
            check_reads(chk, cfg, d, diags)
        if own_ops(cfg, d, "WQ"):
            check_writes(chk, cfg, d, diags)
        if own_ops(cfg, d, "QN"):
            check_queued(chk, cfg, d, diags)
        if any(op.disk is d and op.kind in "EF" for op in cfg.ops):
            check_errors(chk, cfg, d, diags)
    check_queued_both(chk, cfg, diags)


def skip_all(cfg, ahci):
    """No AHCI driver: say what a full run would have checked."""
    q.skip("disks/%s/boot" % cfg.name, "no AHCI driver yet (the probe boot "
           "shows no DISK line for %s with a driver other than %s)"
           % (", ".join(ahci), "/".join(IDE_DRIVERS)))
    for d in cfg.disks:
        kinds = {op.kind for op in cfg.ops if op.disk is d}
        checks = ["capacity", "partitions"] + \
            [c for c, k in (("reads", "R"), ("writes", "W"),
                            ("errors", "EF")) if kinds & set(k)]
        q.skip("disks/%s/%s" % (cfg.name, d.name), "no AHCI driver yet: %s "
               "not checked" % ", ".join(checks))


def run_config(chk, cfg, a):
    snapshot(cfg.ops)
    if cfg.ahci and not probe(chk, cfg, a):
        return
    # ktest=ata first (link order): IDE resets and sectors split across
    # vectors, on real disks; it writes back only what it read.
    append = " ".join(filter(None, ["ktest=ata,disks", cfg.args,
                                    "disktest=" + cfg.disktest()]))
    text, status, how, stderr, log = boot(cfg, a.kernel, a.timeout, append)
    diags = parse(text)
    if cfg.kill_on_wrote:
        problems = []
        if how != "killed":
            problems.append("QEMU was not killed after '# WROTE': %s" % (
                "no WROTE line before the time limit" if how == "timeout"
                else q.describe_exit(status) + " before the kill"))
            problems += ["kernel: " + ln for ln in kernel_errors(text)]
        problems += bad_lines(text)
        chk.report("disks/%s/killed-mid-run" % cfg.name, problems)
        check_capacity(chk, cfg, cfg.disks[0], diags)
        check_writes(chk, cfg, cfg.disks[0], diags)
    else:
        check_boot(chk, cfg, text, status, how, stderr, log)
        check_disks(chk, cfg, diags)
    if "faults" in cfg.name:
        check_error_logged(chk, cfg, text)


def check_error_logged(chk, cfg, text):
    """An error line names the disk and a sector for each op that hit a
    bad sector: under PIO one in the DRQ block that failed (READ/WRITE
    MULTIPLE moves PIO_BLOCK sectors per interrupt, and QEMU fails the
    block whole), under DMA one of the failed command's sectors (the
    command fails whole)."""
    disk = cfg.disks[0].name
    named = []
    for line in text.replace("\r", "").split("\n"):
        rw = re.search(r"\b(read|write)\b", line)
        sector = re.search(r"\bsector (\d+)", line)
        if re.search(r"\b%s\b" % disk, line) and "error" in line and \
                rw and sector:
            named.append((rw.group(1), int(sector.group(1))))
    pio = cfg.ide_driver == "ata_pio" and cfg.disks[0].bus == "ide"
    problems = []
    for op in cfg.ops:
        bad = BAD_READ if op.kind == "E" else BAD_WRITE
        if op.kind not in "EF" or not op.abs <= bad < op.abs + op.count:
            continue
        what = "read" if op.kind == "E" else "write"
        lo = max(op.abs, bad - PIO_BLOCK + 1) if pio else op.abs
        if not any(w == what and lo <= n <= bad for w, n in named):
            problems.append("%s: no line naming %s, %s, error and a sector "
                            "in %d..%d" % (op.text(), disk, what, lo, bad))
    if problems:
        problems += ["kernel: " + ln for ln in kernel_errors(text)]
    chk.report("disks/%s/error-logged" % cfg.name, problems)


def probe(chk, cfg, a):
    """A boot without ops: are there AHCI disks? False if the rest of the
    configuration is skipped (or the probe failed)."""
    text, status, how, stderr, log = boot(
        cfg, a.kernel, a.timeout, " ".join(filter(None, ["ktest=disks",
                                                          cfg.args])))
    problems = []
    if status != q.EXIT_KTEST_PASS:
        problems.append("QEMU: %s (expected 33)" % (
            "time limit reached" if how == "timeout" else
            q.describe_exit(status)))
        problems += q.tail(text, 15)
    problems += bad_lines(text)
    chk.report("disks/%s/probe" % cfg.name, problems)
    if problems:
        return False
    diags = parse(text)
    ahci = [d.name for d in cfg.disks if d.bus == "ahci"]
    found = [kv["name"] for kv in find(diags, "DISK")
             if kv.get("driver") not in IDE_DRIVERS and
             kv.get("name") in ahci]
    if found:
        return True
    skip_all(cfg, ahci)
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("configs", nargs="*", metavar="CONFIG",
                    help="configurations to run (default all: %s)"
                    % " ".join(CONFIGS))
    ap.add_argument("--kernel", default=q.KERNEL,
                    help="default %(default)s (env LANTERN_KERNEL)")
    ap.add_argument("--timeout", type=float, default=q.DEFAULT_TIMEOUT,
                    help="hard limit per boot in seconds (default "
                    "%(default)s, env LANTERN_TEST_TIMEOUT)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the images even when every check passed")
    a = ap.parse_args()
    names = a.configs or CONFIGS
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        ap.error("unknown configuration %s (configurations: %s)"
                 % (", ".join(unknown), " ".join(CONFIGS)))
    missing = q.missing_inputs(a.kernel)
    for tool in ("sfdisk", "sgdisk", "dd"):
        if not shutil.which(tool, path=os.environ.get("PATH", "") + ":" +
                            SBIN):
            missing.append("%s not found (run scripts/deps)" % tool)
    if missing:
        q.report("disks/inputs", False, missing)
        return 1

    chk = Checks()
    tmp = tempfile.mkdtemp(prefix="disks-", dir=q.out_path(""))
    q._tmp_dirs.append(tmp)     # removed by qemu.py if a signal ends us
    t_all = time.monotonic()
    for name in names:
        t0 = time.monotonic()
        try:
            run_config(chk, build(name, tmp), a)
        except (RuntimeError, OSError) as e:
            chk.report("disks/%s/setup" % name, [str(e)])
            continue
        q.comment("disks/%s: %.1f s" % (name, time.monotonic() - t0))
    q.comment("disks: %.1f s in all" % (time.monotonic() - t_all))
    if chk.failed or a.keep:
        q._tmp_dirs.remove(tmp)
        q.comment("disks: images kept in %s" % q.rel(tmp))
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if chk.failed else 0


if __name__ == "__main__":
    sys.exit(main())
