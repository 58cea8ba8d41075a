using System.Net;
using System.Net.Sockets;

namespace Verzuim.Host.Tests.Notifications;

/// <summary>
/// A port in front of the real SMTP server that can be closed: while closed, a connection is refused as by a server
/// that is down; opened, every connection is passed through byte for byte to Exim (still a real SMTP conversation).
/// </summary>
public sealed class SmtpGate : IAsyncDisposable
{
    private readonly int _target;
    private TcpListener? _listener;
    private readonly CancellationTokenSource _stop = new();

    public SmtpGate(int target)
    {
        _target = target;
        // a free port, released again: nothing listens there until Open()
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public void Open()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(_stop.Token); } catch (Exception) { return; }
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        await server.ConnectAsync(IPAddress.Loopback, _target);
        var a = client.GetStream();
        var b = server.GetStream();
        await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Stop();
        return ValueTask.CompletedTask;
    }
}
