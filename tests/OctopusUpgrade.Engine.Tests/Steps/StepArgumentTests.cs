using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using OctopusUpgrade.Engine.Execution;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Engine.Tests.Support;

namespace OctopusUpgrade.Engine.Tests.Steps
{
    /// <summary>
    /// Every engine step is a <see cref="Step{TRequest, TPlan, TResult}"/>, whose public entry points are the one place
    /// step arguments are checked; each step's own code relies on that.
    /// </summary>
    public sealed class StepArgumentTests : IDisposable
    {
        private readonly TempFolder _folder = new();
        private readonly UpgradeSession _session;

        public StepArgumentTests()
        {
            _session = UpgradeSession.Create(
                new SessionRequest { Server = "https://octopus.example.com", ApiKey = new Secret("API-STEPARGUMENTTESTKEY00001"), JournalPath = _folder.Combine("journal.json") },
                new FakeTimeProvider());
        }

        public static TheoryData<string> EngineSteps()
        {
            var data = new TheoryData<string>();
            foreach (var type in StepTypes())
            {
                data.Add(type.FullName!);
            }

            return data;
        }

        public void Dispose()
        {
            _session.Dispose();
            _folder.Dispose();
        }

        [Fact]
        public void Every_class_that_implements_a_step_in_the_engine_derives_from_the_checking_base()
        {
            var implementers = typeof(IStep<,,>).Assembly.GetTypes()
                .Where(t => t.IsClass && !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStep<,,>)))
                .ToList();

            Assert.Equal(14, implementers.Count);
            Assert.All(implementers, t => Assert.True(IsStep(t), t.FullName + " implements IStep without the Step base, so nothing checks its arguments."));
        }

        [Theory]
        [MemberData(nameof(EngineSteps))]
        public void A_missing_argument_is_refused_by_name_before_the_step_runs(string stepType)
        {
            var type = StepTypes().Single(t => t.FullName == stepType);
            var step = Create(type);
            var generic = BaseOf(type).GetGenericArguments();
            var request = Unread(generic[0]);
            var plan = typeof(StepPlan<>).MakeGenericType(generic[1]).GetConstructors().Single().Invoke(new[] { Unread(generic[1]), Array.Empty<StepAction>() });
            var confirmed = new StepConfirmation(Array.Empty<string>());
            var runner = new StepRunner(_session, NullOperationReporter.Instance);
            var planAsync = type.GetMethod(nameof(IStep<object, object, object>.PlanAsync))!;
            var executeAsync = type.GetMethod(nameof(IStep<object, object, object>.ExecuteAsync))!;

            Assert.Equal("runner", Refused(planAsync, step, null, request));
            Assert.Equal("request", Refused(planAsync, step, runner, null));
            Assert.Equal("runner", Refused(executeAsync, step, null, request, plan, confirmed));
            Assert.Equal("request", Refused(executeAsync, step, runner, null, plan, confirmed));
            Assert.Equal("plan", Refused(executeAsync, step, runner, request, null, confirmed));
            Assert.Equal("confirmed", Refused(executeAsync, step, runner, request, plan, null));
        }

        private static IEnumerable<Type> StepTypes() =>
            typeof(IStep<,,>).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && IsStep(t)).OrderBy(t => t.FullName, StringComparer.Ordinal);

        private static bool IsStep(Type type) => BaseOf(type) is not null;

        private static Type BaseOf(Type type)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(Step<,,>))
                {
                    return current;
                }
            }

            return null!;
        }

        private static object Create(Type type)
        {
            var constructor = type.GetConstructors().OrderBy(c => c.GetParameters().Length).First();
            var arguments = constructor.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
            return constructor.Invoke(arguments);
        }

        /// <summary>A value to pass where the argument under test is another one; its content is never read.</summary>
        private static object Unread(Type type) =>
            System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);

        /// <summary>The parameter name of the <see cref="ArgumentNullException"/> thrown before any task starts.</summary>
        private static string? Refused(MethodInfo method, object step, params object?[] leading)
        {
            var arguments = leading.Concat(new object[] { CancellationToken.None }).ToArray();
            var error = Assert.Throws<TargetInvocationException>(() => method.Invoke(step, arguments));
            return Assert.IsType<ArgumentNullException>(error.InnerException).ParamName;
        }
    }
}
