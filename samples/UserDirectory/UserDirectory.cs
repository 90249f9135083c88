using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Memoize;

namespace UserDirectory;

/// <summary>A user as the slow backing store returns it.</summary>
public sealed record User(int Id, string Name, string Email);

/// <summary>
/// Reads users through the cache, renames them (and forgets the stale entry), and never caches "not found",
/// so a user created after a miss is seen at once.
/// </summary>
public partial class UserDirectory(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;
    private readonly ConcurrentDictionary<int, User> _database = new();

    /// <summary>How many times the slow store was read.</summary>
    public int DatabaseReads;

    [Cached(KeyPrefix = "user", Minutes = 10, Unless = nameof(IsMissing))]
    public partial Task<User?> GetUserAsync(int id, CancellationToken cancellationToken = default);

    [InvalidatesCache(nameof(GetUserAsync))]
    public partial Task<bool> ForgetUserAsync(int id, CancellationToken cancellationToken = default);

    public void Save(User user) => _database[user.Id] = user;

    public async Task RenameAsync(int id, string name)
    {
        if (_database.TryGetValue(id, out User? user))
        {
            _database[id] = user with { Name = name };
            await ForgetUserAsync(id);
        }
    }

    private static bool IsMissing(User? user) => user is null;

    private async Task<User?> GetUserAsyncCore(int id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref DatabaseReads);
        await Task.Delay(150, cancellationToken); // a slow database
        return _database.TryGetValue(id, out User? user) ? user : null;
    }
}
