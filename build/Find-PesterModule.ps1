<#
.SYNOPSIS
    Prints the path of Pester.psd1 as restored by build/PowerShellModules into the NuGet global packages folder.

.DESCRIPTION
    The version is the PesterVersion property of Directory.Packages.props; the folder is whatever
    'dotnet nuget locals global-packages --list' reports on this machine (NUGET_PACKAGES, a NuGet.Config
    setting or the default), never a fixed path. Run 'dotnet restore build/PowerShellModules' first.
#>
[CmdletBinding()]
[OutputType([string])]
param()

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = Split-Path -Path $PSScriptRoot -Parent
$props = [xml](Get-Content -LiteralPath (Join-Path -Path $root -ChildPath 'Directory.Packages.props') -Raw)
$version = @($props.Project.PropertyGroup | Where-Object { $_.PSObject.Properties['PesterVersion'] })[0].PesterVersion
if (-not $version) {
    throw 'Directory.Packages.props has no PesterVersion property.'
}

$listing = & dotnet nuget locals global-packages --list
if ($LASTEXITCODE -ne 0) {
    throw "'dotnet nuget locals global-packages --list' failed with exit code $LASTEXITCODE."
}
$folder = ($listing | Select-String -Pattern '^global-packages:\s*(.+)$').Matches[0].Groups[1].Value.Trim()
$pester = [System.IO.Path]::Combine($folder, 'pester', $version, 'tools', 'Pester.psd1')
if (-not (Test-Path -LiteralPath $pester)) {
    throw "Pester $version is not in the NuGet global packages folder ($pester). Run: dotnet restore build/PowerShellModules"
}
$pester
