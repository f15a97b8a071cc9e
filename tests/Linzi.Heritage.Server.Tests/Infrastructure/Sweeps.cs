using Linzi.Heritage.Ingestion.Pipeline;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Patrols;
using Microsoft.Extensions.DependencyInjection;

namespace Linzi.Heritage.Server.Tests.Infrastructure;

/// <summary>
/// Lets a test run the server's timed sweeps itself. A test that asserts that nothing happened must know that the
/// sweep which would have done it ran at that instant; a sleep cannot tell it, on a slow machine least of all. So
/// the test advances the fake clock and calls the sweep, which returns once its work is done.
/// </summary>
public static class Sweeps
{
    /// <summary>
    /// Stops the escalation loop, so that only the test runs <see cref="EscalationMonitor.CheckAsync"/> and its result
    /// counts every step taken, and the no-data loop: fifteen fake minutes on, it would raise alerts for every silent
    /// demo device, and their escalations would share that count. Starts the server if nothing has yet.
    /// </summary>
    public static async Task<EscalationMonitor> TakeOverEscalationAsync(this HeritageApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var escalation = app.Services.GetRequiredService<EscalationMonitor>();

        // StopAsync waits for a round in progress, so no background round can run after this.
        await escalation.StopAsync(TestContext.Current.CancellationToken);
        await app.Services.GetRequiredService<NoDataMonitor>().StopAsync(TestContext.Current.CancellationToken);
        return escalation;
    }

    /// <summary>
    /// Stops the missed-patrol loop, so that only the test runs <see cref="PatrolDutyMonitor.CheckAsync"/> and its
    /// result counts every alert raised. Starts the server if nothing has yet.
    /// </summary>
    public static async Task<PatrolDutyMonitor> TakeOverPatrolDutiesAsync(this HeritageApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var monitor = app.Services.GetRequiredService<PatrolDutyMonitor>();
        await monitor.StopAsync(TestContext.Current.CancellationToken);
        return monitor;
    }
}
