using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Redis.Tests.Infrastructure;

/// <summary>
/// A loopback relay in front of a Redis server that a test can cut and restore, as a network partition of one process
/// would: while cut, open connections are dropped and new ones are closed at once, and Redis itself keeps running (and
/// keeps its data) for every client that does not go through the relay. It can also freeze: connections stay open but
/// nothing passes until it thaws, as with a stalled link, so the client sees timeouts and no reconnection.
/// </summary>
public sealed class PartitionProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _cut;
    private volatile TaskCompletionSource _flowing = Flowing();

    private PartitionProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static PartitionProxy Start(int targetPort) => new(targetPort);

    /// <summary>Drops every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (Socket socket in _open.Keys)
        {
            Drop(socket);
        }
    }

    public void Restore() => _cut = false;

    /// <summary>Holds every byte in both directions until <see cref="Thaw"/>; connections stay open.</summary>
    public void Freeze() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Thaw() => _flowing.TrySetResult();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Thaw();
        Cut();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                Drop(client);
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Drop(client);
            Drop(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                await _flowing.Task;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    private void Drop(Socket socket)
    {
        _open.TryRemove(socket, out _);
        try
        {
            // A reset rather than an orderly close: the peer learns at once, as when a link or host goes away.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }
    }
}
