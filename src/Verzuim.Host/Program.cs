using Serilog;
using Verzuim.Host.Api;
using Verzuim.Host.Auth;
using Verzuim.Host.Auth.Dev;
using Verzuim.Host.Engine;
using Verzuim.Host.Live;
using Verzuim.Host.Messaging;
using Verzuim.Host.Notifications;
using Verzuim.Host.Operations;
using Verzuim.Host.Simulation;
using Verzuim.Host.Web;

if (args is ["simulate", .. var simulateArgs])
    return await SimulateCommand.RunAsync(simulateArgs, Console.Out, Console.Error);

// configuration and models come from the build output, whatever directory the host was started in
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = DevFlag.Strip(args), ContentRootPath = AppContext.BaseDirectory });
DevFlag.Apply(builder.Configuration, args);
DefaultAddress.Apply(builder);
builder.Services.AddSerilog((services, logger) => logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services)
    .Enrich.FromLogContext().WriteTo.Console(VerzuimLogging.ConsoleFormatter(builder.Configuration)));
// graceful shutdown: consumers, the timer batch and the outbox get time to finish what they started
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
builder.Services.AddWorkflowEngine(builder.Configuration);
builder.Services.AddVerzuimMessaging(builder.Configuration);
builder.Services.AddVerzuimHealthChecks();
builder.Services.AddVerzuimTelemetry(builder.Configuration);
builder.Services.AddVerzuimDataProtection(builder.Configuration);
builder.Services.AddVerzuimAuth(builder.Configuration, builder.Environment);
builder.Services.AddVerzuimApi(builder.Configuration);
builder.Services.AddVerzuimNotifications(builder.Configuration);

var app = builder.Build();
// the request log outside the error handler: it records the answer (422, 404), not the exception behind it
app.UseSerilogRequestLogging();
app.UseVerzuimProblemDetails();
app.UseWebAssets();
app.UseRouting(); // after the assets: /studio/{**rest} must not swallow /studio/app.js
app.UseVerzuimAuth();
app.UseMiddleware<PersonRecording>(); // who signed in, with their e-mail address, for assignments and notifications
app.UseMiddleware<Verzuim.Host.Schools.CalendarFreshness>(); // after authorization: a refused call costs no query
app.MapVerzuimHealth();
app.MapAccount();
app.MapVerzuimApi();
app.MapNotifications();
app.MapCaseEvents();
app.MapWebApps();
await app.RunAsync();
return 0;

public partial class Program;
