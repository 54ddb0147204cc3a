#!/usr/bin/env bash
# Lint and typecheck at once (each keeps one core busy, CI has two); each one's output is printed whole when it ends.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
npm run --silent lint >"$out/lint" 2>&1 &
lint=$!
npm run --silent typecheck >"$out/typecheck" 2>&1 &
typecheck=$!
wait "$lint"; lint_status=$?
wait "$typecheck"; typecheck_status=$?
printf '=== lint (exit %s)\n' "$lint_status"; cat "$out/lint"
printf '=== typecheck (exit %s)\n' "$typecheck_status"; cat "$out/typecheck"
rm -rf "$out"
[ "$lint_status" = 0 ] && [ "$typecheck_status" = 0 ]
