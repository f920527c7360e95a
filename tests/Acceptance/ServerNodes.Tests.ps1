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
    It 'drains and stops every node, upgrades the database from one, and starts them all at the new version' {
        $sessions = 'NODE1', 'NODE2', 'NODE3' | ForEach-Object { New-NodeSession $_ }

        $stopped = $sessions | Stop-OctopusServerNode -Confirm:$false

        $stopped.NodeName | Should -Be @('NODE1', 'NODE2', 'NODE3')
        $stopped | ForEach-Object { $_.IsRunning | Should -BeFalse; $_.IsDrained | Should -BeTrue; $_.Session | Should -Not -BeNullOrEmpty }
        $stopped[2].WatchdogIntervalMinutes | Should -Be 10
        'NODE1', 'NODE2', 'NODE3' | ForEach-Object { (Invoke-SandboxControl $sandbox "nodes/$_").ServiceState | Should -Be 'Stopped' }
        { Invoke-RestMethod -Uri ($sandbox.ServerUrl + 'api') } | Should -Throw

        # The MSI on every node (the sandbox's stand-in for it), then the database upgraded once, from the first node.
        'NODE1', 'NODE2', 'NODE3' | ForEach-Object { $null = Invoke-SandboxControl $sandbox "nodes/$_/install?version=2024.1.5000" -Method Post }
        $upgraded = $sessions[0] | Update-OctopusDatabase -Confirm:$false -WarningAction SilentlyContinue
        $upgraded.TargetVersion | Should -Be '2024.1.5000'

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

Describe 'Update-OctopusDatabase' {
    BeforeAll {
        $single = Start-OctopusSandbox -ServerVersion '2023.1.9000'
        $node = (Invoke-SandboxControl $single 'estate').NodeName
        $session = New-OctopusUpgradeSession -Server $single.ServerUrl -ApiKey $single.Key -InstallPath $single.InstallPath -SqlConnectionString $single.SqlConnectionString -JournalPath (Join-Path $TestDrive 'database.json')
    }

    AfterAll {
        Stop-OctopusSandbox $single
    }

    It 'shows the exact command line under -WhatIf and changes nothing' {
        $script = @"
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($single.ApiKey)' -AsPlainText -Force
`$null = New-OctopusUpgradeSession -Server '$($single.ServerUrl)' -ApiKey `$key -InstallPath '$($single.InstallPath)' -JournalPath '$(Join-Path $TestDrive 'db-whatif.json')'
Update-OctopusDatabase -SkipLicenseCheck -WhatIf
"@
        $text = (Invoke-FreshPowerShell -Script $script).Output -join "`n"

        $text | Should -Match ([regex]::Escape("$(Join-Path $single.InstallPath 'Octopus.Server.exe') database --console --instance OctopusServer --upgrade --skipLicenseCheck")) -Because $text
        (Invoke-SandboxControl $single 'estate').ServerVersion | Should -Be '2023.1.9000'
    }

    It 'upgrades the schema to the installed version once the node is stopped and the MSI installed, and the node starts at it' {
        $null = $session | Stop-OctopusServerNode -Confirm:$false
        $null = Invoke-SandboxControl $single "nodes/$node/install?version=2024.1.5000" -Method Post

        $result = $session | Update-OctopusDatabase -Confirm:$false
        $started = $result | Start-OctopusServerNode

        $result.TargetVersion | Should -Be '2024.1.5000'
        $result.Verified | Should -BeTrue
        $result.ScriptsApplied | Should -BeGreaterThan 0
        $result.Session | Should -Not -BeNullOrEmpty
        (Invoke-SandboxControl $single 'estate').ServerVersion | Should -Be '2024.1.5000'
        $started.Version | Should -Be '2024.1.5000'
    }
}

Describe 'Update-OctopusDatabase in a running cluster' {
    It 'refuses with DatabaseUpgradeNodesRunning while other nodes run, and changes nothing' {
        $viaBalancer = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -InstallPath $sandbox.NodeInstallPaths.NODE1 -JournalPath (Join-Path $TestDrive 'cluster-db.json')

        { Update-OctopusDatabase -Session $viaBalancer -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'DatabaseUpgradeNodesRunning,OctopusUpgrade.Cmdlets.UpdateOctopusDatabaseCommand'
    }
}
