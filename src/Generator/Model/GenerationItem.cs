namespace Memoize.Generator.Model;

/// <summary>What the generator writes for one attributed method: its body, a throwing stub, or nothing.</summary>
internal sealed record GenerationItem<TSpec>(TSpec? Spec, StubSpec? Stub)
    where TSpec : class;
