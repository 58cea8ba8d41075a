namespace Verzuim.Host.Notifications;

/// <summary>
/// Section "Meldingen": e-mail notifications. Without <see cref="SmtpHost"/> and <see cref="OphaalMap"/> mail is off
/// (the embedded default): nothing is queued and the werkbak says so.
/// </summary>
public sealed class MailOptions
{
    /// <summary>The SMTP server (MailKit); empty = no SMTP.</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 25;
    /// <summary>"Auto" (STARTTLS when offered), "StartTls" (required), "Tls" (implicit, port 465) or "Geen".</summary>
    public string Beveiliging { get; set; } = "Auto";
    public string? Gebruiker { get; set; }
    public string? Wachtwoord { get; set; }
    /// <summary>Without an SMTP server: write each mail as an .eml file into this folder (a pickup folder) instead.</summary>
    public string? OphaalMap { get; set; }
    public string Afzender { get; set; } = "verzuim@localhost";
    public string AfzenderNaam { get; set; } = "Verzuim werkbak";
    /// <summary>The werkbak's address as people open it, for the links in a mail; default this host's own address.</summary>
    public string? WerkbakUrl { get; set; }
    /// <summary>Local (Amsterdam) time of day from which the daily digest goes out on a school day.</summary>
    public TimeOnly SamenvattingVanaf { get; set; } = new(7, 0);
    /// <summary>How often the host looks for new and overdue tasks and for mail to send.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>A task created longer ago than this is not announced as new (so switching mail on does not flood).</summary>
    public TimeSpan NieuwVenster { get; set; } = TimeSpan.FromDays(1);
    /// <summary>First retry after a failed send; doubles per attempt up to <see cref="MaxWachttijd"/>.</summary>
    public TimeSpan EersteWachttijd { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxWachttijd { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a sent mail stays in the outbox (it names a pupil id); an overdue task still open after this is announced again.</summary>
    public TimeSpan BewaarVerzonden { get; set; } = TimeSpan.FromDays(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(SmtpHost) || !string.IsNullOrWhiteSpace(OphaalMap);
}
