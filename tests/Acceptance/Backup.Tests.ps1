# Backup-OctopusDatabase, Restore-OctopusDatabase and Test-OctopusUpgradeReadiness against the simulated estate
# started as a process, with its SQL Server over TDS: the backup set, -WhatIf, the restore from a piped result,
# the readiness checks as a Pester gate, and no secret in any stream, the journal or the manifest.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    $sandbox = Start-OctopusSandbox -ServerVersion '2019.7.12'
    $journal = Join-Path -Path $TestDrive -ChildPath 'backup.json'
    $session = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -InstallPath $sandbox.InstallPath -SqlConnectionString $sandbox.SqlConnectionString -JournalPath $journal
    $backups = Join-Path -Path $TestDrive -ChildPath 'backups'
    $sqlPassword = [regex]::Match($sandbox.SqlConnectionString, 'Password=([^;]+)').Groups[1].Value
    $masterKey = (Invoke-SandboxControl $sandbox 'master-key').MasterKey
}

AfterAll {
    Stop-OctopusSandbox $sandbox
}

Describe 'Backup-OctopusDatabase' {
    It 'shows the exact T-SQL under -WhatIf and writes nothing' {
        # What if: lines go to the host, so a fresh pwsh prints them where they can be read.
        $run = Invoke-FreshPowerShell -Script @"
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($sandbox.ApiKey)' -AsPlainText -Force
`$null = New-OctopusUpgradeSession -Server '$($sandbox.ServerUrl)' -ApiKey `$key -InstallPath '$($sandbox.InstallPath)' -SqlConnectionString '$($sandbox.SqlConnectionString)' -JournalPath '$(Join-Path $TestDrive 'whatif.json')'
Backup-OctopusDatabase -Path '$backups' -WhatIf
"@
        $said = $run.Output -join "`n"
        $said | Should -Match 'BACKUP DATABASE \[OctopusDeploy\] TO DISK = N''.*\.bak\.partial'' WITH COPY_ONLY, CHECKSUM, INIT, STATS = 10'
        $said | Should -Match 'RESTORE VERIFYONLY FROM DISK'
        Test-Path -LiteralPath $backups | Should -BeFalse
    }

    It 'writes a verified, copy-only backup set with the Master Key, license and configuration' {
        $backup = Backup-OctopusDatabase -Session $session -Path $backups
        $backup.Verified | Should -BeTrue
        $backup.CopyOnly | Should -BeTrue
        $backup.Database | Should -Be 'OctopusDeploy'
        (Get-FileHash -LiteralPath $backup.Path -Algorithm SHA256).Hash | Should -Be $backup.Sha256.ToUpperInvariant()
        $backup.Files.Kind | Should -Be @('Database', 'MasterKey', 'License', 'Configuration')
        $manifest = Get-Content -Raw -LiteralPath $backup.Manifest | ConvertFrom-Json
        $manifest.Header.IsCopyOnly | Should -BeTrue
        $manifest.LastSchemaScript | Should -Be $backup.LastSchemaScript
        $session.Backups.Kind | Should -Contain 'Database'
    }
}

Describe 'Restore-OctopusDatabase' {
    It 'is High impact' {
        (Get-Command -Name Restore-OctopusDatabase).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be 'High'
    }

    It 'restores from a piped backup result and reads the schema history back' {
        $backup = Backup-OctopusDatabase -Session $session -Path $backups -SkipMasterKey -SkipLicense -SkipConfiguration
        $restored = $backup | Restore-OctopusDatabase -Confirm:$false
        $restored.SchemaScriptCount | Should -BeGreaterThan 0
        $restored.LastSchemaScript | Should -Be $backup.LastSchemaScript
        $restored.Session.Id | Should -Be $session.Id
        (Invoke-SandboxControl $sandbox 'sql').UserAccess | Should -Be 'MULTI_USER'
    }

    It 'refuses a backup file that no longer matches its manifest, with BackupHashMismatch' {
        $backup = Backup-OctopusDatabase -Session $session -Path $backups -SkipMasterKey -SkipLicense -SkipConfiguration
        Add-Content -LiteralPath $backup.Path -Value 'damage'
        { Restore-OctopusDatabase -Session $session -Manifest $backup.Manifest -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'BackupHashMismatch,*'
    }
}

Describe 'Test-OctopusUpgradeReadiness' {
    It 'passes every check on a healthy estate, as a Pester gate reads it' {
        $checks = Test-OctopusUpgradeReadiness -Session $session -TargetVersion '2020.6.4'
        $checks.Name | Should -Contain 'SqlServerVersion'
        $checks.Status | Should -Not -Contain 'Fail'
    }

    It 'fails the upgrade-path check for a known broken hop, also as a non-terminating error with its remedy' {
        $checks = Test-OctopusUpgradeReadiness -Session $session -TargetVersion '2023.4.1' -ErrorVariable failures -ErrorAction SilentlyContinue
        ($checks | Where-Object Name -eq 'UpgradePath').Status | Should -Be 'Fail'
        $failures.Count | Should -BeGreaterThan 0
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ReadinessCheckFailed,*'
        $failures[0].Exception.Message | Should -Match 'Remedy: Upgrade to 2021\.1\.8018 first'
    }

    It 'runs the server''s SystemIntegrityCheck task when asked, and the task is there in the server''s list' {
        $checks = Test-OctopusUpgradeReadiness -Session $session -TargetVersion '2020.6.4' -SystemIntegrityCheck -SystemIntegrityCheckTimeout 120
        $integrity = $checks | Where-Object Name -eq 'SystemIntegrity'
        $integrity.Status | Should -Be 'Pass'
        $taskId = [regex]::Match($integrity.Detail, 'ServerTasks-\d+').Value
        $task = Invoke-RestMethod -Uri ($sandbox.ServerUrl + 'api/tasks/' + $taskId) -Headers @{ 'X-Octopus-ApiKey' = $sandbox.ApiKey }
        $task.Name | Should -Be 'SystemIntegrityCheck'
        $task.State | Should -Be 'Success'
    }
}

Describe 'Secrets' {
    It 'never shows the API key, the SQL password or the Master Key in any stream, the journal or the manifest' {
        $everything = & {
            $backup = Backup-OctopusDatabase -Session $session -Path $backups -Verbose
            $backup | Format-List * | Out-String -Width 1000
            $backup | Restore-OctopusDatabase -Confirm:$false -Verbose | Format-List * | Out-String -Width 1000
            Test-OctopusUpgradeReadiness -Session $session -TargetVersion '2023.4.1' -Verbose -ErrorAction Continue | Format-List * | Out-String -Width 1000
            Get-Content -Raw -LiteralPath $backup.Manifest
        } *>&1 | Out-String -Width 1000
        $everything += Get-Content -Raw -LiteralPath $journal
        $everything | Should -Match 'ReadinessCheckFailed|Remedy'
        $everything | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
        $everything | Should -Not -Match ([regex]::Escape($sqlPassword))
        $everything | Should -Not -Match ([regex]::Escape($masterKey))
    }
}
