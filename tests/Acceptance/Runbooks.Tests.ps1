# Runbooks and scheduled tasks: Octopus.Server.exe run by a caller that is not interactive turns into a Windows
# service host unless it is given --console. The sandbox started with --non-interactive behaves that way; the
# module's re-index restart works against it, and the same call without --console is shown to do nothing.

BeforeAll {
    . $PSScriptRoot/Support/AcceptanceSupport.ps1
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    $sandbox = Start-OctopusSandbox -ServerVersion '2019.7.12' -ArgumentList '--non-interactive'
    $home26 = Join-Path -Path $TestDrive -ChildPath 'Octopus26'
    $feed = New-PackageFeed -Path (Join-Path -Path $home26 -ChildPath 'OctopusServer/Repository/Packages') -PackageCount 5
    $tool = Join-Path -Path $sandbox.InstallPath -ChildPath 'Octopus.Server.exe'
}

AfterAll {
    Stop-OctopusSandbox $sandbox
}

Describe 'Octopus.Server.exe for a caller that is not interactive' {
    It 'is what the sandbox started with --non-interactive stands for' {
        (Invoke-SandboxControl $sandbox 'estate').CallerIsInteractive | Should -BeFalse
    }

    It 'does nothing when called without --console: the failure the module''s command lines avoid' {
        $starts = (Invoke-SandboxControl $sandbox 'estate').ServiceStarts
        $output = & $tool service --restart --instance $sandbox.InstanceName
        $LASTEXITCODE | Should -Not -Be 0
        ($output -join "`n") | Should -Match 'Cannot start service from the command line'
        (Invoke-SandboxControl $sandbox 'estate').ServiceStarts | Should -Be $starts
    }
}

Describe 'Copy-NuGetPackages -Reindex from a runbook' {
    It 'restarts the server through Octopus.Server.exe --console and the feed lists every copied package' {
        $before = Get-FeedPackageCount $sandbox
        $starts = (Invoke-SandboxControl $sandbox 'estate').ServiceStarts
        $session = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -HomePath $home26 -InstallPath $sandbox.InstallPath -JournalPath (Join-Path $TestDrive 'runbook.json')
        $result = $session | Copy-NuGetPackages -Reindex -Force -ErrorAction Stop
        $result.Copied | Should -Be 5
        $result.Reindexed | Should -BeTrue
        (Invoke-SandboxControl $sandbox 'estate').ServiceStarts | Should -Be ($starts + 1)
        # Checked from outside the step: the server's API now lists the copied packages.
        Get-FeedPackageCount $sandbox | Should -Be ($before + 5)
        $headers = @{ 'X-Octopus-ApiKey' = $sandbox.ApiKey }
        foreach ($package in Get-ChildItem -LiteralPath $feed -Filter '*.nupkg') {
            $id, $version = $package.BaseName -split '\.(?=\d)', 2
            $found = Invoke-RestMethod -Uri ($sandbox.ServerUrl + "api/Spaces-1/packages?filter=$id&take=100") -Headers $headers
            @($found.Items | Where-Object { $_.PackageId -eq $id -and $_.Version -eq $version }).Count | Should -Be 1
        }
    }

    It 'shows the restart it would run, with --console, under -WhatIf' {
        $script = @"
`$key = ConvertTo-SecureString '$($sandbox.ApiKey)' -AsPlainText -Force
Import-Module '$ModuleManifest'
`$null = New-OctopusUpgradeSession -Server '$($sandbox.ServerUrl)' -ApiKey `$key -HomePath '$home26' -InstallPath '$($sandbox.InstallPath)' -JournalPath '$(Join-Path $TestDrive 'whatif.json')'
Copy-NuGetPackages -Reindex -WhatIf
"@
        $run = Invoke-FreshPowerShell -Script $script
        ($run.Output -join "`n") | Should -Match 'service --console --restart --instance OctopusServer'
    }
}
