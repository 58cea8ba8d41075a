using Verzuim.Benchmarks;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (BenchOptions.HelpRequested)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

var report = new Report(options);
await report.ReadServerAsync();
Log.Info($"server: {report.ServerVersion}");
Log.Info($"plan: (a) {options.Starts} starts, (b) {options.Correlations} correlations, (c) W = {string.Join(", ", options.Sizes)} with {options.Samples} samples, " +
         $"(d) {(options.Only.Contains('d') ? $"{options.E2eMessages} messages through RabbitMQ + {options.E2eLatencySamples} paced" : "off")}, " +
         $"(e) {(options.Only.Contains('e') ? $"{options.Timers} timers due at once, two hosts" : "off")}; " +
         $"warm-up {options.Warmup} per measurement after a JIT warm-up of {options.JitWarmup}");

// (d) warms its own fresh host process; the harness's engine only opens cases there
if (options.Only.Overlaps(['a', 'b', 'c', 'p'])) await JitWarmup.RunAsync(options);

// (a) instances started per second
if (options.Only.Contains('a')) report.Starts = await StartThroughput.RunAsync(options);
// (b) message correlations per second
if (options.Only.Contains('b')) report.Correlations = await CorrelationThroughput.RunAsync(options);
// (c) resume latency at growing numbers of waiting cases
if (options.Only.Contains('c')) report.Latencies.AddRange(await ResumeLatency.RunAsync(options));
// (p) where one correlation's time goes: database commands, the rest, allocations
if (options.Only.Contains('p')) report.Profile = await CorrelationProfile.RunAsync(options);
// (d) end to end: the real host consuming RabbitMQ
if (options.Only.Contains('d')) report.EndToEnd = await EndToEnd.RunAsync(options);
// (e) a burst of timers due at one instant, two hosts firing them
if (options.Only.Contains('e')) report.TimerBursts = await TimerBurst.RunAsync(options);

var markdown = report.Render(DateTimeOffset.UtcNow);
Console.WriteLine(markdown);
if (options.Out is { } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, markdown);
    Log.Info($"wrote {path}");
}
return 0;
