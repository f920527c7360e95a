# Invoke-HydraUpgrade against a 2.6 sandbox process, as an administrator runs it: -WhatIf changes nothing; the upgrade
# is then verified the documented way, Test-TentacleHealth -Expect Unreachable from the same 2.6 server, and each
# Tentacle's version is read from the sandbox itself, not from the cmdlet's own results.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    $sandbox = Start-OctopusSandbox -ServerVersion '2.6.5.1010'
    $hydra = Join-Path (New-PackageFeed -Path (Join-Path $TestDrive 'hydra') -PackageId 'OctopusDeploy.Hydra' -PackageVersion '3.0.10.268') 'OctopusDeploy.Hydra.3.0.10.268.nupkg'
    $legacy = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -JournalPath (Join-Path $TestDrive 'legacy.json')
    $names = @((Invoke-RestMethod -Uri ($sandbox.ServerUrl + 'api/machines') -Headers @{ 'X-Octopus-ApiKey' = $sandbox.ApiKey }).Items.Name)

    function Get-SandboxState {
        $headers = @{ 'X-Octopus-ApiKey' = $sandbox.ApiKey }
        [pscustomobject]@{
            Templates = @((Invoke-RestMethod -Uri ($sandbox.ServerUrl + 'api/actiontemplates') -Headers $headers).Items).Count
            Projects  = @((Invoke-RestMethod -Uri ($sandbox.ServerUrl + 'api/projects') -Headers $headers).Items).Count
            Hydra     = (Invoke-RestMethod -Uri ($sandbox.ServerUrl + 'api/feeds/feeds-builtin/packages?packageId=OctopusDeploy.Hydra') -Headers $headers).Count
            Deploys   = @((Invoke-RestMethod -Uri ($sandbox.ServerUrl + 'api/tasks') -Headers $headers).Items | Where-Object Name -EQ 'Deploy').Count
            Versions  = ($names | ForEach-Object { (Invoke-SandboxControl $sandbox "machines/$_").TentacleVersion }) -join ','
        }
    }
}

AfterAll {
    Stop-OctopusSandbox $sandbox
}

Describe 'Invoke-HydraUpgrade from a 2.6 server' {
    It 'shows each API call under -WhatIf and changes nothing' {
        $before = Get-SandboxState
        $run = Invoke-FreshPowerShell -Script @"
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($sandbox.ApiKey)' -AsPlainText -Force
`$legacy = New-OctopusUpgradeSession -Server '$($sandbox.ServerUrl)' -ApiKey `$key -JournalPath '$(Join-Path $TestDrive 'whatif.json')'
Invoke-HydraUpgrade -Session `$legacy -HydraPackagePath '$hydra' -CanaryRole web-server -WhatIf
"@
        $text = $run.Output -join "`n"

        $text | Should -Match 'What if: .*POST /api/packages/raw' -Because $text
        $text | Should -Match "What if: .*Hydra - Update Octopus Tentacle"
        $text | Should -Match 'What if: .*canary wave.*POST /api/deployments'
        $after = Get-SandboxState
        ($after | ConvertTo-Json -Compress) | Should -Be ($before | ConvertTo-Json -Compress)
        $after.Hydra | Should -Be 0
        $after.Versions | Should -Not -Match '3\.0\.10\.268'
    }

    It 'upgrades every Tentacle, which Test-TentacleHealth -Expect Unreachable then passes at the new version' {
        $results = Invoke-HydraUpgrade -Session $legacy -HydraPackagePath $hydra -VerifyDelay 3 -RetryInterval 2 -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue

        $results.Count | Should -Be $names.Count
        $results | Where-Object { -not $_.Upgraded } | Should -BeNullOrEmpty
        $results | ForEach-Object { $_.Session.Id | Should -Be $legacy.Id }
        ($warnings -join "`n") | Should -Match 'Local System'
        (Get-SandboxState).Versions | Should -Be ((@('3.0.10.268') * $names.Count) -join ',')

        $health = Test-TentacleHealth -Session $legacy -Expect Unreachable -ExpectedVersion 3.0.10.268 -RetryCount 0
        $health.Count | Should -Be $names.Count
        $health | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
        $health | ForEach-Object { $_.TentacleVersion | Should -Be '3.0.10.268' }
    }

    It 'plans to reuse the package, step template, lifecycle and project on a second run' {
        $run = Invoke-FreshPowerShell -Script @"
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($sandbox.ApiKey)' -AsPlainText -Force
`$legacy = New-OctopusUpgradeSession -Server '$($sandbox.ServerUrl)' -ApiKey `$key -JournalPath '$(Join-Path $TestDrive 'again.json')'
Invoke-HydraUpgrade -Session `$legacy -HydraPackagePath '$hydra' -WhatIf
"@
        $text = $run.Output -join "`n"

        $text | Should -Match 'What if: .*Create a release' -Because $text
        $text | Should -Not -Match 'POST /api/packages/raw|Create the step template|Create the lifecycle|Create the project'
        $state = Get-SandboxState
        ($state.Templates, $state.Projects, $state.Hydra) | Should -Be @(1, 1, 1)
    }
}
