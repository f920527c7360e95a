# Every help example that can run against the sandbox runs, as written, in a fresh pwsh that answers its prompts
# from standard input; so does the README's pipeline. Examples that need Windows (the registry, UNC shares, D:\)
# or SecretManagement are not run here.

BeforeDiscovery {
    # Command, example number, what the output must show. "Answers" are typed at the prompts, one a line.
    $examples = @(
        @{ Command = 'Copy-NuGetPackages'; Number = 1; Expect = '(?m)^\s+6\s+0\s+0\s.*True' }
        @{ Command = 'Copy-NuGetPackages'; Number = 3; Expect = 'What if: .*Copy \(Missing\)' }
        @{ Command = 'Copy-NuGetPackages'; Number = 4; Expect = '(?m)^\s+6\s+0\s+0\s' }
        @{ Command = 'Copy-NuGetPackages'; Number = 5; Expect = 'pester:Passed' }
        @{ Command = 'New-OctopusUpgradeSession'; Number = 1; Expect = '(?m)^InstanceName\s+: OctopusServer' }
        @{ Command = 'New-OctopusUpgradeSession'; Number = 7; Expect = 'pester:Passed' }
        @{ Command = 'Invoke-HydraUpgrade'; Number = 5; Expect = '(?m)^Download the Hydra package first\.$' }
        @{ Command = 'Invoke-OctopusMigration'; Number = 6; Expect = '(?m)^MigrationBackupFileNotFound,OctopusUpgrade.Cmdlets.InvokeOctopusMigrationCommand$' }
        @{ Command = 'Test-TentacleHealth'; Number = 2; Expect = '(?m)^web03\s+True' }
        @{ Command = 'Enable-MaintenanceMode'; Number = 2; Expect = 'finished while we waited; maintenance mode was off before' }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    $pester = (Get-Module -Name Pester).Path

    # A fresh sandbox and 2.6 home folder for each example, so each sees the estate its text expects.
    function Invoke-Example([string] $Code, [string[]] $Answers) {
        $sandbox = Start-OctopusSandbox -ServerVersion '2019.7.12'
        try {
            $folder = Join-Path -Path $TestDrive -ChildPath ([guid]::NewGuid())
            $home26 = Join-Path -Path $folder -ChildPath 'Octopus'
            $null = New-PackageFeed -Path (Join-Path $home26 'OctopusServer/Repository/Packages') -PackageCount 6
            $script = @"
Import-Module '$pester'
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($sandbox.ApiKey)' -AsPlainText -Force
`$apiKey = `$key
`$masterKey = ConvertTo-SecureString 'master-key-of-the-2.6-server' -AsPlainText -Force
`$target = New-OctopusUpgradeSession -Server '$($sandbox.ServerUrl)' -ApiKey `$key -HomePath '$home26' -InstallPath '$($sandbox.InstallPath)' -JournalPath '$folder/target.json'
`$legacy = `$target
Set-Location -LiteralPath '$folder'
$Code
"@
            Invoke-FreshPowerShell -Script $script -Answers $Answers
        }
        finally {
            Stop-OctopusSandbox $sandbox
        }
    }
}

Describe 'Help examples, run as written' {
    It '<Command> example <Number> runs' -ForEach $examples {
        Import-Module -Name $ModuleManifest -Force
        $code = ((Get-Help -Name $Command).examples.example | Where-Object title -like "Example ${Number}:*").code
        $code | Should -Not -BeNullOrEmpty
        $code = $code -replace 'https://octo\.example\.com', 'https://octopus.example.com'
        if ($code -match '^\s*(It|Describe) ') {
            $wrapped = if ($code -match '^\s*It ') { "Describe 'Example' {`n$code`n}" } else { $code }
            $code = "`$run = Invoke-Pester -Container (New-PesterContainer -ScriptBlock { $wrapped }) -Output Detailed -PassThru`n'pester:' + `$run.Result"
        }
        # The API key the first examples read with Read-Host, then Yes to every prompt.
        $run = Invoke-Example -Code $code -Answers @('API-TYPEDATTHEPROMPT0000000000', 'Y', 'Y', 'Y')
        $text = $run.Output -join "`n"
        $text | Should -Match $Expect -Because $text
    }
}

Describe 'The README' {
    It 'runs its pipeline as written, against the sandbox in place of the server and its folders' {
        $readme = Get-Content -LiteralPath (Join-Path $RepositoryRoot 'README.md') -Raw
        $pipeline = [regex]::Match($readme, '(?s)## A pipeline.*?```powershell\r?\n(.*?)```').Groups[1].Value
        $pipeline | Should -Match 'New-OctopusUpgradeSession'
        $pipeline | Should -Match 'Copy-NuGetPackages'
        $sandbox = Start-OctopusSandbox -ServerVersion '2019.7.12'
        try {
            $home26 = Join-Path -Path $TestDrive -ChildPath 'readme/Octopus'
            $null = New-PackageFeed -Path (Join-Path $home26 'OctopusServer/Repository/Packages') -PackageCount 6
            $code = $pipeline.Replace('https://octopus.example.com', $sandbox.ServerUrl).Replace('C:\Octopus', $home26).Replace("'C:\Program Files\Octopus Deploy\Octopus'", "'$($sandbox.InstallPath)'")
            $run = Invoke-FreshPowerShell -Script "Import-Module '$ModuleManifest'`n$code" -Answers @($sandbox.ApiKey, 'Y', 'Y', 'Y')
        }
        finally {
            Stop-OctopusSandbox $sandbox
        }
        $text = $run.Output -join "`n"
        $text | Should -Match '(?m)^\s+6\s+0\s+0\s.*True\s+9\s' -Because $text
        $text | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
    }
}
