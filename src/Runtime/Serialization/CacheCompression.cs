namespace Memoize;

/// <summary>How a byte store's payloads are compressed once they reach <see cref="CacheManagerOptions.CompressionThreshold"/>.</summary>
public enum CacheCompression
{
    /// <summary>Payloads are stored as the serializer wrote them.</summary>
    None = 0,

    /// <summary>GZip (RFC 1952): the compressed body starts with the bytes <c>1F 8B</c>.</summary>
    GZip = 1,

    /// <summary>Brotli (RFC 7932): smaller than GZip, a little slower to write.</summary>
    Brotli = 2,
}
