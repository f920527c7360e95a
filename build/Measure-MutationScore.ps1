<#
.SYNOPSIS
    Prints the mutation score of a Stryker.NET JSON report per engine folder, for each project, and overall.

.DESCRIPTION
    One line per scope: "mutation_score=NN.NN scope=NAME killed=K survived=S no_coverage=N timeout=T equivalent=E".
    The score is (killed + timeout) / (killed + timeout + survived + no coverage), Stryker's own formula; mutants
    that did not compile or that Stryker ignored do not count. A surviving mutant that the equivalents file lists
    (file, mutator, original code, replacement; whitespace runs as one space) is equivalent: it counts in no
    score, and a listed one that no longer survives is reported so the list does not rot (only for files this run
    mutated: one that --mutate or --since left out was not tested at all). Every other survivor is
    printed with its place, so the next test to write is plain.

    With -CheckTargets it fails (exit 1) when a scope the report covers misses the issue's target: 90 % for the
    engine's Security, IO (where the copier's verification code lives), Journal and Execution folders, 80 % for the
    engine as a whole.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$Report,
    [Parameter(Mandatory)][string]$Equivalents,
    [switch]$CheckTargets
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Get-Normalized([string]$Text) { ($Text -replace '\s+', ' ').Trim() }

function Get-Snippet([string[]]$Lines, $Location) {
    $start = $Location.start
    $end = $Location.end
    if ($start.line -eq $end.line) {
        return $Lines[$start.line - 1].Substring($start.column - 1, $end.column - $start.column)
    }

    $parts = @($Lines[$start.line - 1].Substring($start.column - 1))
    for ($line = $start.line + 1; $line -lt $end.line; $line++) { $parts += $Lines[$line - 1] }
    $parts += $Lines[$end.line - 1].Substring(0, $end.column - 1)
    return $parts -join "`n"
}

if (-not (Test-Path -LiteralPath $Report)) { throw "No Stryker JSON report at '$Report'." }
$json = Get-Content -LiteralPath $Report -Raw | ConvertFrom-Json -AsHashtable

$listed = @{}
foreach ($row in Get-Content -LiteralPath $Equivalents | Where-Object { $_ -and -not $_.StartsWith('#') }) {
    $fields = $row -split "`t"
    if ($fields.Count -ne 5 -or -not $fields[4].Trim()) {
        throw "$Equivalents`: every row is file, mutator, original, replacement and a reason, tab-separated: '$row'."
    }

    $listed[($fields[0..3] | ForEach-Object { Get-Normalized $_ }) -join "`t"] = $false
}

$root = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '..')).Path
$scopes = [ordered]@{}
$survivors = [System.Collections.Generic.List[string]]::new()
# Files whose mutants this run tested: a listed equivalent elsewhere was left out by --mutate or --since, not killed.
$tested = @{}
foreach ($entry in $json.files.GetEnumerator() | Sort-Object -Property Key) {
    $path = [System.IO.Path]::GetRelativePath($root, $entry.Key).Replace('\', '/')
    $lines = $entry.Value.source -split "`r?`n"
    $segments = $path -split '/'
    $project = if ($segments[0] -eq 'src' -and $segments.Count -gt 2) { $segments[1] } else { 'other' }
    $folder = if ($segments.Count -gt 3) { "$project/$($segments[2])" } else { $project }
    foreach ($mutant in $entry.Value.mutants) {
        $status = $mutant.status
        if ($status -notin 'Ignored', 'CompileError') { $tested[$path] = $true }
        if ($status -eq 'Survived') {
            $original = Get-Snippet $lines $mutant.location
            $key = @($path, $mutant.mutatorName, (Get-Normalized $original), (Get-Normalized $mutant.replacement)) -join "`t"
            if ($listed.ContainsKey($key)) {
                $listed[$key] = $true
                $status = 'Equivalent'
            }
            else {
                $survivors.Add("survived $path`:$($mutant.location.start.line) $($mutant.mutatorName): $(Get-Normalized $original) -> $(Get-Normalized $mutant.replacement)")
            }
        }

        foreach ($scope in @($folder, $project, 'overall') | Select-Object -Unique) {
            if (-not $scopes.Contains($scope)) { $scopes[$scope] = @{} }
            $scopes[$scope][$status] = 1 + $(if ($scopes[$scope].ContainsKey($status)) { $scopes[$scope][$status] } else { 0 })
        }
    }
}

$survivors | ForEach-Object { Write-Output $_ }
$listed.GetEnumerator() | Where-Object { -not $_.Value -and $tested.ContainsKey(($_.Key -split "`t")[0]) } | ForEach-Object {
    Write-Output "equivalent no longer survives (remove it from the list): $($_.Key -replace "`t", ' | ')"
}

$scores = @{}
foreach ($scope in $scopes.Keys | Sort-Object { $_ -eq 'overall' }, { $_ }) {
    $count = $scopes[$scope]
    $n = { param($s) if ($count.ContainsKey($s)) { $count[$s] } else { 0 } }
    $detected = (& $n 'Killed') + (& $n 'Timeout')
    $valid = $detected + (& $n 'Survived') + (& $n 'NoCoverage')
    $score = if ($valid -eq 0) { 'n/a' } else { (100.0 * $detected / $valid).ToString('0.00', [cultureinfo]::InvariantCulture) }
    Write-Output ("mutation_score={0} scope={1} killed={2} timeout={3} survived={4} no_coverage={5} equivalent={6}" -f $score, $scope, (& $n 'Killed'), (& $n 'Timeout'), (& $n 'Survived'), (& $n 'NoCoverage'), (& $n 'Equivalent'))
    if ($valid -gt 0) { $scores[$scope] = 100.0 * $detected / $valid }
}

if ($CheckTargets) {
    $targets = [ordered]@{
        'OctopusUpgrade.Engine/Security' = 90
        'OctopusUpgrade.Engine/IO' = 90
        'OctopusUpgrade.Engine/Journal' = 90
        'OctopusUpgrade.Engine/Execution' = 90
        'OctopusUpgrade.Engine' = 80
    }
    $missed = @($targets.Keys | Where-Object { $scores.Contains($_) -and $scores[$_] -lt $targets[$_] })
    foreach ($scope in $missed) {
        Write-Output ("target missed: {0} scores {1:0.00} %, below {2} %" -f $scope, $scores[$scope], $targets[$scope])
    }

    if ($missed.Count -gt 0) { exit 1 }
}
