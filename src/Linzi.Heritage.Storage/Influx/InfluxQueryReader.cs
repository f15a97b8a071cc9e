using System.Globalization;
using System.Text.Json;
using Linzi.Heritage.Storage.TimeSeries;
using Microsoft.Extensions.Options;
using Linzi.Heritage.Domain.Telemetry;

namespace Linzi.Heritage.Storage.Influx;

/// <summary>
/// Reads history from InfluxDB with InfluxQL over the v1 <c>/query</c> endpoint, which InfluxDB 1.x, 2.x (v1
/// compatibility) and 3.x all serve; InfluxDB.Client 5.1 has no InfluxQL API. Thread-safe (HttpClient).
/// </summary>
public sealed class InfluxQueryReader(HttpClient http, IOptions<InfluxDbOptions> options)
{
    /// <summary>Raw points, or bucket means with min, max and count when the query has <c>Every</c>; oldest first.</summary>
    public async Task<IReadOnlyList<SeriesPoint>> QueryAsync(HistoryQuery query, IReadOnlyList<string> metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(metrics);
        var where = InfluxQl.DeviceRange(query.DeviceId, query.From, query.To);
        var points = new List<SeriesPoint>();
        foreach (var metric in metrics.Order(StringComparer.Ordinal))
        {
            var field = InfluxQl.Identifier(metric);
            var statement = query.Every is { } every
                ? $"SELECT mean({field}), min({field}), max({field}), count({field}) FROM {InfluxQl.Identifier(InfluxPoints.Telemetry)}{where} GROUP BY time({InfluxQl.Duration(every)}) fill(none)"
                : $"SELECT {field} FROM {InfluxQl.Identifier(InfluxPoints.Telemetry)}{where} LIMIT {SqliteTimeSeriesStore.MaxRawPoints}";
            foreach (var row in await RowsAsync(statement, cancellationToken))
            {
                if (row.Length < 2 || row[1].ValueKind != JsonValueKind.Number)
                {
                    continue;
                }

                var ts = DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64());
                points.Add(query.Every is null
                    ? new SeriesPoint(metric, ts, row[1].GetDouble())
                    : new SeriesPoint(metric, ts, row[1].GetDouble(), row[2].GetDouble(), row[3].GetDouble(), row[4].GetInt64()));
            }
        }

        return [.. points.OrderBy(p => p.Ts).ThenBy(p => p.Metric, StringComparer.Ordinal).Take(SqliteTimeSeriesStore.MaxRawPoints)];
    }

    /// <summary>The newest value of each metric.</summary>
    public async Task<IReadOnlyList<SeriesPoint>> LatestAsync(string deviceId, IReadOnlyList<string> metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var points = new List<SeriesPoint>();
        foreach (var metric in metrics.Order(StringComparer.Ordinal))
        {
            var statement = $"SELECT last({InfluxQl.Identifier(metric)}) FROM {InfluxQl.Identifier(InfluxPoints.Telemetry)} WHERE \"device\" = {InfluxQl.Literal(deviceId)}";
            foreach (var row in await RowsAsync(statement, cancellationToken))
            {
                if (row.Length >= 2 && row[1].ValueKind == JsonValueKind.Number)
                {
                    points.Add(new SeriesPoint(metric, DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64()), row[1].GetDouble()));
                }
            }
        }

        return points;
    }

    /// <summary>Runs one statement and returns the rows of every series it produced.</summary>
    public async Task<List<JsonElement[]>> RowsAsync(string statement, CancellationToken cancellationToken)
    {
        var uri = $"/query?db={Uri.EscapeDataString(options.Value.Bucket)}&epoch=ms&q={Uri.EscapeDataString(statement)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (!string.IsNullOrEmpty(options.Value.Token))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", options.Value.Token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException("InfluxDB query failed: " + error.GetString());
        }

        var rows = new List<JsonElement[]>();
        foreach (var result in root.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var statementError))
            {
                throw new InvalidOperationException("InfluxDB query failed: " + statementError.GetString());
            }

            if (!result.TryGetProperty("series", out var series))
            {
                continue;
            }

            foreach (var serie in series.EnumerateArray())
            {
                foreach (var values in serie.GetProperty("values").EnumerateArray())
                {
                    rows.Add([.. values.EnumerateArray().Select(v => v.Clone())]);
                }
            }
        }

        return rows;
    }

    /// <summary>Creates the database where the server allows it (1.x); 2.x and 3.x buckets are made by their admin tools.</summary>
    public async Task<bool> TryCreateDatabaseAsync(CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new("q", "CREATE DATABASE " + InfluxQl.Identifier(options.Value.Bucket))]);
        using var response = await http.PostAsync("/query", content, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Sets the default retention policy's duration (1.x); false where the server does not allow it.</summary>
    public async Task<bool> TrySetRetentionAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var hours = Math.Max(1L, (long)duration.TotalHours).ToString(CultureInfo.InvariantCulture);
        using var content = new FormUrlEncodedContent(
            [new("q", $"ALTER RETENTION POLICY \"autogen\" ON {InfluxQl.Identifier(options.Value.Bucket)} DURATION {hours}h DEFAULT")]);
        using var response = await http.PostAsync("/query", content, cancellationToken);
        return response.IsSuccessStatusCode && !(await response.Content.ReadAsStringAsync(cancellationToken)).Contains("\"error\"", StringComparison.Ordinal);
    }

    /// <summary>True when the server answers its ping.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/ping", cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
