using Linzi.Heritage.Contracts.Api;
using Linzi.Heritage.Contracts.Vocabulary;
using Linzi.Heritage.Server.Auth;

namespace Linzi.Heritage.Server.Vocabulary;

/// <summary><c>GET /api/vocabulary</c>: the device kinds and metric names, served from Contracts' one definition.</summary>
public static class VocabularyEndpoints
{
    // Built once: the vocabulary is compiled in and never changes while the process runs.
    private static readonly VocabularyDto Answer = new(
        [.. DeviceKinds.All.Select(kind => new DeviceKindDto(kind, DeviceKinds.DefaultMetrics[kind]))],
        MetricNames.All,
        [.. MetricNames.All.Concat(["silence_s", "dwell_s", "inside", "modalities"])
            .Select(name => (name, label: MetricNames.LabelOf(name)))
            .Where(m => m.label is not null)
            .Select(m => new MetricLabelDto(m.name, m.label!.Value.Zh, m.label.Value.En, m.label.Value.Unit))]);

    /// <summary>Maps the vocabulary endpoint (any signed-in user).</summary>
    public static IEndpointRouteBuilder MapVocabularyApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").RequireAuthorization(Policies.SignedIn)
            .MapGet("/vocabulary", () => TypedResults.Ok(Answer));
        return app;
    }
}
