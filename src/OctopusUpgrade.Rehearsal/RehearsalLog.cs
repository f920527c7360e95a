using System;
using System.IO;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Rehearsal
{
    /// <summary>
    /// Runs the rehearsal's steps one after another and counts them. A step passes only when the engine step returned
    /// and its claim was then checked from outside it (the server's API, the disk, the simulated SQL Server).
    /// </summary>
    internal sealed class RehearsalLog
    {
        private readonly TextWriter _out;

        public RehearsalLog(TextWriter output)
        {
            _out = output;
        }

        public int Passed { get; private set; }

        public int Failed { get; private set; }

        public void Scenario(string title) => _out.WriteLine(Environment.NewLine + "== " + title + " ==");

        /// <summary>Runs a step and its outside check; returns false (and counts a failure) when either fails.</summary>
        public async Task<bool> StepAsync(string name, Func<Task<string>> runAndVerify)
        {
            _out.WriteLine("  " + name);
            try
            {
                var verified = await runAndVerify().ConfigureAwait(false);
                Passed++;
                _out.WriteLine("  [PASS] " + name + " - verified: " + verified);
                return true;
            }
            catch (OctopusUpgradeException e)
            {
                Failed++;
                _out.WriteLine($"  [FAIL] {name}: {e.ErrorId}: {e.Message}");
                return false;
            }
            catch (RehearsalCheckFailedException e)
            {
                Failed++;
                _out.WriteLine($"  [FAIL] {name}: the outside check disagrees: {e.Message}");
                return false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The engine is meant to turn every failure into an OctopusUpgradeException; anything else is a bug to see whole.
                Failed++;
                _out.WriteLine($"  [FAIL] {name}: unexpected {e}");
                return false;
            }
        }
    }
}
