namespace OctopusUpgrade.Sandbox
{
    /// <summary>The column types the endpoint answers with (each maps to one TDS TYPE_INFO).</summary>
    internal enum SqlColumnType
    {
        TinyInt,
        SmallInt,
        Int,
        BigInt,
        Bit,
        NVarChar,
        DateTime,
        DateTimeOffset,

        /// <summary><c>numeric(25,0)</c>, as LSNs are.</summary>
        Numeric,

        /// <summary><c>sql_variant</c>, as <c>SERVERPROPERTY</c> returns.</summary>
        Variant,
    }
}
