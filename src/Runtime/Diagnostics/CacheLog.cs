using System;
using Microsoft.Extensions.Logging;

namespace Memoize;

/// <summary>
/// The log messages of a cache manager. Keys contain argument values, so they appear only when
/// <see cref="CacheManagerOptions.LogKeys"/> is set; otherwise messages name the store and method.
/// </summary>
internal static class CacheLog
{
    private static readonly Action<ILogger, string, string, Exception?> s_storeFailing = LoggerMessage.Define<string, string>(
        LogLevel.Warning, new EventId(1, "StoreFailing"),
        "Cache store '{Store}' failed ({Error}); memoized calls compute their values until it works again. Further failures are not logged until then.");

    private static readonly Action<ILogger, string, Exception?> s_storeRecovered = LoggerMessage.Define<string>(
        LogLevel.Information, new EventId(2, "StoreRecovered"), "Cache store '{Store}' works again.");

    private static readonly Action<ILogger, string, string, Exception?> s_hit = LoggerMessage.Define<string, string>(
        LogLevel.Debug, new EventId(3, "Hit"), "Cache hit on store '{Store}' for {Subject}.");

    private static readonly Action<ILogger, string, string, Exception?> s_miss = LoggerMessage.Define<string, string>(
        LogLevel.Debug, new EventId(4, "Miss"), "Cache miss on store '{Store}' for {Subject}; computing.");

    private static readonly Action<ILogger, string, string, Exception?> s_evicted = LoggerMessage.Define<string, string>(
        LogLevel.Debug, new EventId(5, "Evicted"), "Cache store '{Store}' evicted an entry ({Reason}).");

    private static readonly Action<ILogger, string, string, string, Exception?> s_failSafe = LoggerMessage.Define<string, string, string>(
        LogLevel.Warning, new EventId(6, "FailSafeActivated"),
        "Fail-safe on store '{Store}' for {Subject}: {Reason}; serving the last good value.");

    private static readonly Action<ILogger, string, string, string, Exception?> s_backgroundFailed = LoggerMessage.Define<string, string, string>(
        LogLevel.Warning, new EventId(7, "BackgroundComputationFailed"),
        "A background computation on store '{Store}' for {Subject} failed ({Error}); the cached value stays as it was.");

    public static void FailSafeActivated(ILogger logger, string store, string subject, string reason, Exception? exception)
        => s_failSafe(logger, store, subject, reason, exception);

    public static void BackgroundFailed(ILogger logger, string store, string subject, Exception exception)
        => s_backgroundFailed(logger, store, subject, exception.GetType().Name, exception);

    public static void StoreFailing(ILogger logger, string store, Exception exception)
        => s_storeFailing(logger, store, exception.GetType().Name, exception);

    public static void StoreRecovered(ILogger logger, string store) => s_storeRecovered(logger, store, null);

    public static void Hit(ILogger logger, string store, string subject) => s_hit(logger, store, subject, null);

    public static void Miss(ILogger logger, string store, string subject) => s_miss(logger, store, subject, null);

    public static void Evicted(ILogger logger, string store, string reason) => s_evicted(logger, store, reason, null);
}
