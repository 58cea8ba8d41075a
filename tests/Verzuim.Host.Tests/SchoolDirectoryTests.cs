using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Verzuim.Host.Schools;

namespace Verzuim.Host.Tests;

public sealed class SchoolDirectoryTests
{
    private static SchoolDirectory Directory() => new(Options.Create(new SchoolOptions
    {
        Lijst =
        [
            new SchoolSettings { Id = "S-MIDDEN", Model = "apeldoorn-opschalingsmodel", Regio = "midden", Studiedagen = [new DateOnly(2024, 10, 9)] },
            new SchoolSettings { Id = "S-ZUID", Model = "vo-verzuimproces", Modellen = ["vo-extra"], Regio = "zuid" },
        ],
    }), new Environment());

    /// <summary>The test binaries' folder as content root: it holds Schools/schoolvakanties.json, copied from the host.</summary>
    internal sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "Verzuim.Host";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    [Fact]
    public void Each_school_counts_in_its_regions_holidays_and_its_own_study_days()
    {
        var schools = Directory();
        var midden = schools.CalendarFor("S-MIDDEN");
        var zuid = schools.CalendarFor("s-zuid");
        // herfstvakantie 2024: midden 26 Oct - 3 Nov, zuid 19 - 27 Oct
        Assert.False(midden.IsSchoolDay(new DateOnly(2024, 10, 28)));
        Assert.True(zuid.IsSchoolDay(new DateOnly(2024, 10, 28)));
        Assert.False(zuid.IsSchoolDay(new DateOnly(2024, 10, 21)));
        Assert.True(midden.IsSchoolDay(new DateOnly(2024, 10, 21)));
        Assert.False(midden.IsSchoolDay(new DateOnly(2024, 10, 9))); // the school's own study day
        Assert.True(zuid.IsSchoolDay(new DateOnly(2024, 10, 9)));
        Assert.False(zuid.IsSchoolDay(new DateOnly(2025, 1, 3))); // kerstvakantie is nationwide
    }

    [Fact]
    public void The_model_follows_the_school_and_an_unknown_school_has_none()
    {
        var schools = Directory();
        Assert.Equal(new[] { "vo-extra", "vo-verzuimproces" }, schools.ModelsFor("S-ZUID").Order());
        Assert.Empty(schools.ModelsFor("S-ONBEKEND"));
        Assert.True(schools.CalendarFor("S-ONBEKEND").IsSchoolDay(new DateOnly(2024, 10, 21)));
    }
}
