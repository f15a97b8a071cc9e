using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Server.Audit;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Linzi.Heritage.Server.Tests.Security;

/// <summary>
/// Issue 15, hole 9: the chain heads are published outside the database, every Integrity:AnchorInterval on the app's
/// clock and at shutdown, as a log line (event 2071) and an audit entry (integrity/anchor).
/// </summary>
public sealed class IntegrityAnchorTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly LogCapture _log = new();

    private HeritageApp App() => new(_data.Path, services: s => s.AddSingleton<ILoggerProvider>(_log));

    private static async Task<List<JsonElement>> AnchorsAsync(HttpClient bureau) =>
        (await bureau.GetFromJsonAsync<List<JsonElement>>("/api/audit?entity=integrity&id=anchor", TestContext.Current.CancellationToken))!;

    [Fact]
    public async Task Anchor_CalledDirectly_LogsAndAuditsTheHeads()
    {
        await using var app = App();
        using var bureau = await app.ClientAsAsync("bureau");
        var before = await bureau.GetFromJsonAsync<JsonElement>("/api/audit/verify", TestContext.Current.CancellationToken);

        var anchor = app.Services.GetRequiredService<IntegrityAnchor>().Anchor();

        Assert.Equal(HeritageApp.Start, anchor.At);
        Assert.Equal(before.GetProperty("audit").GetProperty("head").GetString(), anchor.AuditHead);
        Assert.Equal(before.GetProperty("audit").GetProperty("entriesChecked").GetInt64(), anchor.AuditEntries);
        var line = Assert.Single(_log.Lines, l => l.EventId == 2071);
        Assert.Contains(anchor.AuditHead!, line.Message, StringComparison.Ordinal);
        Assert.Contains(anchor.AlertHead, line.Message, StringComparison.Ordinal);
        Assert.Contains(HeritageApp.Start.ToString("O", System.Globalization.CultureInfo.InvariantCulture), line.Message, StringComparison.Ordinal);
        var entry = Assert.Single(await AnchorsAsync(bureau));
        Assert.Equal(("anchor", "system"), (entry.GetProperty("action").GetString(), entry.GetProperty("actor").GetString()));
        Assert.Equal(anchor.AuditHead, entry.GetProperty("after").GetProperty("auditHead").GetString());
        Assert.True((await bureau.GetFromJsonAsync<JsonElement>("/api/audit/verify", TestContext.Current.CancellationToken)).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Anchor_EveryIntervalOnTheAppsClock_AndAtShutdown()
    {
        await using (var app = App())
        {
            using var bureau = await app.ClientAsAsync("bureau");
            Assert.Empty(await AnchorsAsync(bureau));

            app.Time.Advance(TimeSpan.FromMinutes(10));
            await Eventually.True(async () => (await AnchorsAsync(bureau)).Count == 1, "the first anchor");
            app.Time.Advance(TimeSpan.FromMinutes(10));
            await Eventually.True(async () => (await AnchorsAsync(bureau)).Count == 2, "the second anchor");
            Assert.Equal(
                [HeritageApp.Start.AddMinutes(20), HeritageApp.Start.AddMinutes(10)],
                (await AnchorsAsync(bureau)).Select(e => e.GetProperty("at").GetDateTimeOffset()));
        }

        Assert.Equal(3, _log.Lines.Count(l => l.EventId == 2071)); // the third at shutdown
        await using (var app = App())
        {
            using var bureau = await app.ClientAsAsync("bureau");
            Assert.Equal(3, (await AnchorsAsync(bureau)).Count);
        }
    }

    public void Dispose() => _data.Dispose();

    private sealed class LogCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<(int EventId, string Message)> _lines = new();

        public IReadOnlyList<(int EventId, string Message)> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(int, string)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue((eventId.Id, formatter(state, exception)));
        }
    }
}
