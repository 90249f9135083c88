namespace Memoize.Testing;

/// <summary>A record the contract stores and reads back.</summary>
/// <param name="Id">A number.</param>
/// <param name="Name">A name that is never <see langword="null"/>.</param>
public sealed record ContractItem(int Id, string Name);

/// <summary>An unrelated record: bytes written for it must not read as a <see cref="ContractItem"/>.</summary>
/// <param name="Label">A label.</param>
/// <param name="Score">A score.</param>
public sealed record ContractOther(string Label, int Score);

/// <summary>What an older version of <see cref="ContractItem"/> looked like: it had no name yet.</summary>
/// <param name="Id">A number.</param>
public sealed record ContractItemWithoutName(int Id);
