using System.Runtime.CompilerServices;

namespace Linzi.Heritage.Ingestion.Broker;

/// <summary>
/// Follows the MQTT framing of the bytes a client sends (fixed header, remaining length, body) as they pass to
/// MQTTnet, and fails the read that carries a remaining length that makes the packet larger than the limit, or a
/// malformed one. MQTTnet 5.2 allocates whatever a header announces; through this stream it never sees such a header.
/// </summary>
internal sealed class PacketLimitStream(Stream inner, int maxPacketBytes, Action<long> oversized) : Stream
{
    private enum State
    {
        Header,
        Length,
        Body,
    }

    private State _state = State.Header;
    private long _length;
    private int _multiplier;
    private int _lengthBytes;
    private long _remaining;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Inspect(buffer.AsSpan(offset, read));
        return read;
    }

    // Pooled: every packet a client sends passes through here, and a boxed state machine per read adds up.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Inspect(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_state)
            {
                case State.Header:
                    i++;
                    (_state, _length, _multiplier, _lengthBytes) = (State.Length, 0, 1, 0);
                    break;
                case State.Length:
                    var b = bytes[i++];
                    _length += (b & 0x7F) * (long)_multiplier;
                    _lengthBytes++;
                    var packet = 1 + _lengthBytes + _length;
                    if (packet > maxPacketBytes)
                    {
                        oversized(packet);
                        throw new InvalidDataException($"MQTT packet of at least {packet} bytes; the limit is {maxPacketBytes}");
                    }

                    if ((b & 0x80) == 0)
                    {
                        _remaining = _length;
                        _state = _remaining == 0 ? State.Header : State.Body;
                    }
                    else if (_lengthBytes == 4)
                    {
                        throw new InvalidDataException("Malformed MQTT remaining length");
                    }
                    else
                    {
                        _multiplier *= 128;
                    }

                    break;
                default:
                    var take = (int)Math.Min(_remaining, bytes.Length - i);
                    i += take;
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = State.Header;
                    }

                    break;
            }
        }
    }
}
