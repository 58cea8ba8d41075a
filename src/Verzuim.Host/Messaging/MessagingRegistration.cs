using MassTransit;
using Verzuim.Contracts;
using Verzuim.Host.ErrorQueue;

namespace Verzuim.Host.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// MassTransit on RabbitMQ when Messaging:RabbitMq is set (durable quorum queues, retry with back-off, then
    /// the queue's _error queue, which keeps the message and the exception as the reason), else in memory. Every host
    /// also reads that error queue and copies each message into the store for the beheerder (<see cref="ErrorQueueCapture"/>).
    /// </summary>
    public static IServiceCollection AddVerzuimMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Messaging");
        services.Configure<MessagingOptions>(section);
        services.AddSingleton<PupilEventHandler>();
        // registered before the bus: hosted services stop in reverse order, so the bus stops (its consumers done) first
        services.AddSingleton<InboundBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundBatcher>());
        services.AddSingleton<ErrorQueueCapture>();
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();

        services.AddMassTransit(x =>
        {
            x.AddConsumer<PupilEventConsumer<SchoolgangHersteld>>();
            x.AddConsumer<PupilEventConsumer<GesprekGehouden>>();
            x.AddConsumer<PupilEventConsumer<JeugdartsAdvies>>();
            x.AddConsumer<PupilEventConsumer<ToestemmingOuders>>();
            x.AddConsumer<PupilEventConsumer<DuoMeldingGedaan>>();
            x.AddConsumer<PupilEventConsumer<PlaatsingGerealiseerd>>();
            x.AddConsumer<PupilEventConsumer<AbsentieGeregistreerd>>();

            void Inbound(IBusRegistrationContext context, IReceiveEndpointConfigurator endpoint)
            {
                endpoint.UseMessageRetry(r =>
                {
                    r.Ignore<InvalidPupilEventException>();
                    r.Ignore<Workflows.Runtime.StartConditionException>();
                    r.Ignore<Workflows.Runtime.MessageIdReusedException>();
                    r.Ignore<FormatException>();
                    r.Ignore<ArgumentOutOfRangeException>();
                    r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(400));
                });
                endpoint.ConfigureConsumers(context);
            }

            // MassTransit's own name for the inbound queue's error queue; no consumers, only the step that stores each message
            var errorQueue = options.InboundQueue + "_error";
            void ErrorQueue(IBusRegistrationContext context, IReceiveEndpointConfigurator endpoint)
            {
                endpoint.ConfigureConsumeTopology = false;
                endpoint.ConfigureReceive(r => r.UseFilter(context.GetRequiredService<ErrorQueueCapture>()));
            }

            if (string.IsNullOrWhiteSpace(options.RabbitMq))
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.ConfigureJsonSerializerOptions(ContractJson.Configure);
                    cfg.ReceiveEndpoint(options.InboundQueue, e =>
                    {
                        e.ConcurrentMessageLimit = Math.Max(16, options.InboundPrefetch);
                        Inbound(context, e);
                    });
                    cfg.ReceiveEndpoint(errorQueue, e => ErrorQueue(context, e));
                });
            else
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.ConfigureJsonSerializerOptions(ContractJson.Configure);
                    cfg.Host(new Uri(options.RabbitMq));
                    cfg.ReceiveEndpoint(options.InboundQueue, e =>
                    {
                        e.SetQuorumQueue();
                        e.PrefetchCount = Math.Max(16, options.InboundPrefetch); // what the consumers hold at once can share a batch
                        e.ConcurrentMessageLimit = e.PrefetchCount;
                        Inbound(context, e);
                    });
                    cfg.ReceiveEndpoint(errorQueue, e =>
                    {
                        e.SetQuorumQueue(); // MassTransit declares the error queue with the inbound queue's arguments
                        e.PrefetchCount = 16;
                        ErrorQueue(context, e);
                    });
                });
        });
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
