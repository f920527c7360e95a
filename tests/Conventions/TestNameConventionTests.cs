using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace OctopusUpgrade.Tests.Conventions
{
    /// <summary>
    /// The house test-name style, checked in every test project (tests/Directory.Build.props compiles this file into
    /// each): a sentence joined by underscores, its first word capitalised, e.g.
    /// <c>A_stopped_copy_is_journalled_as_cancelled</c>. An .editorconfig naming rule cannot single out test methods.
    /// </summary>
    public sealed class TestNameConventionTests
    {
        private static readonly Regex Sentence = new("^[A-Z0-9][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$");

        [Fact]
        public void Every_test_name_is_a_sentence_joined_by_underscores()
        {
            var tests = typeof(TestNameConventionTests).Assembly.GetTypes()
                .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Where(method => method.GetCustomAttributes<FactAttribute>().Any())
                .ToList();

            Assert.Contains(tests, method => method.Name == nameof(Every_test_name_is_a_sentence_joined_by_underscores));
            Assert.Empty(tests.Where(method => !Sentence.IsMatch(method.Name)).Select(method => method.DeclaringType!.Name + "." + method.Name));
        }
    }
}
