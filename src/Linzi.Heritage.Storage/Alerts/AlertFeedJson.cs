using System.Text.Json.Serialization;
using Linzi.Heritage.Domain.Alerts;

namespace Linzi.Heritage.Storage.Alerts;

/// <summary>
/// Source-generated JSON for the alert snapshots the change feed carries: no reflection warm-up on the first alert
/// after a start, which would otherwise delay the first burst of alerts on their way to the phones.
/// </summary>
[JsonSerializable(typeof(Alert))]
internal sealed partial class AlertFeedJson : JsonSerializerContext;
