using System.Threading.Channels;
using Linzi.Heritage.Contracts.Hub;
using Microsoft.AspNetCore.SignalR.Client;

namespace Linzi.Heritage.Server.Tests.Infrastructure;

/// <summary>Records what a hub connection receives, in order.</summary>
public sealed class HubRecorder
{
    private readonly Channel<AlertDto> _raised = Channel.CreateUnbounded<AlertDto>();

    public HubRecorder(HubConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.On<AlertDto>(nameof(IMonitorClient.AlertRaised), a =>
        {
            Raised.Enqueue(a);
            _raised.Writer.TryWrite(a);
        });
        connection.On<AlertDto>(nameof(IMonitorClient.AlertUpdated), a => Updated.Enqueue(a));
        connection.On<List<LiveReadingDto>>(nameof(IMonitorClient.Readings), b => b.ForEach(Readings.Enqueue));
        connection.On<DeviceStatusDto>(nameof(IMonitorClient.DeviceStatus), s => Statuses.Enqueue(s));
    }

    /// <summary>Every AlertRaised so far (NextRaisedAsync reads the same alerts one at a time).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<AlertDto> Raised { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<AlertDto> Updated { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<LiveReadingDto> Readings { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<DeviceStatusDto> Statuses { get; } = new();

    public async Task<AlertDto> NextRaisedAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        return await _raised.Reader.ReadAsync(timeout.Token);
    }
}
