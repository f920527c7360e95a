using System;
using System.Collections.Generic;
using System.Globalization;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>A cursor over a batch's tokens, with the request's parameters for <c>@name</c> values.</summary>
    internal sealed class SqlParser(string text, IReadOnlyDictionary<string, object?> parameters)
    {
        private readonly List<SqlToken> _tokens = SqlLexer.Tokenise(text);
        private int _position;

        public SqlToken Peek => _tokens[_position];

        public SqlToken PeekAt(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

        public bool AtEnd => Peek.Kind == SqlTokenKind.End;

        public SqlToken Next() => _tokens[_position == _tokens.Count - 1 ? _position : _position++];

        public bool Accept(string word)
        {
            if (Peek.Is(word))
            {
                _position++;
                return true;
            }

            return false;
        }

        public bool AcceptSymbol(string symbol)
        {
            if (Peek.IsSymbol(symbol))
            {
                _position++;
                return true;
            }

            return false;
        }

        public void Expect(params string[] words)
        {
            foreach (var word in words)
            {
                if (!Accept(word))
                {
                    throw NotUnderstood();
                }
            }
        }

        public void ExpectSymbol(string symbol)
        {
            if (!AcceptSymbol(symbol))
            {
                throw NotUnderstood();
            }
        }

        /// <summary>An identifier (bare or delimited).</summary>
        public string Name()
        {
            var token = Next();
            return token.IsName ? token.Text : throw NotUnderstood(token);
        }

        /// <summary>A dotted name such as <c>[db].dbo.[table]</c>, parts unescaped.</summary>
        public List<string> MultipartName()
        {
            var parts = new List<string> { Name() };
            while (AcceptSymbol("."))
            {
                parts.Add(Name());
            }

            return parts;
        }

        /// <summary>A database name: an identifier, or a variable holding the name (<c>BACKUP DATABASE @db</c>).</summary>
        public string NameOrVariable() => Peek.Kind == SqlTokenKind.Variable ? Text(Value()) : Name();

        /// <summary>A string: a literal or a variable.</summary>
        public string StringValue()
        {
            var token = Peek;
            return token.Kind is SqlTokenKind.String or SqlTokenKind.Variable ? Text(Value()) : throw NotUnderstood(token);
        }

        public long Integer()
        {
            var token = Next();
            return token.Kind == SqlTokenKind.Number && long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw NotUnderstood(token);
        }

        /// <summary>A literal, a parameter, or <c>DB_ID(value)</c> given <paramref name="databaseId"/> to resolve names.</summary>
        public object? Value(Func<string, object?>? databaseId = null)
        {
            var token = Next();
            switch (token.Kind)
            {
                case SqlTokenKind.String:
                    return token.Text;
                case SqlTokenKind.Number:
                    return decimal.Parse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                case SqlTokenKind.Variable:
                    return parameters.TryGetValue(token.Text, out var value)
                        ? value
                        : throw new SqlStatementException(SqlMessage.Error(137, "Must declare the scalar variable \"" + token.Text + "\".", 15, 2));
                case SqlTokenKind.Word when token.Is("NULL"):
                    return null;
                case SqlTokenKind.Word when token.Is("DB_ID") && databaseId is not null:
                    ExpectSymbol("(");
                    var name = Value();
                    ExpectSymbol(")");
                    return databaseId(Text(name));
                default:
                    throw NotUnderstood(token);
            }
        }

        /// <summary>Skips an optional statement terminator.</summary>
        public void EndStatement() => AcceptSymbol(";");

        public SqlStatementException NotUnderstood() => NotUnderstood(Peek);

        /// <summary>Msg 102, naming the token and the statement: the sandbox understands a fixed statement set and no more.</summary>
        public SqlStatementException NotUnderstood(SqlToken at)
        {
            var near = at.Kind == SqlTokenKind.End ? "end of batch" : at.Text;
            var shown = text.Length > 300 ? text[..300] + "…" : text;
            return new SqlStatementException(SqlMessage.Error(102, "Incorrect syntax near '" + near + "'. The sandbox does not understand: " + shown.Trim(), 15));
        }

        private static string Text(object? value) => value as string ?? throw new SqlStatementException(SqlMessage.Error(206, "Operand type clash: a name or path must be a string.", 16, 2));
    }
}
