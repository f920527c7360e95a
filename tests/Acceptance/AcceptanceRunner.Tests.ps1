# build/Invoke-AcceptanceTests.ps1, the runner CI counts the Pester tests with: its counts must survive a report
# that cannot be written. A failure message carrying an escape character (as a child PowerShell's coloured error
# does) once stopped Pester's NUnit writer half-way, and CI lost every Pester count.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'Support/AcceptanceSupport.ps1')
    $script:Runner = Join-Path -Path $RepositoryRoot -ChildPath 'build/Invoke-AcceptanceTests.ps1'
    $script:PesterManifest = (Get-Module -Name Pester).Path

    # Runs the runner in a child PowerShell over one test file written into the test drive.
    function Invoke-Runner {
        param([Parameter(Mandatory)] [string] $TestFile, [Parameter(Mandatory)] [string] $Name)
        $folder = Join-Path -Path $TestDrive -ChildPath $Name
        $null = New-Item -ItemType Directory -Path $folder -Force
        Set-Content -LiteralPath (Join-Path -Path $folder -ChildPath 'Sample.Tests.ps1') -Value $TestFile
        $resultPath = Join-Path -Path $folder -ChildPath 'results/acceptance.xml'
        $powerShell = Get-PowerShellCommand
        $process = $powerShell.Path
        [string[]] $prefix = $powerShell.Arguments
        $output = & $process @prefix -NoProfile -NonInteractive -File $Runner -PesterManifest $PesterManifest `
            -ModuleManifest $ModuleManifest -SandboxAssembly $SandboxAssembly -ResultPath $resultPath -TestPath $folder 2>&1
        [pscustomobject]@{
            ExitCode   = $LASTEXITCODE
            Output     = @($output | ForEach-Object { "$_" }) -join "`n"
            ResultPath = $resultPath
            CountsPath = [System.IO.Path]::ChangeExtension($resultPath, '.counts.json')
        }
    }
}

Describe 'The acceptance test runner' {
    It 'counts every test, and writes readable reports, when all pass or skip' {
        $run = Invoke-Runner -Name 'passing' -TestFile @'
Describe 'sample' {
    It 'passes one' { 1 | Should -Be 1 }
    It 'passes two' { 2 | Should -Be 2 }
    It 'is skipped' -Skip { }
}
'@
        $run.ExitCode | Should -Be 0
        $counts = Get-Content -LiteralPath $run.CountsPath -Raw | ConvertFrom-Json
        "$($counts.Passed) $($counts.Failed) $($counts.Skipped)" | Should -Be '2 0 1'
        ([xml](Get-Content -LiteralPath $run.ResultPath -Raw)).'test-results'.total | Should -Be 3
        ([xml](Get-Content -LiteralPath ([System.IO.Path]::ChangeExtension($run.ResultPath, '.junit.xml')) -Raw)).testsuites.tests | Should -Be 3
    }

    It 'keeps the counts, and fails the run, when a failure message makes the XML report unwritable' {
        $run = Invoke-Runner -Name 'unwritable' -TestFile @'
Describe 'sample' {
    It 'passes' { 1 | Should -Be 1 }
    It 'fails with an escape character in its message' { "$([char]27)[31mred$([char]27)[0m" | Should -Be 'plain' }
}
'@
        $run.ExitCode | Should -Be 1
        $counts = Get-Content -LiteralPath $run.CountsPath -Raw | ConvertFrom-Json
        # The failing test, and the report that could not be written.
        "$($counts.Passed) $($counts.Failed) $($counts.Skipped)" | Should -Be '1 2 0'
        $run.Output | Should -BeLike "*The test report '$($run.ResultPath)' could not be written*0x1B*"
    }

    # A set-up failure fails its tests, counted once (not once more for the block); a tear-down failure fails no
    # test, so it counts for itself.
    It 'counts a failure outside any test: <Name>' -ForEach @(
        @{ Name = 'a BeforeAll that throws'; Block = "BeforeAll { throw 'set-up failed' }"; Expected = '0 1 0' }
        @{ Name = 'an AfterAll that throws after the test passed'; Block = "AfterAll { throw 'tear-down failed' }"; Expected = '1 1 0' }
    ) {
        $run = Invoke-Runner -Name ($Name -replace '\W', '') -TestFile @"
Describe 'sample' {
    $Block
    It 'passes when it runs' { 1 | Should -Be 1 }
}
"@
        $run.ExitCode | Should -Be 1
        $counts = Get-Content -LiteralPath $run.CountsPath -Raw | ConvertFrom-Json
        "$($counts.Passed) $($counts.Failed) $($counts.Skipped)" | Should -Be $Expected
    }
}

Describe 'A fresh PowerShell for a test' {
    It 'returns its errors as plain text, without the colour codes the child renders them with' {
        $run = Invoke-FreshPowerShell -Script "`$ErrorActionPreference = 'Stop'; Write-Error 'plain please'"
        $run.Output -join "`n" | Should -BeLike '*plain please*'
        $run.Output -join "`n" | Should -Not -Match ([regex]::Escape([string][char]27))
    }
}
