namespace OctopusUpgrade.Engine.Sql
{
    /// <summary>One message from SQL Server: an INFO (class 10 and below) or an error, with its number.</summary>
    public sealed record SqlServerMessage(int Number, byte Class, string Text)
    {
        /// <summary>Classes above 10 are errors; 10 and below are information ("N percent processed.").</summary>
        public bool IsError => Class > 10;
    }
}
