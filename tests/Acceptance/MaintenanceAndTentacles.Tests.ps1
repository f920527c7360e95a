#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Enable-MaintenanceMode, Disable-MaintenanceMode, Test-TentacleHealth and Update-OctopusTentacle (issue #10)
# against the simulated Octopus estate started as a process, as an administrator would drive them.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    $modern = Start-OctopusSandbox -ServerVersion '2019.7.12' -ArgumentList @('--offline', 'web02')
    $legacy = Start-OctopusSandbox -ServerVersion '2.6.5'
    $modernSession = New-OctopusUpgradeSession -Server $modern.ServerUrl -ApiKey $modern.Key -JournalPath (Join-Path $TestDrive 'modern.json')
    $legacySession = New-OctopusUpgradeSession -Server $legacy.ServerUrl -ApiKey $legacy.Key -JournalPath (Join-Path $TestDrive 'legacy.json')
}

AfterAll {
    Stop-OctopusSandbox $modern
    Stop-OctopusSandbox $legacy
}

Describe 'Enable-MaintenanceMode and Disable-MaintenanceMode' {
    It 'changes nothing under -WhatIf' {
        Enable-MaintenanceMode -Session $modernSession -WaitForTasks -WhatIf | Should -BeNullOrEmpty
        (Invoke-SandboxControl $modern 'estate').IsInMaintenanceMode | Should -BeFalse
    }

    It 'turns it on, reads it back, and turns it off again as found' {
        $on = Enable-MaintenanceMode -Session $modernSession -WaitForTasks -Timeout 60
        $on.IsInMaintenanceMode | Should -BeTrue
        $on.WasInMaintenanceMode | Should -BeFalse
        $on.Session | Should -Be $modernSession
        (Invoke-SandboxControl $modern 'estate').IsInMaintenanceMode | Should -BeTrue

        # Already on, the plan has nothing to change; -WhatIf still runs nothing and journals nothing.
        $records = @((Get-Content -Raw (Join-Path $TestDrive 'modern.json') | ConvertFrom-Json).Records).Count
        Enable-MaintenanceMode -Session $modernSession -WhatIf | Should -BeNullOrEmpty
        @((Get-Content -Raw (Join-Path $TestDrive 'modern.json') | ConvertFrom-Json).Records).Count | Should -Be $records

        $off = $on | Disable-MaintenanceMode
        $off.IsInMaintenanceMode | Should -BeFalse
        (Invoke-SandboxControl $modern 'estate').IsInMaintenanceMode | Should -BeFalse
    }

    It 'says what to do by hand on a 2.6 server, with a stable id' {
        $err = { Enable-MaintenanceMode -Session $legacySession -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'MaintenanceNotAvailable,OctopusUpgrade.Cmdlets.EnableMaintenanceModeCommand'
        $err.Exception.Message | Should -Match 'Configuration, Maintenance'
    }
}

Describe 'Test-TentacleHealth' {
    It 'writes one result per Tentacle and a per-machine error for the one that is offline' {
        $results = Test-TentacleHealth -Session $modernSession -RetryCount 1 -RetryInterval 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.MachineName | Sort-Object | Should -Be @('db01', 'web01', 'web02', 'web03')
        ($results | Where-Object { -not $_.Passed }).MachineName | Should -Be 'web02'
        ($results | Where-Object MachineName -eq 'web02').Attempts | Should -Be 2
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'TentacleHealthExpectationFailed,OctopusUpgrade.Cmdlets.TestTentacleHealthCommand'
        $failures[0].TargetObject | Should -Be 'web02'
    }

    It 'reads 2.6 machines in their own shape and their four-part versions' {
        $results = Test-TentacleHealth -Session $legacySession -ExpectedVersion 2.6.5
        $results | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
        $results.TentacleVersion | Sort-Object -Unique | Should -Be '2.6.5.1010'
    }

    It 'lists the Health task under -WhatIf and queues nothing' {
        $tasks = (Invoke-SandboxControl $modern 'estate').Tasks
        Test-TentacleHealth -Session $modernSession -WhatIf | Should -BeNullOrEmpty
        (Invoke-SandboxControl $modern 'estate').Tasks | Should -Be $tasks
    }
}

Describe 'Update-OctopusTentacle' {
    It 'is refused on a 2.6 server, pointing to Invoke-HydraUpgrade' {
        { Update-OctopusTentacle -Session $legacySession -ErrorAction Stop } |
            Should -Throw -ErrorId 'TentacleUpgradeNeedsModernServer,OctopusUpgrade.Cmdlets.UpdateOctopusTentacleCommand'
    }

    It 'reports the offline machine as not upgraded and the others from their versions read afterwards' {
        $results = Update-OctopusTentacle -Session $modernSession -BatchSize 2 -ErrorVariable failures -ErrorAction SilentlyContinue
        $results | Should -HaveCount 4
        ($results | Where-Object MachineName -eq 'web02').Upgraded | Should -BeFalse
        $failures.TargetObject | Should -Be 'web02'
        $results | Where-Object { $_.MachineName -ne 'web02' -and -not ($_.Upgraded -or $_.Skipped) } | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-HydraUpgrade -ServerMapping' {
    It 'refuses a mapping that would strand polling Tentacles, before asking anything' {
        { Invoke-HydraUpgrade -Session $legacySession -HydraPackagePath (Join-Path $TestDrive 'absent.nupkg') -ServerMapping 'https://old:10943=>https://new:10943/' -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'TentacleServerMappingInvalid,OctopusUpgrade.Cmdlets.InvokeHydraUpgradeCommand'
    }
}
