#!/usr/bin/env bash
# Benchmark: `scan` against cloc on the same tree, in the same run.
#   scripts/benchmark-scan.sh [TREE] [RUNS]
# TREE defaults to Microsoft's Windows-driver-samples, extracted from a bare mirror at
# $WDS_GIT (default: /work/.mirror/microsoft+Windows-driver-samples/repo). Prints the median
# wall time and peak memory of each tool over RUNS runs (default 5) and the speed ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

TREE="${1:-}"
RUNS="${2:-5}"
if [[ -z "$TREE" ]]; then
  WDS_GIT="${WDS_GIT:-/work/.mirror/microsoft+Windows-driver-samples/repo}"
  TREE=/tmp/migrationtracker-bench/Windows-driver-samples
  if [[ ! -d "$TREE" ]]; then
    [[ -d "$WDS_GIT" ]] || { echo "No tree given and no mirror at $WDS_GIT" >&2; exit 1; }
    mkdir -p "$TREE"
    python3 scripts/extract-tree.py "$WDS_GIT" HEAD "$TREE"
  fi
fi
command -v cloc >/dev/null || { echo "cloc is not installed (apt-get install cloc)" >&2; exit 1; }

# Published as the containers ship it (ReadyToRun; the hot loops are compiled at first use).
PUBLISH=/tmp/migrationtracker-bench/workers
dotnet publish src/Workers -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$PUBLISH" -v quiet -nologo >/dev/null
WORKERS=$PUBLISH/MigrationTracker.Workers.dll
LANGS="C,C++,C/C++ Header,Rust"

measure() { # prints "seconds peak_kib" of one run of the command
  local stats; stats=$(mktemp)
  /usr/bin/time -o "$stats" -f "%e %M" "$@" >/dev/null 2>&1
  tail -n1 "$stats"; rm -f "$stats"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Warm the file cache and both tools once.
dotnet "$WORKERS" scan "$TREE" >/dev/null
cloc --quiet --skip-uniqueness --include-lang="$LANGS" "$TREE" >/dev/null

scan_t=(); scan_m=(); json_t=(); json_m=(); cloc_t=(); cloc_m=()
for _ in $(seq "$RUNS"); do
  read -r t m < <(measure dotnet "$WORKERS" scan "$TREE"); scan_t+=("$t"); scan_m+=("$m")
  read -r t m < <(measure dotnet "$WORKERS" scan "$TREE" --format json); json_t+=("$t"); json_m+=("$m")
  read -r t m < <(measure cloc --quiet --skip-uniqueness --include-lang="$LANGS" "$TREE"); cloc_t+=("$t"); cloc_m+=("$m")
done

st=$(printf '%s\n' "${scan_t[@]}" | median); sm=$(printf '%s\n' "${scan_m[@]}" | sort -n | tail -n1)
jt=$(printf '%s\n' "${json_t[@]}" | median); jm=$(printf '%s\n' "${json_m[@]}" | sort -n | tail -n1)
ct=$(printf '%s\n' "${cloc_t[@]}" | median); cm=$(printf '%s\n' "${cloc_m[@]}" | sort -n | tail -n1)
files=$(dotnet "$WORKERS" scan "$TREE" --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(sum(l["files"] for l in r["languages"]), sum(l["code"] for l in r["languages"]), len(r["drivers"]))')
echo "tree: $TREE"
echo "scan: C/C++/Rust files, code lines, drivers: $files"
echo "scan, table (lines, constructs, discovery, scores, unsafe, pairing): median ${st}s over $RUNS runs, peak $((sm / 1024)) MiB"
echo "scan, --format json (the same, plus 3 MB of JSON):                  median ${jt}s over $RUNS runs, peak $((jm / 1024)) MiB"
echo "cloc $(cloc --version) (line counts only, same languages):                median ${ct}s over $RUNS runs, peak $((cm / 1024)) MiB"
python3 -c "print(f'scan is {float($ct)/float($st):.1f}x faster than cloc (table), {float($ct)/float($jt):.1f}x with JSON output')"
