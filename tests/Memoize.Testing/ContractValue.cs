using System.Collections.Generic;

namespace Memoize.Testing;

/// <summary>A structured value the contract stores, to prove serialization keeps nested data.</summary>
public sealed class ContractValue
{
    /// <summary>A name.</summary>
    public string Name { get; set; } = "";

    /// <summary>A number.</summary>
    public int Count { get; set; }

    /// <summary>Nested data.</summary>
    public List<string> Tags { get; set; } = [];
}
