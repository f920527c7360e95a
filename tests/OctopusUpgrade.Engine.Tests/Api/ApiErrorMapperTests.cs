using System;
using System.Net.Http;
using System.Text;
using OctopusUpgrade.Engine.Api;
using OctopusUpgrade.Engine.Api.Http;
using OctopusUpgrade.Engine.Errors;

namespace OctopusUpgrade.Engine.Tests.Api
{
    public sealed class ApiErrorMapperTests
    {
        private const string Key = "API-SECRETKEY0123456789";
        private static readonly Uri Server = new("https://octopus.example/");

        [Theory]
        [InlineData(400, OctopusApiErrorIds.BadRequest, FailureCategory.InvalidArgument)]
        [InlineData(409, OctopusApiErrorIds.BadRequest, FailureCategory.InvalidArgument)]
        [InlineData(401, OctopusApiErrorIds.Unauthorized, FailureCategory.AuthenticationError)]
        [InlineData(403, OctopusApiErrorIds.Forbidden, FailureCategory.PermissionDenied)]
        [InlineData(404, OctopusApiErrorIds.NotFound, FailureCategory.ObjectNotFound)]
        [InlineData(405, OctopusApiErrorIds.ServerError, FailureCategory.ResourceUnavailable)]
        [InlineData(500, OctopusApiErrorIds.ServerError, FailureCategory.ResourceUnavailable)]
        [InlineData(503, OctopusApiErrorIds.ServerError, FailureCategory.ResourceUnavailable)]
        public void Maps_status_to_stable_id(int status, string errorId, FailureCategory category)
        {
            var ex = Map(status, "{\"ErrorMessage\":\"There was a problem with your request.\",\"Errors\":[\"The name field is required\"]}");

            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(category, ex.Category);
            Assert.Equal(status, ex.StatusCode);
            Assert.Equal("There was a problem with your request.", ex.ServerErrorMessage);
            Assert.Equal(new[] { "The name field is required" }, ex.ServerErrors);
            Assert.Contains("There was a problem with your request.", ex.Message);
            Assert.Contains("The name field is required", ex.Message);
        }

        [Fact]
        public void Unauthorized_names_the_server_and_says_the_key_was_rejected_without_the_key()
        {
            var ex = Map(401, "{\"ErrorMessage\":\"Either your API key is invalid, or your account has been disabled.\"}", "https://octopus.example/api?apikey=" + Key);

            Assert.Contains("https://octopus.example/", ex.Message);
            Assert.Contains("rejected the API key", ex.Message);
            Assert.DoesNotContain(Key, ex.Message);
            Assert.DoesNotContain(Key, ex.Target?.ToString());
        }

        [Fact]
        public void Redirect_is_reported_with_its_target_and_not_followed()
        {
            var response = new ApiResponse(301, "Moved Permanently", Array.Empty<byte>(), new Uri("https://octopus.example/api?apikey=" + Key));

            var ex = ApiErrorMapper.FromResponse(HttpMethod.Get, new Uri("http://octopus.example/api"), Server, response, text => text);

            Assert.Equal(OctopusApiErrorIds.Redirected, ex.ErrorId);
            Assert.Contains("https://octopus.example/api", ex.Message);
            Assert.DoesNotContain(Key, ex.Message);
        }

        [Fact]
        public void Non_json_body_becomes_the_message()
        {
            var ex = Map(502, "<html><body>Bad gateway</body></html>");

            Assert.Equal("<html><body>Bad gateway</body></html>", ex.ServerErrorMessage);
            Assert.Empty(ex.ServerErrors);
        }

        [Fact]
        public void An_echoed_key_is_masked()
        {
            var ex = Map(400, "{\"ErrorMessage\":\"Bad key " + Key + "\",\"Errors\":[\"" + Key + "\"]}");

            Assert.DoesNotContain(Key, ex.Message);
            Assert.DoesNotContain(Key, ex.ServerErrorMessage);
            Assert.DoesNotContain(Key, string.Join(" ", ex.ServerErrors));
        }

        private static OctopusApiException Map(int status, string body, string url = "https://octopus.example/api/machines") =>
            ApiErrorMapper.FromResponse(HttpMethod.Get, new Uri(url), Server, new ApiResponse(status, "Reason", Encoding.UTF8.GetBytes(body)), text => text.Replace(Key, "********"));
    }
}
