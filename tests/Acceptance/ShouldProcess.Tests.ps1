# -WhatIf, -Confirm and $ConfirmPreference against each cmdlet's ConfirmImpact, and what the prompts say.
# A runspace without a host cannot ask: a cmdlet that wants to ask fails there with HostFunctionNotImplemented,
# which is how these tests tell "asked" from "did not ask". The prompts' words are read from a real pwsh process
# that answers them from its standard input.

BeforeDiscovery {
    $impacts = @(
        @{ Command = 'New-OctopusUpgradeSession'; Impact = 'Low' }
        @{ Command = 'Copy-NuGetPackages'; Impact = 'Medium' }
        @{ Command = 'Backup-OctopusDatabase'; Impact = 'Medium' }
        @{ Command = 'Enable-MaintenanceMode'; Impact = 'Medium' }
        @{ Command = 'Invoke-HydraUpgrade'; Impact = 'High' }
        @{ Command = 'Invoke-OctopusMigration'; Impact = 'High' }
        @{ Command = 'Remove-OctopusLegacyData'; Impact = 'High' }
    )
    # The server cmdlets stop, install on and start a node, so they run against a sandbox of their own, in this order.
    $serverImpacts = @(
        @{ Command = 'Stop-OctopusServerNode'; Impact = 'High' }
        @{ Command = 'Install-OctopusServer'; Impact = 'High' }
        @{ Command = 'Update-OctopusDatabase'; Impact = 'High' }
        @{ Command = 'Start-OctopusServerNode'; Impact = 'Medium' }
    )
    $order = @{ Low = 1; Medium = 2; High = 3 }
    $cases = foreach ($entry in $impacts) {
        foreach ($preference in 'Low', 'Medium', 'High') {
            @{ Command = $entry.Command; Impact = $entry.Impact; Preference = $preference; Asks = $order[$entry.Impact] -ge $order[$preference] }
        }
    }
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    $sandbox = Start-OctopusSandbox -ServerVersion '2019.7.12'
    $feed = New-PackageFeed -Path (Join-Path $TestDrive 'feed') -PackageCount 2
    # Hydra runs only from a 2.6 server; its verification waits are shortened to the sandbox's scaled time.
    $legacySandbox = Start-OctopusSandbox -ServerVersion '2.6.5.1010'
    $hydraPackage = Join-Path (New-PackageFeed -Path (Join-Path $TestDrive 'hydra') -PackageId 'OctopusDeploy.Hydra' -PackageVersion '3.0.10.268') 'OctopusDeploy.Hydra.3.0.10.268.nupkg'

    # Runs one cmdlet in a runspace without a host, under a given $ConfirmPreference; returns the error id or 'done'.
    function Invoke-WithoutHost([string] $Command, [string] $Preference, [hashtable] $Extra = @{}, $Target = $sandbox, [string] $Msi) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Sandbox, $Feed, $Folder, $Command, $Preference, $Extra, $LegacySandbox, $HydraPackage, $Msi)
                    Import-Module $Manifest
                    $key = ConvertTo-SecureString $Sandbox.ApiKey -AsPlainText -Force
                    $null = New-OctopusUpgradeSession -Server $Sandbox.ServerUrl -ApiKey $key -InstallPath $Sandbox.InstallPath -SqlConnectionString $Sandbox.SqlConnectionString -JournalPath (Join-Path $Folder 'default.json') -Confirm:$false
                    $arguments = switch ($Command) {
                        'New-OctopusUpgradeSession' { @{ Server = $Sandbox.ServerUrl; ApiKey = $key; JournalPath = (Join-Path $Folder 'new.json') } }
                        'Copy-NuGetPackages' { @{ Source = $Feed; Destination = (Join-Path $Folder 'copy') } }
                        'Invoke-OctopusMigration' {
                            # Not a real backup: the migrator, once it runs, refuses it (OctopusToolFailed), which proves nothing asked first.
                            $null = New-Item -ItemType Directory -Path $Folder -Force
                            Set-Content -LiteralPath (Join-Path $Folder 'octopus-26.octobak') -Value 'not a backup'
                            @{ BackupFile = (Join-Path $Folder 'octopus-26.octobak'); MasterKey = $key }
                        }
                        'Remove-OctopusLegacyData' {
                            $null = New-Item -ItemType Directory -Path (Join-Path $Folder 'Octopus/RavenDB') -Force
                            @{ HomePath = (Join-Path $Folder 'Octopus'); Force = $true }
                        }
                        'Install-OctopusServer' { @{ MsiPath = $Msi; MsiexecPath = (Join-Path $Sandbox.InstallPath 'msiexec.exe'); LogPath = (Join-Path $Folder 'install.log') } }
                        'Invoke-HydraUpgrade' {
                            $legacyKey = ConvertTo-SecureString $LegacySandbox.ApiKey -AsPlainText -Force
                            $legacy = New-OctopusUpgradeSession -Server $LegacySandbox.ServerUrl -ApiKey $legacyKey -JournalPath (Join-Path $Folder 'legacy.json') -Confirm:$false
                            @{ Session = $legacy; HydraPackagePath = $HydraPackage; VerifyDelay = 3; RetryInterval = 2 }
                        }
                        default { @{} }
                    }
                    $ConfirmPreference = $Preference
                    try {
                        $null = & $Command @arguments @Extra -ErrorAction Stop
                        'done'
                    }
                    catch {
                        $_.FullyQualifiedErrorId -replace ',.*$'
                    }
                }).AddParameters(@{
                    Manifest = $ModuleManifest; Sandbox = $Target; Feed = $feed; Folder = (Join-Path $TestDrive ([guid]::NewGuid()))
                    Command = $Command; Preference = $Preference; Extra = $Extra; LegacySandbox = $legacySandbox; HydraPackage = $hydraPackage; Msi = $Msi
                })
            @($ps.Invoke())[-1]
        }
        finally {
            $ps.Dispose()
        }
    }

    # How a cmdlet ends when nothing asked: done, or the migrator refusing the placeholder backup.
    function Get-RanOutcome([string] $Command) {
        @('done') + @(if ($Command -eq 'Invoke-OctopusMigration') { 'OctopusToolFailed' })
    }
}

AfterAll {
    Stop-OctopusSandbox $sandbox
    Stop-OctopusSandbox $legacySandbox
}

Describe '$ConfirmPreference and ConfirmImpact' {
    It '<Command> (<Impact>) asks under $ConfirmPreference = <Preference>: <Asks>' -ForEach $cases {
        $outcome = Invoke-WithoutHost -Command $Command -Preference $Preference
        if ($Asks) {
            $outcome | Should -Be 'HostFunctionNotImplemented'
        }
        else {
            $outcome | Should -BeIn (Get-RanOutcome $Command)
        }
    }

    It '<Command> does not ask with -Confirm:$false, even under $ConfirmPreference = Low' -ForEach $impacts {
        Invoke-WithoutHost -Command $Command -Preference 'Low' -Extra @{ Confirm = $false } |
            Should -BeIn (Get-RanOutcome $Command)
    }

    It '<Command> does nothing under -WhatIf, and does not ask' -ForEach $impacts {
        Invoke-WithoutHost -Command $Command -Preference 'Low' -Extra @{ WhatIf = $true } | Should -Be 'done'
    }

    It 'Test-TentacleHealth queues only a Health task, so it takes -WhatIf at Low impact' {
        $command = Get-Command -Name Test-TentacleHealth
        $command.Parameters.ContainsKey('WhatIf') | Should -BeTrue
        $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'Low'
    }
}

Describe 'The server cmdlets, on a sandbox of their own' {
    BeforeAll {
        $server = Start-OctopusSandbox -ServerVersion '2023.1.9000'
        $node = (Invoke-SandboxControl $server 'estate').NodeName
        $msi = Join-Path $TestDrive 'Octopus.2024.1.5000-x64.msi'
        $null = Invoke-SandboxControl $server "msi?version=2024.1.5000&path=$([uri]::EscapeDataString($msi))" -Method Post

        # What the node's machine shows: its service and the installed binaries.
        function Get-NodeState {
            $machine = Invoke-SandboxControl $server "nodes/$node"
            "$($machine.ServiceState) $($machine.InstalledVersion)"
        }
    }

    AfterAll {
        Stop-OctopusSandbox $server
    }

    It '<Command> (<Impact>) asks under $ConfirmPreference = <Impact>, and changes nothing' -ForEach $serverImpacts {
        Invoke-WithoutHost -Command $Command -Preference $Impact -Target $server -Msi $msi | Should -Be 'HostFunctionNotImplemented'
        Get-NodeState | Should -Be 'Running 2023.1.9000'
    }

    It '<Command> does nothing under -WhatIf, and does not ask' -ForEach $serverImpacts {
        Invoke-WithoutHost -Command $Command -Preference 'Low' -Extra @{ WhatIf = $true } -Target $server -Msi $msi | Should -Be 'done'
        Get-NodeState | Should -Be 'Running 2023.1.9000'
    }

    It 'each runs with -Confirm:$false under $ConfirmPreference = Low, without asking: stop, install, database upgrade, start' {
        $runs = @(
            @{ Command = 'Stop-OctopusServerNode'; After = 'Stopped 2023.1.9000' }
            @{ Command = 'Install-OctopusServer'; After = 'Stopped 2024.1.5000' }
            @{ Command = 'Update-OctopusDatabase'; After = 'Stopped 2024.1.5000' }
            @{ Command = 'Start-OctopusServerNode'; After = 'Running 2024.1.5000' }
        )
        foreach ($run in $runs) {
            Invoke-WithoutHost -Command $run.Command -Preference 'Low' -Extra @{ Confirm = $false } -Target $server -Msi $msi | Should -Be 'done' -Because $run.Command
            Get-NodeState | Should -Be $run.After -Because $run.Command
        }
        (Invoke-SandboxControl $server 'estate').ServerVersion | Should -Be '2024.1.5000'
    }
}

Describe 'What the copy and its re-index ask' {
    BeforeAll {
        function New-ChildScript([string] $Body, [switch] $WithoutInstallPath) {
            $install = if ($WithoutInstallPath) { '' } else { "-InstallPath '$($sandbox.InstallPath)'" }
            @"
`$key = ConvertTo-SecureString '$($sandbox.ApiKey)' -AsPlainText -Force
Import-Module '$ModuleManifest'
`$null = New-OctopusUpgradeSession -Server '$($sandbox.ServerUrl)' -ApiKey `$key $install -JournalPath '$(Join-Path $TestDrive ([guid]::NewGuid()))/j.json'
$Body
"@
        }
    }

    It 'names the destination in the copy prompt' {
        $destination = Join-Path -Path $TestDrive -ChildPath 'prompted-copy'
        $run = Invoke-FreshPowerShell -Script (New-ChildScript "Copy-NuGetPackages -Source '$feed' -Destination '$destination' -Confirm") -Answers 'N'
        $prompt = ($run.Output -join "`n")
        $prompt | Should -Match '\[Y\] Yes'
        # PowerShell's prompt: the question, then 'Performing the operation "…" on target "<destination>".', wrapped
        # at the console's width where a space falls.
        ($prompt -replace '\r?\n', '') | Should -Match ('on target "' + [regex]::Escape($destination) + '"')
        Test-Path -LiteralPath $destination | Should -BeFalse
    }

    It 'asks before restarting the service for -Reindex at the default $ConfirmPreference (High)' {
        $destination = Join-Path -Path $TestDrive -ChildPath 'reindex-copy'
        $run = Invoke-FreshPowerShell -Script (New-ChildScript "Copy-NuGetPackages -Source '$feed' -Destination '$destination' -Reindex") -Answers 'N', 'N', 'N'
        ($run.Output -join "`n") | Should -Match '(?s)restart.*\[Y\] Yes'
        (Invoke-SandboxControl $sandbox 'service').State | Should -Be 'Running'
    }

    It 'warns under -WhatIf when the session has no -InstallPath, rather than show a placeholder command line' {
        $run = Invoke-FreshPowerShell -Script (New-ChildScript "Copy-NuGetPackages -Source '$feed' -Destination '$(Join-Path $TestDrive 'no-install')' -Reindex -WhatIf -WarningVariable warned 3>`$null; 'warnings:' + `$warned.Count; `$warned | ForEach-Object { 'warning:' + `$_ }" -WithoutInstallPath)
        $text = $run.Output -join "`n"
        $text | Should -Not -Match '<install folder>'
        $text | Should -Match '(?m)^warning:.*InstallPath'
    }
}
