using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Memoize.Testing;
using Memoize.Stores;

namespace Memoize.ReliabilityTests.Input;

/// <summary>
/// Bytes under a memoized key that are not what the method stored: foreign, truncated, of another format version,
/// of another type, a decompression bomb, or naming a type to create. Each is a miss, never an exception, never an
/// instance of an unexpected type; the call computes and the next write replaces them.
/// </summary>
public sealed class HostilePayloadTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public static TheoryData<string> ByteStores => new() { StoreKinds.Sqlite, StoreKinds.File };

    [Theory]
    [MemberData(nameof(ByteStores))]
    public void Bytes_that_are_not_this_methods_payload_are_a_miss_and_get_replaced(string kind)
    {
        using CacheManager manager = StoreKinds.Create(kind, _directory);
        var echo = new Echo(manager);
        ICache target = manager.Cache(Echo.StoreName);
        byte[] valid = Payload(manager, Echo.Expected("v", 1));

        foreach ((string name, byte[] bytes) in HostileBytes(valid))
        {
            string key = Echo.DescribeCacheKey(name, 1);
            Raw.Set(manager.Store(Echo.StoreName), key, bytes, null);
            int before = echo.Calls;

            Assert.Equal(Echo.Expected(name, 1), echo.Describe(name, 1));
            Assert.Equal(before + 1, echo.Calls);
            Assert.Equal(Echo.Expected(name, 1), echo.Describe(name, 1)); // replaced by a readable payload: a hit
            Assert.Equal(before + 1, echo.Calls);
        }

        Assert.Equal(0, manager.StoreFailures);
    }

    [Fact]
    public void A_payload_naming_a_type_never_creates_it()
    {
        using CacheManager manager = StoreKinds.Create(StoreKinds.Sqlite, _directory);
        ICache target = manager.Cache(Echo.StoreName);
        string json = $$"""{"$type":"{{typeof(Tripwire).AssemblyQualifiedName}}","Name":"boom","$values":[1]}""";
        Raw.Set(manager.Store(Echo.StoreName), "typed", Wrap(Payload(manager, new Shape("sample", [], null)), Encoding.UTF8.GetBytes(json)), null);

        Assert.True(target.TryGet("typed", out object? asObject));
        Assert.IsType<System.Text.Json.JsonElement>(asObject);
        Assert.True(target.TryGet("typed", out Shape? asShape));
        Assert.IsType<Shape>(asShape);
        Assert.False(target.TryGet("typed", out int _));
        Assert.Equal(0, Tripwire.Created);
    }

    [Fact]
    public void Randomly_damaged_payloads_never_throw_and_never_read_as_another_type()
    {
        using CacheManager manager = StoreKinds.Create(StoreKinds.Sqlite, _directory, new CacheManagerOptions { Compression = CacheCompression.GZip, CompressionThreshold = 0 });
        ICache target = manager.Cache(Echo.StoreName);
        var shape = new Shape("square", [1, 2, 3], new Shape("inner", [], null));
        target.Put("original", shape);
        byte[] valid = Raw.Get(manager.Store(Echo.StoreName), "original")!.Value.Value.ToArray();
        var random = new Random(9);
        int hits = 0;

        for (int i = 0; i < Soak.Scale(1_000, 100_000); i++)
        {
            byte[] damaged = Damage(valid, random);
            Raw.Set(manager.Store(Echo.StoreName), "damaged", damaged, null);

            Exception? error = Record.Exception(() =>
            {
                if (target.TryGet("damaged", out Shape? read))
                {
                    Assert.IsType<Shape>(read);
                    hits++;
                }

                target.TryGet("damaged", out string? _);
                target.TryGet("damaged", out long _);
                target.Has("damaged");
            });
            Assert.Null(error);
        }

        Assert.True(hits < Soak.Scale(1_000, 100_000), "most damaged payloads are misses");
    }

    [Theory]
    [MemberData(nameof(ByteStores))]
    public void A_value_over_the_size_limit_is_returned_not_cached_and_counted(string kind)
    {
        using CacheManager manager = StoreKinds.Create(kind, _directory, new CacheManagerOptions { MaxValueBytes = 4096 });
        var echo = new Echo(manager);
        string big = new('b', 5000);
        ICache target = manager.Cache(Echo.StoreName);

        Assert.Equal(Echo.Expected(big, 1), echo.Describe(big, 1));
        Assert.Equal(Echo.Expected(big, 1), echo.Describe(big, 1));
        Assert.Equal(2, echo.Calls);
        Assert.Equal(2, manager.OversizedValues);

        Assert.Equal(Echo.Expected("small", 1), echo.Describe("small", 1));
        Assert.Equal(Echo.Expected("small", 1), echo.Describe("small", 1));
        Assert.Equal(3, echo.Calls);
        Assert.Equal(2, manager.OversizedValues);

        target.Put("direct", "small");
        target.Put("direct", big);
        Assert.False(target.Has("direct")); // not stored, and the previous value does not stand in for it
        Assert.Equal(3, manager.OversizedValues);
    }

    [Fact]
    public void The_default_value_limit_is_one_mebibyte()
    {
        Assert.Equal(1 << 20, new CacheManagerOptions().MaxValueBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CacheManager(new CacheManagerOptions { MaxValueBytes = 0 }));
    }

    private static (string Name, byte[] Bytes)[] HostileBytes(byte[] valid)
    {
        byte[] bomb = Compressed(new byte[64 << 20]); // 64 MiB of zeros in ~64 KiB: must not be expanded
        return
        [
            ("empty", []),
            ("one byte", [0xCA]),
            ("header only", valid[..CachePayloadFormat.HeaderLength]),
            ("truncated", valid[..^3]),
            ("older version", WithByte(valid, 3, 0)),
            ("newer version", WithByte(valid, 3, CachePayloadFormat.Version + 1)),
            ("previous version", WithByte(valid, 3, CachePayloadFormat.Version - 1)),
            ("unknown compression", WithByte(valid, 4, 9)),
            ("gzip flag on plain body", WithByte(valid, 4, 1)),
            ("brotli flag on plain body", WithByte(valid, 4, 2)),
            ("another type", Wrap(valid, "{\"Name\":\"x\",\"Sides\":[1]}"u8.ToArray())),
            ("a number", Wrap(valid, "12345"u8.ToArray())),
            ("bare integer", "42"u8.ToArray()),
            ("invalid utf-8", Wrap(valid, [(byte)'"', 0xC3, 0x28, (byte)'"'])),
            ("deep nesting", Wrap(valid, Encoding.ASCII.GetBytes(new string('[', 10_000)))),
            ("foreign file", Encoding.ASCII.GetBytes("SQLite format 3\0")),
            ("decompression bomb", [.. valid[..3], CachePayloadFormat.Version, 1, .. bomb]),
            ("random", Enumerable.Range(0, 300).Select(i => (byte)(i * 37)).ToArray()),
        ];
    }

    private static byte[] Payload<T>(CacheManager manager, T value)
    {
        using var scratch = new CacheManager(manager.Options is { } o ? new CacheManagerOptions { Serializer = o.Serializer } : null);
        var store = new CapturingStore();
        scratch.AddStore("capture", store).Cache("capture").Put("k", value);
        return store.Last!;
    }

    /// <summary>A payload with the header of <paramref name="payload"/> (its type's shape) and another body.</summary>
    private static byte[] Wrap(byte[] payload, byte[] body) => [.. payload[..CachePayloadFormat.HeaderLength], .. body];

    private static byte[] WithByte(byte[] bytes, int index, byte value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[index] = value;
        return copy;
    }

    private static byte[] Compressed(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }

    private static byte[] Damage(byte[] valid, Random random)
    {
        byte[] copy = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                return copy[..random.Next(copy.Length)];
            case 1:
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                return copy;
            case 2:
                copy[random.Next(CachePayloadFormat.HeaderLength, copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            default:
                byte[] noise = new byte[random.Next(1, 64)];
                random.NextBytes(noise);
                return [.. copy, .. noise];
        }
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Raw store access outside the cache, completing synchronously like the cache's own sync API.</summary>
    private static class Raw
    {
        public static void Set(ICacheStore store, string key, byte[] bytes, DateTimeOffset? expiresAt)
        {
            System.Threading.Tasks.ValueTask pending = store.SetAsync(key, bytes, expiresAt);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().Wait();
            }
        }

        public static StoredValue? Get(ICacheStore store, string key)
        {
            System.Threading.Tasks.ValueTask<StoredValue?> pending = store.GetAsync(key);
            return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().Result;
        }
    }

    public sealed record Shape(string Name, int[] Sides, Shape? Inner);

    /// <summary>A type a malicious payload names; creating it would be a type-name-handling hole.</summary>
    public sealed class Tripwire
    {
        private static int s_created;

        public Tripwire() => Interlocked.Increment(ref s_created);

        public static int Created => Volatile.Read(ref s_created);

        public string? Name { get; set; }
    }

    private sealed class CapturingStore : ICacheStore
    {
        public byte[]? Last { get; private set; }

        public System.Threading.Tasks.ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default) => new((StoredValue?)null);

        public System.Threading.Tasks.ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
        {
            Last = value.ToArray();
            return System.Threading.Tasks.ValueTask.CompletedTask;
        }

        public System.Threading.Tasks.ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => new(false);

        public System.Threading.Tasks.ValueTask ClearAsync(CancellationToken cancellationToken = default) => System.Threading.Tasks.ValueTask.CompletedTask;
    }
}
