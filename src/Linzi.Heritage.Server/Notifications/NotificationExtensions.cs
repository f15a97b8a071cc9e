using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Linzi.Heritage.Server.Notifications;

/// <summary>Registers the notification channels, the outbox and its dispatcher.</summary>
public static class NotificationExtensions
{
    /// <summary>Adds notifications: channels, the outbox writer (fed by the alert feed) and the dispatcher.</summary>
    public static IServiceCollection AddHeritageNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, PlainHttpChannels>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxNotifier>();
        services.AddHttpClient<ChannelSender>();
        services.AddResiliencePipeline(OutboxDispatcher.PipelineName, (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value;

            // Real time inside one attempt (a few hundred milliseconds); the outbox's back-off between attempts runs
            // on the application's TimeProvider.
            builder.TimeProvider = TimeProvider.System;
            builder
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>(),
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                })
                .AddTimeout(options.AttemptTimeout);
        });
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
