#!/usr/bin/env bash
# The README's test command: the .NET tests, then the Pester acceptance tests under PowerShell 7.6.9 against the
# built module (out/OctopusUpgrade, built first if needed) and the sandbox. Ends with one line adding both up:
# "N passed, M failed, K skipped". Results: TestResults/dotnet (TRX), TestResults/pester (NUnit and JUnit XML).
# Needs only the .NET SDK: PowerShell comes from the tool manifest (.config/dotnet-tools.json), Pester from NuGet
# (build/PowerShellModules). The work itself is build.ps1's; --all runs all four of its tasks (Build, Test,
# Acceptance, Package) instead of Test and Acceptance, which is what CI does.
set -uo pipefail
cd "$(dirname "$0")/.."

tasks="Test, Acceptance"
if [ "${1:-}" = "--all" ]; then
  tasks="Build, Test, Acceptance, Package"
fi

if ! dotnet tool restore; then
  echo "dotnet tool restore could not install PowerShell (.config/dotnet-tools.json)." >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet pwsh -NoProfile -NonInteractive -Command "./build.ps1 -Task $tasks; exit \$LASTEXITCODE"
