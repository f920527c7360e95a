#!/usr/bin/env bash
# Runs every .NET test project in the solution (Release) and ends with one line: "N passed, M failed".
# Needs only the .NET SDK. Results (TRX) go to TestResults/.
set -uo pipefail
cd "$(dirname "$0")/.."

results="TestResults/dotnet"
rm -rf "$results"
dotnet test OctopusUpgrade.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed)))
  skipped=$((skipped + $(value total) - $(value executed)))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report.
  failed=1
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
