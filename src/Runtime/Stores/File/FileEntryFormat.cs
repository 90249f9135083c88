using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Memoize;

/// <summary>
/// One cache file: <c>MZF</c> + version byte, expiry as UTC ticks (0: never), key length and UTF-8 key (so a
/// listing can recover keys and a hash collision reads as a miss), then the value bytes.
/// </summary>
internal static class FileEntryFormat
{
    public const string Extension = ".mzc";

    private const int FixedHeaderLength = 4 + 8 + 4;

    private static ReadOnlySpan<byte> Magic => "MZF"u8;

    private const byte Version = 1;

    /// <summary>The file name of a key: the hex SHA-256 of its UTF-8 bytes, so any key makes a safe, fixed-length name.</summary>
    public static string FileNameOf(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return LowerHex.Of(hash) + Extension;
    }

    public static byte[] Write(string key, ReadOnlySpan<byte> value, DateTimeOffset? expiresAt)
    {
        int keyLength = Encoding.UTF8.GetByteCount(key);
        byte[] file = new byte[FixedHeaderLength + keyLength + value.Length];
        Span<byte> span = file;
        Magic.CopyTo(span);
        span[3] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(span[4..], expiresAt?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], keyLength);
        Encoding.UTF8.GetBytes(key, span.Slice(FixedHeaderLength, keyLength));
        value.CopyTo(span[(FixedHeaderLength + keyLength)..]);
        return file;
    }

    /// <summary>Reads a cache file; <see langword="false"/> for anything that is not one (corrupt, truncated, another version).</summary>
    public static bool TryRead(byte[] file, out string key, out ReadOnlyMemory<byte> value, out DateTimeOffset? expiresAt)
    {
        key = "";
        value = default;
        expiresAt = null;
        ReadOnlySpan<byte> span = file;
        if (span.Length < FixedHeaderLength || !span.StartsWith(Magic) || span[3] != Version)
        {
            return false;
        }

        long ticks = BinaryPrimitives.ReadInt64LittleEndian(span[4..]);
        int keyLength = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        if (keyLength < 0 || keyLength > span.Length - FixedHeaderLength || ticks < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        try
        {
            key = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span.Slice(FixedHeaderLength, keyLength));
        }
        catch (ArgumentException)
        {
            return false;
        }

        value = file.AsMemory(FixedHeaderLength + keyLength);
        expiresAt = ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
