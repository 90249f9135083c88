using System;
using Memoize.CompilerServices;

namespace Memoize;

/// <summary>Options of a <see cref="CacheManager"/>.</summary>
public sealed class CacheManagerOptions
{
    /// <summary>The name of the store used when none is named. Default <c>"memory"</c>.</summary>
    public string DefaultStore { get; set; } = CacheManager.MemoryStoreName;

    /// <summary>How long values are kept when no time to live is given. Default 60 minutes.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>A prefix put before every key of every store of this manager. Default none.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>Whether caching starts switched on. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The clock for every expiry decision. Default <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The serializer of stores that keep bytes. Default <see cref="JsonCacheSerializer.Default"/>.</summary>
    public ICacheSerializer Serializer { get; set; } = JsonCacheSerializer.Default;

    /// <summary>How byte stores compress payloads of at least <see cref="CompressionThreshold"/> bytes. Default none. Reads detect compression whatever this says.</summary>
    public CacheCompression Compression { get; set; } = CacheCompression.None;

    /// <summary>The serialized size from which payloads are compressed when <see cref="Compression"/> is set. Default 1024 bytes.</summary>
    public int CompressionThreshold { get; set; } = 1024;

    /// <summary>Keys longer than this keep their prefix and hash their arguments. Default 250.</summary>
    public int MaxKeyLength { get; set; } = CacheKeyWriter.DefaultMaxKeyLength;

    /// <summary>
    /// The largest payload (serialized and, when configured, compressed) a store that keeps bytes is given. A larger
    /// value is not cached: the call still returns it, any previous value under its key is removed, and it is counted
    /// in <see cref="CacheManager.OversizedValues"/>. Compressed payloads that would expand beyond it read as a miss.
    /// The memory store keeps objects and is bounded by its own size limit instead. Default 1 MiB.
    /// </summary>
    public int MaxValueBytes { get; set; } = 1 << 20;

    /// <summary>
    /// Whether memoized methods replace all their argument segments by a SHA-256 hash (<c>prefix:#…</c>), as if every
    /// parameter were <see cref="SensitiveAttribute">[Sensitive]</see>: no argument value appears in any key, in any
    /// store, listing or log. Keys stay distinct per argument tuple. The generated <c>{Method}CacheKey</c> helpers
    /// return the readable key and do not apply this. Default <see langword="false"/>.
    /// </summary>
    public bool HashArgumentValues { get; set; }

    /// <summary>The key length beyond which memoized methods hash their arguments: zero hashes them always.</summary>
    internal int ArgumentHashThreshold => HashArgumentValues ? 0 : MaxKeyLength;

    /// <summary>
    /// Where the manager logs store failures (warning, once per episode), hits, misses and evictions (debug).
    /// Default none. <c>AddMemoize</c> sets the application's logger factory.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Whether debug messages may contain cache keys, which contain argument values. Default <see langword="false"/>:
    /// messages name the store and the method only.
    /// </summary>
    public bool LogKeys { get; set; }

    /// <summary>The default of <see cref="RememberOptions.FailSafeMinutes"/>: 0, fail-safe off.</summary>
    public int FailSafeMinutes { get; set; }

    /// <summary>The default of <see cref="RememberOptions.FailSafeThrottleSeconds"/>: 30 seconds.</summary>
    public int FailSafeThrottleSeconds { get; set; } = 30;

    /// <summary>The default of <see cref="RememberOptions.SoftTimeoutMilliseconds"/>: 0, none. Synchronous calls ignore it.</summary>
    public int SoftTimeoutMilliseconds { get; set; }

    /// <summary>The default of <see cref="RememberOptions.HardTimeoutMilliseconds"/>: 0, none. Synchronous calls ignore it.</summary>
    public int HardTimeoutMilliseconds { get; set; }

    /// <summary>The default of <see cref="RememberOptions.EagerRefresh"/>: 0, none.</summary>
    public double EagerRefresh { get; set; }

    /// <summary>The default of <see cref="RememberOptions.JitterSeconds"/>: 0, none.</summary>
    public int JitterSeconds { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DefaultStore))
        {
            throw new ArgumentException("CacheManagerOptions.DefaultStore must name a store.", nameof(DefaultStore));
        }

        if (DefaultTtl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultTtl), DefaultTtl, "CacheManagerOptions.DefaultTtl must be positive.");
        }

        ArgumentNullException.ThrowIfNull(KeyPrefix, nameof(KeyPrefix));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        ArgumentNullException.ThrowIfNull(Serializer, nameof(Serializer));
        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "CacheManagerOptions.Compression must be None, GZip or Brotli.");
        }

        if (CompressionThreshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CompressionThreshold), CompressionThreshold, "CacheManagerOptions.CompressionThreshold must not be negative.");
        }

        if (MaxValueBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxValueBytes), MaxValueBytes, "CacheManagerOptions.MaxValueBytes must be positive.");
        }

        if (MaxKeyLength < 80)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxKeyLength), MaxKeyLength, "CacheManagerOptions.MaxKeyLength must be at least 80 so a hashed key fits.");
        }

        ResiliencePolicy.Validate(nameof(CacheManagerOptions), FailSafeMinutes, FailSafeThrottleSeconds, SoftTimeoutMilliseconds, HardTimeoutMilliseconds, EagerRefresh, JitterSeconds);
    }
}
