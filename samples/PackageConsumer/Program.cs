using System;
using System.Linq;
using System.Threading.Tasks;
using Memoize;
using Memoize.Redis;
using Microsoft.Extensions.DependencyInjection;

// Usage: PackageConsumer <sqlite-file>. Calls a method cached in memory and one cached in the SQLite file three times
// each, and prints how many calls each had to compute: a second run (on any .NET) computes nothing from SQLite.
if (args.Length != 1)
{
    Console.Error.WriteLine("Usage: PackageConsumer <sqlite-file>");
    return 2;
}

var services = new ServiceCollection();
services.AddMemoize(o => o.AddStore("db", "sqlite", store => store.ConnectionString = $"Data Source={args[0]}"))
    .AddSqliteStoreType()
    .AddRedisStoreType(); // registered only: no store of type "redis" is configured, so no server is needed
services.AddSingleton<Greeter>();
using ServiceProvider provider = services.BuildServiceProvider();

var greeter = provider.GetRequiredService<Greeter>();
const int Calls = 3;
string fromMemory = "", fromSqlite = "";
for (int i = 0; i < Calls; i++)
{
    fromMemory = greeter.GreetFromMemory("package");
    fromSqlite = await greeter.GreetFromSqliteAsync("package");
}

Console.WriteLine($"runtime {Environment.Version}");
Console.WriteLine($"memory: {fromMemory}; computed {greeter.MemoryComputations} of {Calls} calls");
Console.WriteLine($"sqlite: {fromSqlite}; computed {greeter.SqliteComputations} of {Calls} calls");
Console.WriteLine($"manifest {string.Join(" ", CacheManifest.For("PackageConsumer").Select(m => m.KeyTemplate).Order(StringComparer.Ordinal))}");
return 0;

public sealed partial class Greeter(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;

    public int MemoryComputations { get; private set; }

    public int SqliteComputations { get; private set; }

    [Cached(KeyPrefix = "greeting", Minutes = 1)]
    public partial string GreetFromMemory(string name);

    // [Sensitive]: the key holds a SHA-256 of the name, never the name itself.
    [Cached(Store = "db", KeyPrefix = "stored-greeting", Minutes = 10)]
    public partial Task<string> GreetFromSqliteAsync([Sensitive] string name);

    private string GreetFromMemoryCore(string name)
    {
        MemoryComputations++;
        return $"Hello, {name}";
    }

    private Task<string> GreetFromSqliteAsyncCore(string name)
    {
        SqliteComputations++;
        return Task.FromResult($"Hello, {name}");
    }
}
