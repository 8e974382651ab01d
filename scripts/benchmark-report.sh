#!/usr/bin/env bash
# Seeds the benchmark portfolio (2,000 drivers in 30 teams, 40 repositories, 104 weekly snapshots) into a fresh
# SQLite data folder, then generates last week's organisation report in all four formats with the product's
# `report` command, three times, printing each step's time and the process's wall time and peak memory.
# Usage: scripts/benchmark-report.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$(mktemp -d /tmp/mt-report-bench.XXXXXX)"
out="$root/src/Web/bin/Release/net10.0"
trap 'rm -rf "$data"' EXIT

dotnet build "$root/src/Web" -c Release --nologo -v quiet >/dev/null
dotnet "$out/MigrationTracker.Web.dll" demo-seed --drivers 2000 --repositories 40 --teams 30 --weeks 104 --Storage:DataDirectory "$data" 2>/dev/null

for run in 1 2 3; do
  echo "run $run"
  /usr/bin/time -f "  process: %e s wall, %M KiB peak resident" \
    dotnet "$out/MigrationTracker.Web.dll" report --format all --regenerate --out "$data/out" --Storage:DataDirectory "$data" 2>&1 \
    | grep -v "^\s*info\|Applying\|^\s*$"
done
ls -l "$data/out"
