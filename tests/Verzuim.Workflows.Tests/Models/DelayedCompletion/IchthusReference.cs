namespace Verzuim.Workflows.Tests.Models.DelayedCompletion;

/// <summary>
/// Seed 002's thresholds counted by hand over one pupil's registrations, written from the seed and the signal
/// definitions in docs/modelling-conventions.md (not from the ledger's code), to tell the randomized test on which
/// day each milestone of the Ichthus model must start. One registration a day, all on school days.
/// </summary>
public static class IchthusReference
{
    public sealed record Registration(DateOnly Day, string Kind, int Amount);

    /// <summary>The model's milestones whose start marks a threshold reached.</summary>
    public static readonly IReadOnlySet<string> Milestones = new HashSet<string>
    {
        "ich_dag4_bereikt", "ich_dag6_bereikt", "ich_richtlijn",
        "tl_3_bereikt", "tl_6_bereikt", "tl_9_bereikt", "tl_omzet_bereikt",
        "sp_16uur", "sp_28dagen", "sp_3_bereikt", "sp_6_bereikt", "sp_9_bereikt",
    };

    /// <summary>"milestone yyyy-MM-dd" for every threshold reached, once per time it fires.</summary>
    public static List<string> Thresholds(IReadOnlyList<Registration> registrations, Func<DateOnly, bool> isSchoolDay)
    {
        var fired = new List<string>();
        void Fire(string milestone, DateOnly day) => fired.Add($"{milestone} {day:yyyy-MM-dd}");
        var byDay = registrations.ToDictionary(r => r.Day);

        // school days back from a day (inclusive), for "n schoolweken" windows and runs
        IEnumerable<DateOnly> SchoolDaysBack(DateOnly day)
        {
            for (var d = day; d >= day.AddYears(-1); d = d.AddDays(-1))
                if (isSchoolDay(d)) yield return d;
        }
        bool Is(DateOnly d, string kind) => byDay.TryGetValue(d, out var r) && r.Kind == kind;
        // the run of consecutive school days of one kind ending at the last school day on or before `day`
        List<DateOnly> Run(DateOnly day, string kind) => SchoolDaysBack(day).TakeWhile(d => Is(d, kind)).ToList();
        // a sick report is the first day of a spell: the school day before was not sick
        bool IsReport(DateOnly d) => Is(d, "Ziek") && !Is(SchoolDaysBack(d).Skip(1).FirstOrDefault(), "Ziek");

        // --- ZAS route: opens on day 4, the 3rd report in two months or the guideline; then per spell day 4 / day 6, once the guideline
        var zasOpen = false;
        var guideline = false;
        DateOnly? day4Spell = null, day6Spell = null;
        // --- lateness and truancy ladders (one school year: the whole term)
        var lateOpen = false; var lateRung = 0; var converted = 0;
        var truancyOpen = false; var truancyRung = 0; var reported16 = false; DateOnly? reported28Run = null;

        foreach (var r in registrations.OrderBy(r => r.Day))
        {
            var day = r.Day;
            if (r.Kind == "Ziek")
            {
                var run = Run(day, "Ziek");
                var spell = run[^1];
                var reportsTwoMonths = registrations.Count(x => x.Day > day.AddMonths(-2) && x.Day <= day && IsReport(x.Day));
                var twelveWeeks = SchoolDaysBack(day).Take(60).ToHashSet();
                var reportsTwelveWeeks = registrations.Count(x => twelveWeeks.Contains(x.Day) && IsReport(x.Day));
                var isGuideline = reportsTwelveWeeks >= 4 || run.Count >= 7;
                zasOpen |= run.Count >= 4 || reportsTwoMonths >= 3 || isGuideline;
                if (zasOpen)
                {
                    if (!guideline && isGuideline) { guideline = true; Fire("ich_richtlijn", day); }
                    if (day6Spell != spell && (run.Count >= 6 || reportsTwoMonths >= 3)) { day6Spell = spell; day4Spell = spell; Fire("ich_dag6_bereikt", day); }
                    if (day4Spell != spell && run.Count >= 4) { day4Spell = spell; Fire("ich_dag4_bereikt", day); }
                }
            }

            var lateDays = registrations.Where(x => x.Kind == "TeLaat" && x.Day <= day).OrderBy(x => x.Day).ToList();
            lateOpen |= r.Kind == "TeLaat" && lateDays.Count >= 3;
            if (lateOpen)
            {
                foreach (var n in new[] { 3, 6, 9 })
                    if (lateRung < n && lateDays.Count >= n) { lateRung = n; Fire($"tl_{n}_bereikt", day); }
                var minutesAfterNinth = lateDays.Skip(9).Sum(x => x.Amount);
                while (lateDays.Count > 9 && minutesAfterNinth / 50 > converted) { converted++; Fire("tl_omzet_bereikt", day); }
            }

            var unexcused = registrations.Where(x => x.Kind == "Ongeoorloofd" && x.Day <= day).ToList();
            var fourWeeks = SchoolDaysBack(day).Take(20).ToHashSet();
            var hours = unexcused.Where(x => fourWeeks.Contains(x.Day)).Sum(x => x.Amount);
            var unexcusedRun = Run(day, "Ongeoorloofd");
            var calendarDays = unexcusedRun.Count == 0 ? 0 : day.DayNumber - unexcusedRun[^1].DayNumber + 1;
            truancyOpen |= r.Kind == "Ongeoorloofd" && (unexcused.Count >= 3 || hours >= 16 || calendarDays >= 28);
            if (truancyOpen)
            {
                // 16 hours in 4 school weeks: reported when reached, again only after the count fell below 16
                if (!reported16 && hours >= 16) { reported16 = true; Fire("sp_16uur", day); }
                else if (reported16 && hours < 16) reported16 = false;
                if (calendarDays >= 28 && reported28Run != unexcusedRun[^1]) { reported28Run = unexcusedRun[^1]; Fire("sp_28dagen", day); }
                foreach (var n in new[] { 3, 6, 9 })
                    if (truancyRung < n && unexcused.Count >= n) { truancyRung = n; Fire($"sp_{n}_bereikt", day); }
            }
        }
        return fired;
    }
}
