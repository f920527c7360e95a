# Install-OctopusServer (issue #12) against the sandbox process: the node's Octopus.Server.exe and msiexec stand-ins,
# a real Windows Installer package the sandbox writes (POST sandbox/msi), which the msiexec stand-in knows.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    $sandbox = Start-OctopusSandbox -ServerVersion '2023.1.9000'
    $node = (Invoke-SandboxControl $sandbox 'estate').NodeName
    $msiexec = Join-Path $sandbox.InstallPath 'msiexec.exe'
    $msi = Join-Path $TestDrive 'Octopus.2024.1.5000-x64.msi'
    $null = Invoke-SandboxControl $sandbox "msi?version=2024.1.5000&path=$([uri]::EscapeDataString($msi))" -Method Post
}

AfterAll {
    Stop-OctopusSandbox $sandbox
}

Describe 'Install-OctopusServer -WhatIf' {
    It 'shows the exact stop and msiexec command lines and changes nothing' {
        $log = Join-Path $TestDrive 'whatif.log'
        $script = @"
Import-Module '$ModuleManifest'
`$key = ConvertTo-SecureString '$($sandbox.ApiKey)' -AsPlainText -Force
`$null = New-OctopusUpgradeSession -Server '$($sandbox.ServerUrl)' -ApiKey `$key -InstallPath '$($sandbox.InstallPath)' -JournalPath '$(Join-Path $TestDrive 'whatif.json')'
Install-OctopusServer -MsiPath '$msi' -LogPath '$log' -MsiexecPath '$msiexec' -WhatIf
"@
        $run = Invoke-FreshPowerShell -Script $script
        $text = $run.Output -join "`n"
        $exe = Join-Path $sandbox.InstallPath 'Octopus.Server.exe'

        $text | Should -Match ([regex]::Escape("$exe service --console --stop --instance OctopusServer")) -Because $text
        $text | Should -Match ([regex]::Escape("$msiexec /i $msi /quiet /norestart RUNMANAGERONEXIT=no /l*v $log")) -Because $text
        $text | Should -Match ([regex]::Escape("$exe version --console --format=json")) -Because $text
        $state = Invoke-SandboxControl $sandbox "nodes/$node"
        $state.ServiceState | Should -Be 'Running'
        $state.InstalledVersion | Should -Be '2023.1.9000'
        Test-Path -LiteralPath $log | Should -BeFalse
    }
}

Describe 'Install-OctopusServer on a stopped node' {
    It 'installs the MSI, confirms the version and leaves the service stopped' {
        $session = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -InstallPath $sandbox.InstallPath -JournalPath (Join-Path $TestDrive 'install.json')
        $null = Invoke-SandboxControl $sandbox "nodes/$node/service/stop" -Method Post

        $installed = $session | Install-OctopusServer -MsiPath $msi -LogPath (Join-Path $TestDrive 'install.log') -MsiexecPath $msiexec -Confirm:$false

        $installed.InstalledVersion | Should -Be '2024.1.5000'
        $installed.RebootRequired | Should -BeFalse
        $installed.StoppedInstances | Should -Be @('OctopusServer')
        $installed.Session | Should -Not -BeNullOrEmpty
        $state = Invoke-SandboxControl $sandbox "nodes/$node"
        $state.InstalledVersion | Should -Be '2024.1.5000'
        $state.ServiceState | Should -Be 'Stopped'
        Get-Content -LiteralPath $installed.LogPath -Raw | Should -Match 'Installation completed successfully'
    }
}

Describe 'Install-OctopusServer rolling back to the previous MSI' {
    It 'refuses the older MSI before anything runs, then uninstalls the installed version with -UninstallMsiPath and installs it' {
        $session = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -InstallPath $sandbox.InstallPath -JournalPath (Join-Path $TestDrive 'rollback.json')
        $previous = Join-Path $TestDrive 'Octopus.2023.1.9000-x64.msi'
        $null = Invoke-SandboxControl $sandbox "msi?version=2023.1.9000&path=$([uri]::EscapeDataString($previous))" -Method Post
        $log = Join-Path $TestDrive 'rollback.log'
        (Invoke-SandboxControl $sandbox "nodes/$node").InstalledVersion | Should -Be '2024.1.5000'

        { $session | Install-OctopusServer -MsiPath $previous -LogPath $log -MsiexecPath $msiexec -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InstallDowngradeNeedsUninstall*'
        Test-Path -LiteralPath $log | Should -BeFalse
        $rolledBack = $session | Install-OctopusServer -MsiPath $previous -UninstallMsiPath $msi -LogPath $log -MsiexecPath $msiexec -Confirm:$false

        $rolledBack.InstalledVersion | Should -Be '2023.1.9000'
        $rolledBack.UninstalledVersion | Should -Be '2024.1.5000'
        (Invoke-SandboxControl $sandbox "nodes/$node").InstalledVersion | Should -Be '2023.1.9000'
        Get-Content -LiteralPath ([IO.Path]::ChangeExtension($log, '.uninstall.log')) -Raw | Should -Match 'Removal completed successfully'
    }
}
