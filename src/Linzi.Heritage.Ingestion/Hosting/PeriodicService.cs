using Microsoft.Extensions.Hosting;

namespace Linzi.Heritage.Ingestion.Hosting;

/// <summary>
/// A background job that runs every <see cref="Interval"/> on the application's <see cref="TimeProvider"/> (so tests
/// drive it with a fake clock). A failed round is reported to <see cref="OnFailure"/> and the next one runs anyway.
/// A single-owner job (built with a <see cref="LeaseKeeper"/>) runs a round only while this instance holds its lease.
/// </summary>
public abstract class PeriodicService : BackgroundService
{
    private readonly LeaseKeeper? _leases;
    private readonly string? _work;
    private PeriodicTimer? _timer;

    /// <summary>A job every instance runs.</summary>
    protected PeriodicService(TimeProvider time) => Time = time;

    /// <summary>A job that runs on one instance only: each round first asks <paramref name="leases"/> for <paramref name="work"/>.</summary>
    protected PeriodicService(TimeProvider time, LeaseKeeper leases, string work)
        : this(time)
    {
        _leases = leases ?? throw new ArgumentNullException(nameof(leases));
        _work = work;
    }

    /// <summary>The clock the job runs on.</summary>
    protected TimeProvider Time { get; }

    /// <summary>The time between rounds.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>True to run a round at start-up, before the first interval has passed.</summary>
    protected virtual bool RunAtStart => false;

    /// <summary>One round of work.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Logs a failed round.</summary>
    protected abstract void OnFailure(Exception exception);

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The timer starts with the host, not when ExecuteAsync gets a thread: since .NET 10 the host runs all of
        // ExecuteAsync on the thread pool after start returns, and a clock that moved on in between (a fake one in a
        // test, advanced right after start) would leave behind a timer that did not exist yet.
        Interlocked.Exchange(ref _timer, new PeriodicTimer(Interval, Time))?.Dispose();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        Interlocked.Exchange(ref _timer, null)?.Dispose(); // stopped before ExecuteAsync ran, the timer is still here
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Taken, not shared: the loop owns and disposes the timer its start made.
        using var timer = Interlocked.Exchange(ref _timer, null) ?? new PeriodicTimer(Interval, Time);
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

    /// <summary>
    /// One round as the timer runs it: skipped (false) while another instance holds the work's lease, otherwise
    /// <see cref="RunOnceAsync"/> (true). Tests call this directly; failures propagate.
    /// </summary>
    public async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        if (_work is not null && !_leases!.Holds(_work))
        {
            return false;
        }

        await RunOnceAsync(cancellationToken);
        return true;
    }

    private async Task RoundAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunRoundAsync(stoppingToken);
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
