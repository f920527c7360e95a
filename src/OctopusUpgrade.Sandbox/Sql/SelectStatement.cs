using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>
    /// The SELECT the endpoint understands: <c>SELECT [TOP n] items [FROM source [AS alias]] [WHERE c AND c…] [ORDER BY
    /// col [ASC|DESC], …]</c>. Items are columns, <c>*</c>, <c>SERVERPROPERTY('…')</c>, <c>SCHEMA_NAME(col)</c> or
    /// <c>DB_NAME()</c>, each with an optional alias; conditions are <c>col = v</c>, <c>col &lt;&gt; v</c> or
    /// <c>col IN (v, …)</c>, where v is a literal, a parameter or <c>DB_ID(v)</c>.
    /// </summary>
    internal static class SelectStatement
    {
        private static readonly string[] Reserved = ["FROM", "WHERE", "ORDER", "AND", "AS"];

        public static SqlResultSet Run(SqlParser parser, SqlEndpoint endpoint, TdsSession session)
        {
            var state = endpoint.State;
            parser.Expect("SELECT");
            long? top = null;
            if (parser.Accept("TOP"))
            {
                var parenthesised = parser.AcceptSymbol("(");
                top = parser.Integer();
                if (parenthesised)
                {
                    parser.ExpectSymbol(")");
                }
            }

            var items = new List<Func<SqlTable?, (SqlColumn Column, Func<object?[], object?> Read)[]>>();
            do
            {
                items.Add(Item(parser, endpoint, session));
            }
            while (parser.AcceptSymbol(","));

            SqlTable? table = null;
            if (parser.Accept("FROM"))
            {
                var name = parser.MultipartName();
                List<object?>? arguments = null;
                if (parser.AcceptSymbol("("))
                {
                    arguments = [];
                    do
                    {
                        arguments.Add(parser.Value(n => SqlCatalog.DatabaseId(state, n)));
                    }
                    while (parser.AcceptSymbol(","));
                    parser.ExpectSymbol(")");
                }

                table = SqlCatalog.Resolve(name, arguments, endpoint, session);
                if (parser.Accept("AS") || (parser.Peek.IsName && !Reserved.Any(parser.Peek.Is)))
                {
                    parser.Name();
                }
            }

            var rows = table?.Rows.AsEnumerable() ?? [Array.Empty<object?>()];
            if (parser.Accept("WHERE"))
            {
                do
                {
                    var condition = Condition(parser, table, state);
                    rows = rows.Where(condition).ToList();
                }
                while (parser.Accept("AND"));
            }

            var columns = items.SelectMany(i => i(table)).ToList();
            if (parser.Accept("ORDER"))
            {
                parser.Expect("BY");
                IOrderedEnumerable<object?[]>? ordered = null;
                do
                {
                    var name = ColumnReference(parser);
                    var read = table is not null && table.Columns.Any(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                        ? ColumnReader(table, name)
                        : columns.FirstOrDefault(c => c.Column.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Read ?? throw InvalidColumn(name);
                    var descending = parser.Accept("DESC");
                    if (!descending)
                    {
                        parser.Accept("ASC");
                    }

                    var comparer = Comparer<object?>.Create(Compare);
                    ordered = ordered is null
                        ? (descending ? rows.OrderByDescending(read, comparer) : rows.OrderBy(read, comparer))
                        : (descending ? ordered.ThenByDescending(read, comparer) : ordered.ThenBy(read, comparer));
                }
                while (parser.AcceptSymbol(","));
                rows = ordered!;
            }

            if (top is { } limit)
            {
                rows = rows.Take((int)limit);
            }

            return new SqlResultSet(columns.Select(c => c.Column).ToList(), rows.Select(row => columns.Select(c => c.Read(row)).ToArray()).ToList());
        }

        private static Func<SqlTable?, (SqlColumn, Func<object?[], object?>)[]> Item(SqlParser parser, SqlEndpoint endpoint, TdsSession session)
        {
            var state = endpoint.State;
            if (parser.AcceptSymbol("*"))
            {
                return table => table is null
                    ? throw new SqlStatementException(SqlMessage.Error(263, "Must specify table to select from.", 16))
                    : table.Columns.Select((c, i) => (c, (Func<object?[], object?>)(row => row[i]))).ToArray();
            }

            Func<SqlTable?, (SqlColumn, Func<object?[], object?>)> item;
            if (parser.Peek.Is("SERVERPROPERTY") && parser.PeekAt(1).IsSymbol("("))
            {
                parser.Next();
                parser.ExpectSymbol("(");
                var property = parser.StringValue();
                parser.ExpectSymbol(")");
                var value = ServerProperty(state, property);
                item = _ => (new SqlColumn("", SqlColumnType.Variant), _ => value);
            }
            else if (parser.Peek.Is("DB_NAME") && parser.PeekAt(1).IsSymbol("("))
            {
                parser.Next();
                parser.ExpectSymbol("(");
                parser.ExpectSymbol(")");
                var name = session.Database;
                item = _ => (new SqlColumn("", SqlColumnType.NVarChar), _ => name);
            }
            else if (parser.Peek.Is("SCHEMA_NAME") && parser.PeekAt(1).IsSymbol("("))
            {
                parser.Next();
                parser.ExpectSymbol("(");
                var column = ColumnReference(parser);
                parser.ExpectSymbol(")");
                item = table => (new SqlColumn("", SqlColumnType.NVarChar), row => SqlCatalog.SchemaName(state, ColumnReader(table, column)(row)));
            }
            else
            {
                var column = ColumnReference(parser);
                item = table =>
                {
                    var type = table?.Columns.FirstOrDefault(c => c.Name.Equals(column, StringComparison.OrdinalIgnoreCase))?.Type ?? throw InvalidColumn(column);
                    var name = table.Columns.First(c => c.Name.Equals(column, StringComparison.OrdinalIgnoreCase)).Name;
                    return (new SqlColumn(name, type), ColumnReader(table, column));
                };
            }

            string? alias = null;
            if (parser.Accept("AS") || (parser.Peek.IsName && !Reserved.Any(parser.Peek.Is)))
            {
                alias = parser.Name();
            }

            return table =>
            {
                var (column, read) = item(table);
                return [(alias is null ? column : column with { Name = alias }, read)];
            };
        }

        // [alias.]column: the alias is accepted and not checked, as there is one source.
        private static string ColumnReference(SqlParser parser)
        {
            var name = parser.Name();
            return parser.AcceptSymbol(".") ? parser.Name() : name;
        }

        private static Func<object?[], object?> ColumnReader(SqlTable? table, string column)
        {
            var index = table is null ? -1 : table.Columns.ToList().FindIndex(c => c.Name.Equals(column, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? row => row[index] : throw InvalidColumn(column);
        }

        private static Func<object?[], bool> Condition(SqlParser parser, SqlTable? table, SqlServerState state)
        {
            var read = ColumnReader(table, ColumnReference(parser));
            object? DatabaseId(string name) => SqlCatalog.DatabaseId(state, name);
            if (parser.Accept("IN"))
            {
                parser.ExpectSymbol("(");
                var values = new List<object?>();
                do
                {
                    values.Add(parser.Value(DatabaseId));
                }
                while (parser.AcceptSymbol(","));
                parser.ExpectSymbol(")");
                return row => values.Any(v => Equal(read(row), v));
            }

            var negate = parser.AcceptSymbol("<>");
            if (!negate)
            {
                parser.ExpectSymbol("=");
            }

            var value = parser.Value(DatabaseId);
            return row => Equal(read(row), value) != negate;
        }

        // SQL comparison under a case-insensitive collation; NULL equals nothing.
        private static bool Equal(object? left, object? right) =>
            left is not null && right is not null && Compare(left, right) == 0;

        private static int Compare(object? left, object? right) => (left, right) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
            (bool a, _) => Compare(a ? 1m : 0m, right),
            (_, bool b) => Compare(left, b ? 1m : 0m),
            (IConvertible a, IConvertible b) when IsNumber(a) && IsNumber(b) => Convert.ToDecimal(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(b, CultureInfo.InvariantCulture)),
            (string, _) or (_, string) => throw new SqlStatementException(SqlMessage.Error(245, "Conversion failed when converting a value to a comparable type.", 16)),
            _ => Comparer<object>.Default.Compare(left, right),
        };

        private static bool IsNumber(IConvertible value) => value.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal;

        private static SqlStatementException InvalidColumn(string name) =>
            new(SqlMessage.Error(207, "Invalid column name '" + name + "'.", 16, 1));

        /// <summary><c>SERVERPROPERTY</c>: nvarchar or int inside a sql_variant; NULL for a property not modelled (as for an unknown one).</summary>
        private static object? ServerProperty(SqlServerState state, string property)
        {
            var version = state.ProductVersion;
            var facts = state.Facts;
            return property.ToUpperInvariant() switch
            {
                "PRODUCTVERSION" => facts.ProductVersion,
                "PRODUCTMAJORVERSION" => version.Major >= 11 ? version.Major.ToString(CultureInfo.InvariantCulture) : null,
                "PRODUCTMINORVERSION" => version.Major >= 11 ? version.Minor.ToString(CultureInfo.InvariantCulture) : null,
                "PRODUCTBUILD" => version.Major >= 11 ? version.Build.ToString(CultureInfo.InvariantCulture) : null,
                "PRODUCTLEVEL" => "RTM",
                "EDITION" => facts.Edition,
                "ENGINEEDITION" => facts.EngineEdition,
                "SERVERNAME" or "MACHINENAME" => facts.ServerName,
                "COLLATION" => "SQL_Latin1_General_CP1_CI_AS",
                "ISCLUSTERED" or "ISHADRENABLED" or "ISSINGLEUSER" => 0,
                _ => null,
            };
        }
    }
}
