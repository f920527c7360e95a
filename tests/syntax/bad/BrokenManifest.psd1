# Deliberately broken: a hashtable entry with no value and an unclosed array.
@{
    RootModule = 
    CmdletsToExport = @('A-B'
}
