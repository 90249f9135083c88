using System;
using System.Diagnostics;

namespace Memoize.Redis.Tests.Infrastructure;

/// <summary>The real redis-cli, so tests check what Redis holds without going through our client.</summary>
public static class RedisCli
{
    /// <summary>Runs one redis-cli command against <paramref name="port"/> and returns its trimmed output.</summary>
    public static string Run(int port, params string[] arguments)
    {
        var start = new ProcessStartInfo(RedisServer.CliExecutable ?? throw new InvalidOperationException("redis-cli is not installed."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-h");
        start.ArgumentList.Add("127.0.0.1");
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException($"redis-cli {string.Join(' ', arguments)} did not finish.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}{output}");
        }

        return output.Trim();
    }
}
