using System;
using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Memoize;

/// <summary>
/// Integers as the cache stores them (bare ASCII decimal) and conversions between the integral types, so a value
/// put as <see cref="int"/> can be incremented and read back as <see cref="long"/> and the other way round.
/// </summary>
internal static class IntegerValue
{
    /// <summary>The most characters of a <see cref="long"/> in decimal, sign included.</summary>
    public const int MaxDigits = 20;

    /// <summary>Whether <typeparamref name="T"/> is stored as decimal text, and its value as a <see cref="long"/>.</summary>
    public static bool TryGetInt64<T>(T value, out long number)
    {
        if (typeof(T) == typeof(long)) { number = Unsafe.As<T, long>(ref value); return true; }
        if (typeof(T) == typeof(int)) { number = Unsafe.As<T, int>(ref value); return true; }
        if (typeof(T) == typeof(short)) { number = Unsafe.As<T, short>(ref value); return true; }
        if (typeof(T) == typeof(sbyte)) { number = Unsafe.As<T, sbyte>(ref value); return true; }
        if (typeof(T) == typeof(byte)) { number = Unsafe.As<T, byte>(ref value); return true; }
        if (typeof(T) == typeof(ushort)) { number = Unsafe.As<T, ushort>(ref value); return true; }
        if (typeof(T) == typeof(uint)) { number = Unsafe.As<T, uint>(ref value); return true; }
        if (typeof(T) == typeof(object)) { return TryGetInt64((object?)value, out number); }
        number = 0;
        return false;
    }

    /// <summary>The value of a boxed integral type as a <see cref="long"/>.</summary>
    public static bool TryGetInt64(object? value, out long number)
    {
        switch (value)
        {
            case long l: number = l; return true;
            case int i: number = i; return true;
            case short s: number = s; return true;
            case sbyte sb: number = sb; return true;
            case byte b: number = b; return true;
            case ushort us: number = us; return true;
            case uint ui: number = ui; return true;
            default: number = 0; return false;
        }
    }

    /// <summary>Converts <paramref name="number"/> to <typeparamref name="T"/> when it is an integral (or nullable integral) type and the value fits.</summary>
    public static bool TryConvert<T>(long number, out T value)
    {
        object? boxed = null;
        Type type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type == typeof(long)) boxed = number;
        else if (type == typeof(int) && number is >= int.MinValue and <= int.MaxValue) boxed = (int)number;
        else if (type == typeof(short) && number is >= short.MinValue and <= short.MaxValue) boxed = (short)number;
        else if (type == typeof(sbyte) && number is >= sbyte.MinValue and <= sbyte.MaxValue) boxed = (sbyte)number;
        else if (type == typeof(byte) && number is >= byte.MinValue and <= byte.MaxValue) boxed = (byte)number;
        else if (type == typeof(ushort) && number is >= ushort.MinValue and <= ushort.MaxValue) boxed = (ushort)number;
        else if (type == typeof(uint) && number is >= uint.MinValue and <= uint.MaxValue) boxed = (uint)number;
        else if (type == typeof(ulong) && number >= 0) boxed = (ulong)number;
        else if (type == typeof(double)) boxed = (double)number;
        else if (type == typeof(decimal)) boxed = (decimal)number;
        else if (type == typeof(object)) boxed = number;

        if (boxed is null)
        {
            value = default!;
            return false;
        }

        value = (T)boxed;
        return true;
    }

    /// <summary>Writes <paramref name="number"/> as ASCII decimal.</summary>
    public static byte[] Format(long number)
    {
        Span<byte> buffer = stackalloc byte[MaxDigits];
        Utf8Formatter.TryFormat(number, buffer, out int written);
        return buffer[..written].ToArray();
    }

    /// <summary>Reads bytes that are exactly an optional minus sign and decimal digits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out long number)
    {
        number = 0;
        if (bytes.Length is 0 or > MaxDigits)
        {
            return false;
        }

        int start = bytes[0] == (byte)'-' ? 1 : 0;
        if (start == bytes.Length)
        {
            return false;
        }

        for (int i = start; i < bytes.Length; i++)
        {
            if (bytes[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return Utf8Parser.TryParse(bytes, out number, out int consumed) && consumed == bytes.Length;
    }
}
