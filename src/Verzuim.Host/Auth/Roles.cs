namespace Verzuim.Host.Auth;

/// <summary>The access roles (claim "role"). Task roles such as mentor or zorgcoordinator are assigned per school instead.</summary>
public static class Roles
{
    public const string ProcesEigenaar = "procesEigenaar";
    public const string Kernteamlid = "kernteamlid";
    public const string VoorzitterActietafel = "voorzitterActietafel";
    public const string Leerplichtambtenaar = "leerplichtambtenaar";
    public const string Jeugdarts = "jeugdarts";
    public const string Beheerder = "beheerder";
    /// <summary>Systems that post messages over HTTP instead of RabbitMQ.</summary>
    public const string Koppeling = "koppeling";

    /// <summary>Who works with cases of their own schools.</summary>
    public static readonly string[] CaseReaders = [Kernteamlid, VoorzitterActietafel, Leerplichtambtenaar, Jeugdarts];
    /// <summary>Who may see medical detail (the youth doctor's explanation), beyond the advice's outcome.</summary>
    public static readonly string[] Medical = [Jeugdarts];
    public static readonly string[] Overseers = [VoorzitterActietafel, Leerplichtambtenaar];
}

public static class Policies
{
    public const string Definitions = "definities";
    public const string Cases = "zaken";
    public const string Overview = "overzicht";
    public const string Incidents = "incidenten";
    public const string Messages = "berichten";
    public const string Audit = "audit";
    public const string ErrorQueue = "foutberichten";
    public const string Migrations = "migraties";
}
