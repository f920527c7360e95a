using System;
using OctopusUpgrade.Engine.Api.Http;

namespace OctopusUpgrade.Engine.Tests.Api
{
    public sealed class UrlRedactorTests
    {
        [Theory]
        [InlineData("https://octopus.example/api/machines?apikey=API-KEY1&skip=30", "https://octopus.example/api/machines?skip=30")]
        [InlineData("https://octopus.example/api/machines?skip=30&ApiKey=API-KEY1", "https://octopus.example/api/machines?skip=30")]
        [InlineData("https://octopus.example/api?apikey=API-KEY1", "https://octopus.example/api")]
        [InlineData("https://octopus.example/api/machines?skip=30&take=100", "https://octopus.example/api/machines?skip=30&take=100")]
        [InlineData("ftp://octopus.example/?apikey=API-KEY1", "ftp://octopus.example/")]
        public void Removes_the_api_key_parameter_only(string url, string expected)
        {
            var redacted = UrlRedactor.Redact(new Uri(url));

            Assert.Equal(expected, redacted.AbsoluteUri);
            Assert.DoesNotContain("API-KEY1", redacted.ToString());
        }
    }
}
