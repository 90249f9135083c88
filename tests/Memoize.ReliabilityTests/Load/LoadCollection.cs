namespace Memoize.ReliabilityTests.Load;

/// <summary>
/// Load tests run alone: their figures (throughput, peak heap) mean something only without other tests competing
/// for the two cores and the thread pool, which also runs the memory store's evictions.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "Load";
}
