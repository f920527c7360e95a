using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using OctopusUpgrade.Engine.Security;
using OctopusUpgrade.Engine.Sessions;
using OctopusUpgrade.Engine.Sql;
using OctopusUpgrade.Infrastructure;
using OctopusUpgrade.Sessions;

namespace OctopusUpgrade.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Creates the session that every upgrade step works in, and makes it the default.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "OctopusUpgradeSession", HelpUri = HelpLinks.Base + "New-OctopusUpgradeSession.md", DefaultParameterSetName = ApiKeySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OctopusUpgradeSession))]
    public sealed class NewOctopusUpgradeSessionCommand : OctopusUpgradeCmdlet
    {
        private const string ApiKeySet = "ApiKey";
        private const string CredentialSet = "ApiKeyCredential";
        private const string JournalApiKeySet = "JournalApiKey";
        private const string JournalCredentialSet = "JournalApiKeyCredential";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ApiKeySet)]
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = CredentialSet)]
        [Alias("Url", "OctopusServerUrl")]
        public string Server { get; set; } = string.Empty;

        /// <summary>Reopens the session this journal records, instead of creating one.</summary>
        [Parameter(Mandatory = true, ParameterSetName = JournalApiKeySet)]
        [Parameter(Mandatory = true, ParameterSetName = JournalCredentialSet)]
        [ValidateNotNullOrEmpty]
        public string Journal { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        [Parameter(Mandatory = true, ParameterSetName = JournalApiKeySet)]
        public SecureString? ApiKey { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Parameter(Mandatory = true, ParameterSetName = JournalCredentialSet)]
        [Credential]
        public PSCredential? ApiKeyCredential { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ApiKeySet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = CredentialSet)]
        public string? Space { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ApiKeySet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = CredentialSet)]
        public string? SqlConnectionString { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? SqlCredential { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ApiKeySet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string InstanceName { get; set; } = UpgradeSession.DefaultInstanceName;

        [Parameter(ParameterSetName = ApiKeySet)]
        [Parameter(ParameterSetName = CredentialSet)]
        public string? InstallPath { get; set; }

        [Parameter(ParameterSetName = ApiKeySet)]
        [Parameter(ParameterSetName = CredentialSet)]
        public string? HomePath { get; set; }

        [Parameter(ParameterSetName = ApiKeySet)]
        [Parameter(ParameterSetName = CredentialSet)]
        public string? JournalPath { get; set; }

        [Parameter(ParameterSetName = ApiKeySet)]
        [Parameter(ParameterSetName = CredentialSet)]
        public string? TargetVersion { get; set; }

        [Parameter(ParameterSetName = ApiKeySet)]
        [Parameter(ParameterSetName = CredentialSet)]
        public SwitchParameter AllowInsecureHttp { get; set; }

        protected override void ProcessRecord()
        {
            var apiKey = ApiKeyCredential is not null ? SecureStrings.ToSecret(ApiKeyCredential.Password) : SecureStrings.ToSecret(ApiKey);
            var sqlLogin = SqlCredential is null ? null : new SqlLogin(SqlCredential.UserName, SecureStrings.ToSecret(SqlCredential.Password));

            // The secrets given so far are masked in anything these calls report, even before a session exists.
            var masker = UpgradeSession.MaskerFor(new SessionRequest { ApiKey = apiKey, SqlLogin = sqlLogin });

            var session = ParameterSetName is JournalApiKeySet or JournalCredentialSet
                ? Reopen(new SessionReopenRequest(ResolvePath(Journal) ?? Journal) { ApiKey = apiKey, SqlLogin = sqlLogin }, masker)
                : Create(apiKey, sqlLogin);
            if (session is null)
            {
                return;
            }

            DefaultSessionStore.Current = session;
            WriteObject(session);
        }

        private OctopusUpgradeSession? Create(Secret? apiKey, SqlLogin? sqlLogin)
        {
            var request = new SessionRequest
            {
                Server = Server,
                ApiKey = apiKey,
                Space = Space,
                SqlConnectionString = SqlConnectionString,
                SqlLogin = sqlLogin,
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
            RunEngine((_, _) => Task.FromResult(UpgradeSession.Check(request)), masker);
            if (!ShouldProcess(Server, $"Create an upgrade session for instance '{InstanceName}' and start its journal"))
            {
                return null;
            }

            return new OctopusUpgradeSession(RunEngine((_, _) => Task.FromResult(UpgradeSession.Create(request)), masker));
        }

        private OctopusUpgradeSession? Reopen(SessionReopenRequest request, SecretMasker masker)
        {
            // Reading the journal and checking its settings writes nothing, so -WhatIf does it too.
            RunEngine((_, _) => Task.FromResult(UpgradeSession.CheckReopen(request)), masker);
            if (!ShouldProcess(request.JournalPath, "Reopen the upgrade session this journal records, and continue its journal"))
            {
                return null;
            }

            // Reopening the journal this runspace's default session writes takes it over: that session is closed first.
            var current = DefaultSessionStore.Current;
            if (current is not null && current.Engine.Journal.IsAt(request.JournalPath))
            {
                current.Dispose();
            }

            return new OctopusUpgradeSession(RunEngine((_, _) => Task.FromResult(UpgradeSession.Reopen(request)), masker));
        }
    }
}
