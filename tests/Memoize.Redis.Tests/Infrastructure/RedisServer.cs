using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Redis.Tests.Infrastructure;

/// <summary>One real redis-server process on a loopback port, with its own empty working directory.</summary>
public sealed class RedisServer : IDisposable
{
    private readonly string[] _extraArguments;
    private Process? _process;

    private RedisServer(int port, string directory, string[] extraArguments)
    {
        Port = port;
        Directory = directory;
        _extraArguments = extraArguments;
    }

    public int Port { get; }

    public string Directory { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>The path of redis-server, or <see langword="null"/> when it is not installed.</summary>
    public static string? Executable { get; } = FindOnPath("redis-server");

    public static string? CliExecutable { get; } = FindOnPath("redis-cli");

    public static RedisServer Start(params string[] extraArguments)
    {
        for (int attempt = 1; ; attempt++)
        {
            RedisServer server = Reserve(extraArguments);
            try
            {
                server.Restart();
                return server;
            }
            catch (PortTakenException) when (attempt < 10)
            {
                // Another process (other test runs share this machine) bound the port after we checked it.
                server.Dispose();
            }
        }
    }

    /// <summary>Picks a free port and a directory without starting the server (to test a store that starts while Redis is down).</summary>
    public static RedisServer Reserve(params string[] extraArguments)
    {
        int port = FreePort.Next();
        string directory = Path.Combine(Path.GetTempPath(), "memoize-redis-" + port + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        return new RedisServer(port, directory, extraArguments);
    }

    /// <summary>Starts the server (again, on the same port, empty) and waits until it answers PING.</summary>
    public void Restart()
    {
        if (Executable is null)
        {
            throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server).");
        }

        var arguments = new List<string>
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", Directory,
            "--daemonize", "no",
        };
        arguments.AddRange(_extraArguments);
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilAnswering(TimeSpan.FromSeconds(10));
    }

    /// <summary>Kills the server the hard way (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        _process = null;
    }

    public bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            NetworkStream stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            int read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Stalls the whole server with DEBUG SLEEP (start it with <c>--enable-debug-command yes</c>), as a stalled or
    /// swapping Redis would. Disposing the returned pause waits until Redis wakes, so a test never ends mid-sleep.
    /// </summary>
    public async Task<IAsyncDisposable> PauseAsync(int seconds)
    {
        var sleeper = new TcpClient();
        await sleeper.ConnectAsync(IPAddress.Loopback, Port);
        await sleeper.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"DEBUG SLEEP {seconds}\r\n"));
        await Task.Delay(100);
        return new Pause(sleeper);
    }

    public void Dispose()
    {
        Kill();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void WaitUntilAnswering(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process is { HasExited: true })
            {
                throw new PortTakenException($"redis-server on port {Port} exited at start (port in use?).");
            }

            // Answering is not enough: the server on the port must be ours, not one another test run started.
            if (ServerProcessId() is { } processId)
            {
                if (processId != _process!.Id)
                {
                    throw new PortTakenException($"Port {Port} is served by another redis-server (pid {processId}).");
                }

                return;
            }

            if (watch.Elapsed > timeout)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer within {timeout}.");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>The process id the server on <see cref="Port"/> reports, or <see langword="null"/> when nothing answers.</summary>
    private int? ServerProcessId()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            NetworkStream stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write("INFO server\r\n"u8);
            var reply = new StringBuilder();
            var buffer = new byte[4096];
            while (!reply.ToString().Contains("\r\nprocess_id:", StringComparison.Ordinal) || !reply.ToString().Split("process_id:")[1].Contains('\r', StringComparison.Ordinal))
            {
                int read = stream.Read(buffer);
                if (read == 0)
                {
                    return null;
                }

                reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
                if (reply.Length > 0 && reply[0] == '-')
                {
                    return null; // still loading
                }
            }

            string text = reply.ToString().Split("process_id:")[1];
            return int.Parse(text[..text.IndexOf('\r', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SocketException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>The connection that sent DEBUG SLEEP: disposing it waits for the reply, which Redis sends when it wakes.</summary>
internal sealed class Pause(TcpClient sleeper) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        using (sleeper)
        {
            byte[] reply = new byte[16];
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            if (await sleeper.GetStream().ReadAsync(reply, limit.Token) == 0)
            {
                throw new InvalidOperationException("Redis did not wake from DEBUG SLEEP.");
            }
        }
    }
}

/// <summary>The chosen port was taken by someone else between the check and the server's start.</summary>
internal sealed class PortTakenException(string message) : Exception(message);

/// <summary>Free loopback ports; for cluster nodes the bus port (port + 10000) is checked as well.</summary>
internal static class FreePort
{
    private static int s_next = Random.Shared.Next(20000, 45000);

    public static int Next()
    {
        while (true)
        {
            int port = Interlocked.Increment(ref s_next);
            if (port > 50000)
            {
                Interlocked.Exchange(ref s_next, 20000);
                continue;
            }

            if (IsFree(port) && IsFree(port + 10000))
            {
                return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
