using Verzuim.Host.Engine;
using Verzuim.Host.Messaging;
using Verzuim.Host.Operations;
using Verzuim.Host.Simulation;

if (args is ["simulate", .. var simulateArgs])
    return await SimulateCommand.RunAsync(simulateArgs, Console.Out, Console.Error);

// configuration and models come from the build output, whatever directory the host was started in
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddWorkflowEngine(builder.Configuration);
builder.Services.AddVerzuimMessaging(builder.Configuration);
builder.Services.AddVerzuimHealthChecks();

var app = builder.Build();
app.MapVerzuimHealth();
await app.RunAsync();
return 0;

public partial class Program;
