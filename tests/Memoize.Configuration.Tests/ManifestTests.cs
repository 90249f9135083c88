using System;
using System.Linq;

namespace Memoize.Configuration.Tests;

public sealed class ManifestTests
{
    [Fact]
    public void The_generator_lists_this_assemblys_memoized_methods_at_run_time()
    {
        // Touch a type of this assembly so its module initializer has run, as any real use does.
        _ = typeof(QuoteService);

        var mine = CacheManifest.For("Memoize.Configuration.Tests");

        Assert.Equal(
            [
                new CacheManifestEntry("Memoize.Configuration.Tests", "Memoize.Configuration.Tests.ManifestSubject", "Report", "report:{id}:{#secret}", "reports", null, true),
                new CacheManifestEntry("Memoize.Configuration.Tests", "Memoize.Configuration.Tests.QuoteService", "GetQuoteAsync", "quote:{symbol}", null, TimeSpan.FromMinutes(5), false),
            ],
            mine);
        Assert.All(mine, e => Assert.Contains(e, CacheManifest.Entries));
        Assert.Empty(CacheManifest.For("No.Such.Assembly"));
    }

    [Fact]
    public void Registering_an_assembly_twice_keeps_one_copy()
    {
        var entry = new CacheManifestEntry("", "T", "M", "p", null, null, false);
        CacheManifest.Register("Manifest.Twice", [entry]);
        CacheManifest.Register("Manifest.Twice", [entry, entry]);

        Assert.Single(CacheManifest.For("Manifest.Twice"));
        Assert.Equal("Manifest.Twice", CacheManifest.For("Manifest.Twice").Single().Assembly);
    }
}

/// <summary>A memoized method with a named store, a sensitive argument and a sliding lifetime, as the manifest lists it.</summary>
public sealed partial class ManifestSubject
{
    [Cached(Store = "reports", KeyPrefix = "report", Sliding = true)]
    public partial string Report(int id, [Sensitive] string secret);

    private string ReportCore(int id, string secret) => $"{id}:{secret.Length}";
}
