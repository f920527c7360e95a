# Invoke-OctopusMigration and Remove-OctopusLegacyData against two simulated estates started as processes: a 2.6
# server whose Backup task makes the .octobak, and a new, empty 2018.10 server with its own license that the
# Octopus.Migrator.exe stand-in imports into. The exact command lines under -WhatIf, the import checked over the
# API with the saved license re-applied, the Master Key in no stream and no journal, and the 2.6 folders removed
# only once the journal shows the import and the package copy.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop

    $legacyEstate = Join-Path -Path $TestDrive -ChildPath 'legacy.json'
    @{
        ServerVersion = '2.6.5.1010'
        Environments  = @('Development', 'Production')
        Machines      = @(@{ Name = 'web01'; Environments = @('Development'); Roles = @('web-server') }, @{ Name = 'db01'; Environments = @('Production'); Roles = @('db-server') })
        Projects      = @('Acme Web', 'Acme Database')
        Packages      = @(@{ Id = 'Acme.Web'; Version = '1.0.0' }, @{ Id = 'Acme.Database'; Version = '2.3.1' })
    } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $legacyEstate
    $targetEstate = Join-Path -Path $TestDrive -ChildPath 'target.json'
    @{ ServerVersion = '2018.10.0'; License = @{ SerialNumber = '2-NEW-INSTALL-TRIAL' } } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $targetEstate

    $legacy = Start-OctopusSandbox -ServerVersion '2.6.5.1010' -ArgumentList '--estate', $legacyEstate
    $target = Start-OctopusSandbox -ServerVersion '2018.10.0' -ArgumentList '--estate', $targetEstate
    $masterKeyText = (Invoke-SandboxControl $legacy 'master-key').MasterKey
    $masterKey = ConvertTo-SecureString -String $masterKeyText -AsPlainText -Force

    $legacySession = New-OctopusUpgradeSession -Server $legacy.ServerUrl -ApiKey $legacy.Key -InstallPath $legacy.InstallPath -HomePath $legacy.HomePath -JournalPath (Join-Path $TestDrive 'legacy-journal.json')
    $backup = Backup-OctopusDatabase -Session $legacySession -Path (Join-Path $TestDrive 'backups') -SkipConfiguration
    $journal = Join-Path -Path $TestDrive -ChildPath 'target-journal.json'
    $targetSession = New-OctopusUpgradeSession -Server $target.ServerUrl -ApiKey $target.Key -InstallPath $target.InstallPath -HomePath $target.HomePath -JournalPath $journal

    function Get-Api($Sandbox, [string] $Path) {
        Invoke-RestMethod -Uri ($Sandbox.ServerUrl + $Path) -Headers @{ 'X-Octopus-ApiKey' = $Sandbox.ApiKey }
    }
}

AfterAll {
    Stop-OctopusSandbox $target
    Stop-OctopusSandbox $legacy
}

Describe 'Invoke-OctopusMigration' {
    It 'shows the exact command lines under -WhatIf, the Master Key masked, and imports nothing' {
        # What if: lines go to the host, so a fresh pwsh prints them where they can be read.
        $run = Invoke-FreshPowerShell -Script @"
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($target.ApiKey)' -AsPlainText -Force
`$masterKey = ConvertTo-SecureString '$masterKeyText' -AsPlainText -Force
`$null = New-OctopusUpgradeSession -Server '$($target.ServerUrl)' -ApiKey `$key -InstallPath '$($target.InstallPath)' -JournalPath '$(Join-Path $TestDrive 'whatif.json')'
Invoke-OctopusMigration -BackupFile '$($backup.Path)' -MasterKey `$masterKey -MaxAge 30 -NoLogs -WhatIf
"@
        $said = ($run.Output -join "`n") -replace '\r?\n', ''
        $said | Should -Match ([regex]::Escape('Octopus.Migrator.exe migrate --console --instance=OctopusServer --file=' + $backup.Path + ' --master-key=******** --maxage=30 --nologs'))
        $said | Should -Match ([regex]::Escape('Octopus.Server.exe license --console --instance OctopusServer --licenseFile='))
        $said | Should -Not -Match ([regex]::Escape($masterKeyText))
        (Invoke-SandboxControl $target 'estate').Machines | Should -Be 0
    }

    It 'imports the backup with -MaxAge, checks it over the API, and re-applies the saved license' {
        $verbose = Invoke-OctopusMigration -Session $targetSession -BackupFile $backup.Path -MasterKey $masterKey -MaxAge 30 -Confirm:$false -Verbose 4>&1
        $result = $verbose | Where-Object { $_ -is [OctopusUpgrade.Results.MigrationResult] }

        $result.Verified | Should -BeTrue
        $result.Machines | Should -Be 2
        $result.Projects | Should -Be 2
        $result.LicenseApplied | Should -BeTrue
        $result.CommandLine | Should -Match '--maxage=30'
        $result.Session.Id | Should -Be $targetSession.Id
        (Get-Api $target 'api/machines/all').Name | Sort-Object | Should -Be @('db01', 'web01')
        (Get-Api $target 'api/projects/all').Name | Sort-Object | Should -Be @('Acme Database', 'Acme Web')
        (Get-Api $target 'api/licenses/licenses-current').SerialNumber | Should -Be (Get-Api $legacy 'api/licenses/licenses-current').SerialNumber
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'Migration completed'
        ($verbose | Out-String) | Should -Not -Match ([regex]::Escape($masterKeyText))
        Get-Content -Raw -LiteralPath $journal | Should -Not -Match ([regex]::Escape($masterKeyText))
    }

    It 'fails with a wrong Master Key, names no key, and the journal says failed' {
        $wrong = ConvertTo-SecureString -String 'AAAAAAAAAAAAAAAAAAAAAA==' -AsPlainText -Force
        $thrown = { Invoke-OctopusMigration -Session $targetSession -BackupFile $backup.Path -MasterKey $wrong -Preview -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'OctopusToolFailed,*' -PassThru
        $thrown.Exception.Message | Should -Not -Match 'AAAAAAAAAAAAAAAAAAAAAA=='
        (Get-Content -Raw -LiteralPath $journal | ConvertFrom-Json).Records[-1].Outcome | Should -Be 'Failed'
    }
}

Describe 'Remove-OctopusLegacyData' {
    It 'refuses while the journal does not show the package copy, and removes nothing' {
        { Remove-OctopusLegacyData -Session $targetSession -HomePath $legacy.HomePath -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'MigrationLegacyDataStillNeeded,*'
        Test-Path -LiteralPath (Join-Path $legacy.HomePath 'RavenDB') | Should -BeTrue
    }

    It 'removes exactly the named 2.6 folders once the packages are copied, and leaves the rest' {
        $destination = Join-Path -Path $TestDrive -ChildPath 'copied-packages'
        $null = Copy-NuGetPackages -Session $targetSession -Source (Join-Path $legacy.HomePath 'OctopusServer/Repository/Packages') -Destination $destination -Confirm:$false

        $removed = Remove-OctopusLegacyData -Session $targetSession -HomePath $legacy.HomePath -Confirm:$false

        $removed.Removed.Count | Should -Be 6
        $removed.FreedBytes | Should -BeGreaterThan 0
        foreach ($folder in 'Backup', 'OctopusServer/ActivityLogs', 'OctopusServer/Actors', 'OctopusServer/Repository', 'PackageCache', 'RavenDB') {
            Test-Path -LiteralPath (Join-Path $legacy.HomePath $folder) | Should -BeFalse
        }
        Test-Path -LiteralPath (Join-Path $legacy.HomePath 'Logs') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $legacy.HomePath 'OctopusServer') | Should -BeTrue
        Test-Path -LiteralPath $backup.Path | Should -BeTrue
    }
}
