using System;
using System.IO;
using System.Threading.Tasks;

namespace Memoize.Samples.Tests;

public sealed class PersistentCliSampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memoize-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_second_run_answers_from_the_sqlite_file_the_first_run_wrote()
    {
        string database = Path.Combine(_directory, "cache.db");

        string first = await RunAsync($"\"{database}\" 13195");
        string second = await RunAsync($"\"{database}\" 13195");
        string other = await RunAsync($"\"{database}\" 84");

        Assert.Equal("13195 = 5 x 7 x 13 x 29 (computed)", first.Trim());
        Assert.Equal("13195 = 5 x 7 x 13 x 29 (from the cache)", second.Trim());
        Assert.Equal("84 = 2 x 2 x 3 x 7 (computed)", other.Trim());
        Assert.True(File.Exists(database));
    }

    private static async Task<string> RunAsync(string arguments)
    {
        using SampleProcess process = SampleProcess.Start("PersistentCli", arguments);
        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, process.Output);
        return process.Output;
    }
}
