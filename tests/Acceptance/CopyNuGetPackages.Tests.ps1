# Copy-NuGetPackages against the simulated Octopus estate, started as a process: the copy, -WhatIf, re-index,
# error records, Ctrl+C, progress and formatting, as an administrator would drive them.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    Import-Module -Name $ModuleManifest -Force -ErrorAction Stop
    $sandbox = Start-OctopusSandbox -ServerVersion '2019.7.12'

    # The 2.6 home folder whose built-in feed is copied (C:\Octopus on a default install).
    $home26 = Join-Path -Path $TestDrive -ChildPath 'Octopus26'
    $feed = New-PackageFeed -Path (Join-Path -Path $home26 -ChildPath 'OctopusServer/Repository/Packages') -PackageCount 6
    $target = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -HomePath $home26 -InstallPath $sandbox.InstallPath -JournalPath (Join-Path $TestDrive 'target.json')
    $serverPackages = Join-Path -Path $sandbox.HomePath -ChildPath 'Packages/Spaces-1'

    # Half a gigabyte in large (sparse) files, copied one at a time: long enough to stop part-way.
    $big = Join-Path -Path $TestDrive -ChildPath 'big'
    $bigSize = 64 * 1024 * 1024
    $null = New-Item -ItemType Directory -Path (Join-Path $big 'Acme.Big') -Force
    foreach ($i in 1..8) {
        $file = [System.IO.File]::Create((Join-Path $big "Acme.Big/Acme.Big.1.0.$i.nupkg"))
        $file.SetLength($bigSize)
        $file.Dispose()
    }

    function Get-Tree([string] $Path) {
        if (-not (Test-Path -LiteralPath $Path)) { return @() }
        Get-ChildItem -LiteralPath $Path -Recurse -File | ForEach-Object { '{0} {1}' -f $_.FullName.Substring($Path.Length), $_.Length } | Sort-Object
    }
}

AfterAll {
    Stop-OctopusSandbox $sandbox
}

Describe 'Copy-NuGetPackages -WhatIf' {
    It 'changes nothing on disk or in the feed, though it plans copies' {
        $before = Get-Tree $serverPackages
        $count = Get-FeedPackageCount $sandbox
        $result = Copy-NuGetPackages -Session $target -Reindex -WhatIf
        $result | Should -BeNullOrEmpty
        Get-Tree $serverPackages | Should -Be $before
        Get-FeedPackageCount $sandbox | Should -Be $count
        (Invoke-SandboxControl $sandbox 'service').State | Should -Be 'Running'
    }

    It 'refuses -<Parameter> <Path> on a non-FileSystem drive instead of planning a copy to the server''s folder' -ForEach @(
        @{ Parameter = 'Destination'; Path = 'Function:\' }
        @{ Parameter = 'Destination'; Path = 'Variable:\' }
        @{ Parameter = 'Destination'; Path = 'Env:\PATH' }
        @{ Parameter = 'Source'; Path = 'Function:\' }
    ) {
        $before = Get-Tree $serverPackages
        $arguments = @{ Session = $target; WhatIf = $true; ErrorAction = 'Stop'; $Parameter = $Path }
        $err = { Copy-NuGetPackages @arguments } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'PathNotFileSystem,OctopusUpgrade.Cmdlets.CopyNuGetPackagesCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $Path
        Get-Tree $serverPackages | Should -Be $before
    }
}

Describe 'Copying the 2.6 feed to the upgraded server' {
    It 'copies every package, verified, into the server''s own packages folder and re-indexes it' {
        $result = $target | Copy-NuGetPackages -Reindex -Confirm:$false
        $result.Copied | Should -Be 6
        $result.Failed | Should -Be 0
        $result.Destination | Should -Be $serverPackages
        $result.Reindexed | Should -BeTrue
        foreach ($package in Get-ChildItem -LiteralPath $feed -Recurse -File) {
            $copy = Join-Path -Path $serverPackages -ChildPath $package.FullName.Substring($feed.Length)
            (Get-FileHash -LiteralPath $copy).Hash | Should -Be (Get-FileHash -LiteralPath $package.FullName).Hash
        }
        # Checked from outside the step: the server's API and its record of a restart.
        (Invoke-SandboxControl $sandbox 'service').State | Should -Be 'Running'
        Get-FeedPackageCount $sandbox | Should -Be $result.IndexedPackages
        Get-Content -LiteralPath $target.JournalPath -Raw | Should -Match 'Copy-NuGetPackages'
    }

    It 'skips every package on a second run, through the default session' {
        $result = Copy-NuGetPackages
        $result.Copied | Should -Be 0
        $result.Skipped | Should -Be 6
        $result.Session.Id | Should -Be $target.Id
    }

    It 'takes -Source and -Destination by position, relative to the current location' {
        Push-Location -LiteralPath $TestDrive
        try {
            $result = Copy-NuGetPackages 'Octopus26/OctopusServer/Repository/Packages' 'positional' -Session $target
        }
        finally {
            Pop-Location
        }
        $result.Copied | Should -Be 6
        $result.Destination | Should -Be (Join-Path -Path $TestDrive -ChildPath 'positional')
        @(Get-ChildItem -LiteralPath (Join-Path $TestDrive 'positional') -Recurse -Filter '*.nupkg').Count | Should -Be 6
    }
}

Describe 'Errors from Copy-NuGetPackages' {
    BeforeAll {
        $noHome = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -JournalPath (Join-Path $TestDrive 'nohome.json')
        $badKey = ConvertTo-SecureString -String 'API-WRONGWRONGWRONGWRONGWRONG00' -AsPlainText -Force
        $wrongKey = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $badKey -HomePath $home26 -JournalPath (Join-Path $TestDrive 'wrongkey.json')
        # Sessions made here become the default: the tests below name theirs.
        $null = New-OctopusUpgradeSession -Server $sandbox.ServerUrl -ApiKey $sandbox.Key -HomePath $home26 -InstallPath $sandbox.InstallPath -JournalPath (Join-Path $TestDrive 'default.json')
    }

    It 'stops with <ErrorId> (<Category>) for <Case>' -ForEach @(
        @{ Case = 'a missing source'; ErrorId = 'PackageCopySourceNotFound'; Category = 'ObjectNotFound' }
        @{ Case = 'a destination inside the source'; ErrorId = 'PackageCopyPathsOverlap'; Category = 'InvalidArgument' }
        @{ Case = 'the same folder twice'; ErrorId = 'PackageCopySamePath'; Category = 'InvalidArgument' }
        @{ Case = 'a session without a home folder'; ErrorId = 'PackageCopyHomeUnknown'; Category = 'InvalidArgument' }
        @{ Case = 're-index without an install folder'; ErrorId = 'PackageReindexInstallPathUnknown'; Category = 'InvalidOperation' }
        @{ Case = 'a wrong API key'; ErrorId = 'OctopusApiUnauthorized'; Category = 'AuthenticationError' }
    ) {
        # The values exist only when the tests run, after discovery has read the cases.
        $missing = Join-Path $TestDrive 'missing'
        $splat, $expectedTarget = switch ($Case) {
            'a missing source' { @{ Session = $target; Source = $missing; Destination = (Join-Path $TestDrive 'd1') }, $missing }
            'a destination inside the source' { @{ Session = $target; Source = $feed; Destination = (Join-Path $feed 'inner') }, (Join-Path $feed 'inner') }
            'the same folder twice' { @{ Session = $target; Source = $feed; Destination = $feed }, $feed }
            'a session without a home folder' { @{ Session = $noHome; Destination = (Join-Path $TestDrive 'd2') }, $null }
            're-index without an install folder' { @{ Session = $noHome; Source = $feed; Destination = (Join-Path $TestDrive 'd3'); Reindex = $true }, $null }
            'a wrong API key' { @{ Session = $wrongKey }, $null }
        }
        $err = $null
        try {
            $null = Copy-NuGetPackages @splat -Confirm:$false -ErrorAction Stop
        }
        catch {
            $err = $_
        }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,OctopusUpgrade.Cmdlets.CopyNuGetPackagesCommand"
        $err.CategoryInfo.Category | Should -Be $Category
        if ($null -ne $expectedTarget) {
            $err.TargetObject | Should -Be $expectedTarget
        }
        $err.Exception.Message | Should -Not -BeNullOrEmpty
    }

    It 'lets a script go on past the error under -ErrorAction SilentlyContinue, with the error in $Error' {
        # A script of its own, outside any try/catch: there a cmdlet's terminating error ends only its statement.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Session, $Missing)
                    Import-Module $Manifest
                    $result = Copy-NuGetPackages -Session $Session -Source $Missing -Destination "$Missing-copy" -ErrorAction SilentlyContinue
                    'reached'
                    $null -eq $result
                    $Error[0].FullyQualifiedErrorId
                }).AddArgument($ModuleManifest).AddArgument($target).AddArgument((Join-Path $TestDrive 'missing'))
            $output = $ps.Invoke()
        }
        finally {
            $ps.Dispose()
        }
        $output | Should -Be @('reached', $true, 'PackageCopySourceNotFound,OctopusUpgrade.Cmdlets.CopyNuGetPackagesCommand')
    }

    It 'holds no API key in $Error, Get-Error, the exception''s ToString or verbose output' {
        $Error.Clear()
        $verbose = try { Copy-NuGetPackages -Session $wrongKey -Verbose 4>&1 | Out-String } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'OctopusApiUnauthorized,*'
        $Error.Count | Should -BeGreaterThan 0
        $text = @(
            $verbose
            $Error | Out-String -Width 500
            Get-Error -Newest 5 | Out-String -Width 500
            $Error | ForEach-Object { $_.Exception.ToString(); $_.ToString(); $_.TargetObject }
            $Error | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
        ) -join "`n"
        $text | Should -Match 'rejected the API key'
        foreach ($secret in 'API-WRONGWRONGWRONGWRONGWRONG00', $sandbox.ApiKey, 'WRONGWRONGWRONG') {
            $text | Should -Not -Match ([regex]::Escape($secret))
        }
    }

    It 'stops with SessionNotFound in a runspace without a session' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({ param($Manifest) Import-Module $Manifest; Copy-NuGetPackages -Source . -Destination ./x }).AddArgument($ModuleManifest)
            $null = $ps.Invoke()
            $record = $ps.Streams.Error[0]
            $record.FullyQualifiedErrorId | Should -Be 'SessionNotFound,OctopusUpgrade.Cmdlets.CopyNuGetPackagesCommand'
            $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Stopping a long copy with Ctrl+C' {
    BeforeAll {
        $destination = Join-Path -Path $TestDrive -ChildPath 'big-copy'
        $copy = {
            param($Manifest, $Session, $Source, $Destination)
            Import-Module $Manifest
            Copy-NuGetPackages -Session $Session -Source $Source -Destination $Destination -ThrottleLimit 1
        }
    }

    It 'stops the copy before it has finished, leaves no partial file under a final name, and a re-run completes' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript($copy).AddArgument($ModuleManifest).AddArgument($target).AddArgument($big).AddArgument($destination)
            $running = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq 4100 -and $_.PercentComplete -gt 0 -and $_.PercentComplete -lt 100 }) -and -not $running.IsCompleted -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 20
            }
            $running.IsCompleted | Should -BeFalse -Because 'the copy must still be running when it is stopped'
            # Ctrl+C: the stop must end the copy, not let it run to the end; the bound only keeps a hung stop from hanging the run.
            $stopping = $ps.BeginStop($null, $null)
            $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromMinutes(2)) | Should -BeTrue -Because 'a stopped copy must end (hang guard)'
            $ps.EndStop($stopping)
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
        }

        # Every file under a final name is complete; temporary files carry their own suffix.
        foreach ($file in Get-ChildItem -LiteralPath $destination -Recurse -File -Filter '*.nupkg') {
            $file.Length | Should -Be $bigSize
        }
        @(Get-ChildItem -LiteralPath $destination -Recurse -File -Filter '*.nupkg').Count | Should -BeLessThan 8

        $again = Copy-NuGetPackages -Session $target -Source $big -Destination $destination
        $again.Failed | Should -Be 0
        ($again.Copied + $again.Skipped) | Should -Be 8
        @(Get-ChildItem -LiteralPath $destination -Recurse -File).Count | Should -Be 8
    }
}

Describe 'What an administrator sees' {
    It 'reports progress as a child of the cmdlet''s activity, from 0 to 100 %, and completes both' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Session, $Source, $Destination)
                    Import-Module $Manifest
                    Copy-NuGetPackages -Session $Session -Source $Source -Destination $Destination -ThrottleLimit 1
                }).AddArgument($ModuleManifest).AddArgument($target).AddArgument($big).AddArgument((Join-Path $TestDrive 'progress-copy'))
            $null = $ps.Invoke()
            $progress = @($ps.Streams.Progress)
        }
        finally {
            $ps.Dispose()
        }
        $parent = @($progress | Where-Object ActivityId -eq 4000)
        $child = @($progress | Where-Object ActivityId -eq 4100)
        $parent[0].Activity | Should -Be 'Copy-NuGetPackages'
        $parent[0].StatusDescription | Should -Be 'Copying built-in feed packages'
        $parent[-1].RecordType | Should -Be 'Completed'
        $child.Count | Should -BeGreaterThan 1
        $child | ForEach-Object { $_.ParentActivityId | Should -Be 4000 }
        $child[0].Activity | Should -Be 'Copying built-in feed packages'
        $child | Where-Object RecordType -eq 'Processing' | ForEach-Object { $_.PercentComplete | Should -BeIn (0..100) }
        $child[-1].RecordType | Should -Be 'Completed'
        $child[-1].PercentComplete | Should -Be 100
        # The child completes before its parent.
        [array]::IndexOf($progress, $child[-1]) | Should -BeLessThan ([array]::IndexOf($progress, $parent[-1]))
    }

    It 'completes the re-index activity when the re-index times out' {
        # The feed's package count never answers, so the re-index can only time out.
        $slow = Start-OctopusSandbox -ServerVersion '2019.7.12' -ArgumentList @('--fail', '/api/Spaces-1/packages:503:100000')
        try {
            $session = New-OctopusUpgradeSession -Server $slow.ServerUrl -ApiKey $slow.Key -HomePath $home26 -InstallPath $slow.InstallPath -JournalPath (Join-Path $TestDrive 'slow.json')
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript({
                        param($Manifest, $Session, $Source)
                        Import-Module $Manifest
                        Copy-NuGetPackages -Session $Session -Source $Source -Reindex -ReindexTimeout 1 -Confirm:$false
                    }).AddArgument($ModuleManifest).AddArgument($session).AddArgument($feed)
                $null = $ps.Invoke()
                $errors = @($ps.Streams.Error)
                $progress = @($ps.Streams.Progress)
            }
            finally {
                $ps.Dispose()
            }
        }
        finally {
            Stop-OctopusSandbox $slow
        }
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PackageReindexTimedOut,*' -Because "$($errors[0])"
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $reindex = @($progress | Where-Object ActivityId -eq 4101)
        $reindex.Count | Should -BeGreaterThan 0
        $reindex[-1].RecordType | Should -Be 'Completed'
        ($progress | Where-Object ActivityId -eq 4000)[-1].RecordType | Should -Be 'Completed'
    }

    It 'formats the result readably: MiB, MiB/s, a short duration, right-aligned numbers, no secret' {
        $result = Copy-NuGetPackages -Session $target -Source $feed -Destination (Join-Path $TestDrive 'format-copy')
        $table = $result | Out-String -Width 120
        $lines = $table -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^\s*Copied\s+Skipped\s+Failed\s+MiB\s+MiB/s\s+Duration\s+Reindexed\s+Indexed\s+Destination'
        $lines[2] | Should -Match '^\s+6\s+0\s+0\s+0\.0\s+[\d.]+\s+\d+(\.\d)? s\s+False\s+'
        $table | Should -Not -Match '\d\d:\d\d:\d\d\.\d{7}'
        $table | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
        # Numbers sit at the right edge of their column, as PowerShell aligns them.
        $header = $lines[0]
        $row = $lines[2]
        $row.Substring(0, $header.IndexOf('Copied') + 'Copied'.Length).TrimEnd() | Should -Match '6$'
        ($target | Out-String -Width 120) | Should -Not -Match ([regex]::Escape($sandbox.ApiKey))
    }
}
