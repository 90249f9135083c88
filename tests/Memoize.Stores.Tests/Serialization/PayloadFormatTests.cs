using System;
using System.Linq;
using System.Text;
using System.Text.Json.Serialization;
using Memoize.Stores;
using Memoize.Testing;

namespace Memoize.Stores.Tests.Serialization;

/// <summary>The bytes byte stores receive: header, integers as text, compression, and what reads as a miss.</summary>
public sealed class PayloadFormatTests
{
    private static readonly byte[] Magic = [0xCA, 0xCE, 0x4D];

    private readonly RawOnlyStore _store = new();

    private ICache CacheWith(CacheCompression compression = CacheCompression.None, int threshold = 1024, ICacheSerializer? serializer = null)
    {
        var options = new CacheManagerOptions { Compression = compression, CompressionThreshold = threshold };
        if (serializer is not null)
        {
            options.Serializer = serializer;
        }

        return new CacheManager(options).AddStore("raw", _store).Cache("raw");
    }

    [Fact]
    public void A_value_is_stored_as_magic_version_and_compression_byte_then_json()
    {
        CacheWith().Put("k", "hi");

        byte[] raw = _store.RawBytes("k");

        Assert.Equal(Magic, raw[..3]);
        Assert.Equal(CachePayloadFormat.Version, raw[3]);
        Assert.Equal((byte)CacheCompression.None, raw[4]);
        Assert.Equal("\"hi\"", Encoding.UTF8.GetString(raw[CachePayloadFormat.HeaderLength..]));
    }

    [Fact]
    public void Integers_are_stored_as_bare_decimal_text_so_native_counters_can_use_them()
    {
        ICache cache = CacheWith();
        cache.Put("int", -42);
        cache.Increment("counter", 7);

        Assert.Equal("-42", Encoding.ASCII.GetString(_store.RawBytes("int")));
        Assert.Equal("7", Encoding.ASCII.GetString(_store.RawBytes("counter")));
    }

    [Theory]
    [InlineData(CacheCompression.GZip)]
    [InlineData(CacheCompression.Brotli)]
    public void Payloads_over_the_threshold_are_compressed_start_with_the_magic_and_read_back_equal(CacheCompression compression)
    {
        ICache cache = CacheWith(compression, threshold: 100);
        string large = string.Concat(Enumerable.Repeat("memoize ", 500));
        var structured = new ContractValue { Name = large, Count = 9, Tags = ["a", "b"] };

        cache.Put("large", large);
        cache.Put("structured", structured);
        cache.Put("small", "tiny");

        byte[] raw = _store.RawBytes("large");
        Assert.Equal(Magic, raw[..3]);
        Assert.Equal((byte)compression, raw[4]);
        Assert.True(raw.Length < large.Length / 4, $"{raw.Length} bytes is not compressed");
        if (compression == CacheCompression.GZip)
        {
            Assert.Equal(new byte[] { 0x1F, 0x8B }, raw[CachePayloadFormat.HeaderLength..(CachePayloadFormat.HeaderLength + 2)]);
        }

        Assert.Equal((byte)CacheCompression.None, _store.RawBytes("small")[4]);
        Assert.Equal(large, cache.Get<string>("large"));
        Assert.Equal(large, cache.GetRequired<ContractValue>("structured").Name);
        Assert.Equal("tiny", cache.Get<string>("small"));
    }

    [Fact]
    public void Compression_is_detected_on_read_whatever_the_reader_is_configured_with()
    {
        string large = new('z', 5000);
        CacheWith(CacheCompression.Brotli, threshold: 10).Put("k", large);

        Assert.Equal(large, CacheWith(CacheCompression.None).Get<string>("k"));
    }

    [Theory]
    [InlineData(new byte[] { 0xCA, 0xCE, 0x4D, 2, 0, 0x22, 0x78, 0x22 })]
    [InlineData(new byte[] { 0xCA, 0xCE, 0x4D, 1, 1, 0x22, 0x78, 0x22 })]
    [InlineData(new byte[] { 0xCA, 0xCE, 0x4D, 1, 2, 0x00, 0xFF, 0x13 })]
    [InlineData(new byte[] { 0xCA, 0xCE, 0x4D, 1, 9, 0x22, 0x78, 0x22 })]
    [InlineData(new byte[] { 0xCA, 0xCE })]
    [InlineData(new byte[] { 0x22, 0x78, 0x22 })]
    [InlineData(new byte[] { 0xFF, 0x00, 0x13, 0x37 })]
    public void Bytes_that_are_not_a_readable_payload_are_a_miss_and_get_overwritten(byte[] garbage)
    {
        ICache cache = CacheWith();
        _store.SetAsync("k", garbage, null);

        Assert.False(cache.TryGet("k", out string _));
        Assert.False(cache.Has("k"));
        Assert.True(cache.Add("k", "x"));
        Assert.Equal("x", cache.Get<string>("k"));
    }

    [Theory]
    [InlineData(CacheCompression.GZip, 1)]
    [InlineData(CacheCompression.GZip, 8)]
    [InlineData(CacheCompression.GZip, 40)]
    [InlineData(CacheCompression.Brotli, 1)]
    [InlineData(CacheCompression.Brotli, 40)]
    public void Has_agrees_with_TryGet_on_a_compressed_entry_whose_body_is_truncated(CacheCompression compression, int cut)
    {
        ICache cache = CacheWith(compression, threshold: 10);
        cache.Put("k", string.Concat(Enumerable.Range(0, 400).Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        byte[] raw = _store.RawBytes("k");
        _store.SetAsync("k", raw[..^cut], null);

        Assert.False(cache.TryGet("k", out string _));
        Assert.False(cache.Has("k"));
    }

    [Fact]
    public void A_JsonSerializerContext_serializes_without_reflection_and_names_types_it_lacks()
    {
        ICache cache = CacheWith(serializer: new JsonCacheSerializer(PayloadJsonContext.Default));

        cache.Put("v", new ContractValue { Name = "ctx", Count = 1 });

        Assert.Equal("ctx", cache.GetRequired<ContractValue>("v").Name);
        var error = Assert.Throws<NotSupportedException>(() => cache.Put("other", new Uri("https://example.org")));
        Assert.Contains("Uri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_JsonTypeInfo_metadata_serializes_its_types_and_rejects_others_by_name()
    {
        ICache cache = CacheWith(serializer: new JsonCacheSerializer([PayloadJsonContext.Default.ContractValue]));

        cache.Put("v", new ContractValue { Name = "info", Tags = ["t"] });

        Assert.Equal("info", cache.GetRequired<ContractValue>("v").Name);
        Assert.Equal(7, cache.Remember("counter", null, () => 7));
        var error = Assert.Throws<NotSupportedException>(() => cache.Put("s", "a string"));
        Assert.Contains("String", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("typeInfos", () => new JsonCacheSerializer([PayloadJsonContext.Default.ContractValue, PayloadJsonContext.Default.ContractValue]));
    }

    [Fact]
    public void Invalid_compression_options_fail_naming_the_option()
    {
        var threshold = Assert.Throws<ArgumentOutOfRangeException>(() => new CacheManager(new CacheManagerOptions { CompressionThreshold = -1 }));
        var kind = Assert.Throws<ArgumentOutOfRangeException>(() => new CacheManager(new CacheManagerOptions { Compression = (CacheCompression)7 }));

        Assert.Contains("CompressionThreshold", threshold.Message, StringComparison.Ordinal);
        Assert.Contains("Compression", kind.Message, StringComparison.Ordinal);
    }
}

[JsonSerializable(typeof(ContractValue))]
[JsonSerializable(typeof(string))]
internal sealed partial class PayloadJsonContext : JsonSerializerContext
{
}
