using System;
using System.IO;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Memoize.Testing;
using Microsoft.Extensions.Logging;

namespace Memoize.ReliabilityTests.Privacy;

/// <summary>
/// The manager's own log at Debug level (hits, misses, store failures) with a store that fails: argument values
/// appear only when <see cref="CacheManagerOptions.LogKeys"/> is set.
/// </summary>
public sealed class ManagerLogPrivacyTests : IDisposable
{
    private const string Secret = "kari.nordmann@example.no";
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Argument_values_reach_the_log_only_when_keys_are_explicitly_logged(bool logKeys)
    {
        var logger = new CapturingLogger();
        using CacheManager manager = StoreKinds.Create(StoreKinds.File, _directory, new CacheManagerOptions { LoggerFactory = new OneLoggerFactory(logger), LogKeys = logKeys });
        var accounts = new Accounts(manager);
        accounts.FindId(Secret, 1);
        accounts.FindId(Secret, 1);

        // Then the store starts failing: a file where its directory was.
        Directory.Delete(_directory.File("files"), recursive: true);
        File.WriteAllText(_directory.File("files"), "blocked");
        accounts.FindId(Secret, 2);

        Assert.NotEmpty(logger.Entries);
        Assert.Equal(logKeys, logger.ToString().Contains(Secret, StringComparison.Ordinal));
    }

    public void Dispose() => _directory.Dispose();

    private sealed class OneLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
