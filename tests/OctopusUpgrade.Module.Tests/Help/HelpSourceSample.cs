namespace OctopusUpgrade.Module.Tests.Help
{
    /// <summary>
    /// A small help source that uses every part of the platyPS 0.14 schema the compiler reads: two parameter sets,
    /// a switch, aliases, accepted values, pipeline input, a '#' comment inside example code, inline markup and a list.
    /// The malformed cases in <see cref="HelpSourceParserTests"/> are each one edit of it.
    /// </summary>
    public static class HelpSourceSample
    {
        public const string FileName = "Get-Thing.md";

        public const string Markdown = """
            ---
            external help file: OctopusUpgrade.dll-Help.xml
            Module Name: OctopusUpgrade
            online version:
            schema: 2.0.0
            ---

            # Get-Thing

            ## SYNOPSIS
            Gets the **things** from `C:\Things`.

            ## SYNTAX

            ### ByName (Default)
            ```
            Get-Thing [[-Name] <String[]>] [-Mode <ThingMode>] [-Recurse] [<CommonParameters>]
            ```

            ### ById
            ```
            Get-Thing -Id <Int32> [-Mode <ThingMode>] [<CommonParameters>]
            ```

            ## DESCRIPTION
            Get-Thing reads things. See [about_Things]() and
            [the site](https://example.com/things).

            - First item
              continues here.
            * Second item with `-Name`.

            ## EXAMPLES

            ### Example 1: Get every thing
            ```powershell
            # A comment, not a heading
            Get-Thing
            ```

            Gets every thing.

            ## PARAMETERS

            ### -Id
            The thing's id.

            ```yaml
            Type: Int32
            Parameter Sets: ById
            Aliases:

            Required: True
            Position: Named
            Default value: None
            Accept pipeline input: True (ByPropertyName)
            Accept wildcard characters: False
            ```

            ### -Mode
            How to read.

            ```yaml
            Type: ThingMode
            Parameter Sets: (All)
            Aliases: M
            Accepted values: Fast, Full

            Required: False
            Position: Named
            Default value: Fast
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ### -Name
            The names; wildcards work.

            ```yaml
            Type: String[]
            Parameter Sets: ByName
            Aliases: ThingName, N

            Required: False
            Position: 0
            Default value: All
            Accept pipeline input: True (ByPropertyName, ByValue)
            Accept wildcard characters: True
            ```

            ### -Recurse
            Looks in subfolders.

            ```yaml
            Type: SwitchParameter
            Parameter Sets: ByName
            Aliases:

            Required: False
            Position: Named
            Default value: False
            Accept pipeline input: False
            Accept wildcard characters: False
            ```

            ### CommonParameters
            This cmdlet supports the common parameters. See [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).

            ## INPUTS

            ### System.String
            Names, by value.

            ## OUTPUTS

            ### Things.Thing
            One per thing.

            ## NOTES
            Needs read access.

            ## RELATED LINKS

            [about_Things]()

            [Online](https://example.com/get-thing)
            """;
    }
}
