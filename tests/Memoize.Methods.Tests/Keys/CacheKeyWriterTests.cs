using System;
using System.Globalization;
using System.Threading;
using Memoize.CompilerServices;

namespace Memoize.Methods.Tests.Keys;

/// <summary>The key text of every first-slice argument type: exact, invariant and collision-free.</summary>
public sealed class CacheKeyWriterTests
{
    private delegate void Segments(ref CacheKeyWriter writer);

    [Theory]
    [InlineData("a:b", "c", "p:\"a:b\":\"c\"")]
    [InlineData("a", "b:c", "p:\"a\":\"b:c\"")]
    [InlineData("say \"hi\"", "\\", "p:\"say \\\"hi\\\"\":\"\\\\\"")]
    [InlineData("line\nbreak", "tab\t", "p:\"line\\u000abreak\":\"tab\\u0009\"")]
    public void Strings_are_quoted_and_escaped(string first, string second, string expected)
        => Assert.Equal(expected, Key((ref CacheKeyWriter w) =>
        {
            w.Write(first);
            w.Write(second);
        }));

    [Fact]
    public void Null_empty_and_the_word_null_are_three_keys()
    {
        string nullKey = Key((ref CacheKeyWriter w) => w.Write((string?)null));
        string emptyKey = Key((ref CacheKeyWriter w) => w.Write(""));
        string wordKey = Key((ref CacheKeyWriter w) => w.Write("null"));

        Assert.Equal("p:null", nullKey);
        Assert.Equal("p:\"\"", emptyKey);
        Assert.Equal("p:\"null\"", wordKey);
    }

    [Fact]
    public void An_unpaired_surrogate_is_escaped_so_the_key_is_valid_text_and_a_pair_is_kept()
    {
        Assert.Equal("p:\"\\ud800x\"", Key((ref CacheKeyWriter w) => w.Write("\ud800x")));
        Assert.Equal("p:\"😀\"", Key((ref CacheKeyWriter w) => w.Write("😀")));
    }

    [Fact]
    public void Numbers_and_dates_are_the_same_under_every_culture()
    {
        CultureInfo original = CultureInfo.CurrentCulture;
        string[] keys = new string[3];
        string[] cultures = ["tr-TR", "de-DE", ""];
        try
        {
            for (int i = 0; i < cultures.Length; i++)
            {
                CultureInfo.CurrentCulture = new CultureInfo(cultures[i]);
                keys[i] = Key((ref CacheKeyWriter w) =>
                {
                    w.Write(1234.5d);
                    w.Write(-0.25f);
                    w.Write(1_000_000m);
                    w.Write(-42L);
                    w.Write(new DateTime(2026, 3, 1, 10, 30, 0, DateTimeKind.Utc));
                    w.Write(new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.FromHours(2)));
                    w.Write(TimeSpan.FromHours(1.5));
                });
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }

        Assert.Equal("p:1234.5:-0.25:1000000:-42:2026-03-01T10:30:00.0000000Z:2026-03-01T10:30:00.0000000+02:00:01:30:00", keys[0]);
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(keys[0], keys[2]);
    }

    [Fact]
    public void Equal_numbers_share_a_key_and_special_doubles_are_defined()
    {
        Assert.Equal(Key((ref CacheKeyWriter w) => w.Write(0d)), Key((ref CacheKeyWriter w) => w.Write(-0d)));
        Assert.Equal(Key((ref CacheKeyWriter w) => w.Write(1.0m)), Key((ref CacheKeyWriter w) => w.Write(1.00m)));
        Assert.Equal("p:NaN:Infinity:-Infinity", Key((ref CacheKeyWriter w) =>
        {
            w.Write(double.NaN);
            w.Write(double.PositiveInfinity);
            w.Write(double.NegativeInfinity);
        }));
        Assert.Equal("p:0.1", Key((ref CacheKeyWriter w) => w.Write(0.1d)));
    }

    [Fact]
    public void Date_time_kinds_give_different_keys_independent_of_the_time_zone()
    {
        var ticks = new DateTime(2026, 3, 1, 10, 0, 0);
        Assert.Equal("p:2026-03-01T10:00:00.0000000Z", Key((ref CacheKeyWriter w) => w.Write(DateTime.SpecifyKind(ticks, DateTimeKind.Utc))));
        Assert.Equal("p:2026-03-01T10:00:00.0000000L", Key((ref CacheKeyWriter w) => w.Write(DateTime.SpecifyKind(ticks, DateTimeKind.Local))));
        Assert.Equal("p:2026-03-01T10:00:00.0000000", Key((ref CacheKeyWriter w) => w.Write(ticks)));
    }

    [Fact]
    public void Guid_bool_char_and_null_segments()
    {
        var id = Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
        string key = Key((ref CacheKeyWriter w) =>
        {
            w.Write(id);
            w.Write(true);
            w.Write('\'');
            w.WriteNull();
        });

        Assert.Equal("p:6f9619ff-8b86-d011-b42d-00cf4fc964ff:true:'\\'':null", key);
    }

    [Fact]
    public void A_key_longer_than_the_limit_keeps_its_prefix_and_hashes_the_arguments()
    {
        string huge = new('x', 1_000_000);
        var writer = new CacheKeyWriter("catalog.search");
        writer.Write(huge);
        string key = writer.ToKey(maxLength: 250);

        Assert.StartsWith("catalog.search:#", key, StringComparison.Ordinal);
        Assert.Equal("catalog.search:#".Length + 64, key.Length);

        var other = new CacheKeyWriter("catalog.search");
        other.Write(huge + "y");
        Assert.NotEqual(key, other.ToKey(maxLength: 250));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(40)]
    [InlineData(200)]
    public void A_key_started_in_a_small_buffer_is_the_same_key_when_it_outgrows_it(int segments)
    {
        Segments write = (ref CacheKeyWriter w) =>
        {
            for (int i = 0; i < segments; i++)
            {
                w.Write($"segment {i}");
                w.Write(i * 1000L);
            }
        };

        var inBuffer = new CacheKeyWriter("p", stackalloc char[16]);
        write(ref inBuffer);
        string fromBuffer = inBuffer.ToKey(int.MaxValue);
        var pooled = new CacheKeyWriter("p");
        write(ref pooled);

        Assert.Equal(pooled.ToKey(int.MaxValue), fromBuffer);
        Assert.EndsWith($":\"segment {segments - 1}\":{(segments - 1) * 1000}", fromBuffer, StringComparison.Ordinal);
    }

    [Fact]
    public void A_writer_without_a_prefix_is_refused_naming_the_prefix()
    {
        ArgumentNullException pooled = Assert.Throws<ArgumentNullException>(() => new CacheKeyWriter(null!));
        ArgumentNullException buffered = Assert.Throws<ArgumentNullException>(() => new CacheKeyWriter(null!, new char[16]));

        Assert.Equal("prefix", pooled.ParamName);
        Assert.Equal("prefix", buffered.ParamName);
    }

    private static string Key(Segments segments)
    {
        var writer = new CacheKeyWriter("p");
        segments(ref writer);
        return writer.ToKey();
    }
}
