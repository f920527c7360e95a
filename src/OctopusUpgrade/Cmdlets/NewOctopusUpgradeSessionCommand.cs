using System;
using System.Management.Automation;
using System.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Creates the session that every upgrade step works in, and makes it the default.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "OctopusUpgradeSession", DefaultParameterSetName = ApiKeySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OctopusUpgradeSession))]
    public sealed class NewOctopusUpgradeSessionCommand : OctopusUpgradeCmdlet
    {
        private const string ApiKeySet = "ApiKey";
        private const string CredentialSet = "ApiKeyCredential";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Url", "OctopusServerUrl")]
        public string Server { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        public SecureString? ApiKey { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential? ApiKeyCredential { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Space { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? SqlConnectionString { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? SqlCredential { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string InstanceName { get; set; } = UpgradeSession.DefaultInstanceName;

        [Parameter]
        public string? InstallPath { get; set; }

        [Parameter]
        public string? HomePath { get; set; }

        [Parameter]
        public string? JournalPath { get; set; }

        [Parameter]
        public string? TargetVersion { get; set; }

        [Parameter]
        public SwitchParameter AllowInsecureHttp { get; set; }

        protected override void ProcessRecord()
        {
            var request = new SessionRequest
            {
                Server = Server,
                ApiKey = ParameterSetName == CredentialSet ? SecureStrings.ToSecret(ApiKeyCredential?.Password) : SecureStrings.ToSecret(ApiKey),
                Space = Space,
                SqlConnectionString = SqlConnectionString,
                SqlLogin = SqlCredential is null ? null : new SqlLogin(SqlCredential.UserName, SecureStrings.ToSecret(SqlCredential.Password)),
                InstanceName = InstanceName,
                InstallPath = ResolvePath(InstallPath),
                HomePath = ResolvePath(HomePath),
                JournalPath = ResolvePath(JournalPath),
                TargetVersion = TargetVersion,
                AllowInsecureHttp = AllowInsecureHttp.IsPresent,
            };

            // Every secret given (the SQL password inside -SqlConnectionString too) is masked in anything these calls
            // report, even before a session exists.
            var masker = UpgradeSession.MaskerFor(request);

            // Checked before ShouldProcess, so that -WhatIf also tells whether the values are right.
            RunEngine((_, _) => System.Threading.Tasks.Task.FromResult(UpgradeSession.Check(request)), masker);
            if (!ShouldProcess(Server, $"Create an upgrade session for instance '{InstanceName}' and start its journal"))
            {
                return;
            }

            var session = new OctopusUpgradeSession(RunEngine((_, _) => System.Threading.Tasks.Task.FromResult(UpgradeSession.Create(request, TimeProvider.System)), masker));
            DefaultSessionStore.Current = session;
            WriteObject(session);
        }
    }
}
