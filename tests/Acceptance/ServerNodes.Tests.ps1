# Stop-OctopusServerNode and Start-OctopusServerNode (issue #12) against a three-node sandbox cluster: one session per
# node (its own URL and install folder), every node drained and stopped, upgraded, started, all at one version.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    $estate = Join-Path $TestDrive 'cluster.json'
    @{ Nodes = @(@{ Name = 'NODE1' }, @{ Name = 'NODE2' }, @{ Name = 'NODE3'; WatchdogIntervalMinutes = 10 }) } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $estate
    $sandbox = Start-OctopusSandbox -ServerVersion '2023.1.9000' -ArgumentList @('--estate', $estate)

    function New-NodeSession([string] $Node) {
        New-OctopusUpgradeSession -Server $sandbox.NodeUrls.$Node -ApiKey $sandbox.Key -InstallPath $sandbox.NodeInstallPaths.$Node -JournalPath (Join-Path $TestDrive "$Node.json")
    }
}

AfterAll {
    Stop-OctopusSandbox $sandbox
}

Describe 'Stop-OctopusServerNode -WhatIf' {
    It 'shows the exact drain, watchdog and stop command lines and changes nothing' {
        $script = @"
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($sandbox.ApiKey)' -AsPlainText -Force
`$null = New-OctopusUpgradeSession -Server '$($sandbox.NodeUrls.NODE3)' -ApiKey `$key -InstallPath '$($sandbox.NodeInstallPaths.NODE3)' -JournalPath '$(Join-Path $TestDrive 'whatif.json')'
Stop-OctopusServerNode -WhatIf
"@
        $run = Invoke-FreshPowerShell -Script $script
        $text = $run.Output -join "`n"
        $exe = Join-Path $sandbox.NodeInstallPaths.NODE3 'Octopus.Server.exe'

        $text | Should -Match ([regex]::Escape("$exe node --console --instance OctopusServer --drain=true --wait=600")) -Because $text
        $text | Should -Match ([regex]::Escape("$exe watchdog --console --delete")) -Because $text
        $text | Should -Match ([regex]::Escape("$exe service --console --stop --instance OctopusServer")) -Because $text
        (Invoke-SandboxControl $sandbox 'nodes/NODE3').ServiceState | Should -Be 'Running'
        (Invoke-SandboxControl $sandbox 'nodes/NODE3').WatchdogInterval | Should -Be 10
    }
}

Describe 'Stopping and starting a three-node cluster' {
    It 'drains and stops every node, and after the upgrade starts them all at the new version' {
        $sessions = 'NODE1', 'NODE2', 'NODE3' | ForEach-Object { New-NodeSession $_ }

        $stopped = $sessions | Stop-OctopusServerNode -Confirm:$false

        $stopped.NodeName | Should -Be @('NODE1', 'NODE2', 'NODE3')
        $stopped | ForEach-Object { $_.IsRunning | Should -BeFalse; $_.IsDrained | Should -BeTrue; $_.Session | Should -Not -BeNullOrEmpty }
        $stopped[2].WatchdogIntervalMinutes | Should -Be 10
        'NODE1', 'NODE2', 'NODE3' | ForEach-Object { (Invoke-SandboxControl $sandbox "nodes/$_").ServiceState | Should -Be 'Stopped' }
        { Invoke-RestMethod -Uri ($sandbox.ServerUrl + 'api') } | Should -Throw

        # Stands in for the MSI on every node and one database upgrade.
        $null = Invoke-SandboxControl $sandbox 'upgrade?version=2024.1.5000' -Method Post

        $started = $sessions | Start-OctopusServerNode

        $started.Version | Should -Be @('2024.1.5000', '2024.1.5000', '2024.1.5000')
        $started | ForEach-Object { $_.IsRunning | Should -BeTrue; $_.IsDrained | Should -BeFalse }
        $started[2].WatchdogIntervalMinutes | Should -Be 10
        (Invoke-SandboxControl $sandbox 'nodes/NODE3').WatchdogInterval | Should -Be 10
        $summary = Invoke-RestMethod -Uri ($sandbox.ServerUrl + 'api/octopusservernodes/summary') -Headers @{ 'X-Octopus-ApiKey' = $sandbox.ApiKey }
        $summary.Nodes | ForEach-Object { $_.Version | Should -Be '2024.1.5000'; $_.IsOffline | Should -BeFalse; $_.IsInMaintenanceMode | Should -BeFalse }
    }
}

Describe 'A session without the install folder' {
    It 'is refused with ServerNodeInstallPathUnknown before anything runs' {
        $session = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -JournalPath (Join-Path $TestDrive 'noinstall.json')

        { Stop-OctopusServerNode -Session $session -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'ServerNodeInstallPathUnknown,OctopusUpgrade.Cmdlets.StopOctopusServerNodeCommand'
        (Invoke-SandboxControl $sandbox 'nodes/NODE1').ServiceState | Should -Not -Be 'Stopped'
    }
}
