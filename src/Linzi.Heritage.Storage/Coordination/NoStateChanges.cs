using System.Threading.Channels;
using Linzi.Heritage.Domain.Coordination;

namespace Linzi.Heritage.Storage.Coordination;

/// <summary>The embedded store's <see cref="IStateChanges"/>: one process owns it, so nobody else changes anything.</summary>
public sealed class NoStateChanges : IStateChanges
{
    /// <inheritdoc />
    public ChannelReader<bool> Subscribe(string topic) => Channel.CreateBounded<bool>(1).Reader;
}
