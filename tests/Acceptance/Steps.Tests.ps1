#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Acceptance tests of the step shape every cmdlet shares (issue #7): -WhatIf and -Confirm over a step's planned
# actions, a High-impact action under a Medium cmdlet, sessions reopened from their journal, and error records
# whose exception a script can catch by type. None of them needs an Octopus Server: the folders are given.

BeforeAll {
    $manifest = Join-Path -Path $PSScriptRoot -ChildPath '../../out/OctopusUpgrade/OctopusUpgrade.psd1'
    Import-Module -Name $manifest -Force -ErrorAction Stop
    $script:key = ConvertTo-SecureString -String 'API-STEPSACCEPTANCE00000000000' -AsPlainText -Force
    $script:source = Join-Path -Path $TestDrive -ChildPath 'Repository/Packages'
    $null = New-Item -ItemType Directory -Path (Join-Path $source 'Acme.Web') -Force
    foreach ($version in '1.0.0', '1.0.1') {
        [System.IO.File]::WriteAllBytes((Join-Path $source "Acme.Web/Acme.Web.$version.nupkg"), [byte[]](1..64))
    }
}

AfterAll {
    Remove-Module -Name OctopusUpgrade -Force -ErrorAction SilentlyContinue
}

Describe 'A step''s actions under -WhatIf' {
    It 'warns that -Reindex would be refused when the session does not know the install folder' {
        $session = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -InstallPath '' -JournalPath (Join-Path $TestDrive 'noinstall.json')
        $destination = Join-Path $TestDrive 'noinstall-packages'

        $result = $session | Copy-NuGetPackages -Source $source -Destination $destination -Reindex -WhatIf -WarningVariable warnings -WarningAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match 'PackageReindexInstallPathUnknown'
        Test-Path -LiteralPath $destination | Should -BeFalse
    }
}

Describe 'The service restart behind -Reindex' {
    It 'asks at the default $ConfirmPreference, so a host that cannot ask copies nothing' {
        $journal = Join-Path $TestDrive 'restart.json'
        $destination = Join-Path $TestDrive 'restart-packages'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Manifest, $Key, $Source, $Destination, $Journal, $InstallPath)
                Import-Module -Name $Manifest
                $session = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $Key -InstallPath $InstallPath -JournalPath $Journal
                Copy-NuGetPackages -Session $session -Source $Source -Destination $Destination -Reindex
            }).AddParameters(@{ Manifest = $manifest; Key = $key; Source = $source; Destination = $destination; Journal = $journal; InstallPath = $TestDrive })

            $null = $ps.Invoke()
            $ps.HadErrors | Should -BeTrue
            $ps.Streams.Error[0].FullyQualifiedErrorId | Should -Be 'HostFunctionNotImplemented,OctopusUpgrade.Cmdlets.CopyNuGetPackagesCommand'
            $ps.Streams.Error[0].Exception.Message | Should -Match 'Restart the Octopus Server service'
        }
        finally {
            $ps.Dispose()
        }

        Test-Path -LiteralPath (Join-Path $destination 'Acme.Web/Acme.Web.1.0.0.nupkg') | Should -BeFalse
        (Get-Content -Raw $journal | ConvertFrom-Json).Records | Should -BeNullOrEmpty
    }
}

Describe 'The service restart behind -Reindex, answered in advance' {
    It 'runs without asking under <Answer>: the restart is not held back, and its tool is checked before the first byte' -ForEach @(
        @{ Answer = '-Force'; Arguments = @{ Force = $true } }
        @{ Answer = '-Confirm:$false'; Arguments = @{ Confirm = $false } }
    ) {
        # No Octopus.Server.exe in the install folder: reaching OctopusToolNotFound proves the restart was not held back,
        # and the tool is checked before anything is copied (issue 9, item 10).
        $name = $Answer -replace '\W', ''
        $session = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -InstallPath $TestDrive -JournalPath (Join-Path $TestDrive "$name.json")
        $destination = Join-Path $TestDrive "$name-packages"

        { Copy-NuGetPackages -Session $session -Source $source -Destination $destination -Reindex -ErrorAction Stop @Arguments } |
            Should -Throw -ErrorId 'OctopusToolNotFound,*'
        Test-Path -LiteralPath (Join-Path $destination 'Acme.Web/Acme.Web.1.0.0.nupkg') | Should -BeFalse
    }
}

Describe 'A session reopened from its journal' {
    It 'has the same id, settings and facts, and continues the same journal' {
        $journal = Join-Path $TestDrive 'reopen.json'
        $first = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -InstanceName 'Production' -HomePath $TestDrive -JournalPath $journal
        $null = $first | Copy-NuGetPackages -Source $source -Destination (Join-Path $TestDrive 'reopen-packages')

        $reopened = New-OctopusUpgradeSession -Journal $journal -ApiKey $key

        $reopened.Id | Should -Be $first.Id
        $reopened.InstanceName | Should -Be 'Production'
        $reopened.HomePath | Should -Be $first.HomePath
        $reopened.JournalSteps | Should -Be 1
        $reopened.JournalPath | Should -Be $first.JournalPath
    }

    It 'is refused with JournalInUse while another live session writes the journal, and reopens once that session is disposed' {
        $journal = Join-Path $TestDrive 'locked.json'
        $first = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath $journal
        $null = New-OctopusUpgradeSession -Server 'https://octopus.example.com' -ApiKey $key -JournalPath (Join-Path $TestDrive 'other.json')

        { New-OctopusUpgradeSession -Journal $journal -ApiKey $key } | Should -Throw -ErrorId 'JournalInUse,*'

        $first.Dispose()
        $reopened = New-OctopusUpgradeSession -Journal $journal -ApiKey $key
        $again = New-OctopusUpgradeSession -Journal $journal -ApiKey $key
        $again.Id | Should -Be $first.Id
        { $null = $reopened | Copy-NuGetPackages -Source $source -Destination (Join-Path $TestDrive 'locked-packages') -ErrorAction Stop } |
            Should -Throw -ErrorId 'JournalClosed,*'
        Test-Path -LiteralPath (Join-Path $TestDrive 'locked-packages/Acme.Web/Acme.Web.1.0.0.nupkg') | Should -BeFalse
        $null = $again | Copy-NuGetPackages -Source $source -Destination (Join-Path $TestDrive 'locked-packages')
        $again.JournalSteps | Should -BeGreaterThan 0
    }

    It 'is refused with <ErrorId> when the journal <Case>' -ForEach @(
        @{ Case = 'is cut short'; Content = '{"Format":"OctopusUpgrade.Journal/2","SessionId":"'; ErrorId = 'JournalCorrupt' }
        @{ Case = 'comes from a later release'; Content = '{"Format":"OctopusUpgrade.Journal/9","Records":[]}'; ErrorId = 'JournalFormatUnknown' }
    ) {
        $journal = Join-Path $TestDrive "refused-$ErrorId.json"
        Set-Content -LiteralPath $journal -Value $Content -NoNewline

        { New-OctopusUpgradeSession -Journal $journal -ApiKey $key } | Should -Throw -ErrorId "$ErrorId,*"
        Get-Content -Raw -LiteralPath $journal | Should -Be $Content
    }
}

Describe 'Error records' {
    It 'carry an exception a script can catch by type, and answer to an id''s former name' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Manifest)
                Import-Module -Name $Manifest
                try {
                    Copy-NuGetPackages -Source $HOME -Destination (Join-Path $HOME 'x') -ErrorAction Stop
                }
                catch [OctopusUpgrade.Errors.OctopusUpgradeErrorException] {
                    [pscustomobject]@{
                        FullyQualifiedErrorId = $_.FullyQualifiedErrorId
                        ErrorId               = $_.Exception.ErrorId
                        Category              = $_.Exception.Category
                        FormerId              = $_.Exception.PreviousErrorId
                        AnswersToFormerId     = $_.Exception.Is('NoUpgradeSession')
                    }
                }
            }).AddParameter('Manifest', $manifest)
            $caught = $ps.Invoke()
        }
        finally {
            $ps.Dispose()
        }

        $caught.FullyQualifiedErrorId | Should -Be 'SessionNotFound,OctopusUpgrade.Cmdlets.CopyNuGetPackagesCommand'
        $caught.ErrorId | Should -Be 'SessionNotFound'
        "$($caught.Category)" | Should -Be 'InvalidOperation'
        $caught.FormerId | Should -Be 'NoUpgradeSession'
        $caught.AnswersToFormerId | Should -BeTrue
    }
}
