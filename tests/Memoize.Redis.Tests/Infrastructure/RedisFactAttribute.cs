using System;

namespace Memoize.Redis.Tests.Infrastructure;

/// <summary>
/// A fact that needs a real redis-server. On a developer machine without one it is skipped with the reason;
/// under <c>CI=true</c> it runs anyway and fails, so a CI image that lost Redis cannot pass silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = SkipReason;
    }

    /// <summary>Why Redis tests cannot run here, or <see langword="null"/> when they must run (redis-server found, or CI).</summary>
    public static string? SkipReason => RedisServer.Executable is null && !IsCi
        ? "redis-server is not installed (apt-get install redis-server); Redis tests are skipped on this machine and fail under CI=true."
        : null;

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
