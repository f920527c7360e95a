# Loads the build of OctopusUpgrade that fits this PowerShell: Windows PowerShell 5.1 gets desktop/
# (.NET Framework 4.7.2), PowerShell 7.4 and later get core/ (.NET 8), whose engine and dependencies
# load into a private AssemblyLoadContext so they never clash with another module's copies.
Set-StrictMode -Version 3.0

if ($PSVersionTable.PSEdition -eq 'Core') {
    if ($PSVersionTable.PSVersion -lt [version]'7.4') {
        throw "OctopusUpgrade needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $($PSVersionTable.PSVersion)."
    }
    $buildFolder = 'core'
}
else {
    $buildFolder = 'desktop'
}

$assemblyPath = [System.IO.Path]::Combine($PSScriptRoot, $buildFolder, 'OctopusUpgrade.dll')
if (-not (Test-Path -LiteralPath $assemblyPath)) {
    throw "OctopusUpgrade is incomplete: '$assemblyPath' is missing. Reinstall the module."
}

# .NET keeps one OctopusUpgrade.dll per process and cannot unload it: importing another folder's copy would
# silently run the first one's cmdlets under the second one's name. Refused, with the way out.
$loaded = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object {
    $_.GetName().Name -eq 'OctopusUpgrade' -and -not $_.IsDynamic -and $_.Location
} | Select-Object -First 1
if ($null -ne $loaded -and [System.IO.Path]::GetFullPath($loaded.Location) -ne [System.IO.Path]::GetFullPath($assemblyPath)) {
    $message = "OctopusUpgrade is already loaded in this PowerShell process from '$(Split-Path -Path (Split-Path -Path $loaded.Location -Parent) -Parent)'. Start a new PowerShell session to load it from '$PSScriptRoot'."
    throw [System.Management.Automation.ErrorRecord]::new(
        [System.InvalidOperationException]::new($message), 'ModuleLoadedFromAnotherFolder',
        [System.Management.Automation.ErrorCategory]::ResourceExists, $PSScriptRoot)
}

$importModule = Get-Command -Name Import-Module -Module Microsoft.PowerShell.Core
$binaryModule = & $importModule -Name $assemblyPath -PassThru -ErrorAction Stop

# On 'Import-Module -Force', PowerShell reuses the binary module it already loaded and does not hand its
# cmdlets to this module again (PowerShell issue 20710), so they are added back here.
$thisModule = $ExecutionContext.SessionState.Module
if ($null -ne $thisModule -and $thisModule.ExportedCmdlets.Count -eq 0) {
    $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet', [System.Reflection.BindingFlags]'Instance, NonPublic')
    if ($null -ne $addExportedCmdlet) {
        foreach ($cmdlet in $binaryModule.ExportedCmdlets.Values) {
            $null = $addExportedCmdlet.Invoke($thisModule, @(, $cmdlet))
        }
    }
}
