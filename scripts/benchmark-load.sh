#!/usr/bin/env bash
# Load with sign-in while a backfill runs (issue 7): seeds the dashboard benchmark's portfolio (2,000 drivers, 30 teams)
# into a fresh SQLite data folder, stores the weekly reports, starts the web app on loopback, signs in, then drives
# 50 signed-in connections for 60 s with wrk (13 on the overview, 13 on the drivers grid, 12 on a driver page,
# 12 on the JSON API) while a worker process backfills every commit of a real repository into the same database.
# Prints requests, errors, median and 95th percentile per target, and checks the backfill finished with every commit.
# Usage: scripts/benchmark-load.sh [GIT_DIR] [PORT]   (needs wrk; GIT_DIR defaults to the history benchmark's repository)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source_repo="${1:-}"
port="${2:-5393}"
data="$(mktemp -d /tmp/mt-load.XXXXXX)"
web_out="$root/src/Web/bin/Release/net10.0"
workers_out="$root/src/Workers/bin/Release/net10.0"
web=""
trap '[ -n "$web" ] && kill "$web" 2>/dev/null; rm -rf "$data"' EXIT

if [[ -z "$source_repo" ]]; then
  source_repo=/tmp/migrationtracker-bench/wds-history.git
  [[ -d "$source_repo" ]] || source_repo=/tmp/migrationtracker-bench/synthetic-history.git
  [[ -d "$source_repo" ]] || python3 "$root/scripts/generate-history.py" "$source_repo"
fi

dotnet build "$root/src/Web" -c Release --nologo -v quiet >/dev/null
dotnet build "$root/src/Workers" -c Release --nologo -v quiet >/dev/null
export Logging__LogLevel__Default=Warning
dotnet "$web_out/MigrationTracker.Web.dll" demo-seed --drivers 2000 --repositories 40 --teams 30 --weeks 104 --Storage:DataDirectory "$data" 2>/dev/null
dotnet "$web_out/MigrationTracker.Web.dll" report --team '*' --format md --out "$data/reports" --Storage:DataDirectory "$data" >/dev/null 2>&1

MIGRATIONTRACKER_ADMIN_EMAIL=load@example.invalid MIGRATIONTRACKER_ADMIN_PASSWORD=Load-password-123 ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$web_out/MigrationTracker.Web.dll" --Storage:DataDirectory "$data" --Urls "http://127.0.0.1:$port" --Jobs:RunServer false >"$data/web.log" 2>&1 &
web=$!
base="http://127.0.0.1:$port"
for _ in $(seq 60); do curl -sf "$base/health/live" >/dev/null && break; sleep 0.5; done

jar="$data/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$base/account/login" | sed -n 's/.*name="__RequestVerificationToken"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=login" \
  --data-urlencode "Input.Email=load@example.invalid" --data-urlencode "Input.Password=Load-password-123" "$base/account/login"
cookie="Cookie: mt.auth=$(awk '$6 == "mt.auth" { print $7 }' "$jar")"
driver=$(curl -s -H "$cookie" "$base/drivers.csv?sort=CodeLines&desc=1" | awk -F, 'NR == 2 { print $1 }')
[[ -n "$driver" ]] || { echo "signing in failed"; exit 1; }

cat >"$data/p95.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d (status %d, connect %d, timeout %d), median %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.timeout + summary.errors.read + summary.errors.write,
    summary.errors.status, summary.errors.connect, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

# Warm every target once, then start the backfill and the load together.
for path in "/" "/drivers" "/drivers/$driver" "/api/reports/latest?team=demo-team-1"; do curl -s -o /dev/null -H "$cookie" "$base$path"; done
start=$(date +%s)
# The repository lies in the temp folder (or where GIT_DIR is), which local repositories may come from only when listed.
Repositories__LocalRoots__0="$(cd "$(dirname "$source_repo")" && pwd)" \
Storage__DataDirectory="$data" /usr/bin/time -f "%e s wall, %M KiB peak" nice -n "${BACKFILL_NICE:-0}" dotnet "$workers_out/MigrationTracker.Workers.dll" backfill \
  --repository "$source_repo" --name load-backfill --granularity every-commit >"$data/backfill.log" 2>&1 &
backfill=$!
sleep 2
run() { echo "$1 ($2 connections): $(wrk -t1 -c"$2" -d60s --timeout 10s -H "$cookie" -s "$data/p95.lua" "$base$1" | tail -1)"; }
run "/" 13 >"$data/r1" & p1=$!
run "/drivers" 13 >"$data/r2" & p2=$!
run "/drivers/$driver" 12 >"$data/r3" & p3=$!
run "/api/reports/latest?team=demo-team-1" 12 >"$data/r4" & p4=$!
wait $p1 $p2 $p3 $p4
cat "$data/r1" "$data/r2" "$data/r3" "$data/r4"
echo "load window: $(( $(date +%s) - start )) s"

status=0; wait "$backfill" || status=$?
echo "backfill process: exit $status, $(tail -1 "$data/backfill.log")"
python3 - "$data/tracker.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
run = db.execute("select Status, Done, Total from BackfillRuns order by Id desc limit 1").fetchone()
print(f"backfill run: status {run[0]} (2 = succeeded), {run[1]} of {run[2]} commits scanned")
dup = db.execute("select count(*) from (select DriverId, CommitId from Snapshots group by DriverId, CommitId having count(*) > 1)").fetchone()[0]
print(f"duplicated snapshots: {dup}")
PY
grep -c " fail: \|Exception" "$data/web.log" | sed 's/^/web log lines with failures: /' || true
