namespace Verzuim.Host.Auth.Dev;

/// <summary>
/// <c>--dev</c> on the command line: the built-in development identity provider, whatever the environment
/// (a demo on a machine without Development settings). Without it the provider is only on in the Development
/// environment, where appsettings.Development.json sets Auth:DevIdentityProvider.
/// </summary>
public static class DevFlag
{
    public const string Argument = "--dev";

    public static string[] Strip(string[] args) => args.Where(a => a != Argument).ToArray();

    public static void Apply(ConfigurationManager configuration, string[] args)
    {
        if (!args.Contains(Argument)) return;
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:DevIdentityProvider"] = "true",
            [$"Auth:{nameof(AuthOptions.DevIdentityProviderExplicit)}"] = "true",
        });
    }
}
