@{
    RootModule           = 'OctopusUpgrade.psm1'
    # Stamped at build from VersionPrefix in Directory.Build.props.
    ModuleVersion        = '{{ModuleVersion}}'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = '6f0c9f0e-5a3e-4f7e-9d4b-0c2b8e7a9d31'
    Author               = 'OctopusUpgrade contributors'
    CompanyName          = 'OctopusUpgrade contributors'
    Copyright            = 'Copyright (c) OctopusUpgrade contributors. MIT licence.'
    Description          = 'Upgrades an Octopus Deploy server in place without losing data: the Octopus 2.6 to 3.x path (backup, Hydra, migrator, NuGet packages) and modern in-place and high-availability upgrades, every step verified and journalled.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CmdletsToExport      = @(
        'Backup-OctopusDatabase'
        'Copy-NuGetPackages'
        'Disable-MaintenanceMode'
        'Enable-MaintenanceMode'
        'Install-OctopusServer'
        'Invoke-HydraUpgrade'
        'Invoke-OctopusMigration'
        'New-OctopusUpgradeSession'
        'Remove-OctopusLegacyData'
        'Restore-OctopusDatabase'
        'Start-OctopusServerNode'
        'Stop-OctopusServerNode'
        'Test-OctopusUpgradeReadiness'
        'Test-TentacleHealth'
        'Update-OctopusDatabase'
        'Update-OctopusTentacle'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    FormatsToProcess     = @('OctopusUpgrade.Format.ps1xml')
    PrivateData          = @{
        PSData = @{
            Tags         = @('Octopus', 'OctopusDeploy', 'Upgrade', 'Migration', 'SqlServer', 'Backup', 'Windows')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
