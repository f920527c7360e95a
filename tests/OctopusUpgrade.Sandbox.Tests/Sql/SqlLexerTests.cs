using System.Linq;

namespace OctopusUpgrade.Sandbox.Tests.Sql
{
    /// <summary>How the endpoint reads T-SQL: delimited identifiers and strings unescaped, comments skipped.</summary>
    public sealed class SqlLexerTests
    {
        [Theory]
        [InlineData("[Oct]]o'pus]", "Quoted", "Oct]o'pus")]
        [InlineData("\"a\"\"b\"", "Quoted", "a\"b")]
        [InlineData("N'it''s'", "String", "it's")]
        [InlineData("'C:\\b]ak'", "String", "C:\\b]ak")]
        [InlineData("n''", "String", "")]
        [InlineData("@path", "Variable", "@path")]
        [InlineData("COPY_ONLY", "Word", "COPY_ONLY")]
        [InlineData("10", "Number", "10")]
        public void One_token_is_read_whole(string text, string kind, string value)
        {
            var token = SqlLexer.Tokenise(text)[0];

            Assert.Equal(kind, token.Kind.ToString());
            Assert.Equal(value, token.Text);
        }

        [Fact]
        public void Comments_and_whitespace_are_skipped()
        {
            var tokens = SqlLexer.Tokenise("SELECT /* a [comment] */ name -- it's\r\nFROM sys.databases;");

            Assert.Equal(["SELECT", "name", "FROM", "sys", ".", "databases", ";", ""], tokens.Select(t => t.Text));
        }

        [Theory]
        [InlineData("SELECT N'unclosed")]
        [InlineData("BACKUP DATABASE [unclosed")]
        [InlineData("SELECT 1 /* unclosed")]
        public void An_unclosed_quote_or_comment_is_error_105(string text)
        {
            var error = Assert.Throws<SqlStatementException>(() => SqlLexer.Tokenise(text));

            Assert.Equal(105, error.Errors[0].Number);
        }
    }
}
