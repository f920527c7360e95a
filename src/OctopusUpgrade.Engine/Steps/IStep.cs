using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>
    /// One upgrade step in the shape every step has: it plans (reading, never writing) and lists the actions it would
    /// take; then, given the actions the user confirmed, it executes. The <see cref="StepRunner"/> around it times
    /// it on the session's clock, journals each stage whatever its outcome, and keeps the session's facts. Engine steps
    /// derive from <see cref="Step{TRequest, TPlan, TResult}"/>, which checks the arguments once for all of them.
    /// </summary>
    /// <typeparam name="TRequest">What the step was asked: its one request type.</typeparam>
    /// <typeparam name="TPlan">What planning decided, which execution follows.</typeparam>
    /// <typeparam name="TResult">What the step did: its one result type.</typeparam>
    public interface IStep<TRequest, TPlan, TResult>
    {
        /// <summary>The step's name in the journal and in messages: its cmdlet's name.</summary>
        string Name { get; }

        Task<StepPlan<TPlan>> PlanAsync(StepRunner runner, TRequest request, CancellationToken cancellationToken);

        /// <summary>Runs the confirmed actions; each journalled part goes through <see cref="StepRunner.RunStageAsync{T}"/>.</summary>
        Task<TResult> ExecuteAsync(StepRunner runner, TRequest request, StepPlan<TPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken);
    }
}
