using System;
using System.IO;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Memoize.Testing;

namespace Memoize.ReliabilityTests.Faults;

/// <summary>The file store's directory disappears or cannot be written: memoized calls still return their values.</summary>
public sealed class FileStoreFaultTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string CacheDirectory => _directory.File("files");

    [Fact]
    public void A_removed_cache_directory_is_recreated_and_calls_keep_their_values()
    {
        using CacheManager manager = StoreKinds.Create(StoreKinds.File, _directory);
        var echo = new Echo(manager);
        echo.Describe("a", 1);

        Directory.Delete(CacheDirectory, recursive: true);

        Assert.Equal(Echo.Expected("a", 1), echo.Describe("a", 1));
        Assert.Equal(Echo.Expected("b", 2), echo.Describe("b", 2));
        Assert.True(Directory.Exists(CacheDirectory));
        int calls = echo.Calls;
        Assert.Equal(Echo.Expected("b", 2), echo.Describe("b", 2));
        Assert.Equal(calls, echo.Calls);
    }

    [Fact]
    public void A_cache_directory_that_cannot_be_written_makes_calls_compute_and_count_failures()
    {
        using CacheManager manager = StoreKinds.Create(StoreKinds.File, _directory);
        var echo = new Echo(manager);
        echo.Describe("a", 1);

        // A file where the directory was: nothing can be created under it, whoever the process runs as
        // (a read-only mode would not stop a test running as root).
        Directory.Delete(CacheDirectory, recursive: true);
        File.WriteAllText(CacheDirectory, "not a directory");

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(Echo.Expected("c", i), echo.Describe("c", i));
        }

        Assert.Equal(Echo.Expected("a", 1), echo.Describe("a", 1));
        Assert.True(manager.StoreFailures >= 10, $"failed writes are counted ({manager.StoreFailures})");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_read_only_cache_directory_never_fails_a_call()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using CacheManager manager = StoreKinds.Create(StoreKinds.File, _directory);
        var echo = new Echo(manager);
        echo.Describe("a", 1);
        MakeReadOnly(CacheDirectory, true);
        try
        {
            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(Echo.Expected("ro", i), echo.Describe("ro", i));
            }

            Assert.Equal(Echo.Expected("a", 1), echo.Describe("a", 1));
            if (!IsRoot)
            {
                Assert.True(manager.StoreFailures >= 10, $"failed writes are counted ({manager.StoreFailures})");
            }
        }
        finally
        {
            MakeReadOnly(CacheDirectory, false);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeReadOnly(string directory, bool readOnly)
    {
        const UnixFileMode writable = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        foreach (string path in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories))
        {
            SetMode(path, readOnly, writable);
        }

        SetMode(directory, readOnly, writable);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void SetMode(string path, bool readOnly, UnixFileMode writable)
    {
        UnixFileMode mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, readOnly ? mode & ~writable : mode | UnixFileMode.UserWrite);
    }

    public void Dispose() => _directory.Dispose();
}
