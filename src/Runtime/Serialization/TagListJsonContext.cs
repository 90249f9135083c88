using System.Text.Json.Serialization;

namespace Memoize;

/// <summary>Source-generated metadata for the key lists that record tag membership, so tags work trimmed and AOT.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class TagListJsonContext : JsonSerializerContext
{
}
