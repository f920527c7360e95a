using System;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Steps;
using OctopusUpgrade.Sandbox;

namespace OctopusUpgrade.Engine.Tests.Support
{
    /// <summary>
    /// An in-process sandbox and an upgrade session against it over loopback, both on one fake clock that jumps to
    /// each timer's due time: a step's waits take no real time, and the sandbox's tasks move exactly as far.
    /// </summary>
    internal sealed class SandboxSession : IAsyncDisposable
    {
        private readonly TempFolder _journals = new();
        private readonly bool _ownsSandbox;

        private SandboxSession(SandboxServer sandbox, FakeTimeProvider clock, string? node = null, bool throughLoadBalancer = false)
        {
            Sandbox = sandbox;
            Clock = clock;
            _ownsSandbox = node is null;
            Session = UpgradeSession.Create(
                new SessionRequest
                {
                    Server = (node is null || throughLoadBalancer ? sandbox.ServerUrl : sandbox.NodeUrls[node]).ToString(),
                    ApiKey = new Secret(sandbox.ApiKey),
                    InstanceName = sandbox.Estate.InstanceName,
                    JournalPath = _journals.Combine("journal.json"),
                    InstallPath = node is null ? null : sandbox.NodeInstallPaths[node],
                    SqlConnectionString = node is null ? null : sandbox.SqlConnectionString,
                },
                clock);
            Runner = new StepRunner(Session, Reporter);
        }

        public SandboxServer Sandbox { get; }

        public FakeTimeProvider Clock { get; }

        public UpgradeSession Session { get; }

        public RecordingReporter Reporter { get; } = new();

        public StepRunner Runner { get; }

        public static async Task<SandboxSession> StartAsync(EstateDescription estate)
        {
            var clock = new FakeTimeProvider();
            return new SandboxSession(await SandboxServer.StartAsync(estate, clock), clock);
        }

        /// <summary>
        /// A session on one node's machine of the same sandbox, as an administrator opens on each HA node: the node's own
        /// URL (or the cluster's, through its load balancer), install folder and the SQL Server, on the same clock.
        /// Disposing it leaves the sandbox running.
        /// </summary>
        public SandboxSession ForNode(string node, bool throughLoadBalancer = false) => new(Sandbox, Clock, node, throughLoadBalancer);

        /// <summary>Plans a step and runs every planned action, as a caller without prompts does.</summary>
        public async Task<TResult> RunAsync<TRequest, TPlan, TResult>(IStep<TRequest, TPlan, TResult> step, TRequest request)
        {
            var plan = await Runner.PlanAsync(step, request, default);
            return (await Runner.ExecuteAsync(step, request, plan, StepConfirmation.All(plan.Actions), default)).Result;
        }

        public async ValueTask DisposeAsync()
        {
            if (_ownsSandbox)
            {
                await Sandbox.DisposeAsync();
            }

            _journals.Dispose();
        }
    }
}
