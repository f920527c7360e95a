# Importing the module as an administrator would: once, again, with -Force, after Remove-Module, in a second
# runspace, under strict mode, beside another Newtonsoft.Json; and its exports and help.

BeforeDiscovery {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
}

Describe 'Importing OctopusUpgrade' {
    It 'imports into a fresh PowerShell, twice, with -Force, and after Remove-Module' {
        $run = Invoke-FreshPowerShell -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
Import-Module '$ModuleManifest'
'first:' + (Get-Command -Module OctopusUpgrade).Count
Import-Module '$ModuleManifest' -Force
'force:' + (Get-Command -Module OctopusUpgrade).Count
Remove-Module OctopusUpgrade
'removed:' + @(Get-Module OctopusUpgrade).Count
Import-Module '$ModuleManifest'
'again:' + (Get-Command -Module OctopusUpgrade).Count
`$key = ConvertTo-SecureString 'API-IMPORT000000000000000000000' -AsPlainText -Force
'session:' + (New-OctopusUpgradeSession -Server https://octopus.example.com -ApiKey `$key -JournalPath '$(Join-Path -Path $TestDrive -ChildPath 'import.json')').InstanceName
"@
        $count = $Cmdlets.Count
        $run.Output | Should -Be @("first:$count", "force:$count", 'removed:0', "again:$count", 'session:OctopusServer')
        $run.ExitCode | Should -Be 0
    }

    It 'imports and runs under Set-StrictMode -Version Latest in the caller' {
        $run = Invoke-FreshPowerShell -Script @"
Set-StrictMode -Version Latest
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString 'API-STRICT000000000000000000000' -AsPlainText -Force
`$session = New-OctopusUpgradeSession -Server https://octopus.example.com -ApiKey `$key -JournalPath '$(Join-Path -Path $TestDrive -ChildPath 'strict.json')'
`$session | Out-String -Width 120 | Out-Null
try { Invoke-HydraUpgrade -HydraPackagePath '$(Join-Path -Path $TestDrive -ChildPath 'absent.nupkg')' -Confirm:`$false } catch { `$_.FullyQualifiedErrorId }
"@
        $run.Output | Should -Be @('HydraPackageNotFound,OctopusUpgrade.Cmdlets.InvokeHydraUpgradeCommand')
    }

    It 'uses its own Newtonsoft.Json after another version was loaded into the default context first' {
        # PowerShell 7.6 ships Newtonsoft.Json 13.0.4 and loads it at start-up; the module ships 13.0.3.
        $run = Invoke-FreshPowerShell -Script @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path (Join-Path `$PSHOME 'Newtonsoft.Json.dll')
`$before = [Newtonsoft.Json.JsonConvert].Assembly
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString 'API-ISOLATION0000000000000000000' -AsPlainText -Force
`$journal = '$(Join-Path -Path $TestDrive -ChildPath 'isolation.json')'
`$null = New-OctopusUpgradeSession -Server https://octopus.example.com -ApiKey `$key -JournalPath `$journal
`$context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -eq 'OctopusUpgrade'
`$ours = `$context.Assemblies | Where-Object { `$_.GetName().Name -eq 'Newtonsoft.Json' }
`$engine = `$context.Assemblies | Where-Object { `$_.GetName().Name -eq 'OctopusUpgrade.Engine' }
'default:' + [Diagnostics.FileVersionInfo]::GetVersionInfo(`$before.Location).FileVersion
'still-default:' + ([Newtonsoft.Json.JsonConvert].Assembly -eq `$before)
'ours:' + [Diagnostics.FileVersionInfo]::GetVersionInfo(`$ours.Location).FileVersion
'ours-folder:' + (Split-Path (Split-Path `$ours.Location -Parent) -Leaf)
'engine-context:' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).Name
'engine-uses:' + (`$engine.GetReferencedAssemblies() | Where-Object Name -eq 'Newtonsoft.Json' | ForEach-Object { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$engine).LoadFromAssemblyName(`$_).Location -eq `$ours.Location })
'journal-written:' + (Test-Path `$journal)
"@
        $run.Output | Should -Be @(
            'default:13.0.4.30916', 'still-default:True', 'ours:13.0.3.27908', 'ours-folder:dependencies',
            'engine-context:OctopusUpgrade', 'engine-uses:True', 'journal-written:True')
    }

    It 'refuses a second copy of the module from another folder in the same process' {
        $copy = Join-Path -Path $TestDrive -ChildPath 'other/OctopusUpgrade'
        Copy-Item -LiteralPath (Split-Path -Path $ModuleManifest -Parent) -Destination $copy -Recurse
        $run = Invoke-FreshPowerShell -Script @"
Import-Module '$ModuleManifest' -ErrorAction Stop
try { Import-Module '$copy/OctopusUpgrade.psd1' -Force -ErrorAction Stop; 'imported' }
catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }
(Get-Command New-OctopusUpgradeSession).DLL
"@
        $run.Output[0] | Should -BeLike 'ModuleLoadedFromAnotherFolder*'
        $run.Output[1] | Should -BeLike "*already loaded in this PowerShell process from*Start a new PowerShell session*"
        $run.Output[2] | Should -BeLike "$(Split-Path -Path $ModuleManifest -Parent)*"
    }

    It 'works in a second runspace of the same process, with its own default session' {
        $key = ConvertTo-SecureString -String 'API-RUNSPACE00000000000000000000' -AsPlainText -Force
        $null = New-OctopusUpgradeSession -Server https://first.example.com -ApiKey $key -JournalPath (Join-Path $TestDrive 'first.json')
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Journal)
                    Import-Module $Manifest -ErrorAction Stop
                    $before = try { Enable-MaintenanceMode -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
                    $key = ConvertTo-SecureString 'API-SECOND0000000000000000000000' -AsPlainText -Force
                    $session = New-OctopusUpgradeSession -Server https://second.example.com -ApiKey $key -JournalPath $Journal
                    $before, $session.Server.Host
                }).AddArgument($ModuleManifest).AddArgument((Join-Path $TestDrive 'second.json'))
            $output = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $output[0] | Should -BeLike 'SessionNotFound,*'
            $output[1] | Should -Be 'second.example.com'
        }
        finally {
            $ps.Dispose()
        }
        # This runspace's default session is still the first: the cmdlet gets past finding it, to the missing file.
        { Invoke-OctopusMigration -BackupFile 'octopus-26.octobak' -MasterKey (ConvertTo-SecureString 'k' -AsPlainText -Force) -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'MigrationBackupFileNotFound,*'
    }

    It 'loads the build for this edition' {
        (Get-Command -Name New-OctopusUpgradeSession).DLL | Should -BeLike ([System.IO.Path]::Combine('*', 'core', 'OctopusUpgrade.dll'))
    }
}

Describe 'The exports' {
    It 'are exactly the cmdlets the manifest lists' {
        $manifest = Import-PowerShellDataFile -Path $ModuleManifest
        (Get-Command -Module OctopusUpgrade).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $manifest.CmdletsToExport | Sort-Object | Should -Be ($Cmdlets | Sort-Object)
        (Get-Module -Name OctopusUpgrade).ExportedFunctions.Count | Should -Be 0
        (Get-Module -Name OctopusUpgrade).ExportedAliases.Count | Should -Be 0
    }
}

Describe 'Get-Help -Full for <_>' -ForEach $Cmdlets {
    BeforeAll {
        $help = Get-Help -Name $_ -Full
        $command = Get-Command -Name $_
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "*$($_ -replace '-', '*')*[<]*"
        ($help.description.Text -join ' ') | Should -Match '\w+ \w+ \w+'
    }

    It 'describes every parameter with the type it really has' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $names = $command.Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($name in $names) {
            $entry = $help.parameters.parameter | Where-Object name -eq $name
            $entry | Should -Not -BeNullOrEmpty -Because "-$name needs help"
            ($entry.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
            $type = $command.Parameters[$name].ParameterType
            $shown = if ($type -eq [System.Management.Automation.SwitchParameter]) { 'SwitchParameter' }
            elseif ([Nullable]::GetUnderlyingType($type)) { 'Nullable[{0}]' -f [Nullable]::GetUnderlyingType($type).Name }
            else { $type.Name }
            $entry.type.name | Should -Be $shown -Because "-$name is a $($type.FullName)"
        }
    }

    It 'has at least one example with code and remarks' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($example in $help.examples.example) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join ' ') | Should -Not -BeNullOrEmpty
        }
    }

    It 'has an online address that Get-Help -Online opens' {
        $command.HelpUri | Should -Match '^https://'
        if (-not $IsLinux) { return }
        # Get-Help -Online hands the address to the system's browser opener: a stand-in records what it is given.
        $opener = Join-Path -Path $TestDrive -ChildPath 'bin'
        $null = New-Item -ItemType Directory -Path $opener -Force
        $record = Join-Path -Path $TestDrive -ChildPath 'opened.txt'
        Remove-Item -LiteralPath $record -ErrorAction SilentlyContinue
        # Written aside and renamed, so the file appears only complete.
        Set-Content -LiteralPath (Join-Path $opener 'xdg-open') -Value "#!/bin/sh`necho `"`$1`" > '$record.tmp' && mv '$record.tmp' '$record'"
        & chmod +x (Join-Path $opener 'xdg-open')
        $path = $env:PATH
        try {
            $env:PATH = $opener + [System.IO.Path]::PathSeparator + $path
            Get-Help -Name $_ -Online
        }
        finally {
            $env:PATH = $path
        }
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (-not (Test-Path -LiteralPath $record) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        (Get-Content -LiteralPath $record -Raw).Trim() | Should -Be $command.HelpUri
    }
}
