using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Notifications;

/// <summary>
/// A real local HTTP receiver (HttpListener) standing in for a webhook, a robot or an SMS gateway: it answers 500 to
/// the first <c>failFirst</c> requests, then 200 (with a robot-style <c>errcode</c> body), and records everything.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private int _failuresLeft;

    public WebhookReceiver(int failFirst = 0, int? port = null)
    {
        _failuresLeft = failFirst;
        Port = port ?? HeritageApp.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hook?key=test");

    /// <summary>Requests answered 200: idempotency key, path and query, body.</summary>
    public ConcurrentQueue<(string Key, string PathAndQuery, string Body)> Accepted { get; } = new();

    /// <summary>How many requests were refused with 500.</summary>
    public int Refused => _refused;

    private int _refused;

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                Interlocked.Increment(ref _refused);
                context.Response.StatusCode = 500;
            }
            else
            {
                Accepted.Enqueue((context.Request.Headers["Idempotency-Key"] ?? "", context.Request.Url!.PathAndQuery, body));
                context.Response.StatusCode = 200;
                var answer = """{"errcode":0,"errmsg":"ok"}"""u8.ToArray();
                await context.Response.OutputStream.WriteAsync(answer);
            }

            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
