using System;
using System.Linq;
using OctopusUpgrade.HelpCompiler;
using OctopusUpgrade.HelpCompiler.Parsing;

// Usage: HelpCompiler <docs folder> <output file> [<output file> ...]
// Problems are printed as "file(line): error HELP001: ...", the form MSBuild's Exec task turns into build errors.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: HelpCompiler <docs folder> <output .dll-Help.xml> [<output .dll-Help.xml> ...]");
    return 2;
}

try
{
    var maml = HelpCompilation.Compile(args[0]);
    foreach (var output in args.Skip(1))
    {
        HelpCompilation.Save(maml, output);
        Console.WriteLine($"HelpCompiler: wrote {output}");
    }

    return 0;
}
catch (AggregateException problems)
{
    foreach (var problem in problems.InnerExceptions.OfType<HelpSourceException>())
    {
        Console.Error.WriteLine($"{problem.File}({problem.Line}): error HELP001: {problem.Problem}");
    }

    return 1;
}
