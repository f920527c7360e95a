<#
.SYNOPSIS
    Builds, tests and packages the OctopusUpgrade module.

.DESCRIPTION
    Build       dotnet build -c Release: compiles both editions and lays out out/OctopusUpgrade.
    Test        the .NET test suite (TRX results in TestResults/dotnet).
    Acceptance  the Pester 5 tests in tests/Acceptance against out/OctopusUpgrade, in a child PowerShell so
                the module's assemblies are not locked in this session; NUnit XML in TestResults/pester.
                Pester is restored from NuGet (build/PowerShellModules) into the NuGet global packages folder.
    Package     out/packages/OctopusUpgrade.<version>.nupkg (PSResourceGet), or a .zip where PSResourceGet
                is not installed.

    Ends with one line adding up the tests of the tasks that ran: "N passed, M failed, K skipped". The exit
    code is 0 only when every task worked and no test failed.

.EXAMPLE
    ./build.ps1 -Task Build, Acceptance

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Build, Test, Acceptance, Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Acceptance', 'Package')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$solution = Join-Path -Path $root -ChildPath 'OctopusUpgrade.sln'
$layout = Join-Path -Path $root -ChildPath 'out/OctopusUpgrade'
$manifest = Join-Path -Path $layout -ChildPath 'OctopusUpgrade.psd1'
$sandbox = Join-Path -Path $root -ChildPath "src/OctopusUpgrade.Sandbox/bin/$Configuration/net10.0/OctopusUpgrade.Sandbox.dll"
$results = Join-Path -Path $root -ChildPath 'TestResults'
$script:counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
$script:built = $false

function Assert-DotNetSdk {
    $dotnet = Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue
    if ($null -eq $dotnet) {
        throw 'The .NET SDK is required (dotnet was not found on PATH). Install the SDK named in global.json from https://dotnet.microsoft.com/download and run this again.'
    }
    $sdks = & $dotnet[0].Source --list-sdks
    if (-not $sdks) {
        throw 'dotnet was found, but no .NET SDK is installed. Install the SDK named in global.json.'
    }
}

function Invoke-DotNet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE."
    }
}

# The PowerShell running this script, as a command line for a child: 'pwsh' or 'powershell.exe' itself, or
# 'dotnet <PSHOME>/pwsh.dll' when PowerShell runs as a .NET tool (its process is dotnet).
function Get-PowerShellCommandLine {
    $process = (Get-Process -Id $PID).Path
    $name = [System.IO.Path]::GetFileNameWithoutExtension($process)
    if ($name -eq 'dotnet') {
        return @($process, (Join-Path -Path $PSHOME -ChildPath 'pwsh.dll'))
    }
    return @($process)
}

function Add-TestCounts {
    param([int] $Passed, [int] $Failed, [int] $Skipped)
    $script:counts.Passed += $Passed
    $script:counts.Failed += $Failed
    $script:counts.Skipped += $Skipped
}

function Invoke-BuildTask {
    Assert-DotNetSdk
    Invoke-DotNet build $solution -c $Configuration
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The build finished but did not lay out the module at $layout."
    }
    $script:built = $true
}

function Invoke-TestTask {
    Assert-DotNetSdk
    $trxFolder = Join-Path -Path $results -ChildPath 'dotnet'
    Remove-Item -LiteralPath $trxFolder -Recurse -Force -ErrorAction SilentlyContinue
    # A test that hangs fails the run after five quiet minutes instead of holding it until CI's limit.
    $arguments = @('test', $solution, '-c', $Configuration, '--logger', 'trx', '--results-directory', $trxFolder, '--blame-hang-timeout', '5m')
    if ($script:built) {
        $arguments += '--no-build'
    }
    & dotnet @arguments
    $status = $LASTEXITCODE

    $passed = 0; $failed = 0; $skipped = 0
    foreach ($trx in Get-ChildItem -Path $trxFolder -Filter '*.trx' -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -LiteralPath $trx.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed
        $skipped += [int]$counters.total - [int]$counters.executed
    }
    if ($status -ne 0 -and $failed -eq 0) {
        # The build or a test host failed before any test could report.
        $failed = 1
    }
    Add-TestCounts -Passed $passed -Failed $failed -Skipped $skipped
    Write-Host ".NET tests: $passed passed, $failed failed, $skipped skipped"
}

function Invoke-AcceptanceTask {
    Assert-DotNetSdk
    if (-not ((Test-Path -LiteralPath $manifest) -and (Test-Path -LiteralPath $sandbox))) {
        Invoke-BuildTask
    }
    Invoke-DotNet restore (Join-Path -Path $root -ChildPath 'build/PowerShellModules') --verbosity quiet
    $pester = & (Join-Path -Path $root -ChildPath 'build/Find-PesterModule.ps1')

    $xml = Join-Path -Path $results -ChildPath 'pester/acceptance.xml'
    $countsFile = [System.IO.Path]::ChangeExtension($xml, '.counts.json')
    Remove-Item -LiteralPath $xml, $countsFile -Force -ErrorAction SilentlyContinue
    $shell = @(Get-PowerShellCommandLine)
    $runner = Join-Path -Path $root -ChildPath 'build/Invoke-AcceptanceTests.ps1'
    $shellArguments = @($shell | Select-Object -Skip 1) + @(
        '-NoProfile', '-NonInteractive', '-File', $runner,
        '-PesterManifest', $pester, '-ModuleManifest', $manifest, '-SandboxAssembly', $sandbox, '-ResultPath', $xml)
    & $shell[0] @shellArguments
    $status = $LASTEXITCODE

    $passed = 0; $failed = 0; $skipped = 0
    if (Test-Path -LiteralPath $countsFile) {
        $counts = Get-Content -LiteralPath $countsFile -Raw | ConvertFrom-Json
        $passed = [int]$counts.Passed
        $failed = [int]$counts.Failed
        $skipped = [int]$counts.Skipped
    }
    if ($status -ne 0 -and $failed -eq 0) {
        # Pester itself, or a test file's discovery, failed before tests could report.
        $failed = 1
    }
    Add-TestCounts -Passed $passed -Failed $failed -Skipped $skipped
    Write-Host "Pester: $passed passed, $failed failed, $skipped skipped"
}

function Invoke-PackageTask {
    if (-not (Test-Path -LiteralPath $manifest)) {
        Invoke-BuildTask
    }
    $packages = Join-Path -Path $root -ChildPath 'out/packages'
    Remove-Item -LiteralPath $packages -Recurse -Force -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Path $packages -Force
    $version = (Import-PowerShellDataFile -Path $manifest).ModuleVersion
    if (Get-Command -Name Publish-PSResource -ErrorAction SilentlyContinue) {
        $repository = 'OctopusUpgradeBuild'
        Register-PSResourceRepository -Name $repository -Uri $packages -Trusted -Force
        try {
            Publish-PSResource -Path $layout -Repository $repository
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
        }
        $package = Join-Path -Path $packages -ChildPath "OctopusUpgrade.$version.nupkg"
    }
    else {
        $package = Join-Path -Path $packages -ChildPath "OctopusUpgrade.$version.zip"
        Compress-Archive -Path $layout -DestinationPath $package -Force
    }
    if (-not (Test-Path -LiteralPath $package)) {
        throw "Packaging finished but '$package' was not written."
    }
    Write-Host "Package: $package"
}

try {
    foreach ($name in $Task) {
        Write-Host "== $name ==" -ForegroundColor Cyan
        switch ($name) {
            'Build' { Invoke-BuildTask }
            'Test' { Invoke-TestTask }
            'Acceptance' { Invoke-AcceptanceTask }
            'Package' { Invoke-PackageTask }
        }
    }
}
catch {
    Write-Host "$($_.Exception.Message)" -ForegroundColor Red
    Add-TestCounts -Failed 1
}

Write-Host "$($script:counts.Passed) passed, $($script:counts.Failed) failed, $($script:counts.Skipped) skipped"
exit ([int]($script:counts.Failed -gt 0))
