using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>One position of a walk: when, after the start, the phone reports where it is.</summary>
public sealed record PatrolStep(TimeSpan At, double Lat, double Lon);

/// <summary>
/// <c>firmware-sim patrol CELL[,CELL…]</c>: an inspector's phone on patrol, as maintenance staff use it to try an
/// installation's patrol duty end to end. It signs in as the inspector, starts a patrol, walks to the middle of each
/// cell in turn and stays there, reporting a position every step as the phone page does, then ends the patrol and
/// prints the visits the server recorded. It runs in real time: the server refuses positions from the future.
/// </summary>
public static class PatrolWalk
{
    private const double MetresPerDegreeLat = 111_320;

    /// <summary>
    /// The walk: a position every <paramref name="step"/>, staying <paramref name="dwell"/> at each stop (one more step,
    /// so the stay covers the whole dwell) and walking between stops in a straight line at <paramref name="speedKmh"/>.
    /// Pure.
    /// </summary>
    public static IReadOnlyList<PatrolStep> Plan(IReadOnlyList<(double Lat, double Lon)> stops, TimeSpan dwell, TimeSpan step, double speedKmh)
    {
        ArgumentNullException.ThrowIfNull(stops);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speedKmh);
        var plan = new List<PatrolStep>();
        var at = TimeSpan.Zero;
        for (var i = 0; i < stops.Count; i++)
        {
            var (lat, lon) = stops[i];
            if (i > 0)
            {
                var (fromLat, fromLon) = stops[i - 1];
                var walk = TimeSpan.FromHours(Metres(fromLat, fromLon, lat, lon) / 1000 / speedKmh);
                var legs = Math.Max(1, (int)Math.Ceiling(walk / step));
                for (var leg = 1; leg < legs; leg++)
                {
                    var share = leg / (double)legs;
                    plan.Add(new PatrolStep(at + (walk * share), fromLat + ((lat - fromLat) * share), fromLon + ((lon - fromLon) * share)));
                }

                at += walk;
            }

            var stayed = TimeSpan.Zero;
            for (; stayed <= dwell + step; stayed += step)
            {
                plan.Add(new PatrolStep(at + stayed, lat, lon));
            }

            at += stayed - step; // the last position of the stay: the walk to the next stop leaves from there
        }

        return plan;
    }

    /// <summary>Walks the cells named on a live server; 0 when every cell got its visit, 1 when one did not.</summary>
    public static async Task<int> RunAsync(SimOptions options, IReadOnlyList<string> cellIds, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cellIds);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(output);
        using var http = new HttpClient { BaseAddress = options.Api };
        var api = new ServerApi(http);
        await api.SignInAsync(options.User, options.Password, cancellationToken);
        var middles = await MiddlesAsync(http, cellIds, cancellationToken);
        var plan = Plan([.. cellIds.Select(c => middles[c])], options.PatrolDwell, options.PatrolStep, options.PatrolSpeedKmh);
        // A walk outlasts a token (15 minutes by default): on a 401 the inspector signs in again and the call is repeated.
        async Task<JsonElement> SendAsync(string path, object? body, CancellationToken cancel)
        {
            try
            {
                return await PostAsync(http, path, body, cancel);
            }
            catch (HttpRequestException expired) when (expired.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                await api.SignInAsync(options.User, options.Password, cancel);
                return await PostAsync(http, path, body, cancel);
            }
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Patrol as {options.User}: {string.Join(" → ", cellIds)}, {plan.Count} positions over {plan[^1].At.TotalMinutes:0.#} min"));

        var id = (await SendAsync("/api/patrols", null, cancellationToken)).GetProperty("id").GetString()!;
        async Task<JsonElement?> EndAsync()
        {
            try
            {
                return await SendAsync($"/api/patrols/{id}/end", null, CancellationToken.None);
            }
            catch (HttpRequestException failure)
            {
                await output.WriteLineAsync($"Could not end patrol {id}: {failure.Message}");
                return null;
            }
        }

        var start = time.GetUtcNow();
        try
        {
            foreach (var point in plan)
            {
                var wait = start + point.At - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                // Stamped with the planned time, never ahead of now: a late send must not make a walk look like a sprint.
                var position = new { ts = start + point.At, lat = point.Lat, lon = point.Lon, accuracyM = 8 };
                var answer = await SendAsync($"/api/patrols/{id}/positions", new[] { position }, cancellationToken);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {point.At:hh\\:mm\\:ss} {point.Lat:0.00000},{point.Lon:0.00000} in {Cell(answer)}"));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("Stopped before the walk was over.");
        }
        finally
        {
            // Ended however the walk stopped, as the phone page ends a patrol: a running one would block the next start.
            // A failure here is told, not thrown, so it cannot hide the one that stopped the walk.
            if (await EndAsync() is { } ended)
            {
                foreach (var visit in ended.GetProperty("visits").EnumerateArray())
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Visit {visit.GetProperty("cellId").GetString()}: {visit.GetProperty("dwellSeconds").GetInt64()} s"));
                }

                await output.WriteLineAsync($"Patrol {id} ended: {ended.GetProperty("visits").GetArrayLength()} visits, {ended.GetProperty("rejectedPositions").GetInt32()} positions refused");
            }
        }

        await api.SignInAsync(options.User, options.Password, CancellationToken.None); // the walk may have outlasted the token
        var patrol = await http.GetFromJsonAsync<JsonElement>($"/api/patrols/{id}", CancellationToken.None);
        var visits = patrol.GetProperty("visits").EnumerateArray().Select(v => v.GetProperty("cellId").GetString()!).ToHashSet(StringComparer.Ordinal);
        return cellIds.All(visits.Contains) ? 0 : 1;
    }

    private static string Cell(JsonElement answer) =>
        answer.GetProperty("patrol").GetProperty("currentCellId").GetString() ?? "no cell";

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = body is null ? await http.PostAsync(path, null, cancellationToken) : await http.PostAsJsonAsync(path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"POST {path}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    // The middle of each cell's outline (the mean of its ring's corners, which for the grid's squares is the centre).
    private static async Task<Dictionary<string, (double Lat, double Lon)>> MiddlesAsync(HttpClient http, IReadOnlyList<string> cellIds, CancellationToken cancellationToken)
    {
        var cells = await http.GetFromJsonAsync<JsonElement>("/api/grid-cells", cancellationToken);
        var middles = new Dictionary<string, (double Lat, double Lon)>(StringComparer.Ordinal);
        foreach (var feature in cells.GetProperty("features").EnumerateArray())
        {
            var id = feature.GetProperty("properties").GetProperty("id").GetString()!;
            var geometry = feature.GetProperty("geometry");
            var polygon = geometry.GetProperty("type").GetString() == "MultiPolygon" ? geometry.GetProperty("coordinates")[0] : geometry.GetProperty("coordinates");
            var ring = polygon[0].EnumerateArray().Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList();
            var corners = ring.Count > 1 && ring[0] == ring[^1] ? ring[..^1] : ring;
            middles[id] = (corners.Average(c => c.Lat), corners.Average(c => c.Lon));
        }

        var unknown = cellIds.Where(c => !middles.ContainsKey(c)).ToList();
        return unknown.Count == 0 ? middles : throw new InvalidOperationException($"No grid cell {string.Join(", ", unknown)} on this server.");
    }

    private static double Metres(double lat1, double lon1, double lat2, double lon2)
    {
        var north = (lat2 - lat1) * MetresPerDegreeLat;
        var east = (lon2 - lon1) * MetresPerDegreeLat * Math.Cos((lat1 + lat2) / 2 * Math.PI / 180);
        return Math.Sqrt((north * north) + (east * east));
    }
}
