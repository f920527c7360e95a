# build/Measure-MutationScore.ps1, which turns Stryker's JSON report into the scores issue 14's targets are judged by:
# its formula, the equivalents list, and -CheckTargets, on a small report written here.

BeforeAll {
    $script:Script = Join-Path -Path $PSScriptRoot -ChildPath '../../build/Measure-MutationScore.ps1'
    $script:Root = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path

    # One mutant of Stryker's report: a one-line location over the given column range.
    function New-Mutant([string] $Status, [int] $Line, [int] $From, [int] $To, [string] $Mutator = 'Equality mutation', [string] $Replacement = 'x <= 0') {
        @{
            status      = $Status
            mutatorName = $Mutator
            replacement = $Replacement
            location    = @{ start = @{ line = $Line; column = $From }; end = @{ line = $Line; column = $To } }
        }
    }

    function Invoke-Score([hashtable] $Files, [string[]] $Equivalents = @(), [switch] $CheckTargets) {
        $report = Join-Path -Path $TestDrive -ChildPath 'report.json'
        $list = Join-Path -Path $TestDrive -ChildPath 'equivalents.tsv'
        $absolute = @{}
        foreach ($file in $Files.Keys) { $absolute[(Join-Path -Path $Root -ChildPath $file)] = $Files[$file] }
        @{ files = $absolute } | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $report
        Set-Content -LiteralPath $list -Value (@('# file, mutator, original, replacement, reason') + $Equivalents)
        $arguments = @{ Report = $report; Equivalents = $list }
        if ($CheckTargets) { $arguments.CheckTargets = $true }
        $output = & $Script @arguments
        [pscustomobject]@{ Output = @($output); ExitCode = $LASTEXITCODE }
    }
}

Describe 'Measure-MutationScore.ps1' {
    BeforeEach {
        $global:LASTEXITCODE = 0
        # Line 1 of each file: "if (x < 0) return;" — the mutated text "x < 0" is at columns 5 to 10.
        $script:Source = 'if (x < 0) return;'
    }

    It 'scores each folder, the project and the whole as (killed + timeout) / (killed + timeout + survived + no coverage)' {
        $run = Invoke-Score -Files @{
            'src/OctopusUpgrade.Engine/IO/A.cs'      = @{ source = $Source; mutants = @(
                    (New-Mutant Killed 1 5 10), (New-Mutant Timeout 1 5 10), (New-Mutant Survived 1 5 10), (New-Mutant NoCoverage 1 5 10),
                    (New-Mutant CompileError 1 5 10), (New-Mutant Ignored 1 5 10)) }
            'src/OctopusUpgrade.Engine/Journal/B.cs' = @{ source = $Source; mutants = @((New-Mutant Killed 1 5 10)) }
        }
        $run.Output | Should -Contain 'mutation_score=50.00 scope=OctopusUpgrade.Engine/IO killed=1 timeout=1 survived=1 no_coverage=1 equivalent=0'
        $run.Output | Should -Contain 'mutation_score=100.00 scope=OctopusUpgrade.Engine/Journal killed=1 timeout=0 survived=0 no_coverage=0 equivalent=0'
        $run.Output | Should -Contain 'mutation_score=60.00 scope=overall killed=2 timeout=1 survived=1 no_coverage=1 equivalent=0'
        $run.Output | Should -Contain 'survived src/OctopusUpgrade.Engine/IO/A.cs:1 Equality mutation: x < 0 -> x <= 0'
    }

    It 'leaves a listed equivalent out of every score, and names one that no longer survives only in a file this run mutated' {
        $run = Invoke-Score -Files @{
            'src/OctopusUpgrade.Engine/IO/A.cs'      = @{ source = $Source; mutants = @((New-Mutant Killed 1 5 10), (New-Mutant Survived 1 5 10)) }
            'src/OctopusUpgrade.Engine/IO/C.cs'      = @{ source = $Source; mutants = @((New-Mutant Killed 1 5 10 -Replacement 'x > 0')) }
            'src/OctopusUpgrade.Engine/Journal/B.cs' = @{ source = $Source; mutants = @((New-Mutant Ignored 1 5 10)) }
        } -Equivalents @(
            "src/OctopusUpgrade.Engine/IO/A.cs`tEquality mutation`tx < 0`tx <= 0`tdescriptors are never 0",
            "src/OctopusUpgrade.Engine/IO/C.cs`tEquality mutation`tx < 0`tx > 0`tlisted, but a test kills it now",
            "src/OctopusUpgrade.Engine/Journal/B.cs`tEquality mutation`tx < 0`tx <= 0`tnot mutated in this run")
        $run.Output | Should -Contain 'mutation_score=100.00 scope=OctopusUpgrade.Engine/IO killed=2 timeout=0 survived=0 no_coverage=0 equivalent=1'
        $run.Output | Should -Contain 'equivalent no longer survives (remove it from the list): src/OctopusUpgrade.Engine/IO/C.cs | Equality mutation | x < 0 | x > 0'
        @($run.Output | Where-Object { $_ -like '*no longer survives*' }).Count | Should -Be 1
        @($run.Output | Where-Object { $_ -like 'survived *' }).Count | Should -Be 0
    }

    It 'refuses an equivalents row without a reason' {
        { Invoke-Score -Files @{ 'src/OctopusUpgrade.Engine/IO/A.cs' = @{ source = $Source; mutants = @() } } -Equivalents @(
                "src/OctopusUpgrade.Engine/IO/A.cs`tEquality mutation`tx < 0`tx <= 0`t ") } |
            Should -Throw '*every row is file, mutator, original, replacement and a reason*'
    }

    It 'with -CheckTargets fails on a folder under its target, and passes when every scope it covers meets one' -ForEach @(
        @{ Killed = 9; Survived = 1; ExitCode = 0; Missed = $null }
        @{ Killed = 8; Survived = 2; ExitCode = 1; Missed = 'target missed: OctopusUpgrade.Engine/IO scores 80.00 %, below 90 %' }
    ) {
        $mutants = @(1..$Killed | ForEach-Object { New-Mutant Killed 1 5 10 }) + @(1..$Survived | ForEach-Object { New-Mutant Survived 1 5 10 })
        $run = Invoke-Score -Files @{ 'src/OctopusUpgrade.Engine/IO/A.cs' = @{ source = $Source; mutants = $mutants } } -CheckTargets
        $run.ExitCode | Should -Be $ExitCode
        @($run.Output | Where-Object { $_ -like 'target missed*' }) | Should -Be @($Missed | Where-Object { $_ })
    }
}
