using MimeKit;

namespace Verzuim.Host.Tests.Notifications;

/// <summary>
/// The maildir of the Exim server ./test.sh started (scripts/services.sh): every accepted mail lands there as a file,
/// with an Envelope-to header naming the recipient. Tests share it, so they pick their mails by recipient and a
/// marker of their own (the pupil id in the subject).
/// </summary>
public static class TestMailbox
{
    public static string SmtpHost => Environment.GetEnvironmentVariable("VERZUIM_TEST_SMTP_HOST") is { Length: > 0 } h ? h
        : throw new InvalidOperationException("VERZUIM_TEST_SMTP_HOST is not set. Run the tests with ./test.sh, which starts an SMTP server (Exim) on 127.0.0.1.");
    public static int SmtpPort => int.Parse(Environment.GetEnvironmentVariable("VERZUIM_TEST_SMTP_PORT")
        ?? throw new InvalidOperationException("VERZUIM_TEST_SMTP_PORT is not set; run the tests with ./test.sh."));
    public static string Maildir => Environment.GetEnvironmentVariable("VERZUIM_TEST_MAILDIR")
        ?? throw new InvalidOperationException("VERZUIM_TEST_MAILDIR is not set; run the tests with ./test.sh.");

    public static string AddressOf(string demoUser) => $"{demoUser}@verzuim-demo.example.org";

    /// <summary>Settings that send the host's notifications to the test SMTP server, checking often.</summary>
    public static Dictionary<string, string?> Settings(int? port = null) => new()
    {
        ["Meldingen:SmtpHost"] = SmtpHost,
        ["Meldingen:SmtpPort"] = (port ?? SmtpPort).ToString(),
        ["Meldingen:Beveiliging"] = "Geen",
        ["Meldingen:Afzender"] = "verzuim@verzuim-demo.example.org",
        ["Meldingen:WerkbakUrl"] = "https://werkbak.verzuim.example",
        ["Meldingen:Interval"] = "00:00:00.200",
        ["Meldingen:EersteWachttijd"] = "00:00:00.300",
        ["Meldingen:MaxWachttijd"] = "00:00:01",
    };

    /// <summary>The mails delivered to a demo user whose subject or text contains the marker.</summary>
    public static List<MimeMessage> For(string demoUser, string marker)
    {
        var address = AddressOf(demoUser);
        var found = new List<MimeMessage>();
        foreach (var sub in new[] { "new", "cur" })
        {
            var dir = Path.Combine(Maildir, sub);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.GetFiles(dir))
            {
                MimeMessage message;
                try { message = MimeMessage.Load(file); } catch (IOException) { continue; }
                if (string.Equals(message.Headers["Envelope-to"]?.Trim(), address, StringComparison.OrdinalIgnoreCase) && (message.Subject.Contains(marker) || (message.TextBody ?? "").Contains(marker)))
                    found.Add(message);
            }
        }
        return found.OrderBy(m => m.Date).ToList();
    }

    /// <summary>Waits until a mail to the user with the marker (and subject part) arrived; fails after the timeout.</summary>
    public static async Task<MimeMessage> WaitForAsync(string demoUser, string marker, string subjectPart, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var mail = For(demoUser, marker).FirstOrDefault(m => m.Subject.Contains(subjectPart));
            if (mail is not null) return mail;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"No mail '{subjectPart}' ({marker}) for {AddressOf(demoUser)} in {Maildir} within {timeout ?? TimeSpan.FromSeconds(20)}; " +
                    $"it has: {string.Join(" | ", For(demoUser, marker).Select(m => m.Subject))}");
            await Task.Delay(200);
        }
    }
}
