using System;
using OctopusUpgrade.Bench;

return args.Length > 0 && args[0] == "generate" ? FeedGenerator.Run(args[1..])
    : args.Length > 0 && args[0] == "copy" ? CopyCommand.Run(args[1..])
    : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: OctopusUpgrade.Bench generate <folder> [--min-files N] [--min-mb N] [--seed N]");
    Console.Error.WriteLine("       OctopusUpgrade.Bench copy <source> <destination> [--verify Fast|Full] [--parallelism N] [--file-delay-ms N]");
    return 2;
}
