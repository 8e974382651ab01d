#!/usr/bin/env bash
# Adds a migration with the same name and id to every provider's migrations project.
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql; do
  project=migrations/MigrationTracker.Migrations.$provider
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
# Give the PostgreSQL migration the SQLite one's id, so both histories read the same.
sqlite_id=$(basename "$(ls migrations/MigrationTracker.Migrations.Sqlite/Migrations/*_"$name".cs | grep -v Designer)" .cs)
pg_id=$(basename "$(ls migrations/MigrationTracker.Migrations.PostgreSql/Migrations/*_"$name".cs | grep -v Designer)" .cs)
if [[ "$sqlite_id" != "$pg_id" ]]; then
  dir=migrations/MigrationTracker.Migrations.PostgreSql/Migrations
  sed -i "s/\"$pg_id\"/\"$sqlite_id\"/" "$dir/$pg_id.Designer.cs"
  mv "$dir/$pg_id.Designer.cs" "$dir/$sqlite_id.Designer.cs"
  mv "$dir/$pg_id.cs" "$dir/$sqlite_id.cs"
fi
echo "Added migration $sqlite_id to both providers."
