using System;
using System.Linq;
using System.Threading.Tasks;

namespace Memoize.Samples.Tests;

public sealed class ResilienceSampleTests
{
    [Fact]
    public async Task The_shielded_service_serves_the_last_good_value_while_the_source_is_down_and_does_not_wait_for_it_while_it_is_slow()
    {
        using SampleProcess process = SampleProcess.Start("Resilience", "");
        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, process.Output);
        string[] lines = process.Output.Split('\n', StringSplitOptions.TrimEntries);

        // Healthy: both compute.
        Assert.StartsWith("Oslo: 14 C (v1)", Outcome(lines, "1.", "plain"));
        Assert.StartsWith("Oslo: 14 C (v1)", Outcome(lines, "1.", "shielded"));

        // Down after expiry: the plain service fails; the shielded one serves v1, then leaves the source alone.
        Assert.StartsWith("failed: weather API unreachable", Outcome(lines, "2.", "plain"));
        Assert.Matches(@"^Oslo: 14 C \(v1\)\s+at once\s+source called$", Outcome(lines, "2.", "shielded"));
        Assert.StartsWith("failed: weather API unreachable", Outcome(lines, "3.", "plain"));
        Assert.Matches(@"^Oslo: 14 C \(v1\)\s+at once\s+source not called$", Outcome(lines, "3.", "shielded"));

        // Slow: the plain service waits for v2; the shielded one answers v1 at once and fetches v2 in the background.
        Assert.Matches(@"^Oslo: 14 C \(v2\)\s+after \d\.\d s\s+source called$", Outcome(lines, "4.", "plain"));
        Assert.Matches(@"^Oslo: 14 C \(v1\)\s+at once\s+source called$", Outcome(lines, "4.", "shielded"));
        Assert.Matches(@"^Oslo: 14 C \(v2\)\s+at once\s+source not called$", Outcome(lines, "5.", "plain"));
        Assert.Matches(@"^Oslo: 14 C \(v2\)\s+at once\s+source not called$", Outcome(lines, "5.", "shielded"));

        Assert.Contains("source calls: plain 4, shielded 3", lines);
    }

    /// <summary>What the sample printed for <paramref name="service"/> under the step starting with <paramref name="step"/>.</summary>
    private static string Outcome(string[] lines, string step, string service)
    {
        int title = Array.FindIndex(lines, line => line.StartsWith(step, StringComparison.Ordinal));
        Assert.True(title >= 0, $"step {step} missing from:\n{string.Join('\n', lines)}");
        string line = lines.Skip(title + 1).Take(2).Single(l => l.StartsWith(service + " ", StringComparison.Ordinal));
        return line[service.Length..].Trim();
    }
}
