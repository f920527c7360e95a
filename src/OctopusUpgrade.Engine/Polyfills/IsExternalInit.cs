#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices
{
    /// <summary>Lets net472 compile init-only setters and records; the net8.0 BCL has its own.</summary>
    internal static class IsExternalInit
    {
    }
}
#endif
