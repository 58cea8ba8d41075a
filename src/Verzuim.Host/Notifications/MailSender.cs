using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Verzuim.Cases.Mail;
using Verzuim.Host.Engine;
using Verzuim.Cases.People;

namespace Verzuim.Host.Notifications;

/// <summary>
/// Sends what <see cref="MailQueue"/> queued, over SMTP (MailKit) or into the pickup folder. A mail is claimed for a
/// while before sending, so two hosts do not both send it; a failed send (server down, refused) is logged as a warning
/// and retried with a doubling wait, never dropped, and never stops the host.
/// </summary>
public sealed class MailSender(MailOutbox store, StoreInitializer initializer, IOptions<MailOptions> options, ILogger<MailSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        try { await initializer.Ready.WaitAsync(stoppingToken); }
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await SendDueAsync(20, stoppingToken);
                if (sent == 0) await PurgeSentAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning("Sending notification mail failed; retrying: {Error}", e.Message); }
            if (sent > 0) continue;
            try { await Task.Delay(options.Value.Interval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Sends the mails that are due; returns how many went out.</summary>
    public async Task<int> SendDueAsync(int max, CancellationToken ct)
    {
        var o = options.Value;
        var now = DateTimeOffset.UtcNow;
        var due = await store.DueAsync(now, max, ct);
        if (due.Count == 0) return 0;
        var lease = now + o.Timeout * 2;
        var sent = 0;
        SmtpClient? smtp = null;
        try
        {
            foreach (var mail in due)
            {
                // claim: only the host whose update matched the row as it read it sends this mail now
                if (!await store.ClaimAsync(mail, lease, ct)) continue;
                var attempts = mail.Attempts + 1;
                try
                {
                    var message = ToMime(mail, o);
                    if (!string.IsNullOrWhiteSpace(o.SmtpHost))
                    {
                        smtp ??= await ConnectAsync(o, ct);
                        await smtp.SendAsync(message, ct);
                    }
                    else await WritePickupAsync(o.OphaalMap!, mail, message, ct);
                    await store.MarkSentAsync(mail.Id, DateTimeOffset.UtcNow, attempts, ct);
                    sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    var wait = Backoff(o, attempts);
                    var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                    await store.MarkFailedAsync(mail.Id, attempts, error, DateTimeOffset.UtcNow + wait, CancellationToken.None);
                    logger.LogWarning("Notification mail {Kind} to {User} not sent (attempt {Attempt}), retrying in {Wait}: {Error}",
                        mail.Kind, mail.UserName, attempts, wait, error);
                    if (smtp is not null) { smtp.Dispose(); smtp = null; }
                    if (e is SocketException or SmtpProtocolException or IOException or TimeoutException or OperationCanceledException or SslHandshakeException)
                        break; // the server is not there: the rest waits for the next round
                }
            }
        }
        finally
        {
            if (smtp is { IsConnected: true })
                try { await smtp.DisconnectAsync(true, CancellationToken.None); } catch (Exception) { /* the mails are sent */ }
            smtp?.Dispose();
        }
        return sent;
    }

    /// <summary>Removes sent mails older than <see cref="MailOptions.BewaarVerzonden"/>; returns how many.</summary>
    public Task<int> PurgeSentAsync(CancellationToken ct) => store.PurgeSentAsync(DateTimeOffset.UtcNow - options.Value.BewaarVerzonden, ct);

    public static TimeSpan Backoff(MailOptions o, int attempts)
    {
        var seconds = o.EersteWachttijd.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, o.MaxWachttijd.TotalSeconds));
    }

    private static async Task<SmtpClient> ConnectAsync(MailOptions o, CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            var security = o.Beveiliging.ToLowerInvariant() switch
            {
                "geen" or "none" => SecureSocketOptions.None,
                "starttls" => SecureSocketOptions.StartTls,
                "tls" or "ssl" => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            await client.ConnectAsync(o.SmtpHost!, o.SmtpPort, security, ct);
            if (!string.IsNullOrEmpty(o.Gebruiker)) await client.AuthenticateAsync(o.Gebruiker, o.Wachtwoord ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static MimeMessage ToMime(StoredMail mail, MailOptions o)
    {
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Date = mail.CreatedAt,
            // the same id on every attempt: a retry after an unconfirmed send is recognisably the same mail
            MessageId = $"{mail.Id:N}@verzuim",
            Body = new TextPart("plain") { Text = mail.Body },
        };
        message.From.Add(new MailboxAddress(o.AfzenderNaam, o.Afzender));
        message.To.Add(MailboxAddress.Parse(mail.ToAddress));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }

    private static async Task WritePickupAsync(string folder, StoredMail mail, MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{mail.CreatedAt:yyyyMMdd-HHmmss}-{mail.Id:N}.eml");
        await using (var file = File.Create(path + ".tmp")) await message.WriteToAsync(file, ct);
        File.Move(path + ".tmp", path, overwrite: true); // a reader never sees half a mail
    }
}
