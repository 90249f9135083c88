using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace Memoize.Redis.Tests.Infrastructure;

/// <summary>Another OS process (tests/Memoize.Redis.Tests.Peer) sharing the Redis, driven line by line over stdin/stdout.</summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    private PeerProcess(Process process) => _process = process;

    public static async Task<PeerProcess> StartAsync(string configuration, string keyNamespace, bool useLock = false)
    {
        string peer = typeof(PeerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(static a => a.Key == "PeerAssembly").Value!;
        if (!File.Exists(peer))
        {
            throw new FileNotFoundException("Build tests/Memoize.Redis.Tests.Peer first.", peer);
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(peer);
        start.ArgumentList.Add(configuration);
        start.ArgumentList.Add(keyNamespace);
        if (useLock)
        {
            start.ArgumentList.Add("lock");
        }

        var peerProcess = new PeerProcess(Process.Start(start)!);
        peerProcess._process.ErrorDataReceived += (_, _) => { };
        peerProcess._process.BeginErrorReadLine();
        Assert.Equal("READY", await peerProcess.ReadLineAsync(TimeSpan.FromSeconds(30)));
        return peerProcess;
    }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        // Pipe reads do not always observe a token: bound the wait itself.
        string? line = await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout);
        return line ?? throw new InvalidOperationException("The peer process ended.");
    }

    public async Task<string> AskAsync(string line)
    {
        Send(line);
        return await ReadLineAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Send("quit");
                if (!_process.WaitForExit(3000))
                {
                    _process.Kill();
                }
            }
        }
        catch (IOException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
