#!/usr/bin/env bash
# Mutation testing of the engine with Stryker.NET (pinned in .config/dotnet-tools.json), against the engine's tests.
# Prints one "mutation_score=" line per engine folder, for the project, and overall (Measure-MutationScore.ps1 reads
# Stryker's JSON report); the HTML and JSON reports land in TestResults/mutation/reports. Surviving mutants listed in
# build/mutation-equivalents.tsv (truly equivalent, each with its reason) are left out of the score.
#
#   build/mutation.sh                                   every engine file (slow: hours on two cores)
#   build/mutation.sh --since main                      only files changed since main
#   build/mutation.sh --mutate '**/Security/*.cs' ...   only matching files (Stryker glob, repeatable)
#   build/mutation.sh --filter 'FullyQualifiedName~Security'   only these tests (dotnet test --filter syntax)
#   build/mutation.sh --concurrency 2                   test runners at once (default 1: the machine is shared)
#   build/mutation.sh --ci origin/main                  the CI stage: --since that commit, stopped (and failed) after
#                                                       MUTATION_MINUTES (default 30), failed when a target is missed
#                                                       (Measure-MutationScore.ps1 -CheckTargets)
set -uo pipefail
cd "$(dirname "$0")/.."

root="$PWD"
output="$root/TestResults/mutation"
# Stryker runs from the test project's folder: from the root it would take the solution and mutate every project.
args=(--config-file "$root/build/stryker-config.json" --output "$output" --skip-version-check)
# Never mutated: WindowsDataProtection is DPAPI through P/Invoke, which only Windows has; on the Linux machines this
# runs on, no test can reach it, so its mutants could only ever count as not covered.
args+=(--mutate '!**/Security/WindowsDataProtection.cs')
limit=()
check=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ci)
      args+=("--since:${2:?--ci needs the commit, branch or tag the change is measured against}")
      limit=(timeout --signal=INT --kill-after=60 "${MUTATION_MINUTES:-30}m")
      check=(-CheckTargets)
      shift 2 ;;
    --since) args+=("--since:${2:?--since needs a commit, branch or tag}"); shift 2 ;;
    --mutate) args+=(--mutate "${2:?--mutate needs a glob}"); shift 2 ;;
    --filter) args+=(--test-case-filter "${2:?--filter needs a test filter}"); shift 2 ;;
    --concurrency) args+=(--concurrency "${2:?--concurrency needs a number}"); shift 2 ;;
    *) echo "build/mutation.sh: unknown argument '$1' (see the comment at the top of the script)." >&2; exit 2 ;;
  esac
done

if ! dotnet tool restore >/dev/null; then
  echo "dotnet tool restore could not install dotnet-stryker (.config/dotnet-tools.json)." >&2
  exit 1
fi

rm -rf "$output"
(cd tests/OctopusUpgrade.Engine.Tests && "${limit[@]}" dotnet stryker "${args[@]}")
status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "Stryker was stopped after ${MUTATION_MINUTES:-30} minutes; no score. The change is larger than the CI bound: run it here with --since, or raise MUTATION_MINUTES." >&2
  exit 1
elif [ "$status" -ne 0 ]; then
  echo "Stryker did not finish; no score." >&2
  exit 1
fi

if [ ! -f "$output/reports/mutation-report.json" ]; then
  # Stryker writes no report when no engine file changed since the --since commit.
  echo "mutation_score=n/a scope=overall (no engine file to mutate)"
  exit 0
fi

dotnet pwsh -NoProfile -NonInteractive -File build/Measure-MutationScore.ps1 \
  -Report "$output/reports/mutation-report.json" -Equivalents build/mutation-equivalents.tsv "${check[@]}"
