using System.Net.Http.Json;
using Linzi.Heritage.Server.Readings;

namespace Linzi.Heritage.Server.Tests.Infrastructure;

/// <summary>
/// Waits for an asynchronous outcome (the pipeline runs on background services). The limit only bounds a hung
/// test; nothing here measures speed.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static async Task<T> Get<T>(Func<Task<T?>> probe, string what, TimeSpan? limit = null)
        where T : class
    {
        var deadline = DateTimeOffsetNow() + (limit ?? Limit);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTimeOffsetNow() > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until the history endpoint returns <paramref name="count"/> points.</summary>
    public static Task<HistoryResponse> History(HttpClient client, string deviceId, string query, int count) =>
        Get(
            async () =>
            {
                var history = await client.GetFromJsonAsync<HistoryResponse>($"/api/devices/{deviceId}/readings{query}", TestContext.Current.CancellationToken);
                return history!.Points.Count == count ? history : null;
            },
            $"{count} points of {deviceId} in history");

    public static async Task True(Func<Task<bool>> probe, string what, TimeSpan? limit = null) =>
        await Get(async () => await probe() ? "yes" : null, what, limit);

    private static DateTimeOffset DateTimeOffsetNow() => TimeProvider.System.GetUtcNow();
}
