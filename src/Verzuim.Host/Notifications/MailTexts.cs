using System.Globalization;
using Verzuim.Cases.People;
using Verzuim.Workflows.Time;

namespace Verzuim.Host.Notifications;

/// <summary>What a notification mail says, in Dutch. Only the task, the pseudonymous pupil id, the deadline and links: no other pupil data.</summary>
public sealed class MailTexts(string werkbakUrl)
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>A task as a mail names it.</summary>
    public sealed record TaskLine(Guid TaskId, Guid CaseId, string? Name, string? Role, string? LeerlingId, string? SchoolName, DateTimeOffset? DueAt, bool Overdue);

    public string TaskUrl(Guid taskId) => $"{werkbakUrl}/taken?taak={taskId}";
    public string CaseUrl(Guid caseId) => $"{werkbakUrl}/zaken/{caseId}";
    private string SettingsUrl => $"{werkbakUrl}/taken#meldingen";

    public (string Subject, string Body) New(Person to, TaskLine task) => (
        $"Nieuwe taak: {task.Name} (leerling {task.LeerlingId})",
        Letter(to, $"Er staat een nieuwe taak open voor uw rol {task.Role} op {task.SchoolName}.", task));

    public (string Subject, string Body) Assigned(Person to, TaskLine task, string by) => (
        $"Taak aan u toegewezen: {task.Name} (leerling {task.LeerlingId})",
        Letter(to, $"{by} heeft een taak aan u toegewezen. De taak staat in de werkbak onder \"Door mij opgepakt\".", task));

    public (string Subject, string Body) Overdue(Person to, TaskLine task) => (
        $"Termijn verstreken: {task.Name} (leerling {task.LeerlingId})",
        Letter(to, "De termijn van deze taak is verstreken; de taak is nog niet afgerond.", task));

    public (string Subject, string Body) Digest(Person to, DateOnly day, IReadOnlyList<TaskLine> tasks)
    {
        var overdue = tasks.Count(t => t.Overdue);
        var lines = new List<string>
        {
            $"Beste {to.DisplayName ?? to.UserName},", "",
            $"Uw open taken op {day.ToString("dddd d MMMM yyyy", Dutch)}: {tasks.Count}{(overdue > 0 ? $", waarvan {overdue} met verstreken termijn" : "")}.", "",
        };
        foreach (var t in tasks)
        {
            lines.Add($"- {(t.Overdue ? "[termijn verstreken] " : "")}{t.Name} – leerling {t.LeerlingId}, {t.SchoolName}, deadline {Due(t.DueAt)}");
            lines.Add($"  {TaskUrl(t.TaskId)}");
        }
        lines.AddRange(Footer("het dagoverzicht", "dagoverzicht"));
        return ($"Dagoverzicht: {tasks.Count} open {(tasks.Count == 1 ? "taak" : "taken")}{(overdue > 0 ? $", {overdue} verstreken" : "")}", string.Join("\r\n", lines));
    }

    private string Letter(Person to, string intro, TaskLine task) => string.Join("\r\n", new List<string>
    {
        $"Beste {to.DisplayName ?? to.UserName},", "", intro, "",
        $"Taak:      {task.Name}",
        $"Leerling:  {task.LeerlingId} (leerlingnummer in Verzuim)",
        $"School:    {task.SchoolName}",
        $"Deadline:  {Due(task.DueAt)}", "",
        $"Taak openen: {TaskUrl(task.TaskId)}",
        $"Zaak bekijken: {CaseUrl(task.CaseId)}",
    }.Concat(Footer("deze meldingen", "meldingen")));

    private IEnumerable<string> Footer(string what, string setting) =>
    [
        "", "-- ",
        $"U krijgt {what} van Verzuim omdat ze voor u aanstaan. Uitzetten kan in de werkbak onder \"Meldingen\" ({setting}): {SettingsUrl}",
        "Beantwoorden van deze e-mail heeft geen zin; gegevens over leerlingen staan alleen in de werkbak.",
    ];

    private static string Due(DateTimeOffset? due) => due is { } d
        ? TimeZoneInfo.ConvertTime(d, SchoolCalendar.DutchTimeZone).ToString("dddd d MMMM yyyy, HH:mm", Dutch)
        : "geen";
}
