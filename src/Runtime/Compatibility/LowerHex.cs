using System;

namespace Memoize;

/// <summary>
/// Lowercase hexadecimal text of bytes, for hashed key suffixes and cache file names. One place, so a .NET 8 process
/// and a .NET 10 process sharing a store compute the same names.
/// </summary>
internal static class LowerHex
{
    /// <summary>Two lowercase hex digits per byte, most significant first.</summary>
    public static string Of(ReadOnlySpan<byte> bytes)
#if NET9_0_OR_GREATER
        => Convert.ToHexStringLower(bytes);
#else
        // .NET 8 has only the uppercase formatter: one more short string per hash there, none on .NET 9 and later.
        => Convert.ToHexString(bytes).ToLowerInvariant();
#endif
}
