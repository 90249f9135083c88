using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Memoize;

/// <summary>
/// The default serializer: System.Text.Json. Give it a <see cref="JsonSerializerOptions"/> whose
/// <see cref="JsonSerializerOptions.TypeInfoResolver"/> is a source-generated <c>JsonSerializerContext</c> to
/// serialize without reflection (trimmed and native AOT applications).
/// </summary>
public sealed class JsonCacheSerializer : ICacheSerializer
{
    private readonly JsonSerializerOptions _options;
    private readonly Dictionary<Type, JsonTypeInfo>? _typeInfos;

    /// <summary>
    /// Creates the serializer with the given options. Without them it serializes as <see cref="JsonSerializerOptions.Default"/>
    /// does where reflection-based serialization is on; where it is off (Native AOT and trimmed applications), with the
    /// metadata Memoize generates for common types: strings, numbers, <see cref="Guid"/>, dates, and arrays, lists and
    /// string-keyed dictionaries of them. Other types then need a source-generated context (see the other constructors).
    /// </summary>
    /// <param name="options">The options; their resolver decides how types are serialized.</param>
    public JsonCacheSerializer(JsonSerializerOptions? options = null)
    {
        _options = options ?? (JsonSerializer.IsReflectionEnabledByDefault ? ReflectionOptions() : OptionsOf(BuiltInJsonContext.Default));
    }

    // Provably safe: called only while JsonSerializer.IsReflectionEnabledByDefault is true. That property is the feature
    // switch System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault, which Native AOT and trimmed publishing set
    // to false and the compiler replaces by that constant, so this call is removed from exactly the applications where
    // reflection-based serialization could not work. (The analyzer cannot see the switch: no feature guard covers it.)
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only where reflection-based serialization is enabled; see the comment.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reached only where reflection-based serialization is enabled; see the comment.")]
    private static JsonSerializerOptions ReflectionOptions() => JsonSerializerOptions.Default;

    /// <summary>
    /// Creates the serializer over a source-generated <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>:
    /// every cached type must be declared on it with <c>[JsonSerializable]</c>. Works trimmed and native AOT.
    /// </summary>
    /// <param name="context">The generated context, for example <c>MyJsonContext.Default</c>.</param>
    public JsonCacheSerializer(System.Text.Json.Serialization.JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _options = OptionsOf(context);
    }

    private static JsonSerializerOptions OptionsOf(System.Text.Json.Serialization.JsonSerializerContext context)
        => context.Options.TypeInfoResolver is not null ? context.Options : new JsonSerializerOptions { TypeInfoResolver = context };

    /// <summary>Creates the serializer over any metadata resolver (for example several combined contexts).</summary>
    /// <param name="resolver">Supplies the <see cref="JsonTypeInfo"/> of every cached type.</param>
    public JsonCacheSerializer(IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _options = new JsonSerializerOptions { TypeInfoResolver = resolver };
    }

    /// <summary>
    /// Creates the serializer from the <see cref="JsonTypeInfo"/> of each cached type, for example
    /// <c>MyJsonContext.Default.Order</c>. Other types use <paramref name="fallback"/>; without it they fail with
    /// System.Text.Json's message naming the type, so nothing falls back to reflection unnoticed.
    /// </summary>
    /// <param name="typeInfos">The metadata of the cached types.</param>
    /// <param name="fallback">The options for types not in <paramref name="typeInfos"/>.</param>
    /// <exception cref="ArgumentException">Two entries describe the same type.</exception>
    public JsonCacheSerializer(IEnumerable<JsonTypeInfo> typeInfos, JsonSerializerOptions? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(typeInfos);
        _typeInfos = [];
        foreach (JsonTypeInfo typeInfo in typeInfos)
        {
            ArgumentNullException.ThrowIfNull(typeInfo, nameof(typeInfos));
            if (!_typeInfos.TryAdd(typeInfo.Type, typeInfo))
            {
                throw new ArgumentException($"Two JsonTypeInfo entries describe the type {typeInfo.Type}.", nameof(typeInfos));
            }
        }

        _options = fallback ?? new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() };
    }

    /// <summary>A shared instance with the default options.</summary>
    public static JsonCacheSerializer Default { get; } = new();

    /// <inheritdoc/>
    public void Serialize<T>(T value, IBufferWriter<byte> destination)
    {
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, value, TypeInfoOf<T>());
    }

    /// <inheritdoc/>
    public bool TryDeserialize<T>(ReadOnlySpan<byte> bytes, out T value)
    {
        try
        {
            value = JsonSerializer.Deserialize(bytes, TypeInfoOf<T>())!;
            return true;
        }
        catch (JsonException)
        {
            value = default!;
            return false;
        }
        catch (NotSupportedException)
        {
            value = default!;
            return false;
        }
    }

    /// <summary>The metadata this serializer writes <paramref name="type"/> with, or <see langword="null"/> when it has none.</summary>
    internal JsonTypeInfo? TypeInfoOrNull(Type type)
    {
        if (_typeInfos is not null && _typeInfos.TryGetValue(type, out JsonTypeInfo? typeInfo))
        {
            return typeInfo;
        }

        try
        {
            return _options.GetTypeInfo(type);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private JsonTypeInfo<T> TypeInfoOf<T>()
        => _typeInfos is not null && _typeInfos.TryGetValue(typeof(T), out JsonTypeInfo? typeInfo)
            ? (JsonTypeInfo<T>)typeInfo
            : (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T));
}
