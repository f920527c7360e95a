# Sessions: creating them, refusing bad input, and how every cmdlet finds its session (-Session by value, by
# property name from a step's result, the runspace's default, SessionNotFound), with positional parameters.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    $key = ConvertTo-SecureString -String 'API-ACCEPTANCE0000000000000000' -AsPlainText -Force
    $sandbox = Start-OctopusSandbox -ServerVersion '2019.7.12'
    $feed = New-PackageFeed -Path (Join-Path $TestDrive 'feed') -PackageCount 2
}

AfterAll {
    Stop-OctopusSandbox $sandbox
}

Describe 'New-OctopusUpgradeSession' {
    It 'creates a session that renders no secret, anywhere' {
        $journal = Join-Path -Path $TestDrive -ChildPath 'journal.json'
        $session = New-OctopusUpgradeSession 'https://octopus.example.com' -ApiKey $key -JournalPath $journal
        $session.Server | Should -Be ([uri]'https://octopus.example.com/')
        $session.InstanceName | Should -Be 'OctopusServer'
        ($session | Out-String -Width 120) | Should -Not -Match 'API-ACCEPTANCE'
        ($session | Format-List * | Out-String -Width 120) | Should -Not -Match 'API-ACCEPTANCE'
        ($session | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue) | Should -Not -Match 'API-ACCEPTANCE'
        Get-Content -LiteralPath $journal -Raw | Should -Not -Match 'API-ACCEPTANCE'
    }

    It 'takes the API key as a credential, as SecretManagement returns it, and calls the server with that key' {
        # The user name is not part of the key; the password is the key, and the server is what shows it was used.
        $credential = [pscredential]::new('apikey', $sandbox.Key)
        $session = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKeyCredential $credential -JournalPath (Join-Path $TestDrive 'credential.json')
        $results = Test-TentacleHealth -Session $session
        $results.MachineName | Sort-Object | Should -Be @('db01', 'web01', 'web02', 'web03')
        $results | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty

        $otherKey = [pscredential]::new('apikey', $key)
        $refused = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKeyCredential $otherKey -JournalPath (Join-Path $TestDrive 'credential-refused.json')
        { Test-TentacleHealth -Session $refused } | Should -Throw -ErrorId 'OctopusApiUnauthorized,OctopusUpgrade.Cmdlets.TestTentacleHealthCommand'
        Get-Content -LiteralPath (Join-Path $TestDrive 'credential.json') -Raw | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
    }

    It 'refuses <Case> with <ErrorId> and names the bad value' -ForEach @(
        @{ Case = 'a relative address'; Server = 'octopus.example.com'; ErrorId = 'SessionServerNotAbsolute' }
        @{ Case = 'plain http to another machine'; Server = 'http://octopus.example.com'; ErrorId = 'SessionInsecureHttp' }
        @{ Case = 'an ftp address'; Server = 'ftp://octopus.example.com'; ErrorId = 'SessionServerSchemeUnsupported' }
    ) {
        $err = { New-OctopusUpgradeSession -Server $Server -ApiKey $key -JournalPath (Join-Path $TestDrive 'x.json') } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match ([regex]::Escape($Server))
    }

    It 'refuses <Case> with error <ErrorId>, repeating no secret' -ForEach @(
        @{ Case = 'a file address'; Arguments = @{ Server = 'file:///etc/passwd' }; ErrorId = 'SessionServerSchemeUnsupported' }
        @{ Case = 'a server with a line break'; Arguments = @{ Server = "https://octopus.example.com/`nX-Injected: 1" }; ErrorId = 'SessionServerHasControlCharacter' }
        @{ Case = 'an API key with CR LF'; Arguments = @{ ApiKey = (ConvertTo-SecureString -String "API-ACCEPTANCE0000000000000000`r`n" -AsPlainText -Force) }; ErrorId = 'SessionApiKeyInvalidCharacter' }
        @{ Case = 'an instance name with a line break'; Arguments = @{ InstanceName = "Octopus`nServer" }; ErrorId = 'SessionInstanceNameInvalid' }
        @{ Case = 'a missing install folder'; Arguments = @{ InstallPath = 'TestDrive:/no-such-folder' }; ErrorId = 'SessionInstallPathNotFound' }
        @{ Case = 'a misspelt password keyword'; Arguments = @{ SqlConnectionString = 'Server=sql01;User ID=octo;Passwd=Acceptance-Sql-Pw1' }; ErrorId = 'SessionSqlConnectionStringKeywordUnknown' }
        @{ Case = 'a bad target version equal to the SQL password'; Arguments = @{ SqlConnectionString = 'Server=sql01;User ID=octo;Password=Acceptance-Sql-Pw1'; TargetVersion = 'Acceptance-Sql-Pw1' }; ErrorId = 'SessionTargetVersionInvalid' }
    ) {
        $parameters = @{ Server = 'https://octopus.example.com'; ApiKey = $key; JournalPath = (Join-Path $TestDrive 'refused.json') }
        foreach ($name in $Arguments.Keys) { $parameters[$name] = $Arguments[$name] }

        $thrown = { New-OctopusUpgradeSession @parameters } |
            Should -Throw -ErrorId "$ErrorId,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand" -PassThru
        ($thrown | Out-String) | Should -Not -Match 'Acceptance-Sql-Pw1|ACCEPTANCE0000'
        "$($thrown.TargetObject)" | Should -Not -Match 'Acceptance-Sql-Pw1|ACCEPTANCE0000'
    }

    It 'refuses an empty API key with SessionApiKeyEmpty' {
        { New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey ([securestring]::new()) -JournalPath (Join-Path $TestDrive 'y.json') } |
            Should -Throw -ErrorId 'SessionApiKeyEmpty,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand'
    }

    It 'refuses a SQL login without a password, and names no secret' {
        $login = [pscredential]::new('octopus_upgrade', [securestring]::new())
        $err = { New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -SqlConnectionString 'Server=sql01;Database=Octopus' -SqlCredential $login -JournalPath (Join-Path $TestDrive 'sql.json') } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'SessionSql*,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand'
    }

    It 'keeps a SQL password out of every error, even one inside the connection string' {
        # Held in a variable, as a runbook does: a password typed on the command line is in PowerShell's own
        # record of that line, which no module can mask.
        $connectionString = 'Database=Octopus;User ID=sa;Password=Sup3rS3cretSql!'
        $Error.Clear()
        try {
            New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -SqlConnectionString $connectionString -JournalPath (Join-Path $TestDrive 'p.json')
        }
        catch {
            $null = $_
        }
        $text = ($Error | Out-String -Width 500) + ($Error | ForEach-Object { $_.Exception.ToString() }) + (Get-Error -Newest 1 | Out-String -Width 500)
        $text | Should -Match 'SessionSqlServerMissing'
        $text | Should -Not -Match 'Sup3rS3cretSql'
        $text | Should -Not -Match 'API-ACCEPTANCE'
    }

    It 'refuses a journal folder it cannot write with SessionJournalFolderUnwritable' {
        $file = Join-Path -Path $TestDrive -ChildPath 'not-a-folder'
        Set-Content -LiteralPath $file -Value 'x'
        $err = { New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath (Join-Path $file 'journal.json') } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'SessionJournalFolderUnwritable,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'checks the values under -WhatIf, and creates nothing' {
        { New-OctopusUpgradeSession -Server 'octopus.example.com' -ApiKey $key -WhatIf } |
            Should -Throw -ErrorId 'SessionServerNotAbsolute,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand'
        $path = Join-Path -Path $TestDrive -ChildPath 'whatif.json'
        New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath $path -WhatIf | Should -BeNullOrEmpty
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'refuses a journal path on a non-FileSystem drive' {
        { New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath 'Function:\journal.json' } |
            Should -Throw -ErrorId 'PathNotFileSystem,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand'
    }
}

Describe 'How a cmdlet finds its session' {
    BeforeAll {
        $first = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -JournalPath (Join-Path $TestDrive 'first.json')
        $last = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -JournalPath (Join-Path $TestDrive 'last.json')
        $copy = @{ Source = $feed; Destination = (Join-Path $TestDrive 'bound') }
    }

    It 'binds a piped session by value' {
        ($first | Copy-NuGetPackages @copy).Session.Id | Should -Be $first.Id
    }

    It 'binds the Session property of a piped step result by property name' {
        $result = Copy-NuGetPackages @copy -Session $first
        ($result | Copy-NuGetPackages @copy).Session.Id | Should -Be $first.Id
        ([pscustomobject]@{ Session = $first } | Copy-NuGetPackages @copy).Session.Id | Should -Be $first.Id
    }

    It 'uses the session created last in the runspace when none is given' {
        (Copy-NuGetPackages @copy).Session.Id | Should -Be $last.Id
    }

    It '<Command> stops with SessionNotFound in a runspace that has none' -ForEach @(
        @{ Command = 'Copy-NuGetPackages'; Arguments = @{} }
        @{ Command = 'Invoke-HydraUpgrade'; Arguments = @{ HydraPackagePath = 'absent.nupkg' } }
        @{ Command = 'Invoke-OctopusMigration'; Arguments = @{ BackupFile = 'absent.octobak' } }
        @{ Command = 'Remove-OctopusLegacyData'; Arguments = @{ Confirm = $false } }
    ) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Command, $Arguments)
                    Import-Module $Manifest
                    & $Command @Arguments
                }).AddArgument($ModuleManifest).AddArgument($Command).AddArgument($Arguments)
            $null = $ps.Invoke()
            $ps.Streams.Error[0].FullyQualifiedErrorId | Should -Be "SessionNotFound,OctopusUpgrade.Cmdlets.$($Command -replace '-', '')Command"
            $ps.Streams.Error[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'takes positional parameters as documented: <Line>' -ForEach @(
        # No such machines in a session's estate: which of the two errors a test host surfaces first varies.
        @{ Line = "Test-TentacleHealth 'web-*', 'db-01'"; ErrorId = 'TentacleMachineNotFound|TentacleNoMachinesSelected' }
        @{ Line = "Invoke-HydraUpgrade 'web-canary-01' -HydraPackagePath 'absent.nupkg' -Confirm:`$false"; ErrorId = 'HydraPackageNotFound' }
        @{ Line = "Invoke-OctopusMigration 'octopus-26.octobak' -MasterKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -Confirm:`$false"; ErrorId = 'MigrationBackupFileNotFound' }
        @{ Line = "Remove-OctopusLegacyData 'no-such-2.6-home' -Confirm:`$false"; ErrorId = 'MigrationLegacyHomeUnknown' }
    ) {
        $thrown = { Invoke-Expression $Line } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Match "^($ErrorId),"
    }

    It 'reads a bare number as seconds for a timeout, and refuses zero' {
        (Get-Command -Name Enable-MaintenanceMode).Parameters['Timeout'].Attributes.TypeId.Name | Should -Contain 'TimeoutTransformationAttribute'
        { Enable-MaintenanceMode -Timeout 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
        { Enable-MaintenanceMode -Timeout 90 -WaitForTasks -WhatIf -ErrorAction Stop } | Should -Not -Throw
        { Copy-NuGetPackages -ReindexTimeout 'soon' -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
    }
}
