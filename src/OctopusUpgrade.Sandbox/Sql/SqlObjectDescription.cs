namespace OctopusUpgrade.Sandbox
{
    /// <summary>A user object in the Octopus database that Octopus did not create (readiness should flag it).</summary>
    public sealed class SqlObjectDescription
    {
        /// <summary>Schema name, e.g. <c>dbo</c> or <c>reporting</c>.</summary>
        public string Schema { get; set; } = "dbo";

        /// <summary>Object name.</summary>
        public string Name { get; set; } = "";

        /// <summary><c>sys.objects.type</c>: <c>U</c> table, <c>V</c> view, <c>P</c> procedure, <c>FN</c> function, <c>TR</c> trigger.</summary>
        public string Type { get; set; } = "U";
    }
}
