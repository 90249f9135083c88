using System;
using Microsoft.Extensions.Logging;

namespace Memoize.Redis;

/// <summary>Options of a <see cref="RedisCacheStore"/>.</summary>
public sealed class RedisCacheStoreOptions
{
    /// <summary>
    /// Where Redis is, in the StackExchange.Redis configuration format: comma-separated <c>host:port</c>
    /// endpoints (any node of a cluster), then options such as <c>password=...</c>, <c>ssl=true</c>,
    /// <c>sslHost=...</c> and <c>defaultDatabase=2</c>. Default <c>127.0.0.1:6379</c>.
    /// </summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>Put before every key, channel and lock this store writes, so <c>Flush</c> can find its own keys. Default <c>memoize:</c>.</summary>
    public string KeyNamespace { get; set; } = "memoize:";

    /// <summary>
    /// With <c>ssl=true</c> in <see cref="Configuration"/>: a certificate authority to trust for the server's certificate
    /// besides the system's (a private or test CA). The host name must still match (<c>sslHost=...</c>). Default none.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TrustedCertificateAuthority { get; set; }

    /// <summary>How long one Redis command may take before it fails. Default 2 seconds.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long connecting may take. Default 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a connection failure, how long every operation fails at once (without touching the network)
    /// before one call tries Redis again. Default 2 seconds.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When set, a hit on an entry that has a time to live resets it to this duration, so entries read often
    /// stay while entries nobody reads expire. Entries stored without expiry are not touched. Default none.
    /// </summary>
    public TimeSpan? SlidingExpiration { get; set; }

    /// <summary>
    /// Whether processes sharing this Redis compute a missing key once between them (a lock per key, taken
    /// with SET NX PX). Costs one extra round trip per miss. Default <see langword="false"/>.
    /// </summary>
    public bool DistributedLock { get; set; }

    /// <summary>How long a compute lock is held at most, in case its holder dies. Default 30 seconds.</summary>
    public TimeSpan LockExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a caller waits for another process's computation before computing on its own. Default 10 seconds.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether the start-up check of the stores (<see cref="CacheManager.ValidateStoresAsync"/>, which a host runs
    /// when Memoize is registered with <c>AddMemoize</c>) connects to this Redis and fails start-up when Redis refuses
    /// the configuration, for example a wrong password. Redis being unreachable never fails it. Default
    /// <see langword="true"/>: a configuration Redis refuses never works, and finding out at the first cached call
    /// means an application that runs uncached without saying so. <see cref="RedisCacheStore.ConnectAsync"/> checks
    /// whatever this says.
    /// </summary>
    public bool ValidateOnStart { get; set; } = true;

    /// <summary>Where connection failures and recoveries are logged (once per outage). Default none.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>The clock that turns absolute expiry times into Redis time-to-live values. Default <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate(bool requireConfiguration = true)
    {
        if (requireConfiguration && string.IsNullOrWhiteSpace(Configuration))
        {
            throw new ArgumentException("RedisCacheStoreOptions.Configuration must name at least one endpoint.", nameof(Configuration));
        }

        ArgumentNullException.ThrowIfNull(KeyNamespace, nameof(KeyNamespace));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        RequirePositive(OperationTimeout, nameof(OperationTimeout));
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(BreakDuration, nameof(BreakDuration));
        RequirePositive(LockExpiry, nameof(LockExpiry));
        RequirePositive(LockWait, nameof(LockWait));
        if (SlidingExpiration is { } sliding)
        {
            RequirePositive(sliding, nameof(SlidingExpiration));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"RedisCacheStoreOptions.{name} must be positive.");
        }
    }
}
