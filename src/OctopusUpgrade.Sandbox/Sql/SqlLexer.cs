using System.Collections.Generic;
using System.Text;

namespace OctopusUpgrade.Sandbox
{
    /// <summary>Splits T-SQL into tokens: comments skipped, <c>[]</c> and <c>""</c> identifiers and <c>N''</c> strings unescaped.</summary>
    internal static class SqlLexer
    {
        public static List<SqlToken> Tokenise(string text)
        {
            var tokens = new List<SqlToken>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '-' && At(text, i + 1) == '-')
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                }
                else if (c == '/' && At(text, i + 1) == '*')
                {
                    var end = text.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                    i = end < 0 ? throw Unclosed(text, i, "comment") : end + 2;
                }
                else if (c == '[')
                {
                    tokens.Add(Delimited(text, ref i, i, ']', SqlTokenKind.Quoted));
                }
                else if (c == '"')
                {
                    tokens.Add(Delimited(text, ref i, i, '"', SqlTokenKind.Quoted));
                }
                else if (c == '\'' || ((c is 'N' or 'n') && At(text, i + 1) == '\''))
                {
                    var start = i;
                    i += c == '\'' ? 0 : 1;
                    tokens.Add(Delimited(text, ref i, start, '\'', SqlTokenKind.String));
                }
                else if (c == '@' || char.IsLetter(c) || c == '_' || c == '#')
                {
                    var start = i;
                    i++;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '@' or '#' or '$'))
                    {
                        i++;
                    }

                    tokens.Add(new SqlToken(c == '@' ? SqlTokenKind.Variable : SqlTokenKind.Word, text[start..i], start));
                }
                else if (char.IsDigit(c))
                {
                    var start = i;
                    while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                    {
                        i++;
                    }

                    tokens.Add(new SqlToken(SqlTokenKind.Number, text[start..i], start));
                }
                else if (c == '<' && At(text, i + 1) == '>')
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, "<>", i));
                    i += 2;
                }
                else
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), i));
                    i++;
                }
            }

            tokens.Add(new SqlToken(SqlTokenKind.End, "", text.Length));
            return tokens;
        }

        private static char At(string text, int index) => index < text.Length ? text[index] : '\0';

        // The opening delimiter is at i; a doubled closing delimiter stands for one.
        private static SqlToken Delimited(string text, ref int i, int start, char close, SqlTokenKind kind)
        {
            var value = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= text.Length)
                {
                    throw Unclosed(text, start, kind == SqlTokenKind.String ? "string" : "identifier");
                }

                if (text[i] == close)
                {
                    if (At(text, i + 1) == close)
                    {
                        value.Append(close);
                        i += 2;
                        continue;
                    }

                    i++;
                    return new SqlToken(kind, value.ToString(), start);
                }

                value.Append(text[i]);
                i++;
            }
        }

        private static SqlStatementException Unclosed(string text, int at, string what) =>
            new(SqlMessage.Error(105, "Unclosed quotation mark after the character string '" + text[at..] + "'. (an unclosed " + what + ")", 15));
    }
}
