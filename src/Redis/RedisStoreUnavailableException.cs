using System;

namespace Memoize.Redis;

/// <summary>
/// Thrown by a <see cref="RedisCacheStore"/> operation when Redis cannot be reached, or while the store's
/// circuit breaker is open after such a failure. Memoized methods and remember logic never see it (they
/// compute instead); direct calls such as <c>Put</c> and <c>TryGet</c> do.
/// </summary>
public sealed class RedisStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisStoreUnavailableException()
        : this("Redis is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public RedisStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The client's exception.</param>
    public RedisStoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
