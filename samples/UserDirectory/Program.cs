using System;
using System.Threading.Tasks;
using Memoize;
using UserDirectory;

var directory = new UserDirectory.UserDirectory(new CacheManager());

await Show("user 7 before it exists", 7);
await Show("user 7 again (a miss is never cached)", 7);
directory.Save(new User(7, "Ada", "ada@example.org"));
await Show("user 7 after it was created", 7);
await Show("user 7 again", 7);
await directory.RenameAsync(7, "Ada Lovelace");
await Show("user 7 after a rename forgot the entry", 7);
await Show("user 7 again", 7);
Console.WriteLine($"The database was read {directory.DatabaseReads} times for 6 lookups; the key of user 7 is '{UserDirectory.UserDirectory.GetUserAsyncCacheKey(7)}'.");

async Task Show(string what, int id)
{
    int before = directory.DatabaseReads;
    User? user = await directory.GetUserAsync(id);
    string source = directory.DatabaseReads > before ? "database" : "cache";
    Console.WriteLine($"{what,-42} -> {user?.Name ?? "(not found)",-14} from the {source}");
}
