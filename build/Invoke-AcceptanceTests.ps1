<#
.SYNOPSIS
    Runs the Pester acceptance tests in tests/Acceptance against a laid-out module and the sandbox.

.DESCRIPTION
    build.ps1's Acceptance task starts this in a child PowerShell, so that the module's assemblies are loaded,
    and locked, only there. The tests read the module and the sandbox from the environment variables set here.
    Exit code: 0 when every test passed, 1 otherwise.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $SandboxAssembly,
    [Parameter(Mandatory)] [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module -Name $PesterManifest -Force
$env:OCTOPUSUPGRADE_MODULE = (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
$env:OCTOPUSUPGRADE_SANDBOX = (Resolve-Path -LiteralPath $SandboxAssembly).ProviderPath
$null = New-Item -ItemType Directory -Path (Split-Path -Path $ResultPath -Parent) -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path -Path (Split-Path -Path $PSScriptRoot -Parent) -ChildPath 'tests/Acceptance'
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
$result = Invoke-Pester -Configuration $configuration

$junit = [System.IO.Path]::ChangeExtension($ResultPath, '.junit.xml')
Export-JUnitReport -Result $result -Path $junit
exit ([int]($result.Result -ne 'Passed'))
