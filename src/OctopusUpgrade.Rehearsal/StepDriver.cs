using System.Threading;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Steps;

namespace OctopusUpgrade.Rehearsal
{
    /// <summary>Runs a step as an administrator who answers yes to every confirmation would: plan, then execute all of it.</summary>
    internal static class StepDriver
    {
        public static async Task<TResult> RunAsync<TRequest, TPlan, TResult>(StepRunner runner, IStep<TRequest, TPlan, TResult> step, TRequest request, CancellationToken cancellationToken)
        {
            var plan = await runner.PlanAsync(step, request, cancellationToken).ConfigureAwait(false);
            return (await runner.ExecuteAsync(step, request, plan, StepConfirmation.All(plan.Actions), cancellationToken).ConfigureAwait(false)).Result;
        }
    }
}
