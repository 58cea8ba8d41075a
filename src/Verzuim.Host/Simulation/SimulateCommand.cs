using System.Text.Json;
using Verzuim.Cases.Simulation;
using Verzuim.Workflows.Simulation;

namespace Verzuim.Host.Simulation;

/// <summary><c>simulate SCENARIO.json</c>: runs a scenario on virtual time and prints the timeline as JSON.</summary>
public static class SimulateCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 1)
        {
            await stderr.WriteLineAsync("gebruik: simulate SCENARIO.json");
            return 64;
        }
        try
        {
            var result = await ScenarioRunner.RunFileAsync(args[0], ContractSimulation.Options);
            await stdout.WriteLineAsync(JsonSerializer.Serialize(result, ScenarioRunner.Json));
            return 0;
        }
        catch (ScenarioException e)
        {
            await stderr.WriteLineAsync("simulate: " + e.Message);
            return 2;
        }
    }
}
