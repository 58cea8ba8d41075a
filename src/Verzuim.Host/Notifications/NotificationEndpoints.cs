using Verzuim.Host.Auth;
using Verzuim.Cases.People;

namespace Verzuim.Host.Notifications;

/// <summary>My notification choices, as the werkbak's "Meldingen" control shows and changes them.</summary>
public sealed record NotificationSettings(bool Meldingen, bool Samenvatting);

public sealed record NotificationSettingsView(bool Meldingen, bool Samenvatting, string? Email, bool MailAan);

public static class NotificationEndpoints
{
    public static IServiceCollection AddVerzuimNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection("Meldingen"));
        services.AddSingleton<PersonDirectory>();
        services.AddSingleton<MailQueue>();
        services.AddSingleton<MailLinks>();
        services.AddSingleton<MailSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MailSender>());
        services.AddSingleton<TaskNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<TaskNotifier>());
        return services;
    }

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/meldingen").RequireAuthorization(Policies.Cases).WithTags("Account");
        group.MapGet("/", async (Caller caller, PersonDirectory people, MailQueue queue, CancellationToken ct) =>
        {
            await people.RecordAsync(caller, ct);
            var me = await people.FindAsync(caller.UserName, ct);
            return new NotificationSettingsView(me?.Notifications ?? true, me?.Digest ?? true, me?.Email, queue.Enabled);
        }).WithSummary("Mijn meldingen: e-mail bij nieuwe, toegewezen en verlopen taken, en het dagoverzicht");

        group.MapPut("/", async (NotificationSettings settings, Caller caller, PersonDirectory people, MailQueue queue, CancellationToken ct) =>
        {
            await people.RecordAsync(caller, ct);
            var me = await people.SetNotificationsAsync(caller.UserName, settings.Meldingen, settings.Samenvatting, ct)
                ?? throw new InvalidOperationException("Uw gegevens zijn nog niet vastgelegd; probeer het zo opnieuw.");
            return new NotificationSettingsView(me.Notifications, me.Digest, me.Email, queue.Enabled);
        }).WithSummary("Meldingen en dagoverzicht aan- of uitzetten");
        return app;
    }
}
