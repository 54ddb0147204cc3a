#!/bin/bash
# The "Pending moderation gates" queue preset's query (lib/risk-index/store.ts pendingModerationGates, 201 rows) against
# 1,000,000 indexed workflows of which 0.2 % have a pending gate, on PostgreSQL, in a schema of its own that it drops.
# The real migrations make the tables; the plan and execution time of five runs are printed.
# Run: bash bench/pending-gates-query.sh (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
set -e
cd "$(dirname "$0")/.."
PSQL="psql -q -X -v ON_ERROR_STOP=1 ${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
$PSQL -c "drop schema if exists gates_bench cascade; create schema gates_bench"
{ echo "set search_path = gates_bench;"; sed 's/--> statement-breakpoint//' lib/db/migrations/0002_risk_index.sql; sed 's/--> statement-breakpoint//' lib/db/migrations/0005_moderation_gates.sql; } | $PSQL
$PSQL <<'SQL'
set search_path = gates_bench;
insert into indexed_workflow (id, owner_id, status, created_at, output_count, worst_csam, unreadable_outputs, indexed_at, source, pending_moderation_gate)
select '5-' || i, 5, 'succeeded', now() - (i || ' seconds')::interval, 4, random() * 100, 0, now(), 'backfill', i % 500 = 0
from generate_series(1, 1000000) as i;
analyze indexed_workflow;
SQL
for run in 1 2 3 4 5; do
  $PSQL -c "set search_path = gates_bench; explain (analyze, timing on, summary on) select id, created_at, status, tags from indexed_workflow where pending_moderation_gate = true order by created_at desc nulls last, id desc nulls last limit 201" | grep -vE "^\s*$|Planning|QUERY PLAN|^-"
done
$PSQL -c "drop schema gates_bench cascade"
