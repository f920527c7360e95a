using System;

namespace OctopusUpgrade.Engine.Errors
{
    /// <summary>
    /// The one exception type the engine raises for failures a user must read. <see cref="ErrorId"/> is stable
    /// (scripts and Pester tests match on it); the message says what happened, to what, and what to do next,
    /// and never contains a secret.
    /// </summary>
    public class OctopusUpgradeException : Exception
    {
        public OctopusUpgradeException(string errorId, FailureCategory category, string message, object? target = null, Exception? innerException = null)
            : base(message, innerException)
        {
            if (string.IsNullOrWhiteSpace(errorId))
            {
                throw new ArgumentException("An error id is required.", nameof(errorId));
            }

            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        /// <summary>A stable identifier such as <c>SessionServerNotAbsolute</c>.</summary>
        public string ErrorId { get; }

        /// <summary>The kind of failure.</summary>
        public FailureCategory Category { get; }

        /// <summary>What the failure is about (a path, a URI, a machine name); never a secret.</summary>
        public object? Target { get; }
    }
}
