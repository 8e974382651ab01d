#!/usr/bin/env python3
"""Writes the files of a commit of a (bare) git repository into a folder, byte for byte.

Used by the benchmarks: `git archive` applies working-tree encodings and stops at a missing
object, while this copies every blob as stored and skips (and lists) the missing ones.
usage: extract-tree.py GIT_DIR REV OUT_DIR
"""
import os, subprocess, sys

git_dir, rev, out = sys.argv[1:4]
listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", rev], check=True, capture_output=True).stdout
entries = []
for record in listing.split(b"\0"):
    if not record:
        continue
    meta, path = record.split(b"\t", 1)
    mode, kind, oid = meta.split()
    if kind == b"blob" and mode != b"120000":
        entries.append((oid, path.decode("utf-8", "surrogateescape")))

batch = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
missing = 0
for oid, path in entries:
    batch.stdin.write(oid + b"\n")
    batch.stdin.flush()
    header = batch.stdout.readline().split()
    if len(header) < 3:
        missing += 1
        continue
    data = batch.stdout.read(int(header[2]))
    batch.stdout.read(1)
    target = os.path.join(out, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as f:
        f.write(data)
batch.stdin.close()
batch.wait()
print(f"{len(entries) - missing} files written to {out}, {missing} missing objects skipped")
