using Microsoft.Extensions.Hosting;

namespace Linzi.Heritage.Ingestion.Hosting;

/// <summary>
/// A background job that runs every <see cref="Interval"/> on the application's <see cref="TimeProvider"/> (so tests
/// drive it with a fake clock). A failed round is reported to <see cref="OnFailure"/> and the next one runs anyway.
/// </summary>
public abstract class PeriodicService(TimeProvider time) : BackgroundService
{
    /// <summary>The clock the job runs on.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>The time between rounds.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>True to run a round at start-up, before the first interval has passed.</summary>
    protected virtual bool RunAtStart => false;

    /// <summary>One round of work.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Logs a failed round.</summary>
    protected abstract void OnFailure(Exception exception);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            if (RunAtStart)
            {
                await RoundAsync(stoppingToken);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RoundAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RoundAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunOnceAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One failed round (a locked database) must not stop the job; it is logged and the next round runs.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            OnFailure(ex);
        }
    }
}
