#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Acceptance tests against the laid-out module (out/OctopusUpgrade). Run with ./build.ps1 -Task Acceptance,
# under Windows PowerShell 5.1 and under PowerShell 7.4+.

BeforeAll {
    $manifest = Join-Path -Path $PSScriptRoot -ChildPath '../../out/OctopusUpgrade/OctopusUpgrade.psd1'
    Import-Module -Name $manifest -Force -ErrorAction Stop
    $script:key = ConvertTo-SecureString -String 'API-ACCEPTANCE0000000000000000' -AsPlainText -Force
    $script:journal = Join-Path -Path $TestDrive -ChildPath 'journal.json'
}

AfterAll {
    Remove-Module -Name OctopusUpgrade -Force -ErrorAction SilentlyContinue
}

Describe 'The module' {
    It 'exports exactly the commands its manifest lists' {
        $expected = @(
            'Backup-OctopusDatabase', 'Copy-NuGetPackages', 'Enable-MaintenanceMode', 'Invoke-HydraUpgrade',
            'Invoke-OctopusMigration', 'New-OctopusUpgradeSession', 'Test-TentacleHealth'
        )
        $actual = (Get-Command -Module OctopusUpgrade).Name | Sort-Object
        $actual | Should -Be ($expected | Sort-Object)
    }

    It 'loads the build for this edition' {
        $edition = if ($PSVersionTable.PSEdition -eq 'Core') { 'core' } else { 'desktop' }
        (Get-Command -Name New-OctopusUpgradeSession).DLL | Should -BeLike "*$([System.IO.Path]::DirectorySeparatorChar)$edition$([System.IO.Path]::DirectorySeparatorChar)OctopusUpgrade.dll"
    }

    It 'has help for every cmdlet' {
        foreach ($command in Get-Command -Module OctopusUpgrade) {
            (Get-Help -Name $command.Name).Synopsis | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'New-OctopusUpgradeSession' {
    It 'creates a session that renders no secret' {
        $session = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath $journal
        $session.Server | Should -Be ([uri]'https://octopus.example.com/')
        $session.InstanceName | Should -Be 'OctopusServer'
        ($session | Out-String) | Should -Not -Match 'API-ACCEPTANCE'
        ($session | ConvertTo-Json -Depth 3) | Should -Not -Match 'API-ACCEPTANCE'
        Get-Content -LiteralPath $journal -Raw | Should -Not -Match 'API-ACCEPTANCE'
    }

    It 'takes the API key as a credential, as SecretManagement returns it' {
        $credential = [pscredential]::new('apikey', $key)
        $session = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKeyCredential $credential -JournalPath (Join-Path $TestDrive 'credential.json')
        $session | Should -Not -BeNullOrEmpty
    }

    It 'refuses <Case> with error <ErrorId>' -ForEach @(
        @{ Case = 'a relative address'; Server = 'octopus.example.com'; ErrorId = 'SessionServerNotAbsolute' }
        @{ Case = 'plain http to another machine'; Server = 'http://octopus.example.com'; ErrorId = 'SessionInsecureHttp' }
        @{ Case = 'an ftp address'; Server = 'ftp://octopus.example.com'; ErrorId = 'SessionServerSchemeUnsupported' }
    ) {
        { New-OctopusUpgradeSession -Server $Server -ApiKey $key -JournalPath (Join-Path $TestDrive 'x.json') } |
            Should -Throw -ErrorId "$ErrorId,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand"
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

    It 'refuses an empty API key' {
        { New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey ([securestring]::new()) -JournalPath (Join-Path $TestDrive 'y.json') } |
            Should -Throw -ErrorId 'SessionApiKeyEmpty,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand'
    }

    It 'refuses a journal folder it cannot write' {
        $file = Join-Path -Path $TestDrive -ChildPath 'not-a-folder'
        Set-Content -LiteralPath $file -Value 'x'
        { New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath (Join-Path $file 'journal.json') } |
            Should -Throw -ErrorId 'SessionJournalFolderUnwritable,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand'
    }

    It 'checks the values under -WhatIf' {
        { New-OctopusUpgradeSession -Server 'octopus.example.com' -ApiKey $key -WhatIf } |
            Should -Throw -ErrorId 'SessionServerNotAbsolute,OctopusUpgrade.Cmdlets.NewOctopusUpgradeSessionCommand'
    }

    It 'creates nothing under -WhatIf' {
        $path = Join-Path -Path $TestDrive -ChildPath 'whatif.json'
        New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath $path -WhatIf | Should -BeNullOrEmpty
        Test-Path -LiteralPath $path | Should -BeFalse
    }
}

Describe 'Steps not built yet' {
    BeforeAll {
        $script:session = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath (Join-Path $TestDrive 'steps.json')
    }

    It '<Command> stops with <Command>NotAvailableYet rather than pretending' -ForEach @(
        @{ Command = 'Backup-OctopusDatabase'; Arguments = @{} }
        @{ Command = 'Enable-MaintenanceMode'; Arguments = @{} }
        @{ Command = 'Test-TentacleHealth'; Arguments = @{} }
        @{ Command = 'Invoke-HydraUpgrade'; Arguments = @{ Confirm = $false } }
    ) {
        $errorId = ($Command -replace '-', '') + 'NotAvailableYet'
        { $session | & $Command @Arguments -ErrorAction Stop } | Should -Throw -ErrorId "$errorId,*"
    }

    It 'reads a bare number as seconds for a timeout and refuses zero' {
        (Get-Command -Name Enable-MaintenanceMode).Parameters['Timeout'].Attributes.TypeId.Name | Should -Contain 'TimeoutTransformationAttribute'
        { Enable-MaintenanceMode -Timeout 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
    }

    It 'uses the last session when -Session is not given' {
        { Enable-MaintenanceMode -ErrorAction Stop } | Should -Throw -ErrorId 'EnableMaintenanceModeNotAvailableYet,*'
    }
}

Describe 'Copy-NuGetPackages' {
    BeforeAll {
        $script:session = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath (Join-Path $TestDrive 'copy.json')
        $script:source = Join-Path -Path $TestDrive -ChildPath 'Repository/Packages'
        $null = New-Item -ItemType Directory -Path (Join-Path $source 'Acme.Web') -Force
        foreach ($version in '1.0.0', '1.0.1', '1.1.0') {
            $bytes = [byte[]]::new(4096)
            [System.Random]::new([int]($version -replace '\.', '')).NextBytes($bytes)
            [System.IO.File]::WriteAllBytes((Join-Path $source "Acme.Web/Acme.Web.$version.nupkg"), $bytes)
        }
    }

    It 'lists but copies nothing under -WhatIf' {
        $destination = Join-Path -Path $TestDrive -ChildPath 'whatif-packages'
        $session | Copy-NuGetPackages -Source $source -Destination $destination -WhatIf | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Join-Path $destination 'Acme.Web/Acme.Web.1.0.0.nupkg') | Should -BeFalse
    }

    It 'copies every package, then skips them all on a second run' {
        $destination = Join-Path -Path $TestDrive -ChildPath 'Packages'
        $first = $session | Copy-NuGetPackages -Source $source -Destination $destination
        $first.Copied | Should -Be 3
        $first.Failed | Should -Be 0
        $first.Session.Id | Should -Be $session.Id
        (Get-FileHash (Join-Path $destination 'Acme.Web/Acme.Web.1.1.0.nupkg')).Hash |
            Should -Be (Get-FileHash (Join-Path $source 'Acme.Web/Acme.Web.1.1.0.nupkg')).Hash

        $second = Copy-NuGetPackages -Source $source -Destination $destination
        $second.Copied | Should -Be 0
        $second.Skipped | Should -Be 3
    }

    It 'refuses a destination inside the source' {
        { Copy-NuGetPackages -Source $source -Destination (Join-Path $source 'inner') -ErrorAction Stop } |
            Should -Throw -ErrorId 'PackageCopyPathsOverlap,*'
    }
}
