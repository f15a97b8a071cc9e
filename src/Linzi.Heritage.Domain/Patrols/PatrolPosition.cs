namespace Linzi.Heritage.Domain.Patrols;

/// <summary>A position the inspector's phone reported during a patrol (WGS84).</summary>
/// <param name="Ts">When the phone took it.</param>
/// <param name="Lat">Latitude in degrees.</param>
/// <param name="Lon">Longitude in degrees.</param>
/// <param name="AccuracyM">The phone's stated accuracy in metres; null when it gave none.</param>
public sealed record PatrolPosition(DateTimeOffset Ts, double Lat, double Lon, double? AccuracyM)
{
    private const double EarthRadiusM = 6_371_008.8;

    /// <summary>Great-circle distance in metres (haversine): a spoofed position may lie anywhere on earth.</summary>
    public double DistanceTo(PatrolPosition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(other.Lat - Lat);
        var dLon = Radians(other.Lon - Lon);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(Radians(Lat)) * Math.Cos(Radians(other.Lat)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>A position the tracker refused, and why (<see cref="PatrolRejections"/>); it is kept, never used for a visit.</summary>
public sealed record RejectedPosition(PatrolPosition Position, string Reason);

/// <summary>Why a position was refused.</summary>
public static class PatrolRejections
{
    /// <summary>Farther from the last accepted position than a car could have gone in the time between them.</summary>
    public const string ImpossibleSpeed = "impossible_speed";

    /// <summary>Not later than the last accepted position, or before the patrol started.</summary>
    public const string OutOfOrder = "out_of_order";

    /// <summary>Taken later than the server's clock allows.</summary>
    public const string InFuture = "in_future";

    /// <summary>The phone's stated accuracy is too poor to place it in a cell.</summary>
    public const string Imprecise = "imprecise";
}
