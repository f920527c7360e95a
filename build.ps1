<#
.SYNOPSIS
    Builds, tests and packages the OctopusUpgrade module.

.DESCRIPTION
    Build       dotnet build -c Release: compiles both editions and lays out out/OctopusUpgrade.
    Test        the .NET test suite (build/test.sh's work, without bash).
    Acceptance  Pester 5 tests in tests/Acceptance against out/OctopusUpgrade, in a child PowerShell
                so the module's assemblies are not locked in this session.
    Package     a .nupkg of out/OctopusUpgrade in out/packages (PSResourceGet), or a .zip without it.

.EXAMPLE
    ./build.ps1 -Task Build, Acceptance

.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Acceptance', 'Package')]
    [string[]] $Task = @('Build', 'Test'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$root = $PSScriptRoot
$layout = Join-Path -Path $root -ChildPath 'out/OctopusUpgrade'

function Assert-DotNetSdk {
    $dotnet = Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue
    if ($null -eq $dotnet) {
        throw 'The .NET SDK is required (dotnet was not found on PATH). Install the SDK named in global.json from https://dotnet.microsoft.com/download and run this again.'
    }
    $sdks = & $dotnet.Source --list-sdks
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

function Invoke-BuildTask {
    Assert-DotNetSdk
    Invoke-DotNet build (Join-Path -Path $root -ChildPath 'OctopusUpgrade.sln') -c $Configuration
    if (-not (Test-Path -LiteralPath (Join-Path -Path $layout -ChildPath 'OctopusUpgrade.psd1'))) {
        throw "The build finished but did not lay out the module at $layout."
    }
}

function Invoke-TestTask {
    Assert-DotNetSdk
    Invoke-DotNet test (Join-Path -Path $root -ChildPath 'OctopusUpgrade.sln') -c $Configuration
}

function Invoke-AcceptanceTask {
    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0' } | Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning 'Pester 5 is not installed, so the acceptance tests were not run. Install it with: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
        return
    }
    if (-not (Test-Path -LiteralPath (Join-Path -Path $layout -ChildPath 'OctopusUpgrade.psd1'))) {
        Invoke-BuildTask
    }
    $shell = (Get-Process -Id $PID).Path
    $script = "Import-Module Pester -MinimumVersion 5.0; `$c = New-PesterConfiguration; `$c.Run.Path = '$root/tests/Acceptance'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c"
    & $shell -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) {
        throw "Acceptance tests failed ($LASTEXITCODE failed)."
    }
}

function Invoke-PackageTask {
    if (-not (Test-Path -LiteralPath (Join-Path -Path $layout -ChildPath 'OctopusUpgrade.psd1'))) {
        Invoke-BuildTask
    }
    $packages = Join-Path -Path $root -ChildPath 'out/packages'
    $null = New-Item -ItemType Directory -Path $packages -Force
    if (Get-Command -Name Publish-PSResource -ErrorAction SilentlyContinue) {
        $repository = 'OctopusUpgradeBuild'
        Register-PSResourceRepository -Name $repository -Uri $packages -Trusted -Force
        try {
            Publish-PSResource -Path $layout -Repository $repository
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
        }
    }
    else {
        $version = (Import-PowerShellDataFile -Path (Join-Path -Path $layout -ChildPath 'OctopusUpgrade.psd1')).ModuleVersion
        Compress-Archive -Path $layout -DestinationPath (Join-Path -Path $packages -ChildPath "OctopusUpgrade.$version.zip") -Force
    }
    Get-ChildItem -LiteralPath $packages
}

foreach ($name in $Task) {
    Write-Host "== $name ==" -ForegroundColor Cyan
    switch ($name) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Acceptance' { Invoke-AcceptanceTask }
        'Package' { Invoke-PackageTask }
    }
}
