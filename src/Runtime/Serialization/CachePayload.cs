using System;
using System.Buffers;
using System.IO;
using System.IO.Compression;
using Memoize.Stores;

namespace Memoize;

/// <summary>Wraps serialized values in the <see cref="CachePayloadFormat"/> header and unwraps them on read.</summary>
internal sealed class CachePayload
{
    private readonly ICacheSerializer _serializer;
    private readonly CacheCompression _compression;
    private readonly int _threshold;
    private readonly int _maxPlainBytes;

    /// <param name="serializer">Turns values into bytes.</param>
    /// <param name="compression">How payloads of at least <paramref name="threshold"/> bytes are compressed.</param>
    /// <param name="threshold">The serialized size from which payloads are compressed.</param>
    /// <param name="maxPlainBytes">A compressed body that expands beyond this is not read (a miss), so a small
    /// hostile payload cannot make a read allocate without bound.</param>
    public CachePayload(ICacheSerializer serializer, CacheCompression compression, int threshold, int maxPlainBytes = int.MaxValue)
    {
        _serializer = serializer;
        _compression = compression;
        _threshold = threshold;
        _maxPlainBytes = maxPlainBytes;
    }

    public ICacheSerializer Serializer => _serializer;

    public byte[] Encode<T>(T value)
    {
        if (IntegerValue.TryGetInt64(value, out long number))
        {
            return IntegerValue.Format(number);
        }

        var body = new ArrayBufferWriter<byte>();
        _serializer.Serialize(value, body);

        // Declared as object (a value copied out of a memory store), the value is written as its runtime type: its
        // bytes then read back as that type.
        uint shape = typeof(T) == typeof(object) && value is not null ? ValueShape.Of(_serializer, value.GetType()) : ValueShape.Of<T>(_serializer);
        return Wrap(body.WrittenSpan, shape);
    }

    /// <summary>
    /// The payload of an entry with <paramref name="timing"/>: a plain one when the store's expiry says everything,
    /// otherwise a <see cref="CachePayloadFormat.TimedVersion"/> payload that carries the fresh end and refresh moment
    /// (integers included: their bare decimal form has no room for them).
    /// </summary>
    public byte[] Encode<T>(T value, in EntryTiming timing)
    {
        if (timing.IsPlain)
        {
            return Encode(value);
        }

        var body = new ArrayBufferWriter<byte>();
        _serializer.Serialize(value, body);
        uint shape = typeof(T) == typeof(object) && value is not null ? ValueShape.Of(_serializer, value.GetType()) : ValueShape.Of<T>(_serializer);
        return Wrap(body.WrittenSpan, shape, timing);
    }

    public bool TryDecode<T>(ReadOnlySpan<byte> bytes, out T value)
    {
        if (!CachePayloadFormat.HasHeader(bytes))
        {
            // Bare decimal text is how integers (and store-native counters) are kept.
            if (IntegerValue.TryParse(bytes, out long number))
            {
                return IntegerValue.TryConvert(number, out value);
            }

            value = default!;
            return false;
        }

        int headerLength = CachePayloadFormat.HeaderLengthOf(bytes);
        if (headerLength == 0
            || (typeof(T) != typeof(object) && CachePayloadFormat.ReadShape(bytes) != ValueShape.Of<T>(_serializer)))
        {
            // Another format version, or bytes written for another type or another version of this type. Read as
            // object, any shape is accepted.
            value = default!;
            return false;
        }

        ReadOnlySpan<byte> body = bytes[headerLength..];
        switch ((CacheCompression)bytes[4])
        {
            case CacheCompression.None:
                return _serializer.TryDeserialize(body, out value);
            case CacheCompression.GZip:
            case CacheCompression.Brotli:
                if (TryDecompress((CacheCompression)bytes[4], body, _maxPlainBytes, out byte[]? plain))
                {
                    return _serializer.TryDeserialize(plain, out value);
                }

                break;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Whether the bytes are a payload this format can read: a known header whose body decompresses, or an integer.
    /// The serializer is not run, since the type is unknown.
    /// </summary>
    public static bool IsReadable(ReadOnlySpan<byte> bytes)
    {
        if (!CachePayloadFormat.HasHeader(bytes))
        {
            return IntegerValue.TryParse(bytes, out _);
        }

        int headerLength = CachePayloadFormat.HeaderLengthOf(bytes);
        if (headerLength == 0)
        {
            return false;
        }

        var compression = (CacheCompression)bytes[4];
        return compression == CacheCompression.None
            || (compression is CacheCompression.GZip or CacheCompression.Brotli && TryDecompress(compression, bytes[headerLength..], int.MaxValue, out _));
    }

    private byte[] Wrap(ReadOnlySpan<byte> body, uint shape, in EntryTiming timing = default)
    {
        bool timed = timing != default;
        int headerLength = timed ? CachePayloadFormat.TimedHeaderLength : CachePayloadFormat.HeaderLength;
        CacheCompression compression = body.Length >= _threshold ? _compression : CacheCompression.None;
        if (compression == CacheCompression.None)
        {
            byte[] plain = new byte[headerLength + body.Length];
            WriteHeader(plain, CacheCompression.None, shape, timed, timing);
            body.CopyTo(plain.AsSpan(headerLength));
            return plain;
        }

        using var output = new MemoryStream(headerLength + (body.Length / 2));
        Span<byte> header = stackalloc byte[headerLength];
        WriteHeader(header, compression, shape, timed, timing);
        output.Write(header);
        using (Stream compressor = compression == CacheCompression.GZip
            ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)
            : new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(body);
        }

        return output.ToArray();
    }

    private static void WriteHeader(Span<byte> destination, CacheCompression compression, uint shape, bool timed, in EntryTiming timing)
    {
        CachePayloadFormat.Magic.CopyTo(destination);
        destination[3] = timed ? CachePayloadFormat.TimedVersion : CachePayloadFormat.Version;
        destination[4] = (byte)compression;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination[5..], shape);
        if (timed)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(destination[CachePayloadFormat.HeaderLength..], timing.FreshUntil);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(destination[(CachePayloadFormat.HeaderLength + 8)..], timing.RefreshAt);
        }
    }

    private static bool TryDecompress(CacheCompression compression, ReadOnlySpan<byte> body, int maxPlainBytes, out byte[]? plain)
    {
        plain = null;
        if (compression == CacheCompression.Brotli)
        {
            return TryDecompressBrotli(body, maxPlainBytes, out plain);
        }

        if (body.Length < 2 || body[0] != 0x1F || body[1] != 0x8B)
        {
            return false;
        }

        try
        {
            using var input = new MemoryStream(body.ToArray(), writable: false);
            using var decompressor = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = decompressor.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (output.Length + read > maxPlainBytes)
                    {
                        return false;
                    }

                    output.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            plain = output.ToArray();

            // A GZip reader returns what it could inflate from a truncated body without complaint; the trailer (CRC-32
            // and length of the plain bytes) is what tells a whole body from a cut one.
            return HasGZipTrailerOf(body, plain);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool HasGZipTrailerOf(ReadOnlySpan<byte> body, byte[] plain)
    {
        const int TrailerLength = 8;
        if (body.Length < 10 + TrailerLength)
        {
            return false;
        }

        ReadOnlySpan<byte> trailer = body[^TrailerLength..];
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == unchecked((uint)plain.Length)
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) == Crc32.Of(plain);
    }

    /// <summary>Brotli has no magic bytes, and a stream decoder accepts truncated input; only a finished stream counts.</summary>
    private static bool TryDecompressBrotli(ReadOnlySpan<byte> body, int maxPlainBytes, out byte[]? plain)
    {
        plain = null;
        using var decoder = new BrotliDecoder();
        using var output = new MemoryStream();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(4096, body.Length * 4), 1 << 20));
        try
        {
            while (true)
            {
                OperationStatus status = decoder.Decompress(body, buffer, out int consumed, out int written);
                if (output.Length + written > maxPlainBytes)
                {
                    return false;
                }

                output.Write(buffer, 0, written);
                body = body[consumed..];
                switch (status)
                {
                    case OperationStatus.Done:
                        plain = output.ToArray();
                        return body.IsEmpty;
                    case OperationStatus.DestinationTooSmall:
                        continue;
                    default:
                        return false;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
