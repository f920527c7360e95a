using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using OctopusUpgrade.HelpCompiler.Model;

namespace OctopusUpgrade.HelpCompiler.Maml
{
    /// <summary>
    /// Renders commands as the MAML that PowerShell's help system reads, in the shape platyPS 0.14 writes it
    /// (src/Markdown.MAML/Renderer/MamlRenderer.cs in PowerShell/platyPS) so Get-Help shows it the same way:
    /// a helpItems root with schema="maml" and one command:command per cmdlet holding details, description,
    /// syntax, parameters, inputTypes, returnValues, alertSet (the notes), examples and relatedLinks.
    /// </summary>
    public static class MamlWriter
    {
        public static readonly XNamespace Msh = "http://msh";
        public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        public static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

        private const string SwitchType = "SwitchParameter";

        public static XDocument Write(IEnumerable<CommandHelp> commands) =>
            new(new XDeclaration("1.0", "utf-8", null), new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(CommandElement)));

        private static XElement CommandElement(CommandHelp command) =>
            new(
                Command + "command",
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
                new XElement(
                    Command + "details",
                    new XElement(Command + "name", command.Name),
                    new XElement(Command + "verb", command.Verb),
                    new XElement(Command + "noun", command.Noun),
                    Description(command.Synopsis)),
                Description(command.Description),
                new XElement(Command + "syntax", command.SyntaxSets.Select(set => SyntaxItem(command, set))),
                new XElement(Command + "parameters", command.Parameters.Select(p => Parameter(p, p.Metadata[0], inSyntax: false))),
                new XElement(Command + "inputTypes", command.Inputs.Select(i => TypeEntry(Command + "inputType", i))),
                new XElement(Command + "returnValues", command.Outputs.Select(o => TypeEntry(Command + "returnValue", o))),
                new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(command.Notes))),
                new XElement(Command + "examples", command.Examples.Select(Example)),
                new XElement(Command + "relatedLinks", command.Links.Select(Link)));

        /// <summary>One usage line: the set's parameters in the order SYNTAX shows them, each with the yaml block for that set.</summary>
        private static XElement SyntaxItem(CommandHelp command, SyntaxBlock set) =>
            new(
                Command + "syntaxItem",
                new XElement(Maml + "name", command.Name),
                set.ParameterNames
                    .Select(name => command.Parameters.First(p => string.Equals(p.Name, name, System.StringComparison.OrdinalIgnoreCase)))
                    .Select(p => Parameter(p, p.Metadata.First(m => m.AppliesTo(set.SetName)), inSyntax: true)));

        private static XElement Parameter(ParameterHelp parameter, ParameterMetadata metadata, bool inSyntax)
        {
            var isSwitch = metadata.Type == SwitchType;
            return new XElement(
                Command + "parameter",
                new XAttribute("required", Flag(metadata.Required)),
                // platyPS always writes variableLength="true" for the parameter itself; the value's is below.
                new XAttribute("variableLength", "true"),
                new XAttribute("globbing", Flag(metadata.AcceptsWildcards)),
                new XAttribute("pipelineInput", metadata.PipelineInput),
                new XAttribute("position", metadata.Position.ToLowerInvariant()),
                new XAttribute("aliases", metadata.Aliases.Count == 0 ? "none" : string.Join(", ", metadata.Aliases)),
                new XElement(Maml + "name", parameter.Name),
                Description(parameter.Description),
                inSyntax && metadata.AcceptedValues.Count > 0
                    ? new XElement(Command + "parameterValueGroup", metadata.AcceptedValues.Select(v => ParameterValue(v, required: false)))
                    : null,
                // In a usage line a switch shows no value ("[-WhatIf]", not "[-WhatIf <SwitchParameter>]").
                inSyntax && isSwitch ? null : ParameterValue(metadata.Type, required: !isSwitch),
                new XElement(Dev + "type", new XElement(Maml + "name", metadata.Type), new XElement(Maml + "uri")),
                new XElement(Dev + "defaultValue", metadata.DefaultValue));
        }

        private static XElement ParameterValue(string value, bool required) =>
            new(Command + "parameterValue", new XAttribute("required", Flag(required)), new XAttribute("variableLength", "false"), value);

        private static XElement TypeEntry(XName name, TypeHelp type) =>
            new(name, new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)), Description(type.Description));

        private static XElement Example(ExampleHelp example) =>
            new(
                Command + "example",
                new XElement(Maml + "title", example.Title),
                new XElement(Dev + "code", example.Code),
                new XElement(Dev + "remarks", Paragraphs(example.Remarks)));

        private static XElement Link(RelatedLink link) =>
            new(Maml + "navigationLink", new XElement(Maml + "linkText", link.Text), new XElement(Maml + "uri", link.Uri));

        private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paragraphs(paragraphs));

        private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs) => paragraphs.Select(p => new XElement(Maml + "para", p));

        private static string Flag(bool value) => value ? "true" : "false";
    }
}
