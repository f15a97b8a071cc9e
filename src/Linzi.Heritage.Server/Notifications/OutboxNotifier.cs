using System.Globalization;
using System.Text.Json;
using Linzi.Heritage.Domain.Alerts;
using Linzi.Heritage.Domain.Rules;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Domain.Notifications;
using Microsoft.Extensions.Options;

namespace Linzi.Heritage.Server.Notifications;

/// <summary>
/// Writes each notice to the outbox once per matching channel, before anything is sent. Beyond the per-device and
/// per-rule limits of a channel, messages are stored as <c>folded</c> and summed up in the next digest instead of
/// reaching phones one by one.
/// </summary>
public sealed class OutboxNotifier(IOutbox outbox, OutboxSignal signal, IOptions<NotificationOptions> options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Queues a notice on every channel that takes it. The idempotency key carries the notice's feed position, so
    /// queuing the same notice again adds nothing.
    /// </summary>
    public void Enqueue(AlertNotice notice, long feedPosition)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var limits = options.Value;
        var now = time.GetUtcNow();
        var alert = notice.Alert;
        var queued = false;
        foreach (var channel in limits.Channels)
        {
            if ((channel.Severities.Count > 0 && !channel.Severities.Contains(alert.Severity.ToWire())) ||
                (channel.Kinds.Count > 0 && !channel.Kinds.Contains(notice.Kind)))
            {
                continue;
            }

            var recipient = notice.To;
            if (channel.Kind == "sms" && (recipient is null || !channel.Phones.ContainsKey(recipient)))
            {
                continue; // No number for this person: the other channels still reach them.
            }

            var (forDevice, forRule) = outbox.RecentCounts(channel.Name, alert.DeviceId, alert.RuleId, now.AddHours(-1));
            var folded = forDevice >= limits.MaxPerDevicePerHour || forRule >= limits.MaxPerRulePerHour;
            var key = string.Create(CultureInfo.InvariantCulture, $"{channel.Name}:{alert.Id}:{notice.Kind}:{recipient}:{feedPosition}");
            var payload = JsonSerializer.Serialize(new { idempotencyKey = key, kind = notice.Kind, to = recipient, drill = alert.Drill, alert = alert.AsDto() }, Json);
            queued |= outbox.Enqueue(new OutboxMessage(
                0, key, channel.Name, notice.Kind, alert.Id, alert.RuleId, alert.DeviceId, recipient, NotificationText.For(notice), payload,
                folded ? "folded" : "pending", 0, now, now, null));
        }

        if (queued)
        {
            signal.Wake();
        }
    }
}

/// <summary>Wakes the dispatcher when something was queued, so delivery does not wait for its next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    /// <summary>Wakes the dispatcher (idempotent while it is awake).</summary>
    public void Wake()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try
            {
                _semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>Waits for a wake-up or the timeout.</summary>
    public Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        Task.WhenAny(_semaphore.WaitAsync(cancellationToken), Task.Delay(timeout, time, cancellationToken));

    /// <inheritdoc />
    public void Dispose() => _semaphore.Dispose();
}
