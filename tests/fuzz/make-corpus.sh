#!/usr/bin/env bash
# make-corpus.sh - rewrite tests/fuzz/corpus/, the seed corpus of the
# partition fuzzer and the inputs of `make test`'s corpus replay.
#
# Seeds are tiny whole disks written by sfdisk (a 64-sector MBR with an
# extended partition and two logicals, a 40-sector GPT with a 4-entry
# table), hand-corrupted copies of them (tests/images/imgtool.py), and the
# first sectors of the full-size test images; each under 40 KiB. Files
# found by fuzzing (crashes, once fixed, as regress-*) are kept: only the
# seeds this script makes are overwritten. Deterministic: fixed ids.
set -euo pipefail

PATH=$PATH:/usr/sbin:/sbin
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

bash "$top/tests/images/make-images.sh" "$tmp" >/dev/null
"$PY" "$top/tests/images/imgtool.py" corpus "$top/tests/fuzz/corpus" "$tmp"
ls -l "$top/tests/fuzz/corpus"
