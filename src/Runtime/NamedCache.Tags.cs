using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

// Tag membership: native on an ITaggingCacheStore, otherwise a list of keys kept in an ordinary entry per tag.
internal sealed partial class NamedCache
{
    /// <summary>
    /// Tag lists live under this reserved key prefix (after the store's prefix), so a flush of the store removes
    /// them and a copy carries them along.
    /// </summary>
    internal const string TagKeyPrefix = "__memoize_tag__:";

    private static readonly CachePayload s_tagListPayload = new(new JsonCacheSerializer(TagListJsonContext.Default), CacheCompression.None, int.MaxValue);

    /// <inheritdoc/>
    public TaggedCache Tags(params string[] tags) => new(this, tags);

    /// <summary>
    /// How much longer than the entry written with it a tag is kept: the entry's own expiry is taken a moment after
    /// the tag's, and a tag must never expire while an entry it covers is alive.
    /// </summary>
    internal static readonly TimeSpan TagGrace = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Records <paramref name="key"/> in each tag, and keeps each tag at least until <paramref name="expiresAt"/>
    /// (plus <see cref="TagGrace"/>); <see langword="null"/> keeps it until flushed.
    /// </summary>
    internal async ValueTask AddToTagsAsync(string key, IReadOnlyList<string> tags, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        DateTimeOffset? tagExpiry = expiresAt is { } at && at < DateTimeOffset.MaxValue - TagGrace ? at + TagGrace : null;
        if (!Manager.IsEnabled)
        {
            return;
        }

        if (Objects is null && Store is ITaggingCacheStore tagging)
        {
            string[] fullTags = new string[tags.Count];
            for (int i = 0; i < fullTags.Length; i++)
            {
                fullTags[i] = FullKey(TagKeyPrefix + tags[i]);
            }

            await tagging.AddTagsAsync(FullKey(key), fullTags, tagExpiry, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (string tag in tags)
        {
            string tagKey = FullKey(TagKeyPrefix + tag);
            using (await _locks.EnterAsync(tagKey, cancellationToken).ConfigureAwait(false))
            {
                (string[] members, DateTimeOffset? listExpiry, bool exists) = await ReadTagEntryAsync(tagKey, cancellationToken).ConfigureAwait(false);
                DateTimeOffset? lasting = exists ? Later(listExpiry, tagExpiry) : tagExpiry;
                bool member = Array.IndexOf(members, key) >= 0;
                if (member && lasting == listExpiry)
                {
                    continue;
                }

                string[] updated = members;
                if (!member)
                {
                    updated = new string[members.Length + 1];
                    members.CopyTo(updated, 0);
                    updated[^1] = key;
                }

                await WriteAsync(tagKey, updated, lasting, s_tagListPayload, synchronous: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The later of two expiries, where <see langword="null"/> (never) is the latest.</summary>
    private static DateTimeOffset? Later(DateTimeOffset? first, DateTimeOffset? second)
        => first is { } a && second is { } b ? (a >= b ? a : b) : null;

    internal async ValueTask<long> FlushTagsAsync(IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        if (!Manager.IsEnabled)
        {
            return 0;
        }

        long removed = 0;
        foreach (string tag in tags)
        {
            string tagKey = FullKey(TagKeyPrefix + tag);
            if (Objects is null && Store is ITaggingCacheStore tagging)
            {
                removed += await tagging.FlushTagAsync(tagKey, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (await _locks.EnterAsync(tagKey, cancellationToken).ConfigureAwait(false))
            {
                foreach (string key in await ReadTagAsync(tagKey, cancellationToken).ConfigureAwait(false))
                {
                    if (await RemoveAsync(FullKey(key), cancellationToken).ConfigureAwait(false))
                    {
                        removed++;
                    }
                }

                await RemoveAsync(tagKey, cancellationToken).ConfigureAwait(false);
            }
        }

        return removed;
    }

    private async ValueTask<string[]> ReadTagAsync(string tagKey, CancellationToken cancellationToken)
        => (await ReadTagEntryAsync(tagKey, cancellationToken).ConfigureAwait(false)).Members;

    /// <summary>A tag list with its expiry. An object store that cannot tell the expiry reports none: the list is kept.</summary>
    private async ValueTask<(string[] Members, DateTimeOffset? ExpiresAt, bool Exists)> ReadTagEntryAsync(string tagKey, CancellationToken cancellationToken)
    {
        if (Objects is { } objects)
        {
            object? stored;
            DateTimeOffset? expiresAt = null;
            bool exists = Memory is { } memory ? memory.TryGetObject(tagKey, out stored, out expiresAt) : objects.TryGetObject(tagKey, out stored);
            string[] list = stored switch
            {
                string[] members => members,
                byte[] bytes => DecodeTagListOrEmpty(bytes),
                _ => [],
            };
            return (list, expiresAt, exists);
        }

        StoredValue? entry = await ReadLiveBytesAsync(tagKey, synchronous: false, cancellationToken).ConfigureAwait(false);
        return entry is { } found ? (DecodeTagListOrEmpty(found.Value.Span), found.ExpiresAt, true) : ([], null, false);
    }

    /// <summary>Tag lists are copied in the tag list format whatever the serializer of either manager.</summary>
    private static byte[] EncodeTagList(string[] members) => s_tagListPayload.Encode(members);

    private static bool IsTagKey(string relativeKey) => relativeKey.StartsWith(TagKeyPrefix, StringComparison.Ordinal);

    private static void ValidateTags(string[] tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (tags.Length == 0)
        {
            throw new ArgumentException("Give at least one tag.", nameof(tags));
        }

        foreach (string tag in tags)
        {
            if (string.IsNullOrEmpty(tag))
            {
                throw new ArgumentException("A tag must not be null or empty.", nameof(tags));
            }
        }
    }

    internal static string[] CheckTags(string[] tags)
    {
        ValidateTags(tags);
        return (string[])tags.Clone();
    }

    private static string[] DecodeTagListOrEmpty(ReadOnlySpan<byte> bytes)
        => s_tagListPayload.TryDecode(bytes, out string[] list) && list is not null ? list : [];

}
