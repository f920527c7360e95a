using System;
using System.Threading;
using System.Threading.Tasks;

namespace OctopusUpgrade.Engine.Steps
{
    /// <summary>
    /// The base of every engine step: the one place a step's arguments are checked, so each step's own code starts
    /// from a runner, a request, a plan and a confirmation that are all there.
    /// </summary>
    /// <typeparam name="TRequest">What the step was asked.</typeparam>
    /// <typeparam name="TPlan">What planning decided.</typeparam>
    /// <typeparam name="TResult">What the step did.</typeparam>
    public abstract class Step<TRequest, TPlan, TResult> : IStep<TRequest, TPlan, TResult>
        where TRequest : class
    {
        /// <inheritdoc/>
        public abstract string Name { get; }

        /// <inheritdoc/>
        public Task<StepPlan<TPlan>> PlanAsync(StepRunner runner, TRequest request, CancellationToken cancellationToken) =>
            PlanCoreAsync(
                runner ?? throw new ArgumentNullException(nameof(runner)),
                request ?? throw new ArgumentNullException(nameof(request)),
                cancellationToken);

        /// <inheritdoc/>
        public Task<TResult> ExecuteAsync(StepRunner runner, TRequest request, StepPlan<TPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken) =>
            ExecuteCoreAsync(
                runner ?? throw new ArgumentNullException(nameof(runner)),
                request ?? throw new ArgumentNullException(nameof(request)),
                plan ?? throw new ArgumentNullException(nameof(plan)),
                confirmed ?? throw new ArgumentNullException(nameof(confirmed)),
                cancellationToken);

        /// <summary>Plans with arguments already checked; only steps of this assembly implement it.</summary>
        private protected abstract Task<StepPlan<TPlan>> PlanCoreAsync(StepRunner runner, TRequest request, CancellationToken cancellationToken);

        /// <summary>Executes with arguments already checked; only steps of this assembly implement it.</summary>
        private protected abstract Task<TResult> ExecuteCoreAsync(StepRunner runner, TRequest request, StepPlan<TPlan> plan, StepConfirmation confirmed, CancellationToken cancellationToken);
    }
}
