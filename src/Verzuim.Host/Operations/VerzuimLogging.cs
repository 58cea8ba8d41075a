using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Verzuim.Host.Operations;

public static class VerzuimLogging
{
    /// <summary>Structured JSON lines (Logging:Json=true, as in the container) or readable lines for a developer's console.</summary>
    public static ITextFormatter ConsoleFormatter(IConfiguration configuration) =>
        configuration.GetValue<bool>("Logging:Json")
            ? new RenderedCompactJsonFormatter()
            : new MessageTemplateTextFormatter("[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
}
