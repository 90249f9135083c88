using System;
using Memoize;

// Usage: <sqlite|file> <path> put <key> <value> <ttl-seconds>
//        <sqlite|file> <path> get <key>          (prints the value, or <miss>)
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: <sqlite|file> <path> put <key> <value> <ttl-seconds> | get <key>");
    return 2;
}

using var cache = new CacheManager();
string store = args[0];
if (store == "sqlite")
{
    cache.AddSqliteStore("store", new SqliteCacheStoreOptions { DataSource = args[1] });
}
else if (store == "file")
{
    cache.AddFileStore("store", new FileCacheStoreOptions { Directory = args[1] });
}
else
{
    Console.Error.WriteLine($"unknown store '{store}'");
    return 2;
}

ICache target = cache.Cache("store");
switch (args[2])
{
    case "put":
        target.Put(args[3], args[4], TimeSpan.FromSeconds(int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture)));
        target.Increment(args[3] + ":writes");
        Console.WriteLine("stored");
        return 0;
    case "get":
        Console.WriteLine(target.TryGet(args[3], out string? value) ? value : "<miss>");
        Console.WriteLine(target.Get<long>(args[3] + ":writes"));
        return 0;
    default:
        Console.Error.WriteLine($"unknown command '{args[2]}'");
        return 2;
}
