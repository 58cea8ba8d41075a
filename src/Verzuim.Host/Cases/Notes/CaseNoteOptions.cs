namespace Verzuim.Host.Cases.Notes;

/// <summary>Section "Notities": how long the author may still change or remove a note after placing it.</summary>
public sealed class CaseNoteOptions
{
    public TimeSpan BewerkTermijn { get; set; } = TimeSpan.FromHours(24);

    public static CaseNoteOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection("Notities").Get<CaseNoteOptions>() ?? new CaseNoteOptions();
        if (options.BewerkTermijn < TimeSpan.Zero)
            throw new InvalidOperationException($"Notities:BewerkTermijn is {options.BewerkTermijn}; een termijn kan niet negatief zijn.");
        return options;
    }
}
