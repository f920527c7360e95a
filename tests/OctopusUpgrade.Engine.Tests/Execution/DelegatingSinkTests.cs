using System;
using System.Collections.Generic;
using OctopusUpgrade.Engine.Errors;
using OctopusUpgrade.Engine.Execution;

namespace OctopusUpgrade.Engine.Tests.Execution
{
    public sealed class DelegatingSinkTests
    {
        [Fact]
        public void Every_event_reaches_its_own_delegate_only()
        {
            var seen = new List<string>();
            var sink = new DelegatingSink(
                progress => seen.Add("progress " + progress.Activity),
                message => seen.Add("verbose " + message),
                message => seen.Add("warning " + message),
                message => seen.Add("information " + message),
                item => seen.Add("output " + item),
                error => seen.Add("error " + error.ErrorId));

            sink.OnProgress(new OperationProgress(1, "copy", "started"));
            sink.OnVerbose("v");
            sink.OnWarning("w");
            sink.OnInformation("i");
            sink.OnOutput(42);
            sink.OnError(new OctopusUpgradeException("SomeError", FailureCategory.InvalidData, "bad", target: null));

            Assert.Equal(new[] { "progress copy", "verbose v", "warning w", "information i", "output 42", "error SomeError" }, seen);
        }

        [Theory]
        [InlineData(0, "progress")]
        [InlineData(1, "verbose")]
        [InlineData(2, "warning")]
        [InlineData(3, "information")]
        [InlineData(4, "output")]
        [InlineData(5, "error")]
        public void Every_delegate_is_required(int missing, string name)
        {
            var error = Assert.Throws<ArgumentNullException>(() => new DelegatingSink(
                missing == 0 ? null! : _ => { },
                missing == 1 ? null! : _ => { },
                missing == 2 ? null! : _ => { },
                missing == 3 ? null! : _ => { },
                missing == 4 ? null! : _ => { },
                missing == 5 ? null! : _ => { }));

            Assert.Equal(name, error.ParamName);
        }
    }
}
