#!/usr/bin/python3
"""imgtool.py - helpers for the partition-table test images.

    imgtool.py expected IMAGE          sfdisk --json IMAGE -> IMAGE.expected
    imgtool.py corrupt OUTDIR          hand-corrupted copies of the good images
    imgtool.py corpus CORPUSDIR TMPDIR the fuzz seed corpus (tiny images;
                                       heads of TMPDIR's make-images.sh images)

Called by tests/images/make-images.sh and tests/fuzz/make-corpus.sh. Only
the Python standard library; the on-disk formats are the MBR/EBR and
UEFI GPT ones described in block/partitions/msdos.c and efi.h.

IMAGE.expected is what the host test (tests/host/test_partitions.c)
compares the kernel's parser with, one line each:
    label dos|gpt
    part N START SIZE TYPE [NAME...]
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import zlib

SECTOR = 512
MBR_TABLE = 0x1BE
EXTENDED = (0x05, 0x0F, 0x85)


# ---- generic sector access on a bytearray -------------------------------

def sector(img, lba):
    return img[lba * SECTOR:(lba + 1) * SECTOR]


def mbr_entry(img, lba, i):
    """(boot, type, start, size) of entry i of the MBR/EBR at lba."""
    off = lba * SECTOR + MBR_TABLE + 16 * i
    boot, typ = img[off], img[off + 4]
    start, size = struct.unpack_from("<II", img, off + 8)
    return boot, typ, start, size


def set_mbr_entry(img, lba, i, typ=None, start=None, size=None):
    off = lba * SECTOR + MBR_TABLE + 16 * i
    if typ is not None:
        img[off + 4] = typ
    if start is not None:
        struct.pack_into("<I", img, off + 8, start)
    if size is not None:
        struct.pack_into("<I", img, off + 12, size)


def ebr_chain(img):
    """[(ebr_lba, ext_start, ext_size)] following the first extended entry."""
    for i in range(4):
        _, typ, start, size = mbr_entry(img, 0, i)
        if typ in EXTENDED and size:
            break
    else:
        raise SystemExit("imgtool: no extended partition")
    chain, ebr = [], start
    while ebr not in [c[0] for c in chain]:
        chain.append((ebr, start, size))
        _, typ, rel, lsize = mbr_entry(img, ebr, 1)
        if not lsize:
            break
        ebr = start + rel
    return chain


# ---- GPT ------------------------------------------------------------------

HDR = struct.Struct("<8sIIIIQQQQ16sQIII")   # the 92 bytes of struct gpt_header
FIELDS = ("signature revision header_size header_crc32 reserved1 my_lba "
          "alternate_lba first_usable_lba last_usable_lba disk_guid "
          "partition_entry_lba num_partition_entries sizeof_partition_entry "
          "partition_entry_array_crc32").split()


def gpt_header(img, lba):
    return dict(zip(FIELDS, HDR.unpack_from(img, lba * SECTOR)))


def gpt_put(img, lba, **changes):
    """Change header fields at lba; keeps the stored CRC (see gpt_fix)."""
    h = gpt_header(img, lba)
    h.update(changes)
    HDR.pack_into(img, lba * SECTOR, *[h[f] for f in FIELDS])


def gpt_fix(img, lba):
    """Recompute the entry array CRC and the header CRC of the header at lba."""
    h = gpt_header(img, lba)
    off = h["partition_entry_lba"] * SECTOR
    n = h["num_partition_entries"] * h["sizeof_partition_entry"]
    gpt_put(img, lba, partition_entry_array_crc32=zlib.crc32(img[off:off + n]),
            header_crc32=0)
    hsize = gpt_header(img, lba)["header_size"]
    crc = zlib.crc32(img[lba * SECTOR:lba * SECTOR + hsize])
    gpt_put(img, lba, header_crc32=crc)


def gpt_entry_off(img, lba, idx):
    h = gpt_header(img, lba)
    return h["partition_entry_lba"] * SECTOR + idx * h["sizeof_partition_entry"]


def gpt_both(img):
    """LBAs of the primary and backup headers."""
    return 1, len(img) // SECTOR - 1


# ---- expected results from sfdisk ----------------------------------------

def cmd_expected(image):
    out = subprocess.run(["sfdisk", "--json", image], check=True,
                         capture_output=True, text=True).stdout
    table = json.loads(out)["partitiontable"]
    lines = ["label %s" % table["label"]]
    for p in table.get("partitions", []):
        num = int(p["node"][len(image):])
        line = "part %d %d %d %s" % (num, p["start"], p["size"], p["type"])
        if p.get("name"):
            line += " " + p["name"]
        lines.append(line)
    with open(image[:-len(".img")] + ".expected", "w") as f:
        f.write("\n".join(lines) + "\n")


# ---- corruptions ----------------------------------------------------------

def ebr_loop(img):
    """The last EBR links back to the first one."""
    chain = ebr_chain(img)
    set_mbr_entry(img, chain[-1][0], 1, typ=0x05, start=0, size=1)


def ebr_overlap(img):
    """Insert an EBR right after the first one whose logical partition
    overlaps the first logical partition; it links on to the old second."""
    chain = ebr_chain(img)
    first, ext = chain[0][0], chain[0][1]
    _, _, rel5, size5 = mbr_entry(img, first, 0)
    _, _, link_rel, link_size = mbr_entry(img, first, 1)
    new = first + 1
    img[new * SECTOR:(new + 1) * SECTOR] = sector(img, first)
    start6 = first + rel5 + size5 // 2          # in the middle of the first
    set_mbr_entry(img, new, 0, start=start6 - new, size=size5)
    set_mbr_entry(img, new, 1, start=link_rel, size=link_size)
    set_mbr_entry(img, first, 1, start=new - ext, size=1)


def logical_past_container(img):
    """Shrink the container to end one sector before the last logical does."""
    last, ext, _ = ebr_chain(img)[-1]
    _, _, rel, size = mbr_entry(img, last, 0)
    for i in range(4):
        _, typ, start, _ = mbr_entry(img, 0, i)
        if typ in EXTENDED:
            set_mbr_entry(img, 0, i, size=last + rel + size - 1 - ext)


def logical_past_disk(img):
    """The last logical grows past the end of the disk (and container)."""
    last = ebr_chain(img)[-1][0]
    _, _, rel, size = mbr_entry(img, last, 0)
    set_mbr_entry(img, last, 0, size=size + len(img) // SECTOR)


def primary_past_disk(img):
    """Entry 2 ends past the disk (clamped); entry 3 starts past it."""
    disk = len(img) // SECTOR
    _, _, start, _ = mbr_entry(img, 0, 1)
    set_mbr_entry(img, 0, 1, size=disk)
    set_mbr_entry(img, 0, 2, typ=0x83, start=disk + 10, size=100)


def two_extended(img):
    """Primary entry 2 becomes a second extended partition."""
    set_mbr_entry(img, 0, 1, typ=0x85)


def ebr_data_extended(img):
    """The first EBR's logical entry has an extended type."""
    set_mbr_entry(img, ebr_chain(img)[0][0], 0, typ=0x0F)


def hop_limit_disk():
    """80 sectors: a container over 1..79 holding 79 EBRs, no logicals."""
    img = bytearray(80 * SECTOR)
    img[510:512] = b"\x55\xaa"
    set_mbr_entry(img, 0, 0, typ=0x05, start=1, size=79)
    for i in range(79):
        ebr = 1 + i
        img[ebr * SECTOR + 510:ebr * SECTOR + 512] = b"\x55\xaa"
        if i < 78:
            set_mbr_entry(img, ebr, 1, typ=0x05, start=i + 1, size=1)
    return img


def no_signature(img):
    img[510:512] = b"\0\0"


def gpt_bad_primary_crc(img):
    h = gpt_header(img, 1)
    gpt_put(img, 1, header_crc32=h["header_crc32"] ^ 1)


def gpt_bad_primary_array(img):
    off = gpt_entry_off(img, 1, 0)
    img[off + 60] ^= 0xFF                       # a byte of entry 1's name


def gpt_both_bad(img):
    for lba in gpt_both(img):
        gpt_put(img, lba, header_crc32=gpt_header(img, lba)["header_crc32"] ^ 1)


def gpt_entry_size_0(img):
    for lba in gpt_both(img):
        gpt_put(img, lba, sizeof_partition_entry=0)
        gpt_fix(img, lba)


def gpt_part_past_end(img):
    """Entry 4 ends 100 sectors past the disk, in both arrays (CRCs fixed)."""
    for lba in gpt_both(img):
        off = gpt_entry_off(img, lba, 3)
        struct.pack_into("<Q", img, off + 40, len(img) // SECTOR + 100)
        gpt_fix(img, lba)


CORRUPTIONS = {
    "mbr-ebr-loop": ("mbr-logical", ebr_loop),
    "mbr-ebr-overlap": ("mbr-logical", ebr_overlap),
    "mbr-logical-past-container": ("mbr-logical", logical_past_container),
    "mbr-logical-past-disk": ("mbr-logical", logical_past_disk),
    "mbr-primary-past-disk": ("mbr-plain", primary_past_disk),
    "mbr-no-signature": ("mbr-plain", no_signature),
    "gpt-bad-primary-crc": ("gpt4", gpt_bad_primary_crc),
    "gpt-bad-primary-array": ("gpt4", gpt_bad_primary_array),
    "gpt-both-bad": ("gpt4", gpt_both_bad),
    "gpt-entry-size-0": ("gpt4", gpt_entry_size_0),
    "gpt-part-past-end": ("gpt4", gpt_part_past_end),
}


def load(path):
    with open(path, "rb") as f:
        return bytearray(f.read())


def save(path, img):
    """Write img, leaving holes where it is zero (images are mostly empty)."""
    chunk, zero = 64 * 1024, bytes(64 * 1024)
    with open(path + ".tmp", "wb") as f:
        for off in range(0, len(img), chunk):
            part = img[off:off + chunk]
            if part == zero[:len(part)]:
                f.seek(len(part), os.SEEK_CUR)
            else:
                f.write(part)
        f.truncate(len(img))
    os.replace(path + ".tmp", path)


def cmd_corrupt(outdir):
    for name, (base, fn) in CORRUPTIONS.items():
        img = load(os.path.join(outdir, base + ".img"))
        fn(img)
        save(os.path.join(outdir, name + ".img"), img)
    # Truncated copies: the test claims the original capacity for them.
    img = load(os.path.join(outdir, "mbr-logical.img"))
    save(os.path.join(outdir, "mbr-logical-head.img"),
         img[:(ebr_chain(img)[1][0]) * SECTOR])     # up to the second EBR
    img = load(os.path.join(outdir, "gpt4.img"))
    save(os.path.join(outdir, "gpt4-head.img"), img[:34 * SECTOR])
    save(os.path.join(outdir, "tiny.img"), img[:100])


# ---- fuzz seeds -----------------------------------------------------------

def sfdisk_image(path, sectors, script):
    with open(path, "wb") as f:
        f.truncate(sectors * SECTOR)
    subprocess.run(["sfdisk", "-q", "--no-tell-kernel", "--no-reread", path],
                   input=script, text=True, check=True,
                   stdout=subprocess.DEVNULL)
    return load(path)


TINY_MBR = """label: dos
label-id: 0x4c414e54
unit: sectors
start=2, size=8, type=83
start=10, size=6, type=c
start=16, size=48, type=5
start=18, size=10, type=83
start=30, size=20, type=83
"""

TINY_GPT = """label: gpt
label-id: 5A1E4B3C-0000-4000-8000-000000000001
table-length: 4
unit: sectors
first-lba: 3
start=4, size=8, name=boot, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=5A1E4B3C-0000-4000-8000-000000000011
start=12, size=8, name=root, uuid=5A1E4B3C-0000-4000-8000-000000000012
start=20, size=12, name=raid, type=A19D880F-05FC-4D3B-A006-743F0F84911E, uuid=5A1E4B3C-0000-4000-8000-000000000013
"""


def cmd_corpus(corpus, tmp):
    """Tiny whole disks (so GPT usable areas fit), good and corrupted. A
    trailing byte (size % 512 != 0) is read by the fuzz target as flags:
    bit 0 fix the primary GPT CRCs, bit 1 the backup's."""
    os.makedirs(corpus, exist_ok=True)
    mbr = sfdisk_image(os.path.join(tmp, "tiny-mbr.img"), 64, TINY_MBR)
    gpt = sfdisk_image(os.path.join(tmp, "tiny-gpt.img"), 40, TINY_GPT)
    seeds = {"mbr-logical": mbr, "gpt": gpt, "gpt-fixup": gpt + b"\x03",
             "mbr-bad-sector-16": mbr + b"\x10\x08",
             "gpt-bad-sector-1": gpt + b"\x01\x08",
             "mbr-hop-limit": hop_limit_disk(),
             "mbr-only-sector0": mbr[:SECTOR], "gpt-first-3": gpt[:3 * SECTOR]}
    for name, base, fn in (
            ("mbr-ebr-loop", mbr, ebr_loop),
            ("mbr-ebr-overlap", mbr, ebr_overlap),
            ("mbr-logical-past-container", mbr, logical_past_container),
            ("mbr-primary-past-disk", mbr, primary_past_disk),
            ("mbr-two-extended", mbr, two_extended),
            ("mbr-ebr-data-extended", mbr, ebr_data_extended),
            ("gpt-bad-primary-crc", gpt, gpt_bad_primary_crc),
            ("gpt-both-bad", gpt, gpt_both_bad),
            ("gpt-entry-size-0", gpt, gpt_entry_size_0),
            ("gpt-part-past-end", gpt, gpt_part_past_end)):
        img = bytearray(base)
        fn(img)
        seeds[name] = img
    # Heads of the full-size images (make-images.sh ran into tmp first).
    for name, base, sectors in (("gpt4-first-34", "gpt4", 34),
                                ("mbr-logical-first-1", "mbr-logical", 1)):
        path = os.path.join(tmp, base + ".img")
        if os.path.exists(path):
            seeds[name] = load(path)[:sectors * SECTOR]
    for name, img in seeds.items():
        save(os.path.join(corpus, name), img)


def main(argv):
    if len(argv) == 3 and argv[1] == "expected":
        cmd_expected(argv[2])
    elif len(argv) == 3 and argv[1] == "corrupt":
        cmd_corrupt(argv[2])
    elif len(argv) == 4 and argv[1] == "corpus":
        cmd_corpus(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
