using Linzi.Heritage.Domain.Notifications;
using Linzi.Heritage.Ingestion.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Linzi.Heritage.Server.Notifications;

/// <summary>
/// Delivers the outbox: every due message goes to its channel through the <c>notify</c> Polly pipeline (a timeout
/// and quick retries within one attempt); a failed attempt is rescheduled with exponential back-off, and after
/// <see cref="NotificationOptions.MaxAttempts"/> the message is dead-lettered for the bureau. Messages left pending by
/// a crash or a restart are simply due, so they go out after start-up. Folded messages are summed up in one digest
/// per channel every <see cref="NotificationOptions.DigestInterval"/>. Single owner: with several instances on one state
/// store, only the one holding the <see cref="SingleOwnerWork.Outbox"/> lease sends, so a message goes out once (a
/// paused old owner could still send one twice; its idempotency key lets the receiver drop it).
/// </summary>
public sealed class OutboxDispatcher(
    IOutbox outbox,
    OutboxSignal signal,
    ChannelSender sender,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    LeaseKeeper leases,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>The name of the resilience pipeline around each HTTP attempt.</summary>
    public const string PipelineName = "notify";

    private DateTimeOffset _nextDigest = time.GetUtcNow() + options.Value.DigestInterval;

    /// <summary>Delivers what is due now and writes digests when their time has come; returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        if (now >= _nextDigest)
        {
            WriteDigests(now);
            _nextDigest = now + settings.DigestInterval;
        }

        var pipeline = pipelines.GetPipeline(PipelineName);
        var sent = 0;
        foreach (var message in outbox.Due(now, 50))
        {
            if (settings.Channels.FirstOrDefault(c => c.Name == message.Channel) is not { } channel)
            {
                outbox.Failed(message.Id, $"channel '{message.Channel}' is no longer configured", next: null);
                continue;
            }

            try
            {
                await pipeline.ExecuteAsync(async token => await sender.SendAsync(channel, message, token), cancellationToken);
                outbox.Delivered(message.Id, time.GetUtcNow());
                sent++;
            }
            catch (Exception ex) when (ex is HttpRequestException or ChannelException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException
                                       && !cancellationToken.IsCancellationRequested)
            {
                var attempts = message.Attempts + 1;
                var next = attempts >= settings.MaxAttempts ? (DateTimeOffset?)null : time.GetUtcNow() + Backoff(attempts, settings);
                var error = Describe(ex);
                outbox.Failed(message.Id, error, next);
                logger.NotificationFailed(message.Channel, message.IdempotencyKey, attempts, next is null ? "dead-lettered" : $"retry at {next:O}", error);
            }
        }

        return sent;
    }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: base, 2×base, 4×base…, capped.</summary>
    public static TimeSpan Backoff(int attempts, NotificationOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(settings.RetryBaseDelay.Ticks * factor, settings.RetryMaxDelay.Ticks));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (leases.Holds(SingleOwnerWork.Outbox))
                {
                    await DeliverDueAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A broken round (a locked database) must not stop delivery for good.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.OutboxRoundFailed(ex);
            }

            // Sleep until the next message is due, a new one is queued, or the next digest; at most a second.
            var next = outbox.NextDue();
            var wait = next is { } due ? due - time.GetUtcNow() : TimeSpan.FromSeconds(1);
            wait = TimeSpan.FromTicks(Math.Clamp(wait.Ticks, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
            try
            {
                await signal.WaitAsync(wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void WriteDigests(DateTimeOffset now)
    {
        foreach (var channel in options.Value.Channels)
        {
            var folded = outbox.Folded(channel.Name);
            if (folded.Count == 0)
            {
                continue;
            }

            var text = NotificationText.Digest(folded.Count, folded.Select(m => m.RuleId), folded.Select(m => m.DeviceId));
            var key = $"{channel.Name}:digest:{now.ToUnixTimeMilliseconds()}";
            var payload = System.Text.Json.JsonSerializer.Serialize(new { idempotencyKey = key, kind = "digest", count = folded.Count, text, alertIds = folded.Select(m => m.AlertId).Distinct() });
            outbox.Digest(new OutboxMessage(0, key, channel.Name, "digest", null, null, null, null, text, payload, "pending", 0, now, now, null), [.. folded.Select(m => m.Id)]);
        }
    }

    // The outer message of a failed request is often only "An error occurred while sending the request."; the bureau
    // reading the dead-letter list needs the cause under it (refused, reset, name not resolved, certificate).
    private static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!parts.Contains(e.Message, StringComparer.Ordinal))
            {
                parts.Add(e.Message);
            }
        }

        return string.Join(" → ", parts);
    }
}
