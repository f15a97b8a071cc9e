using Linzi.Heritage.Server.Audit;
using Linzi.Heritage.Server.Auth;
using Linzi.Heritage.Domain.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Linzi.Heritage.Server.Notifications;

/// <summary>
/// <c>/api/notifications/outbox</c> (bureau): the notification outbox, by status (<c>dead</c> is the dead-letter
/// list), and putting a dead message back in the queue.
/// </summary>
public static class NotificationEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNotificationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/outbox").RequireAuthorization(Policies.Bureau);
        api.MapGet("/", Results<Ok<IReadOnlyList<OutboxMessage>>, ValidationProblem> (IOutbox outbox, string? status, int? limit) =>
            status is null or "pending" or "delivered" or "dead" or "folded" or "digested"
                ? TypedResults.Ok(outbox.ByStatus(status, Math.Clamp(limit ?? 100, 1, 1000)))
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["One of pending, delivered, dead, folded, digested."] }));
        api.MapPost("/{id:long}/retry", Results<NoContent, NotFound> (long id, IOutbox outbox, OutboxSignal signal, TimeProvider time) =>
        {
            if (!outbox.Retry(id, time.GetUtcNow()))
            {
                return TypedResults.NotFound();
            }

            signal.Wake();
            return TypedResults.NoContent();
        }).Audited("notification", "retried", "id");
        return app;
    }
}
