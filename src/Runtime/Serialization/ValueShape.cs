using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Memoize.CompilerServices;

namespace Memoize;

/// <summary>
/// The shape fingerprint a payload carries: a 32-bit hash of what the serializer writes for the value's type. With
/// the JSON serializer that is the contract (property names and their shapes, element and key shapes, leaf type
/// names), so bytes written for another type, or for an older version of the same type, read as a miss instead of
/// a value with default members. With another serializer it is the type's name.
/// </summary>
/// <remarks>
/// Computed once per type and serializer: the last serializer of each type is kept in a static field, others in a
/// dictionary. Memory stores never serialize, so their hits never pay for it.
/// </remarks>
internal static class ValueShape
{
    private static readonly ConcurrentDictionary<(ICacheSerializer, Type), uint> s_fingerprints = new();

    /// <summary>The fingerprint of <typeparamref name="T"/> as <paramref name="serializer"/> writes it.</summary>
    public static uint Of<T>(ICacheSerializer serializer)
    {
        Known? known = KnownFor<T>.Last;
        if (known is not null && ReferenceEquals(known.Serializer, serializer))
        {
            return known.Fingerprint;
        }

        uint fingerprint = Of(serializer, typeof(T));
        KnownFor<T>.Last = new Known(serializer, fingerprint);
        return fingerprint;
    }

    /// <summary>The fingerprint of <paramref name="type"/> as <paramref name="serializer"/> writes it.</summary>
    public static uint Of(ICacheSerializer serializer, Type type)
        => s_fingerprints.GetOrAdd((serializer, type), static key => Hash(Describe(key.Item1, key.Item2)));

    /// <summary>The text the fingerprint hashes; readable, for tests and diagnostics.</summary>
    internal static string Describe(ICacheSerializer serializer, Type type)
    {
        var text = new StringBuilder();
        if (serializer is JsonCacheSerializer json)
        {
            DescribeJson(json, type, text, []);
        }
        else
        {
            text.Append(KeyTypeNames.Format(type));
        }

        return text.ToString();
    }

    private static void DescribeJson(JsonCacheSerializer json, Type type, StringBuilder text, List<Type> enclosing)
    {
        int cycle = enclosing.IndexOf(type);
        if (cycle >= 0)
        {
            // A recursive type refers to the level it repeats instead of describing itself again.
            text.Append('^').Append(cycle);
            return;
        }

        JsonTypeInfo? info = json.TypeInfoOrNull(type);
        enclosing.Add(type);
        switch (info?.Kind)
        {
            case JsonTypeInfoKind.Object:
                text.Append('{');
                foreach (JsonPropertyInfo property in info.Properties.OrderBy(static p => p.Name, StringComparer.Ordinal))
                {
                    text.Append(property.Name).Append(':');
                    DescribeJson(json, property.PropertyType, text, enclosing);
                    text.Append(';');
                }

                text.Append('}');
                break;
            case JsonTypeInfoKind.Enumerable when ElementTypeOf(info) is { } element:
                text.Append('[');
                DescribeJson(json, element, text, enclosing);
                text.Append(']');
                break;
            case JsonTypeInfoKind.Dictionary when ElementTypeOf(info) is { } value && KeyTypeOf(info) is { } key:
                text.Append('{');
                DescribeJson(json, key, text, enclosing);
                text.Append("=>");
                DescribeJson(json, value, text, enclosing);
                text.Append('}');
                break;
            default:
                text.Append(KeyTypeNames.Format(type));
                break;
        }

        enclosing.RemoveAt(enclosing.Count - 1);
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes and runtimes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static uint Hash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ (byte)c) * 16777619;
            hash = (hash ^ (byte)(c >> 8)) * 16777619;
        }

        return hash;
    }

    private sealed class Known(ICacheSerializer serializer, uint fingerprint)
    {
        public readonly ICacheSerializer Serializer = serializer;
        public readonly uint Fingerprint = fingerprint;
    }

    private static class KnownFor<T>
    {
        public static Known? Last;
    }

#if NET9_0_OR_GREATER
    private static Type? ElementTypeOf(JsonTypeInfo info) => info.ElementType;

    private static Type? KeyTypeOf(JsonTypeInfo info) => info.KeyType;
#else
    // .NET 8's contract does not expose element and key types: read them from the collection type itself, which
    // gives the same answer for arrays and generic collections (the types a cached value is made of in practice),
    // so processes on .NET 8 and on later runtimes sharing a store agree on the fingerprint.
    private static Type? ElementTypeOf(JsonTypeInfo info)
        => info.Type.IsArray ? info.Type.GetElementType() : info.Type.IsGenericType ? info.Type.GetGenericArguments()[^1] : null;

    private static Type? KeyTypeOf(JsonTypeInfo info)
        => info.Type.IsGenericType && info.Type.GetGenericArguments() is { Length: 2 } arguments ? arguments[0] : null;
#endif
}
