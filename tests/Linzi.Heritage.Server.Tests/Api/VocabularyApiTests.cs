using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Server.Tests.Infrastructure;

namespace Linzi.Heritage.Server.Tests.Api;

public sealed class VocabularyApiTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData("maintenance")]
    [InlineData("inspector-01")]
    public async Task Get_AnySignedInRole_ServesContractsVocabulary(string user)
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync(user);

        var vocabulary = await client.GetFromJsonAsync<VocabularyDto>("/api/vocabulary", TestContext.Current.CancellationToken);

        Assert.Equal(DeviceKinds.All, vocabulary!.DeviceKinds.Select(k => k.Kind));
        Assert.All(vocabulary.DeviceKinds, k => Assert.Equal(DeviceKinds.DefaultMetrics[k.Kind], k.Metrics));
        Assert.Equal(MetricNames.All, vocabulary.Metrics);
    }

    [Fact]
    public async Task Get_WireShape_IsCamelCaseKindsWithMetrics()
    {
        await using var app = new HeritageApp(_data.Path);
        using var client = await app.ClientAsAsync("maintenance");

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/vocabulary", TestContext.Current.CancellationToken));

        var vibration = json.RootElement.GetProperty("deviceKinds")[0];
        Assert.Equal("vibration", vibration.GetProperty("kind").GetString());
        Assert.Equal(["ppv_mm_s", "freq_hz"], vibration.GetProperty("metrics").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("hdop", json.RootElement.GetProperty("metrics").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void Vocabulary_CoversEveryKindsDefaultMetrics()
    {
        // MetricNames.All is written out by hand: it must hold every kind's defaults.
        Assert.Superset(DeviceKinds.DefaultMetrics.Values.SelectMany(m => m).ToHashSet(StringComparer.Ordinal), MetricNames.All.ToHashSet(StringComparer.Ordinal));
    }

    public void Dispose() => _data.Dispose();
}
