namespace Linzi.Heritage.Ingestion.Devices;

/// <summary>Tells people's screens that a device went online or offline (SignalR in the server). Must not throw into the broker.</summary>
public interface IDeviceStatusNotifier
{
    /// <summary>A device went online or offline.</summary>
    Task DeviceStatusAsync(DeviceStatus status);
}
