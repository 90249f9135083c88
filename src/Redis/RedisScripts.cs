namespace Memoize.Redis;

/// <summary>
/// The Lua scripts behind writes that need several commands to be atomic. Each touches one key, so they run on
/// a cluster. An entry is a hash: field <c>v</c> holds the bytes, field <c>x</c> the expiry in Unix milliseconds
/// of the store's clock (absent: never), and the key carries a Redis TTL of the same length.
/// </summary>
internal static class RedisScripts
{
    // ARGV: value, expiry ms ('' for never), ttl ms
    private const string Write = """
        redis.call('DEL', KEYS[1])
        if ARGV[2] == '' then
          redis.call('HSET', KEYS[1], 'v', ARGV[1])
        else
          redis.call('HSET', KEYS[1], 'v', ARGV[1], 'x', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
        """;

    /// <summary>Replaces the entry. ARGV: value, expiry ms or '', ttl ms.</summary>
    public const string Set = Write;

    /// <summary>Writes only when the key holds no live entry; returns 1 when written. ARGV: value, expiry ms or '', ttl ms, now ms.</summary>
    public const string Add = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          local x = redis.call('HGET', KEYS[1], 'x')
          if not x or tonumber(x) > tonumber(ARGV[4]) then
            return 0
          end
        end
        """ + "\n" + Write + "\n" + """
        return 1
        """;

    /// <summary>
    /// HINCRBY on a live entry (its expiry untouched); a missing or expired entry starts from zero with the given
    /// expiry. Returns the new value as text. ARGV: delta, expiry ms or '', ttl ms, now ms.
    /// </summary>
    public const string Increment = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          local x = redis.call('HGET', KEYS[1], 'x')
          if not x or tonumber(x) > tonumber(ARGV[4]) then
            return tostring(redis.call('HINCRBY', KEYS[1], 'v', ARGV[1]))
          end
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'v', ARGV[1])
        if ARGV[2] ~= '' then
          redis.call('HSET', KEYS[1], 'x', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
        return ARGV[1]
        """;

    /// <summary>Reads and deletes in one step; nil when missing or expired. ARGV: now ms.</summary>
    public const string Pull = """
        local entry = redis.call('HMGET', KEYS[1], 'v', 'x')
        if not entry[1] then
          return nil
        end
        redis.call('DEL', KEYS[1])
        if entry[2] and tonumber(entry[2]) <= tonumber(ARGV[1]) then
          return nil
        end
        return entry
        """;

    /// <summary>Reads an entry and, when it has an expiry, moves it to now + sliding. ARGV: now ms, sliding ms.</summary>
    public const string GetSliding = """
        local entry = redis.call('HMGET', KEYS[1], 'v', 'x')
        if entry[1] and entry[2] and tonumber(entry[2]) > tonumber(ARGV[1]) then
          entry[2] = tostring(tonumber(ARGV[1]) + tonumber(ARGV[2]))
          redis.call('HSET', KEYS[1], 'x', entry[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return entry
        """;

    /// <summary>
    /// Adds a key to a tag set and keeps the set at least as long as asked: it expires with the latest time asked of
    /// it, and never while any key asked for no expiry. ARGV: member, ms to keep (-1: until flushed).
    /// </summary>
    public const string AddTag = """
        redis.call('SADD', KEYS[1], ARGV[1])
        local keep = tonumber(ARGV[2])
        local current = redis.call('PTTL', KEYS[1])
        if keep < 0 then
          if current >= 0 then
            redis.call('PERSIST', KEYS[1])
          end
        elseif current >= 0 then
          if current < keep then
            redis.call('PEXPIRE', KEYS[1], keep)
          end
        elseif redis.call('SCARD', KEYS[1]) == 1 then
          redis.call('PEXPIRE', KEYS[1], keep)
        end
        return 1
        """;

    /// <summary>Deletes a lock only when it still holds this holder's token (it may have expired and been taken by another).</summary>
    public const string ReleaseLock = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;
}
