using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

// Tag membership: native on an ITaggingCacheStore, otherwise a list of keys kept in an ordinary entry per tag.
public sealed partial class Cache
{
    /// <summary>
    /// Tag lists live under this reserved key prefix (after the store's prefix), so a flush of the store removes
    /// them and a copy carries them along.
    /// </summary>
    internal const string TagKeyPrefix = "__memoize_tag__:";

    private static readonly CachePayload s_tagListPayload = new(new JsonCacheSerializer(TagListJsonContext.Default), CacheCompression.None, int.MaxValue);

    /// <inheritdoc/>
    public TaggedCache Tags(params string[] tags) => new(this, tags);

    internal async ValueTask AddToTagsAsync(string key, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
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

            await tagging.AddTagsAsync(FullKey(key), fullTags, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (string tag in tags)
        {
            string tagKey = FullKey(TagKeyPrefix + tag);
            using (await _locks.EnterAsync(tagKey, cancellationToken).ConfigureAwait(false))
            {
                string[] members = await ReadTagAsync(tagKey, cancellationToken).ConfigureAwait(false);
                if (Array.IndexOf(members, key) >= 0)
                {
                    continue;
                }

                string[] updated = new string[members.Length + 1];
                members.CopyTo(updated, 0);
                updated[^1] = key;
                await WriteAsync(tagKey, updated, null, s_tagListPayload, synchronous: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

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
    {
        if (Objects is { } objects)
        {
            return objects.TryGetObject(tagKey, out object? stored) switch
            {
                true when stored is string[] list => list,
                true when stored is byte[] bytes && s_tagListPayload.TryDecode(bytes, out string[] copied) => copied ?? [],
                _ => [],
            };
        }

        CacheResult<string[]> result = await ReadBytesAsync<string[]>(tagKey, s_tagListPayload, synchronous: false, cancellationToken).ConfigureAwait(false);
        return result.Found && result.Value is not null ? result.Value : [];
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
