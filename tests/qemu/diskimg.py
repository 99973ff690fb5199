"""diskimg.py - the host's model of the disk images of tests/qemu/disks.py.

The kernel's data pattern (the same xorshift32 as disks_test.c's
fill_pattern), disk images with their partition tables as sfdisk reads
them, the disktest operations, and what each image must hold after the
writes the operations made.
"""

import json
import os
import re
import struct
import subprocess

SECTOR = 512
MiB = 1 << 20
GUARD = 8                   # sectors checked each side of a written range
SBIN = "/usr/sbin:/sbin"
QD_BIOS = 64                # disks_test.c: bios of a Q or N op, at most
QD_STRIDE = 16              # sectors from one 4 KiB block of a Q/N op to the next


def run(args, stdin=None):
    env = dict(os.environ, PATH=os.environ.get("PATH", "") + ":" + SBIN)
    p = subprocess.run(args, input=stdin, capture_output=True, text=True,
                       env=env)
    if p.returncode:
        raise RuntimeError("%s failed (exit %d): %s" %
                           (" ".join(args), p.returncode, p.stderr.strip()))
    return p.stdout


# ---------------------------------------------------------------------------
# The pattern, the same as disks_test.c's fill_pattern

_patterns = {}


def pattern(seed, nsect):
    """xorshift32 from @seed (0 -> 0x9e3779b9), little-endian words, over
    @nsect sectors."""
    have = _patterns.get(seed, b"")
    if len(have) < nsect * SECTOR:
        x = seed or 0x9e3779b9
        words = []
        for _ in range(nsect * SECTOR // 4):
            x ^= (x << 13) & 0xffffffff
            x ^= x >> 17
            x ^= (x << 5) & 0xffffffff
            words.append(x)
        have = struct.pack("<%dI" % len(words), *words)
        _patterns[seed] = have
    return have[:nsect * SECTOR]


# ---------------------------------------------------------------------------
# Disks, operations, the host's model of the images

class Disk:
    def __init__(self, name, path, size, bus, slot):
        self.name, self.path, self.bus, self.slot = name, path, bus, slot
        self.sectors = size // SECTOR
        self.parts = {}         # number -> dict(start, size, type)
        self.label = None
        self.blkdebug = None    # config file for QEMU's blkdebug driver
        self.pre = {}           # (start, count) -> bytes before the boot
        with open(path, "wb") as f:
            f.truncate(size)    # sparse

    def read(self, start, count):
        with open(self.path, "rb") as f:
            f.seek(start * SECTOR)
            data = f.read(count * SECTOR)
        return data + bytes(count * SECTOR - len(data))

    def write(self, tmpdir, start, count, seed):
        """The host's data: the pattern into a file, then dd into place."""
        src = os.path.join(tmpdir, "pattern.bin")
        with open(src, "wb") as f:
            f.write(pattern(seed, count))
        run(["dd", "if=" + src, "of=" + self.path, "bs=%d" % SECTOR,
             "seek=%d" % start, "conv=notrunc", "status=none"])
        os.unlink(src)

    def read_table(self):
        """The partitions as `sfdisk --json` reads them back."""
        js = json.loads(run(["sfdisk", "--json", self.path]))
        self.label = js["partitiontable"]["label"]
        for p in js["partitiontable"]["partitions"]:
            num = int(re.search(r"(\d+)$", p["node"]).group(1))
            self.parts[num] = {"start": p["start"], "size": p["size"],
                               "type": str(p.get("type", "")).lower()}

    def qemu_args(self):
        f = self.path if not self.blkdebug else \
            "blkdebug:%s:%s" % (self.blkdebug, self.path)
        if self.bus == "ide":
            return ["-drive", "if=ide,index=%d,format=raw,file=%s"
                    % (self.slot, f)]
        return ["-drive", "if=none,id=d%s,file=%s,format=raw"
                % (self.name, f),
                "-device", "ide-hd,drive=d%s,bus=ahci.%d"
                % (self.name, self.slot)]


class Op:
    """One disktest operation; @abs is its first sector on the whole disk.
    A dual Q (Q:DEV+DEV2:...) is two Ops, one per device, in a row:
    queued_pair() makes them; the first's text() names both, the second
    (second=True) has none of its own."""

    def __init__(self, kind, disk, part, lba, count, seed=None,
                 untouched=False, polled=False):
        self.kind, self.disk, self.part = kind, disk, part
        self.polled = polled            # R/W by the driver's polled path
        self.lba, self.count, self.seed = lba, count, seed
        self.dev = disk.name + (str(part) if part else "")
        self.abs = lba + (disk.parts[part]["start"] if part else 0)
        self.untouched = untouched      # F refused whole: image unchanged
        self.pair = None                # a dual Q: the other device's Op
        self.second = False             # ... and this is DEV2's

    def text(self):
        kind = {"R": "p", "W": "P"}[self.kind] if self.polled else self.kind
        dev = self.dev + ("+" + self.pair.dev if self.pair else "")
        s = "%s:%s:%d:%d" % (kind, dev, self.lba, self.count)
        return s + (":%d" % self.seed if self.kind in "WQ" else "")

    def blocks(self):
        """Q and N: how many blocks, one every QD_STRIDE sectors."""
        return min(self.count // QD_STRIDE, QD_BIOS)

    def block_sectors(self, i):
        """Q and N: sectors in block i; 8 (4 KiB), but DEV2's of a dual
        Q cycle through 8, 4, 2, 1 (disks_test.c's qd_sectors)."""
        return 8 >> (i % 4) if self.second else 8

    def span(self):
        """Sectors from the first this op touches to past the last."""
        if self.kind in "QN":
            return (self.blocks() - 1) * QD_STRIDE + \
                self.block_sectors(self.blocks() - 1)
        return self.count

    def writes(self):
        """(first sector, bytes) of everything this op writes, in order."""
        if self.kind == "W":
            return [(self.abs, pattern(self.seed, self.count))]
        if self.kind == "Q":
            sizes = [self.block_sectors(i) for i in range(self.blocks())]
            data, out = pattern(self.seed, sum(sizes)), []
            for i, n in enumerate(sizes):      # the pattern block by block
                out.append((self.abs + i * QD_STRIDE, data[:n * SECTOR]))
                data = data[n * SECTOR:]
            return out
        return []

    def window(self):
        """The sectors the host looks at: the op's, plus GUARD each side
        for a write, within the disk."""
        if self.kind in "WQ":
            lo = max(0, self.abs - GUARD)
            return lo, min(self.disk.sectors,
                           self.abs + self.span() + GUARD) - lo
        lo = min(self.abs, self.disk.sectors)
        return lo, min(self.disk.sectors, self.abs + self.span()) - lo


def queued_pair(disk, part, disk2, part2, lba, count, seed):
    """The two Ops of Q:DEV+DEV2:LBA:COUNT:SEED; DEV2's seed is SEED+1."""
    a = Op("Q", disk, part, lba, count, seed)
    b = Op("Q", disk2, part2, lba, count, (seed + 1) & 0xffffffff)
    a.pair, b.second = b, True
    return [a, b]


def overlay(buf, start, count, disk, writes):
    """Paste into @buf (sectors start..start+count of @disk) what the ops
    @writes wrote there, in order."""
    for w in writes:
        if w.disk is not disk:
            continue
        for first, data in w.writes():
            n = len(data) // SECTOR
            lo, hi = max(start, first), min(start + count, first + n)
            if lo < hi:
                buf[(lo - start) * SECTOR:(hi - start) * SECTOR] = \
                    data[(lo - first) * SECTOR:(hi - first) * SECTOR]
    return buf


def snapshot(ops):
    """Before the boot: the image bytes every check will need."""
    for op in ops:
        win = op.window()
        if win[1] > 0:
            op.disk.pre[win] = op.disk.read(*win)


def expected(op, ops, upto=None):
    """What op.window() should hold after the writes of @ops (those before
    index @upto only, if given)."""
    win = op.window()
    writes = [w for w in (ops if upto is None else ops[:upto])
              if w.kind in "WQ"]
    return bytes(overlay(bytearray(op.disk.pre[win]), win[0], win[1],
                         op.disk, writes))
