using System;

namespace Memoize;

/// <summary>The CRC-32 of ISO 3309 (the checksum in a GZip trailer), to tell a whole compressed body from a truncated one.</summary>
internal static class Crc32
{
    private static readonly uint[] s_table = CreateTable();

    public static uint Of(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc = s_table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] CreateTable()
    {
        const uint Polynomial = 0xEDB88320; // reflected 0x04C11DB7
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            uint value = i;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ Polynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
