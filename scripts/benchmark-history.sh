#!/usr/bin/env bash
# Benchmark: history backfill and incremental sync into SQLite (issue 4).
#   scripts/benchmark-history.sh [GIT_DIR]
# Without GIT_DIR: a fetchable copy of Windows-driver-samples' first-parent history is prepared from
# the fetched mirror at $WDS_GIT (default /work/.mirror/microsoft+Windows-driver-samples/repo), or,
# where there is none, a synthetic repository of similar shape is generated.
# Prints wall time and peak memory of (a) a backfill of every first-parent commit, (b) a weekly
# backfill, (c) a sync after one new commit that changes one file.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=/tmp/migrationtracker-bench
mkdir -p "$WORK"

SOURCE="${1:-}"
if [[ -z "$SOURCE" ]]; then
  WDS_GIT="${WDS_GIT:-/work/.mirror/microsoft+Windows-driver-samples/repo}"
  if [[ -d "$WDS_GIT" ]]; then
    SOURCE=$WORK/wds-history.git
    [[ -d "$SOURCE" ]] || python3 scripts/prepare-history.py "$WDS_GIT" "$SOURCE"
  else
    SOURCE=$WORK/synthetic-history.git
    [[ -d "$SOURCE" ]] || python3 scripts/generate-history.py "$SOURCE"
  fi
fi

PUBLISH=$WORK/workers
dotnet publish src/Workers -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$PUBLISH" -v quiet -nologo >/dev/null
WORKERS=$PUBLISH/MigrationTracker.Workers.dll
export Logging__LogLevel__Default=Warning
# The repositories lie in the temp folder (or where GIT_DIR is), which local repositories may come from only when listed.
export Repositories__LocalRoots__0="$WORK"
Repositories__LocalRoots__1="$(cd "$(dirname "$SOURCE")" && pwd)"
export Repositories__LocalRoots__1

run() { # label, data folder, command args...
  local label=$1 data=$2; shift 2
  local stats; stats=$(mktemp)
  Storage__DataDirectory="$data" /usr/bin/time -o "$stats" -f "%e %M" dotnet "$WORKERS" "$@" > "$stats.out" 2>&1 || { cat "$stats.out"; exit 1; }
  read -r seconds kib < "$stats"
  echo "$label: ${seconds}s wall, peak $((kib / 1024)) MiB"
  sed 's/^/    /' "$stats.out"
  rm -f "$stats" "$stats.out"
}

echo "source: $SOURCE ($(git --git-dir="$SOURCE" rev-list --first-parent --count HEAD) first-parent commits, $(git --git-dir="$SOURCE" ls-tree -r HEAD | wc -l) files at HEAD)"
# (a) and (c) run on a copy of the source, which (c) adds a commit to.
COPY=$WORK/sync-source.git
rm -rf "$COPY" "$WORK/data-every" "$WORK/data-weekly"
git clone -q --bare "$SOURCE" "$COPY"
run "(a) backfill, every first-parent commit" "$WORK/data-every" backfill --repository "$COPY" --granularity every-commit
run "(b) backfill, weekly" "$WORK/data-weekly" backfill --repository "$SOURCE" --granularity weekly

git --git-dir="$COPY" ls-tree -r --name-only HEAD > "$WORK/files.txt"
FILE=$(awk '/\.c$/ { print; exit }' "$WORK/files.txt")
BLOB=$( { git --git-dir="$COPY" show "HEAD:$FILE"; echo "/* one more line */"; } | git --git-dir="$COPY" hash-object -w --stdin)
export GIT_INDEX_FILE=$WORK/index.tmp; rm -f "$GIT_INDEX_FILE"
git --git-dir="$COPY" read-tree HEAD
git --git-dir="$COPY" update-index --cacheinfo "100644,$BLOB,$FILE"
TREE=$(git --git-dir="$COPY" write-tree); unset GIT_INDEX_FILE
COMMIT=$(echo "Touch $FILE" | git --git-dir="$COPY" commit-tree "$TREE" -p HEAD)
git --git-dir="$COPY" update-ref HEAD "$COMMIT"
run "(c) sync after one new commit touching $FILE" "$WORK/data-every" sync --repository "$COPY"
