using System.Text.Json;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Audit;
using Linzi.Heritage.Storage.Alerts;
using Linzi.Heritage.Storage.Audit;
using Linzi.Heritage.Storage.Integrity;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Audit;

/// <summary>One anchor: the chain heads at a moment, as written to the log and the audit log.</summary>
/// <param name="At">When.</param>
/// <param name="AuditEntries">Audit entries before this anchor's own.</param>
/// <param name="AuditLastId">The newest of them.</param>
/// <param name="AuditHead">Its hash (the audit chain's head).</param>
/// <param name="AlertEvents">Alert events in all.</param>
/// <param name="AlertHead">The keyed digest over every alert chain's head.</param>
public sealed record IntegrityAnchorRecord(DateTimeOffset At, long AuditEntries, long? AuditLastId, string? AuditHead, long AlertEvents, string AlertHead);

/// <summary>
/// Publishes the chain heads outside the database (issue 15, hole 9): every <c>Integrity:AnchorInterval</c> on the
/// app's clock and once at shutdown, one log line (event 2071) with the audit head hash, its entry count, the alert
/// chains' digest and the time, also recorded as an audit entry (entity <c>integrity</c>, action <c>anchor</c>). The
/// log goes elsewhere (journald, a collector), so someone who rewrites the database and every hash in it (with the
/// key) still cannot make an earlier anchor line agree. At start it also audits a one-time re-keying of alert chains.
/// Thread-safe.
/// </summary>
public sealed class IntegrityAnchor(
    IAuditLog audit, IAlertStore alerts, IServiceProvider services, IOptions<IntegrityOptions> options, TimeProvider time, ILogger<IntegrityAnchor> logger)
    : IHostedService, IDisposable
{
    private ITimer? _timer;
    private int _stopped;

    /// <summary>Audits what the stores migrated at start, then starts the anchor timer.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<SqliteAlertStore>()?.Rekeyed is { } rekeyed)
        {
            logger.AlertChainsRekeyed(rekeyed.Alerts, rekeyed.Events, rekeyed.BrokenLeft);
            audit.Record("integrity", "alert-chains", "rekeyed", "system", time.GetUtcNow(), null, JsonSerializer.Serialize(new
            {
                rekeyed.Alerts, rekeyed.Events, rekeyed.BrokenLeft,
                note = "plain SHA-256 chains re-linked with the HMAC key; chains already broken were re-keyed only up to the break",
            }));
        }

        if (services.GetService<IAuditLog>() is SqliteAuditLog { Migrated: > 0 } log)
        {
            logger.AuditLogChained(log.Migrated);
        }

        var interval = options.Value.AnchorInterval;
        _timer = time.CreateTimer(_ => Tick(), null, interval, interval);
        return Task.CompletedTask;
    }

    /// <summary>Stops the timer and writes a last anchor (once, however often the host stops it).</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return Task.CompletedTask;
        }

        _timer?.Dispose();
        _timer = null;
        Tick();
        return Task.CompletedTask;
    }

    /// <summary>Writes one anchor now (the timer calls this; tests call it directly) and returns it.</summary>
    public IntegrityAnchorRecord Anchor()
    {
        var head = audit.Head();
        var alertHead = alerts.ChainsHead();
        var anchor = new IntegrityAnchorRecord(time.GetUtcNow(), head.Count, head.LastId, head.Hash, alertHead.Events, alertHead.Digest);
        logger.Anchor(anchor.AuditHead ?? "-", anchor.AuditEntries, anchor.AuditLastId ?? 0, anchor.AlertHead, anchor.AlertEvents, anchor.At);
        audit.Record("integrity", "anchor", "anchor", "system", anchor.At, null, JsonSerializer.Serialize(anchor, JsonSerializerOptions.Web));
        return anchor;
    }

    private void Tick()
    {
        try
        {
            Anchor();
        }
#pragma warning disable CA1031 // A failed anchor must not stop the timer or the shutdown; the next one tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.AnchorFailed(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer?.Dispose();
}

/// <summary>Registers the anchor.</summary>
public static class IntegrityAnchorExtensions
{
    /// <summary>Adds <see cref="IntegrityAnchor"/> as a singleton and a hosted service.</summary>
    public static IServiceCollection AddIntegrityAnchors(this IServiceCollection services)
    {
        services.AddSingleton<IntegrityAnchor>();
        services.AddHostedService(sp => sp.GetRequiredService<IntegrityAnchor>());
        return services;
    }
}
