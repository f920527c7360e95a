using System;

namespace OctopusUpgrade.HelpCompiler.Parsing
{
    /// <summary>A help source that breaks the platyPS schema: which file, which line, and what is wrong.</summary>
    public sealed class HelpSourceException : Exception
    {
        public HelpSourceException(string file, int line, string problem)
            : base($"{file}({line}): {problem}")
        {
            File = file;
            Line = line;
            Problem = problem;
        }

        public string File { get; }

        /// <summary>1-based, counting the front matter.</summary>
        public int Line { get; }

        public string Problem { get; }
    }
}
