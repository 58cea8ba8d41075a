using System.Text.Json.Nodes;
using Verzuim.Host.Simulation;

namespace Verzuim.Host.Tests;

/// <summary><c>simulate</c> on the command line prints the coverage warning with its output, as the service shows it on the case.</summary>
public sealed class SimulateCalendarWarningTests
{
    [Fact]
    public async Task Simulate_prints_the_warning_when_the_scenario_calendar_ends_inside_a_timer()
    {
        // holidays known until 23 Aug 2026 (region zuid); the kantelpunt of 3 school weeks from Wed 2 Dec 2026 passes that
        var scenario = Path.Combine(AppContext.BaseDirectory, "Simulation", "Scenarios", "calendar-ends-mid-span.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = await SimulateCommand.RunAsync([scenario], stdout, stderr);

        Assert.True(exit == 0, stderr.ToString());
        var output = JsonNode.Parse(stdout.ToString())!;
        const string warning = "termijn voorlopig: geen vakantiedata na 23 augustus 2026 (regio zuid)";
        Assert.Equal([warning], output["warnings"]!.AsArray().Select(w => (string?)w));
        Assert.Contains(output["timeline"]!.AsArray(), e => (string?)e!["kind"] == "TimerScheduled" && (string?)e["detail"] == warning);
    }

    [Fact]
    public async Task Simulate_prints_no_warning_for_a_calendar_that_covers_the_scenario()
    {
        var stdout = new StringWriter();
        var exit = await SimulateCommand.RunAsync([Path.Combine(AppContext.BaseDirectory, "Simulation", "Scenarios", "escalates-after-holiday.json")], stdout, new StringWriter());
        Assert.Equal(0, exit);
        Assert.Empty(JsonNode.Parse(stdout.ToString())!["warnings"]!.AsArray());
    }
}
