using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Rehearsal;
using OctopusUpgrade.Rehearsal.Scenarios;

// The README's main job: whole upgrade plans run through the engine against simulated estates, each step's claim
// checked from outside it; ends with "rehearsal: N passed, M failed" and exit code 1 when anything failed.
var verbose = args.Contains("--verbose");
var keep = args.Contains("--keep");
var scenario = args.SkipWhile(a => a != "--scenario").Skip(1).FirstOrDefault() ?? "all";
if (args.Contains("--help") || scenario is not ("all" or "in-place" or "legacy"))
{
    Console.WriteLine("usage: OctopusUpgrade.Rehearsal [--scenario all|in-place|legacy] [--verbose] [--keep]");
    return args.Contains("--help") ? 0 : 2;
}

var work = Directory.CreateTempSubdirectory("octopus-rehearsal-").FullName;
var reporter = new ConsoleReporter(Console.Out, verbose);
var log = new RehearsalLog(Console.Out);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

Console.WriteLine($"OctopusUpgrade rehearsal against simulated Octopus estates; journals and backups in {work}" + (keep ? string.Empty : " (deleted at the end; --keep keeps them)"));
try
{
    if (scenario is "all" or "in-place")
    {
        await new InPlaceUpgradeRehearsal(work, reporter).RunAsync(log, cancel.Token);
    }

    if (scenario is "all" or "legacy")
    {
        await new LegacyUpgradeRehearsal(work, reporter).RunAsync(log, cancel.Token);
    }
}
finally
{
    if (!keep)
    {
        Directory.Delete(work, recursive: true);
    }
}

Console.WriteLine();
Console.WriteLine($"rehearsal: {log.Passed} passed, {log.Failed} failed");
return log.Failed == 0 ? 0 : 1;
