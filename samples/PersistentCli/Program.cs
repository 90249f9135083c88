using System;
using System.IO;
using Memoize;
using Microsoft.Extensions.DependencyInjection;
using PersistentCli;

// Usage: PersistentCli [database file] [number]
// The factorization is kept in an SQLite file, so running the program again answers from the cache.
string database = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "memoize-persistent-cli.db");
long number = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 600_851_475_143;

var services = new ServiceCollection();
services.AddMemoize(o =>
    {
        o.AddStore("disk", SqliteMemoizeBuilderExtensions.StoreTypeName, s => s.Settings["DataSource"] = database);
        o.DefaultStore = "disk";
        o.DefaultTtl = TimeSpan.FromDays(7);
    })
    .AddSqliteStoreType();
services.AddSingleton<Factorizer>();

using ServiceProvider provider = services.BuildServiceProvider();
var factorizer = provider.GetRequiredService<Factorizer>();
long[] factors = factorizer.Factorize(number);
Console.WriteLine($"{number} = {string.Join(" x ", factors)} ({(factorizer.Computed ? "computed" : "from the cache")})");
