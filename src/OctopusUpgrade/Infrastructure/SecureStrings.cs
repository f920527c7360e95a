using System;
using System.Runtime.InteropServices;
using System.Security;
using OctopusUpgrade.Engine.Security;

namespace OctopusUpgrade.Infrastructure
{
    /// <summary>Turns PowerShell's SecureString into the engine's <see cref="Secret"/> without an intermediate log-able copy.</summary>
    internal static class SecureStrings
    {
        public static Secret? ToSecret(SecureString? value)
        {
            if (value is null || value.Length == 0)
            {
                return null;
            }

            var pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            try
            {
                var text = Marshal.PtrToStringUni(pointer);
                return string.IsNullOrEmpty(text) ? null : new Secret(text!);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
