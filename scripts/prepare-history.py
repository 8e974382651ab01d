#!/usr/bin/env python3
"""Copies the first-parent history of a (bare) git repository into a new bare repository, leaving
out blobs that are missing from the source (fetched copies of large public repositories lack a
few), so the product can fetch it. Commit dates, authors and messages are kept.
usage: prepare-history.py SOURCE_GIT_DIR DEST_GIT_DIR [REV]
"""
import os, subprocess, sys, tempfile

src, dst = sys.argv[1], sys.argv[2]
rev = sys.argv[3] if len(sys.argv) > 3 else "HEAD"

def git(*args, env=None, input=None, cwd=None):
    return subprocess.run(["git", *args], check=True, capture_output=True, env=env, input=input, cwd=cwd).stdout

subprocess.run(["git", "init", "-q", "--bare", dst], check=True)
with open(os.path.join(dst, "objects", "info", "alternates"), "w") as f:
    f.write(os.path.abspath(os.path.join(src, "objects")) + "\n")

commits = git("--git-dir", src, "rev-list", "--first-parent", "--reverse", rev).decode().split()
present = {}
def exists(oid):
    if oid not in present:
        present[oid] = subprocess.run(["git", "--git-dir", dst, "cat-file", "-e", oid], capture_output=True).returncode == 0
    return present[oid]

parent = None
index = tempfile.mktemp(prefix="mt-index-")
for n, commit in enumerate(commits, 1):
    entries = [e for e in git("--git-dir", dst, "ls-tree", "-r", "-z", commit).split(b"\0") if e]
    kept = [e for e in entries if exists(e.split(b"\t", 1)[0].split()[2].decode())]
    env = dict(os.environ, GIT_INDEX_FILE=index)
    if os.path.exists(index):
        os.remove(index)
    git("--git-dir", dst, "update-index", "-z", "--index-info", env=env, input=b"\0".join(kept) + b"\0")
    tree = git("--git-dir", dst, "write-tree", env=env).decode().strip()
    raw = git("--git-dir", dst, "cat-file", "commit", commit).decode("utf-8", "replace")
    headers, _, message = raw.partition("\n\n")
    people = {}
    for line in headers.split("\n"):
        key, _, value = line.partition(" ")
        if key in ("author", "committer"):
            name, _, rest = value.partition(" <")
            email, _, when = rest.partition("> ")
            people[key] = (name, email, "@" + when)
    (an, ae, ad), (cn, ce, cd) = people["author"], people["committer"]
    env = dict(os.environ, GIT_AUTHOR_NAME=an, GIT_AUTHOR_EMAIL=ae, GIT_AUTHOR_DATE=ad,
               GIT_COMMITTER_NAME=cn, GIT_COMMITTER_EMAIL=ce, GIT_COMMITTER_DATE=cd)
    args = ["--git-dir", dst, "commit-tree", tree] + (["-p", parent] if parent else [])
    parent = git(*args, env=env, input=message.encode()).decode().strip()
    if n % 100 == 0:
        print(f"{n}/{len(commits)} commits", file=sys.stderr)
git("--git-dir", dst, "update-ref", "refs/heads/main", parent)
git("--git-dir", dst, "symbolic-ref", "HEAD", "refs/heads/main")
# A self-contained copy: fetching from it must not depend on the alternates.
git("--git-dir", dst, "repack", "-a", "-d", "-q")
os.remove(os.path.join(dst, "objects", "info", "alternates"))
if os.path.exists(index):
    os.remove(index)
print(f"{len(commits)} first-parent commits copied to {dst}")
