using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Linzi.Heritage.Server.Alerts;
using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Linzi.Heritage.Server.Tests.Escalation.EscalationTests;
using static Linzi.Heritage.Server.Tests.Escalation.EvidenceUploadTests;

namespace Linzi.Heritage.Server.Tests.Escalation;

/// <summary>
/// Defect: evidence was appended to an alert's hash chain outside the alert service's lock, so uploads racing with
/// transitions could fork the chain or fail. Everything now goes through the alert ledger.
/// </summary>
public sealed class AlertLedgerRaceTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task UploadsNotesAndTransitions_RacingOnOneAlert_KeepTheChainIntactAndTheSequenceGapless()
    {
        await using var app = new HeritageApp(_data.Path);
        using var bureau = await app.ClientAsAsync("bureau");
        using var inspector = await app.ClientAsAsync("inspector-03");
        var alert = await RaiseRedAsync(app, bureau);
        app.Time.Advance(TimeSpan.FromMinutes(5)); // the escalation sweep now has a step to take
        var escalation = app.Services.GetRequiredService<EscalationMonitor>();

        var uploads = Enumerable.Range(0, 12).Select(i =>
            inspector.PostAsync($"/api/alerts/{alert.Id}/attachments", Form(($"photo-{i}.jpg", Jpeg), note: $"照片 {i}"), TestContext.Current.CancellationToken));
        var notes = Enumerable.Range(0, 6).Select(i =>
            inspector.PostAsync($"/api/alerts/{alert.Id}/attachments", NoteOnly($"巡查记录 {i}"), TestContext.Current.CancellationToken));
        var handOvers = new[] { "chief-qidu", "chief-linzi", "inspector-03" }.Select(to =>
            bureau.PostAsJsonAsync($"/api/alerts/{alert.Id}/escalate", new { to, note = "交接" }, TestContext.Current.CancellationToken));
        var acknowledge = inspector.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "在路上" }, TestContext.Current.CancellationToken);
        var responses = await Task.WhenAll([.. uploads, .. notes, .. handOvers, acknowledge]);
        var escalated = await escalation.CheckAsync(); // the sweep races too, on the same ledger

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var verification = await bureau.GetFromJsonAsync<JsonElement>($"/api/alerts/{alert.Id}/verify", TestContext.Current.CancellationToken);
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.ToString());
        var events = await Events(bureau, alert.Id);
        Assert.Equal(verification.GetProperty("eventsChecked").GetInt32(), events.Count);
        Assert.Equal(
            (12, 6, 3, 1),
            (events.Count(e => e.Type == "attachment"), events.Count(e => e.Type == "note"),
             events.Count(e => e.Type == "escalated" && e.Actor == "bureau"), events.Count(e => e.Type == "acknowledged")));

        // Every transition took the next number exactly once (evidence and reminders change no state, so take none):
        // the hand-overs, the acknowledgement and whatever steps the sweeps (this one and the timer's) took.
        var transitions = events.Count(e => e.Type is not ("raised" or "attachment" or "note" or "reminded"));
        Assert.True(escalated <= transitions - 4);
        var current = await Current(bureau, alert.Id);
        Assert.Equal(alert.Sequence + transitions, current!.Sequence);
        Assert.Equal(events.OrderBy(e => e.At).Select(e => e.At), events.Select(e => e.At)); // history in time order
    }

    private static MultipartFormDataContent NoteOnly(string note) => new() { { new StringContent(note), "note" } };

    public void Dispose() => _data.Dispose();
}
