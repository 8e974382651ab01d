#!/usr/bin/env bash
# Seeds the benchmark portfolio (2,000 drivers, 40 repositories, 104 weekly snapshots) into a fresh SQLite
# data folder, starts the web app on loopback and measures the overview with wrk at 1 and 20 connections.
# Usage: scripts/benchmark-dashboard.sh [PORT]   (needs wrk: apt-get install -y wrk)
set -euo pipefail
port="${1:-5391}"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$(mktemp -d /tmp/mt-bench.XXXXXX)"
out="$root/src/Web/bin/Release/net10.0"
lua="$data/p95.lua"
web=""
trap '[ -n "$web" ] && kill "$web" 2>/dev/null; rm -rf "$data"' EXIT

# A Release build, not a publish: publish trips over the Web and Workers appsettings.json sharing a path.
dotnet build "$root/src/Web" -c Release --nologo -v quiet >/dev/null
dotnet "$out/MigrationTracker.Web.dll" demo-seed --drivers 2000 --repositories 40 --teams 10 --weeks 104 --Storage:DataDirectory "$data" 2>/dev/null

MIGRATIONTRACKER_ADMIN_EMAIL=bench@example.invalid MIGRATIONTRACKER_ADMIN_PASSWORD=Bench-password-123 \
ASPNETCORE_ENVIRONMENT=Production dotnet "$out/MigrationTracker.Web.dll" --Storage:DataDirectory "$data" \
  --Urls "http://127.0.0.1:$port" --Jobs:RunServer false >"$data/web.log" 2>&1 &
web=$!
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.5; done

cat >"$lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d, median %.1f ms, p95 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
LUA

base="http://127.0.0.1:$port"

# Sign in through the form; every request below carries the session cookie.
jar="$data/cookies"
token=$(curl -s -c "$jar" -b "$jar" "$base/account/login" | sed -n 's/.*name="__RequestVerificationToken"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=login" \
  --data-urlencode "Input.Email=bench@example.invalid" --data-urlencode "Input.Password=Bench-password-123" "$base/account/login"
cookie="Cookie: mt.auth=$(awk '$6 == "mt.auth" { print $7 }' "$jar")"

driver=$(curl -s -H "$cookie" "$base/drivers.csv?sort=CodeLines&desc=1" | awk -F, 'NR == 2 { print $1 }')
for page in "/" "/drivers" "/drivers?sort=Readiness&desc=1&language=C&page=3" "/drivers/$driver" "/teams"; do
  url="$base$page"
  echo "$page"
  echo "  cold (first request): $(curl -s -H "$cookie" -o /dev/null -w '%{time_total}' "$url") s"
  echo "  warm, 1 connection:   $(wrk -t1 -c1 -d10s -H "$cookie" -s "$lua" "$url" | tail -1)"
  echo "  warm, 20 connections: $(wrk -t2 -c20 -d10s -H "$cookie" -s "$lua" "$url" | tail -1)"
done
