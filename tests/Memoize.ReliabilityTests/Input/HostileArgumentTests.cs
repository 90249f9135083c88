using System;
using System.Collections.Generic;
using System.Linq;
using Memoize.CompilerServices;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Memoize.Testing;

namespace Memoize.ReliabilityTests.Input;

/// <summary>
/// Arguments that break naive key builders, through a real memoized method on every store: each distinct argument
/// gets its own entry (no collision), every key is one the store can keep (the second round is all hits), and
/// huge arguments still make short keys.
/// </summary>
public sealed class HostileArgumentTests : IDisposable
{
    internal static readonly string OneMegabyte = new('x', 1 << 20);

    private readonly TempDirectory _directory = new();

    public static IReadOnlyList<string?> Texts { get; } =
    [
        null, "", "null", "\"null\"", " ", "\t", "\n", "\r\n", "\r", "a\nb", "a\r\nb",
        "\0", "\u0001", "\u001f", "\u007f", "\u0085", "\u2028", "\ufeff", "\\", "\\\\", "\"", "'", "\\u0000",
        ":", "a:b", "a", "b:c", "::", "echo:\"a\":1", "#", "#0123456789abcdef0123456789abcdef", "[", "{", "}", "<", ">", "=", ",",
        "\U0001F600", "\uD83D\uDE00x", "\uD800", "\uDC00", "\uDC00\uD800", "x\uD800", "\uD800x", "\uFFFD", "\uFFFF",
        "\u00e9", "e\u0301", "\u00c5", "A\u030a", "\u212b", "\ufb01", "fi", "\u0130", "i\u0307", "I", "i",
        "%00", "..\\..\\etc", "../../etc/passwd", "DROP TABLE memoize_cache;--", "'; DELETE FROM memoize_cache; --", "*", "?",
        OneMegabyte, OneMegabyte + "y", "y" + OneMegabyte, OneMegabyte[..^1] + "\uD800",
    ];

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public void Every_hostile_argument_gets_its_own_entry_and_every_key_is_storable(string kind)
    {
        // Results of the 1 MB arguments are larger than the default value limit; here they must be cached too.
        using CacheManager manager = StoreKinds.Create(kind, _directory, new CacheManagerOptions { MaxValueBytes = 8 << 20 });
        var echo = new Echo(manager);
        int[] numbers = [0, -1];

        foreach (string? text in Texts)
        {
            foreach (int number in numbers)
            {
                Assert.Equal(Echo.Expected(text, number), echo.Describe(text, number));
            }
        }

        int computed = echo.Calls;
        Assert.Equal(Texts.Count * numbers.Length, computed);
        foreach (string? text in Texts)
        {
            foreach (int number in numbers)
            {
                Assert.Equal(AsSerialized(kind, Echo.Expected(text, number)), echo.Describe(text, number));
            }
        }

        Assert.Equal(computed, echo.Calls); // every key was stored and read back: all hits
        Assert.Equal(0, manager.StoreFailures);
    }

    [Fact]
    public void Keys_of_hostile_arguments_are_distinct_short_and_valid_text()
    {
        string[] keys = Texts.Select(t => Echo.DescribeCacheKey(t, 0)).ToArray();

        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, key => Assert.True(key.Length <= CacheKeyWriter.DefaultMaxKeyLength, $"{key.Length} characters"));
        Assert.All(keys, key => Assert.DoesNotContain(key, c => char.IsSurrogate(c) && !IsPaired(key, c)));
        Assert.All(keys, key => Assert.DoesNotContain(key, c => char.IsControl(c)));
        Assert.NotEqual(Echo.DescribeCacheKey("\u00e9", 0), Echo.DescribeCacheKey("e\u0301", 0));
    }

    /// <summary>
    /// JSON cannot carry an unpaired surrogate: a value (not a key) holding one reads back from a byte store with
    /// U+FFFD in its place. Keys escape them, so the entries stay distinct; see docs/reliability.md.
    /// </summary>
    internal static string AsSerialized(string kind, string value)
    {
        if (kind == StoreKinds.Memory)
        {
            return value;
        }

        var builder = new System.Text.StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '�' : c);
            }
        }

        return builder.ToString();
    }

    private static bool IsPaired(string key, char c)
    {
        int i = key.IndexOf(c, StringComparison.Ordinal);
        return char.IsHighSurrogate(c) ? i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]) : i > 0 && char.IsHighSurrogate(key[i - 1]);
    }

    public void Dispose() => _directory.Dispose();
}
