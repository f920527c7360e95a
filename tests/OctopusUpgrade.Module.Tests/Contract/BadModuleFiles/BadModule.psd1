@{
    RootModule        = 'BadModule.dll'
    ModuleVersion     = '0.0.1'
    CmdletsToExport   = @('Remove-OctopusData', 'Set-OctopusThing', 'Get-NothingHere')
    FunctionsToExport = '*'
}
