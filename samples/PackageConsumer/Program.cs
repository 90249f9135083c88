using System;
using System.Linq;
using Memoize;
using Memoize.Redis;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddMemoize(o =>
    {
        o.AddStore("db", "sqlite");
        o.DefaultStore = "db";
    })
    .AddSqliteStoreType()
    .AddRedisStoreType(); // registered only: no store of type "redis" is configured, so no server is needed
services.AddSingleton<Greeter>();
using ServiceProvider provider = services.BuildServiceProvider();

var greeter = provider.GetRequiredService<Greeter>();
greeter.Greet("package");
string greeting = greeter.Greet("package");
CacheManifestEntry method = CacheManifest.For("PackageConsumer").Single();
Console.WriteLine($"{greeting}; computed {greeter.Computations} time(s); manifest {method.KeyTemplate}");

public sealed partial class Greeter(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;

    public int Computations { get; private set; }

    [Cached(KeyPrefix = "greeting", Minutes = 1)]
    public partial string Greet(string name);

    private string GreetCore(string name)
    {
        Computations++;
        return $"Hello, {name}";
    }
}
