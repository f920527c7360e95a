using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using OctopusUpgrade.HelpCompiler.Maml;
using OctopusUpgrade.HelpCompiler.Model;
using OctopusUpgrade.HelpCompiler.Parsing;

namespace OctopusUpgrade.HelpCompiler
{
    /// <summary>Compiles every help source in a folder into one MAML document.</summary>
    public static class HelpCompilation
    {
        /// <summary>
        /// Parses every *.md in <paramref name="docsFolder"/> (in file-name order, so the output is the same on every
        /// machine) and renders them. Every broken source is reported, not just the first.
        /// </summary>
        /// <exception cref="AggregateException">Holds a <see cref="HelpSourceException"/> per broken source.</exception>
        public static XDocument Compile(string docsFolder)
        {
            var sources = Directory.GetFiles(docsFolder, "*.md").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
            if (sources.Count == 0)
            {
                throw new AggregateException(new HelpSourceException(docsFolder, 1, "no *.md help sources in this folder"));
            }

            var commands = new List<CommandHelp>();
            var problems = new List<HelpSourceException>();
            foreach (var source in sources)
            {
                try
                {
                    commands.Add(HelpSourceParser.Parse(source, File.ReadAllText(source)));
                }
                catch (HelpSourceException problem)
                {
                    problems.Add(problem);
                }
            }

            return problems.Count > 0 ? throw new AggregateException(problems) : MamlWriter.Write(commands);
        }

        /// <summary>Writes the document as UTF-8 without a byte order mark, indented, with LF line ends.</summary>
        public static void Save(XDocument maml, string path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
            using var writer = XmlWriter.Create(path, settings);
            maml.Save(writer);
        }
    }
}
