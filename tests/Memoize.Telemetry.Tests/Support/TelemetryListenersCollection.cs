namespace Memoize.Telemetry.Tests;

/// <summary>
/// Tests that listen to Memoize's meter and activity source, which are process-wide: a listener sees every cache in
/// the process, and its callbacks run on the thread that records. Run on their own, so one test's listener neither
/// counts another test's hits nor allocates on its thread.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryListenersCollection
{
    public const string Name = "Telemetry listeners";
}
