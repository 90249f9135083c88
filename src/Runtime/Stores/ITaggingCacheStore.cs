using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Stores;

/// <summary>
/// Optional: a store that keeps tag membership natively (Redis sets). Without it the cache keeps tag membership
/// in ordinary entries of the same store.
/// </summary>
public interface ITaggingCacheStore : ICacheStore
{
    /// <summary>
    /// Records that <paramref name="key"/> carries each of <paramref name="tags"/>, and keeps each tag at least until
    /// <paramref name="keepUntil"/>. The cache passes the tagged entry's expiry plus a margin, so a store that lets a
    /// tag expire then (the latest such time over all its keys) never loses a key whose entry is alive, and tags of
    /// entries that all expired do not accumulate.
    /// </summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="tags">The fully prefixed tag names.</param>
    /// <param name="keepUntil">Keep each tag at least until then; <see langword="null"/>: until it is flushed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when recorded.</returns>
    ValueTask AddTagsAsync(string key, IReadOnlyList<string> tags, DateTimeOffset? keepUntil, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry carrying <paramref name="tag"/>, and the tag itself.</summary>
    /// <param name="tag">The fully prefixed tag name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many entries were removed.</returns>
    ValueTask<long> FlushTagAsync(string tag, CancellationToken cancellationToken = default);
}
