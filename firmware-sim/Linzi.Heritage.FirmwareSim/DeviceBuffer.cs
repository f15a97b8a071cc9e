using System.Text.Json;
using Linzi.Heritage.Contracts.Mqtt;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>
/// Store-and-forward memory of one device: readings not yet acknowledged, oldest first, bounded (the oldest go when
/// it is full, as a logger's ring buffer does), and the last <c>seq</c> used. With a directory it is a file, written
/// atomically (temp file + rename), so a restarted simulator replays what it had and continues its numbering: a
/// reused <c>seq</c> would be dropped by the server as a duplicate. Not thread-safe.
/// </summary>
public sealed class DeviceBuffer
{
    private readonly string? _path;
    private readonly int _capacity;
    private State _state = new(0, []);

    /// <summary>Opens (or starts) the buffer of a device.</summary>
    public DeviceBuffer(string deviceId, string? directory, int capacity)
    {
        _capacity = capacity;
        if (directory is null)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, deviceId + ".json");
        if (File.Exists(_path))
        {
            _state = JsonSerializer.Deserialize<State>(File.ReadAllBytes(_path)) ?? _state;
        }
    }

    /// <summary>The last sequence number used.</summary>
    public long Seq => _state.Seq;

    /// <summary>Readings waiting, oldest first.</summary>
    public IReadOnlyList<TelemetryMessage> Pending => _state.Pending;

    /// <summary>Readings dropped because the buffer was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Numbers and stores a new reading.</summary>
    public void Add(Func<long, TelemetryMessage> reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var seq = _state.Seq + 1;
        var pending = _state.Pending.Append(reading(seq)).ToList();
        if (pending.Count > _capacity)
        {
            Dropped += pending.Count - _capacity;
            pending.RemoveRange(0, pending.Count - _capacity);
        }

        _state = new State(seq, pending);
        Save();
    }

    /// <summary>Forgets the first <paramref name="count"/> readings once the broker acknowledged them.</summary>
    public void Acknowledged(int count)
    {
        _state = _state with { Pending = [.. _state.Pending.Skip(count)] };
        Save();
    }

    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        var temp = _path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(_state));
        File.Move(temp, _path, overwrite: true);
    }

    private sealed record State(long Seq, List<TelemetryMessage> Pending);
}
