using System;
using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Memoize.CompilerServices;

/// <summary>
/// Builds a cache key: the method's prefix followed by one segment per key argument, each preceded by
/// <see cref="Separator"/>. Every segment's text is self-delimiting and culture-invariant, so different
/// argument tuples of one method never produce the same key. Generated code calls the overload that matches
/// each parameter's static type, so nothing is boxed and no reflection is used.
/// </summary>
/// <remarks>The format of every type is documented in <c>docs/keys.md</c>.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct CacheKeyWriter
{
    /// <summary>The character that separates the prefix and the argument segments.</summary>
    public const char Separator = ':';

    /// <summary>Keys longer than this keep their prefix and replace the arguments by a hash.</summary>
    public const int DefaultMaxKeyLength = 250;

    // The text so far: in the caller's buffer, or in a pooled array once it outgrew it (then also in _rented).
    private Span<char> _buffer;
    private char[]? _rented;
    private int _length;
    private readonly int _prefixLength;

    // Nesting of lists and objects: inside one, segments are separated by ',' instead of ':'.
    // Bit n of _started says whether level n already holds a segment.
    private int _depth;
    private ulong _started;

    /// <summary>Starts a key with the given prefix.</summary>
    /// <param name="prefix">The key prefix; see <see cref="CachedAttribute.KeyPrefix"/>.</param>
    public CacheKeyWriter(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        _rented = ArrayPool<char>.Shared.Rent(Math.Max(64, prefix.Length + 32));
        _buffer = _rented;
        _length = 0;
        AppendRaw(prefix);
        _prefixLength = _length;
    }

    /// <summary>
    /// Starts a key with the given prefix in <paramref name="buffer"/> (for example <c>stackalloc char[256]</c>): a key
    /// that fits rents nothing; a longer one moves to a pooled array.
    /// </summary>
    /// <param name="prefix">The key prefix; see <see cref="CachedAttribute.KeyPrefix"/>.</param>
    /// <param name="buffer">Where the key is written while it fits.</param>
    public CacheKeyWriter(string prefix, Span<char> buffer)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        _buffer = buffer;
        _rented = null;
        _length = 0;
        AppendRaw(prefix);
        _prefixLength = _length;
    }

    /// <summary>Starts a writer for one argument's segment alone (no prefix, no leading separator).</summary>
    /// <returns>The writer; finish it with <see cref="ToSegment"/>.</returns>
    public static CacheKeyWriter ForSegment()
    {
        var writer = new CacheKeyWriter("");
        writer._suppressNextSeparator = true;
        return writer;
    }

    private bool _suppressNextSeparator;

    private void BeginSegment()
    {
        if (_depth == 0)
        {
            if (_suppressNextSeparator)
            {
                _suppressNextSeparator = false;
                return;
            }

            AppendChar(Separator);
            return;
        }

        ulong bit = 1UL << _depth;
        if ((_started & bit) != 0)
        {
            AppendChar(',');
        }

        _started |= bit;
    }

    /// <summary>Starts a list segment, <c>[a,b,…]</c>; write each element, then call <see cref="EndList"/>.</summary>
    public void BeginList() => BeginNested('[');

    /// <summary>Ends the list started by <see cref="BeginList"/>.</summary>
    public void EndList() => EndNested(']');

    /// <summary>Starts an object segment, <c>{Name=value,…}</c>; write members with <see cref="Member"/>, then call <see cref="EndObject"/>.</summary>
    public void BeginObject() => BeginNested('{');

    /// <summary>Ends the object started by <see cref="BeginObject"/>.</summary>
    public void EndObject() => EndNested('}');

    /// <summary>Names the next member of an object segment; the member's value follows with one <c>Write</c> call.</summary>
    /// <param name="name">The member name.</param>
    public void Member(string name)
    {
        BeginSegment();
        AppendRaw(name);
        AppendChar('=');
        // The value that follows belongs to this member: it must not add a separator of its own.
        _started &= ~(1UL << _depth);
        _memberPending = true;
    }

    private bool _memberPending;

    private void BeginNested(char open)
    {
        BeginSegmentOrMemberValue();
        AppendChar(open);
        if (++_depth >= 64)
        {
            throw new InvalidOperationException("A cache key argument is nested more than 63 levels deep.");
        }

        _started &= ~(1UL << _depth);
    }

    private void EndNested(char close)
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("EndList or EndObject was called without a matching Begin.");
        }

        _started &= ~(1UL << _depth);
        _depth--;
        _started |= 1UL << _depth;
        AppendChar(close);
    }

    private void BeginSegmentOrMemberValue()
    {
        if (_memberPending)
        {
            _memberPending = false;
            _started |= 1UL << _depth;
            return;
        }

        BeginSegment();
    }

    /// <summary>Writes a list segment, <c>[a,b,…]</c>, or <c>null</c>; each element by <paramref name="element"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order.</param>
    /// <param name="element">Writes one element (a static lambda the generator emits).</param>
    public void WriteList<T>(System.Collections.Generic.IEnumerable<T>? items, ElementWriter<T> element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (items is null)
        {
            WriteNull();
            return;
        }

        BeginList();
        foreach (T item in items)
        {
            element(ref this, item);
        }

        EndList();
    }

    /// <summary>
    /// Writes a dictionary segment, <c>{key:value,…}</c> with the entries in ordinal order of their text, so two
    /// dictionaries with the same entries share a key whatever their insertion order; or <c>null</c>.
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="entries">The entries.</param>
    /// <param name="key">Writes one key.</param>
    /// <param name="value">Writes one value.</param>
    public void WriteDictionary<TKey, TValue>(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<TKey, TValue>>? entries, ElementWriter<TKey> key, ElementWriter<TValue> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (entries is null)
        {
            WriteNull();
            return;
        }

        var texts = new System.Collections.Generic.List<string>();
        foreach (System.Collections.Generic.KeyValuePair<TKey, TValue> entry in entries)
        {
            CacheKeyWriter inner = ForSegment();
            key(ref inner, entry.Key);
            value(ref inner, entry.Value);
            texts.Add(inner.ToSegment());
        }

        texts.Sort(StringComparer.Ordinal);
        BeginSegmentOrMemberValue();
        AppendChar('{');
        for (int i = 0; i < texts.Count; i++)
        {
            if (i > 0)
            {
                AppendChar(',');
            }

            AppendRaw(texts[i]);
        }

        AppendChar('}');
    }

    /// <summary>Writes a value that formats its own key (<see cref="ICacheKey"/>) as a quoted string, or <c>null</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteCacheKey(ICacheKey? value)
    {
        if (value is null)
        {
            WriteNull();
            return;
        }

        BeginSegmentOrMemberValue();
        AppendChar('<');
        AppendEscaped((value.ToCacheKey() ?? throw new InvalidOperationException($"{value.GetType()}.ToCacheKey() returned null.")).AsSpan(), '>');
        AppendChar('>');
    }

    /// <summary>Writes a segment that was already formatted (by <see cref="ForSegment"/> and <see cref="ToSegment"/>).</summary>
    /// <param name="segment">The formatted segment text.</param>
    public void WriteSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        BeginSegmentOrMemberValue();
        AppendRaw(segment);
    }

    /// <summary>
    /// Writes the segment built by <paramref name="inner"/> as <c>#</c> and the first 32 hex digits of its SHA-256 hash,
    /// so the value never appears in clear (parameters marked <c>[Sensitive]</c>). Disposes <paramref name="inner"/>.
    /// </summary>
    /// <param name="inner">A writer from <see cref="ForSegment"/> holding the value.</param>
    public void WriteHashed(ref CacheKeyWriter inner)
    {
        string hash = HashText(inner._buffer[..inner._length], 32);
        inner.Dispose();
        BeginSegmentOrMemberValue();
        AppendChar('#');
        AppendRaw(hash);
    }

    /// <summary>Finishes a writer from <see cref="ForSegment"/> and returns the segment text.</summary>
    /// <returns>The segment.</returns>
    public string ToSegment()
    {
        string text = new(_buffer[.._length]);
        Dispose();
        return text;
    }

    /// <summary>Writes a string argument: <c>null</c>, or the text in double quotes with escapes.</summary>
    public void Write(string? value)
    {
        BeginSegmentOrMemberValue();
        if (value is null)
        {
            AppendRaw("null");
            return;
        }

        AppendChar('"');
        AppendEscaped(value.AsSpan(), '"');
        AppendChar('"');
    }

    /// <summary>Writes a character argument in single quotes with escapes.</summary>
    public void Write(char value)
    {
        BeginSegmentOrMemberValue();
        AppendChar('\'');
        AppendEscaped(new ReadOnlySpan<char>(in value), '\'');
        AppendChar('\'');
    }

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    public void Write(bool value)
    {
        BeginSegmentOrMemberValue();
        AppendRaw(value ? "true" : "false");
    }

    /// <summary>Writes an integer in invariant decimal digits.</summary>
    public void Write(long value) => WriteFormattable(value, default);

    /// <summary>Writes an unsigned integer in invariant decimal digits.</summary>
    public void Write(ulong value) => WriteFormattable(value, default);

    /// <summary>Writes an integer in invariant decimal digits.</summary>
    public void Write(int value) => WriteFormattable(value, default);

    /// <summary>Writes an unsigned integer in invariant decimal digits.</summary>
    public void Write(uint value) => WriteFormattable(value, default);

    /// <summary>Writes an integer in invariant decimal digits.</summary>
    public void Write(Int128 value) => WriteFormattable(value, default);

    /// <summary>Writes an unsigned integer in invariant decimal digits.</summary>
    public void Write(UInt128 value) => WriteFormattable(value, default);

    /// <summary>
    /// Writes a double in its shortest round-trip form. Negative zero is written as <c>0</c> (it equals zero),
    /// NaN as <c>NaN</c>, infinities as <c>Infinity</c> and <c>-Infinity</c>.
    /// </summary>
    public void Write(double value) => WriteFormattable(value == 0d ? 0d : value, "R");

    /// <summary>Writes a float in its shortest round-trip form, with the same rules as <see cref="Write(double)"/>.</summary>
    public void Write(float value) => WriteFormattable(value == 0f ? 0f : value, "R");

    /// <summary>Writes a half in its shortest round-trip form, with the same rules as <see cref="Write(double)"/>.</summary>
    public void Write(Half value) => Write((float)value);

    /// <summary>
    /// Writes a decimal without trailing zeros, so values that are equal (<c>1.0m</c> and <c>1.00m</c>) share a key.
    /// </summary>
    public void Write(decimal value) => WriteFormattable(value / 1.000000000000000000000000000000000m, default);

    /// <summary>Writes a GUID in its 36-character lower-case form.</summary>
    public void Write(Guid value) => WriteFormattable(value, "D");

    /// <summary>
    /// Writes the date and time of day to the tick, followed by <c>Z</c> for UTC, <c>L</c> for local and nothing
    /// for unspecified kind. The text never depends on the machine's time zone.
    /// </summary>
    public void Write(DateTime value)
    {
        WriteFormattable(DateTime.SpecifyKind(value, DateTimeKind.Unspecified), "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff");
        if (value.Kind == DateTimeKind.Utc)
        {
            AppendChar('Z');
        }
        else if (value.Kind == DateTimeKind.Local)
        {
            AppendChar('L');
        }
    }

    /// <summary>Writes the local date, time and offset in round-trip form (<c>O</c>).</summary>
    public void Write(DateTimeOffset value) => WriteFormattable(value, "O");

    /// <summary>Writes a date as <c>yyyy-MM-dd</c>.</summary>
    public void Write(DateOnly value) => WriteFormattable(value, "O");

    /// <summary>Writes a time of day in round-trip form.</summary>
    public void Write(TimeOnly value) => WriteFormattable(value, "O");

    /// <summary>Writes a time span in the invariant constant form (<c>c</c>).</summary>
    public void Write(TimeSpan value) => WriteFormattable(value, "c");

    /// <summary>Writes <c>null</c> for a missing nullable value; call the value's overload otherwise.</summary>
    public void WriteNull()
    {
        BeginSegmentOrMemberValue();
        AppendRaw("null");
    }

    private void WriteFormattable<T>(T value, ReadOnlySpan<char> format)
        where T : ISpanFormattable
    {
        BeginSegmentOrMemberValue();
        while (true)
        {
            if (value.TryFormat(_buffer[_length..], out int written, format, CultureInfo.InvariantCulture))
            {
                _length += written;
                return;
            }

            Grow(64);
        }
    }

    /// <summary>
    /// Finishes the key. When it is longer than <paramref name="maxLength"/>, the argument part is replaced by
    /// <c>#</c> and a SHA-256 hash of it, so the key stays short and keeps its readable prefix.
    /// </summary>
    /// <param name="maxLength">The longest key kept in clear.</param>
    /// <returns>The key.</returns>
    public string ToKey(int maxLength = DefaultMaxKeyLength)
    {
        ReadOnlySpan<char> text = _buffer[.._length];
        string key = text.Length <= maxLength ? new string(text) : HashArguments(text, _prefixLength);
        Dispose();
        return key;
    }

    /// <summary>Returns the pooled buffer, if any. Called by <see cref="ToKey"/>; safe to call more than once.</summary>
    public void Dispose()
    {
        char[]? rented = _rented;
        _rented = null;
        _buffer = default;
        _length = 0;
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <inheritdoc/>
    public override readonly string ToString() => new(_buffer[.._length]);

    private static string HashArguments(ReadOnlySpan<char> key, int prefixLength)
        => string.Concat(key[..prefixLength], ":#", HashText(key[prefixLength..], 64));

    private static string HashText(ReadOnlySpan<char> text, int hexDigits)
    {
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        int count = Encoding.UTF8.GetBytes(text, utf8);
        SHA256.HashData(utf8.AsSpan(0, count), hash);
        ArrayPool<byte>.Shared.Return(utf8);
        return LowerHex.Of(hash)[..hexDigits];
    }

    private void AppendEscaped(scoped ReadOnlySpan<char> text, char quote)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' || c == quote)
            {
                AppendChar('\\');
                AppendChar(c);
            }
            else if (c < ' ' || (c >= '\u007f' && c <= '\u009f') || IsLoneSurrogate(text, i))
            {
                // Control characters (C0, DEL and C1) and unpaired surrogates are written as \uXXXX so the key is valid text
                // for every store (an unpaired surrogate would turn into U+FFFD in UTF-8 and collide).
                AppendRaw("\\u");
                WriteHex(c);
            }
            else
            {
                AppendChar(c);
                if (char.IsHighSurrogate(c))
                {
                    AppendChar(text[++i]);
                }
            }
        }
    }

    private static bool IsLoneSurrogate(ReadOnlySpan<char> text, int i)
    {
        char c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        return char.IsLowSurrogate(c);
    }

    private void WriteHex(char c)
    {
        const string digits = "0123456789abcdef";
        AppendChar(digits[(c >> 12) & 0xF]);
        AppendChar(digits[(c >> 8) & 0xF]);
        AppendChar(digits[(c >> 4) & 0xF]);
        AppendChar(digits[c & 0xF]);
    }

    private void AppendRaw(string text)
    {
        if (_length + text.Length > _buffer.Length)
        {
            Grow(text.Length);
        }

        text.AsSpan().CopyTo(_buffer[_length..]);
        _length += text.Length;
    }

    private void AppendChar(char c)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = c;
    }

    private void Grow(int additional)
    {
        char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(Math.Max(_buffer.Length * 2, 64), _length + additional));
        _buffer[.._length].CopyTo(larger);
        char[]? old = _rented;
        _rented = larger;
        _buffer = larger;
        if (old is not null)
        {
            ArrayPool<char>.Shared.Return(old);
        }
    }
}
