#!/usr/bin/env bash
# make-images.sh OUTDIR - the disk images of the partition tests.
#
# Good images are written by the real tools (sfdisk from fdisk, sgdisk
# from gdisk; scripts/deps installs both), with fixed ids so every run
# writes the same bytes. For each, OUTDIR/NAME.expected records what
# `sfdisk --json` reads back (tests/images/imgtool.py expected): the host
# test tests/host/test_partitions.c must parse the same table.
#
#   mbr-logical.img  16 MiB: primaries 1-3, extended 4 with logicals 5, 6
#   mbr-plain.img     8 MiB: two primaries
#   gpt4.img          8 MiB: GPT with 4 named partitions (one Linux RAID)
#
# Then imgtool.py corrupt derives the hand-corrupted images from them
# (EBR loop, overlapping logicals, out-of-bounds entries, bad GPT CRCs,
# entry size 0, no 0x55AA, truncated copies); their expected results are
# written in the test itself. Images are sparse files; nothing here is
# committed. Called by tests/host/Makefile before the tests run.
set -euo pipefail

# sfdisk and sgdisk live in /usr/sbin, which a user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make-images.sh OUTDIR}
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

for tool in sfdisk sgdisk; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "make-images: $tool not found (run scripts/deps)" >&2
		exit 1
	fi
done
mkdir -p "$out"

blank() {	# blank NAME SIZE: a fresh sparse file
	rm -f "$out/$1"
	truncate -s "$2" "$out/$1"
}

blank mbr-logical.img 16M
sfdisk -q --no-tell-kernel --no-reread "$out/mbr-logical.img" >/dev/null <<'EOF'
label: dos
label-id: 0x4c414e54
unit: sectors

start=2048, size=4096, type=83, bootable
start=6144, size=4096, type=83
start=10240, size=2048, type=82
start=12288, size=20480, type=5
start=14336, size=4096, type=83
start=20480, size=8192, type=83
EOF

blank mbr-plain.img 8M
sfdisk -q --no-tell-kernel --no-reread "$out/mbr-plain.img" >/dev/null <<'EOF'
label: dos
label-id: 0x4c414e55
unit: sectors

start=2048, size=6144, type=83
start=8192, size=8192, type=7
EOF

blank gpt4.img 8M
sgdisk -o -U 5A1E4B3C-0000-4000-8000-000000000001 \
	-n 1:2048:+1M -c 1:boot -t 1:ef00 -u 1:5A1E4B3C-0000-4000-8000-000000000011 \
	-n 2:0:+2M -c 2:root -t 2:8300 -u 2:5A1E4B3C-0000-4000-8000-000000000012 \
	-n 3:0:+1M -c 3:swap -t 3:8200 -u 3:5A1E4B3C-0000-4000-8000-000000000013 \
	-n 4:0:0 -c 4:'data home' -t 4:fd00 -u 4:5A1E4B3C-0000-4000-8000-000000000014 \
	"$out/gpt4.img" >/dev/null

for img in mbr-logical mbr-plain gpt4; do
	"$PY" "$here/imgtool.py" expected "$out/$img.img"
done
"$PY" "$here/imgtool.py" corrupt "$out"
