# Shared by the acceptance tests: where the module and the sandbox are, starting and stopping the sandbox as a
# process, test feeds, and a fresh PowerShell process for what one process can do only once.
# Dot-source it in BeforeAll: . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')

$script:RepositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../../..')).ProviderPath

# build/Invoke-AcceptanceTests.ps1 sets these; the defaults are the Release build in this repository.
$script:ModuleManifest = if ($env:OCTOPUSUPGRADE_MODULE) { $env:OCTOPUSUPGRADE_MODULE } else {
    Join-Path -Path $script:RepositoryRoot -ChildPath 'out/OctopusUpgrade/OctopusUpgrade.psd1'
}
$script:SandboxAssembly = if ($env:OCTOPUSUPGRADE_SANDBOX) { $env:OCTOPUSUPGRADE_SANDBOX } else {
    Join-Path -Path $script:RepositoryRoot -ChildPath 'src/OctopusUpgrade.Sandbox/bin/Release/net10.0/OctopusUpgrade.Sandbox.dll'
}

$script:Cmdlets = @(
    'Backup-OctopusDatabase', 'Copy-NuGetPackages', 'Disable-MaintenanceMode', 'Enable-MaintenanceMode',
    'Install-OctopusServer', 'Invoke-HydraUpgrade', 'Invoke-OctopusMigration', 'New-OctopusUpgradeSession', 'Remove-OctopusLegacyData',
    'Restore-OctopusDatabase', 'Start-OctopusServerNode', 'Stop-OctopusServerNode', 'Test-OctopusUpgradeReadiness',
    'Test-TentacleHealth', 'Update-OctopusDatabase', 'Update-OctopusTentacle'
)

<#
    Starts the simulated Octopus estate as a process on a free loopback port and returns the first line it prints
    (ServerUrl, ApiKey, HomePath, InstallPath, ControlUrl, ControlToken, ...) with the process added.
#>
function Start-OctopusSandbox {
    param(
        [string] $ServerVersion = '2019.7.12',
        [string[]] $ArgumentList = @()
    )
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($script:SandboxAssembly, 'start', '--server-version', $ServerVersion, '--port', '0', '--time-scale', '50') + $ArgumentList) {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLine()
    if (-not $line) {
        $process.Kill($true)
        throw "The sandbox ($script:SandboxAssembly) printed nothing: build it with 'dotnet build -c Release'."
    }
    $sandbox = $line | ConvertFrom-Json
    $sandbox | Add-Member -NotePropertyName Process -NotePropertyValue $process
    $sandbox | Add-Member -NotePropertyName Key -NotePropertyValue (ConvertTo-SecureString -String $sandbox.ApiKey -AsPlainText -Force)
    $sandbox
}

# The sandbox serves until its standard input closes.
function Stop-OctopusSandbox {
    param($Sandbox)
    if ($null -eq $Sandbox) { return }
    $Sandbox.Process.StandardInput.Close()
    if (-not $Sandbox.Process.WaitForExit(15000)) {
        $Sandbox.Process.Kill($true)
    }
}

# What the sandbox's control endpoint knows, such as the built-in feed's index.
function Invoke-SandboxControl {
    param($Sandbox, [string] $Path, [string] $Method = 'Get')
    Invoke-RestMethod -Method $Method -Uri ($Sandbox.ControlUrl + $Path) -Headers @{ 'X-Sandbox-Token' = $Sandbox.ControlToken }
}

# The built-in feed's package count as the server's API reports it.
function Get-FeedPackageCount {
    param($Sandbox)
    $headers = @{ 'X-Octopus-ApiKey' = $Sandbox.ApiKey }
    (Invoke-RestMethod -Uri ($Sandbox.ServerUrl + 'api/Spaces-1/packages?take=1') -Headers $headers).TotalResults
}

<#
    Lays out a built-in feed of real NuGet packages (a zip with the .nuspec the server indexes, and a pseudo-random
    payload of -Size bytes), flat in one folder as the sandbox's server keeps them, and returns its folder.
#>
function New-PackageFeed {
    param(
        [Parameter(Mandatory)] [string] $Path,
        [int] $PackageCount = 3,
        [int] $Size = 4096,
        # One package of this id and version instead (the Hydra package, say).
        [string] $PackageId,
        [string] $PackageVersion
    )
    $null = New-Item -ItemType Directory -Path $Path -Force
    if ($PackageId) { $PackageCount = 1 }
    for ($i = 0; $i -lt $PackageCount; $i++) {
        $id = if ($PackageId) { $PackageId } else { 'Acme.Service{0}' -f ($i % 4) }
        $version = if ($PackageVersion) { $PackageVersion } else { "1.0.$i" }
        $zip = [System.IO.Compression.ZipFile]::Open((Join-Path -Path $Path -ChildPath "$id.$version.nupkg"), 'Create')
        try {
            $writer = [System.IO.StreamWriter]::new($zip.CreateEntry("$id.nuspec").Open())
            $writer.Write("<?xml version=`"1.0`"?><package xmlns=`"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd`"><metadata><id>$id</id><version>$version</version><authors>Acme</authors><description>Test package</description></metadata></package>")
            $writer.Dispose()
            $bytes = [byte[]]::new($Size)
            [System.Random]::new($i + 1).NextBytes($bytes)
            $payload = $zip.CreateEntry('content/payload.bin', 'NoCompression').Open()
            $payload.Write($bytes, 0, $bytes.Length)
            $payload.Dispose()
        }
        finally {
            $zip.Dispose()
        }
    }
    $Path
}

# Read-Host -AsSecureString reads keys from a console, which a process fed from a pipe has not: this stand-in, put
# at the start of a script run with -Answers, reads the next answer line instead, as typing it would give.
$script:ReadHostFromInput = @'
function Read-Host {
    param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString)
    $line = [Console]::In.ReadLine()
    if ($AsSecureString) { ConvertTo-SecureString -String $line -AsPlainText -Force } else { $line }
}
'@

# This PowerShell as a command line: its executable, and the arguments before the script's own ('<PSHOME>/pwsh.dll'
# when it runs as a .NET tool, whose process is dotnet).
function Get-PowerShellCommand {
    $process = (Get-Process -Id $PID).Path
    [string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @(Join-Path -Path $PSHOME -ChildPath 'pwsh.dll') } else { @() }
    [pscustomobject]@{ Path = $process; Arguments = $prefix }
}

<#
    Runs a script in a new PowerShell process (the same PowerShell as this one) and returns its exit code and output
    lines: for what can happen only once in a process, such as a first import or loading another Newtonsoft.Json.
    With -Answers, the process is interactive and reads them, one a line, as a person would type at its prompts.
#>
function Invoke-FreshPowerShell {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string[]] $Answers
    )
    $powerShell = Get-PowerShellCommand
    $process = $powerShell.Path
    [string[]] $prefix = $powerShell.Arguments
    if ($PSBoundParameters.ContainsKey('Answers')) {
        $Script = $script:ReadHostFromInput + "`n" + $Script
    }
    # Output as text without colour codes, whatever the terminal this runs from.
    $Script = "`$PSStyle.OutputRendering = 'PlainText'`n" + $Script
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    $output = if ($PSBoundParameters.ContainsKey('Answers')) {
        $Answers | & $process @prefix -NoProfile -EncodedCommand $encoded 2>&1
    }
    else {
        & $process @prefix -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
    }
    # The child renders its errors with colour codes before they cross the pipe, whatever OutputRendering says.
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output | ForEach-Object { "$_" -replace '\x1b\[[0-9;?]*[A-Za-z]', '' }) }
}
