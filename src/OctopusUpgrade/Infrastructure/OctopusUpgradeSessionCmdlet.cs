using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Infrastructure
{
    /// <summary>
    /// The base of every cmdlet that works within a session. <c>-Session</c> binds from the pipeline both by value
    /// (a piped session) and by property name (any step's result, which carries its session); without it, the
    /// session created last in this runspace is used.
    /// </summary>
    public abstract class OctopusUpgradeSessionCmdlet : OctopusUpgradeCmdlet
    {
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public OctopusUpgradeSession? Session { get; set; }

        /// <summary>The session this call works in: the one given, or the runspace's default.</summary>
        internal OctopusUpgradeSession ResolveSession()
        {
            var session = Session ?? DefaultSessionStore.Current;
            if (session is null)
            {
                ThrowEngineError(
                    new OctopusUpgradeException(
                        SessionErrorIds.NotFound,
                        FailureCategory.InvalidOperation,
                        $"{MyInvocation.MyCommand.Name} needs an upgrade session: run New-OctopusUpgradeSession first, or pass one with -Session."),
                    masker: null);
            }

            return session!;
        }

        /// <summary>
        /// Runs a step the one way every step runs: the engine plans it (changing nothing); each planned action goes
        /// through ShouldProcess, which -WhatIf answers by listing it with its details; the engine then executes the
        /// confirmed actions, timed and journalled by the step runner. Null when -WhatIf was given or a required action
        /// was declined: then nothing ran.
        /// </summary>
        /// <param name="session">The session the step works in.</param>
        /// <param name="step">The engine's step.</param>
        /// <param name="request">What the cmdlet's parameters asked for.</param>
        /// <param name="force">-Force: a High action under this cmdlet's lower impact runs without its extra question.</param>
        internal StepRun<TResult>? RunStep<TRequest, TPlan, TResult>(OctopusUpgradeSession session, IStep<TRequest, TPlan, TResult> step, TRequest request, bool force = false)
        {
            var masker = session.Engine.Masker;

            // ShouldProcess belongs to the pipeline thread, so planning (read-only) and executing are two engine calls.
            var plan = RunEngine((reporter, token) => new StepRunner(session.Engine, reporter).PlanAsync(step, request, token), masker);
            var confirmed = new List<string>();
            var whatIf = false;
            foreach (var action in plan.Actions)
            {
                // PowerShell's own wording for ShouldProcess(target, action), in the overload that tells -WhatIf apart.
                var operation = $"Performing the operation \"{action.Description}\" on target \"{action.Target}\".";
                if (ShouldProcess(operation, "Are you sure you want to perform this action?" + System.Environment.NewLine + operation, "Confirm", out var reason))
                {
                    if (!AsksAgain(action, force) || ShouldContinue($"{action.Description} on '{action.Target}'?", step.Name))
                    {
                        confirmed.Add(action.Key);
                        continue;
                    }
                }
                else if (reason == ShouldProcessReason.WhatIf)
                {
                    whatIf = true;
                    foreach (var detail in action.Details)
                    {
                        ShouldProcess(detail.Target, detail.Description);
                    }

                    continue;
                }

                if (!action.Optional)
                {
                    return null;
                }
            }

            // A plan with nothing to change asks nothing, so ShouldProcess never saw -WhatIf: it still runs nothing.
            whatIf |= plan.Actions.Count == 0 && WhatIfRequested();
            if (whatIf)
            {
                foreach (var warning in plan.WhatIfWarnings)
                {
                    WriteWarning(masker.Mask(warning));
                }

                return null;
            }

            return RunEngine(
                (reporter, token) => new StepRunner(session.Engine, reporter).ExecuteAsync(step, request, plan, new StepConfirmation(confirmed), token),
                masker);
        }

        private bool WhatIfRequested() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value)
                ? value is SwitchParameter { IsPresent: true } or true
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <summary>Whether an action above this cmdlet's ConfirmImpact is asked about again (<see cref="ConfirmationPolicy"/>).</summary>
        private bool AsksAgain(StepAction action, bool force)
        {
            var cmdletImpact = ToActionImpact(GetType().GetCustomAttribute<CmdletAttribute>()?.ConfirmImpact ?? ConfirmImpact.Medium) ?? ActionImpact.Low;
            var preferenceText = Convert.ToString(SessionState.PSVariable.GetValue("ConfirmPreference"), CultureInfo.InvariantCulture);
            var preference = Enum.TryParse<ConfirmImpact>(preferenceText, true, out var value) ? ToActionImpact(value) : ActionImpact.High;
            return ConfirmationPolicy.AsksAgain(cmdletImpact, action.Impact, preference, force, MyInvocation.BoundParameters.ContainsKey("Confirm"));
        }

        private static ActionImpact? ToActionImpact(ConfirmImpact impact) => impact switch
        {
            ConfirmImpact.None => null,
            ConfirmImpact.Low => ActionImpact.Low,
            ConfirmImpact.High => ActionImpact.High,
            _ => ActionImpact.Medium,
        };
    }
}
