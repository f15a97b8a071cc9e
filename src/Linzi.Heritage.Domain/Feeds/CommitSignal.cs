using System.Threading.Channels;

namespace Linzi.Heritage.Domain.Feeds;

/// <summary>
/// Wakes the followers of a log (the reading journal, the alert feed) after each commit. Each subscriber gets a
/// channel of capacity one, so a burst of commits folds into a single wake-up. Thread-safe.
/// </summary>
public sealed class CommitSignal
{
    private readonly List<Channel<bool>> _subscribers = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// A new subscriber's wake-ups. <paramref name="wakeAtOnce"/>: its first wait returns at once, for a subscriber
    /// that cannot know what changed before it subscribed.
    /// </summary>
    public ChannelReader<bool> Subscribe(bool wakeAtOnce = false)
    {
        var channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        if (wakeAtOnce)
        {
            channel.Writer.TryWrite(true);
        }

        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return channel.Reader;
    }

    /// <summary>Wakes every subscriber.</summary>
    public void Notify()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(true);
            }
        }
    }
}
