namespace Memoize.Redis;

/// <summary>The Lua scripts behind operations Redis has no single command for. Each touches one key, so they run on a cluster.</summary>
internal static class RedisScripts
{
    /// <summary>INCRBY that gives a key it creates an expiry, and leaves the time to live of an existing key alone.</summary>
    public const string Increment = """
        local existed = redis.call('EXISTS', KEYS[1])
        local value = redis.call('INCRBY', KEYS[1], ARGV[1])
        if existed == 0 and ARGV[2] ~= '' then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return value
        """;

    /// <summary>GET and PTTL in one command.</summary>
    public const string Get = """
        local value = redis.call('GET', KEYS[1])
        if not value then
          return nil
        end
        return { value, redis.call('PTTL', KEYS[1]) }
        """;

    /// <summary>GET and PTTL in one command; an entry that has a time to live gets ARGV[1] milliseconds again (sliding expiration).</summary>
    public const string GetSliding = """
        local value = redis.call('GET', KEYS[1])
        if not value then
          return nil
        end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl > 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return { value, ttl }
        """;

    /// <summary>GET, PTTL and DEL in one step: the value and its remaining time to live, or nil.</summary>
    public const string Pull = """
        local value = redis.call('GET', KEYS[1])
        if not value then
          return nil
        end
        local ttl = redis.call('PTTL', KEYS[1])
        redis.call('DEL', KEYS[1])
        return { value, ttl }
        """;

    /// <summary>Deletes a lock only when it still holds this holder's token (it may have expired and been taken by another).</summary>
    public const string ReleaseLock = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;
}
