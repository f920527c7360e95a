<#
.SYNOPSIS
    Runs the Pester acceptance tests in tests/Acceptance against a laid-out module and the sandbox.

.DESCRIPTION
    build.ps1's Acceptance task starts this in a child PowerShell, so that the module's assemblies are loaded,
    and locked, only there. The tests read the module and the sandbox from the environment variables set here.
    Writes the NUnit and JUnit XML reports and, beside them, the counts (<ResultPath> with .counts.json) that
    build.ps1 adds up. Exit code: 0 when every test passed and the reports were written, 1 otherwise.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SandboxAssembly,
    [Parameter(Mandatory)] [string] $ResultPath,
    # The tests to run; tests/Acceptance unless given (the runner's own tests give a folder of their own).
    [string] $TestPath = (Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'tests/Acceptance')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module -Name $PesterManifest -Force
$env:OCTOPUSUPGRADE_MODULE = (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
$env:OCTOPUSUPGRADE_SANDBOX = (Resolve-Path -LiteralPath $SandboxAssembly).ProviderPath
$null = New-Item -ItemType Directory -Path (Split-Path -Path $ResultPath -Parent) -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration

# The counts come from the run itself, not from the XML reports: a report that cannot be written (a failure message
# carrying a character XML forbids, for one) must not lose them.
# A block whose set-up fails already fails its tests; one whose tear-down fails, or a file that fails discovery,
# fails no test, so it counts for itself.
$failed = $result.FailedCount + $result.FailedContainersCount
if ($failed -eq 0) {
    $failed = $result.FailedBlocksCount
}
$counts = [ordered]@{
    Passed  = $result.PassedCount
    Failed  = $failed
    Skipped = $result.SkippedCount + $result.InconclusiveCount + $result.NotRunCount
}
try {
    Export-NUnitReport -Result $result -Path $ResultPath
    Export-JUnitReport -Result $result -Path ([System.IO.Path]::ChangeExtension($ResultPath, '.junit.xml'))
}
catch {
    Write-Host "The test report '$ResultPath' could not be written: $($_.Exception.Message)" -ForegroundColor Red
    $counts.Failed++
}
$counts | ConvertTo-Json | Set-Content -LiteralPath ([System.IO.Path]::ChangeExtension($ResultPath, '.counts.json'))
exit ([int]($result.Result -ne 'Passed' -or $counts.Failed -gt 0))
