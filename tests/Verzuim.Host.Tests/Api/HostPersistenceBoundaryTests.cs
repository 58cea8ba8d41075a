using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// The host reads and changes cases through the engine's query/command API and the Verzuim.Cases services, never the
/// DbContext (issue 13). Until every file is moved the files that still do are listed here by name: a file that starts
/// using the DbContext fails the test, and so does a listed file that no longer does (the list is empty now, and stays so).
/// The compiled host refers to no WorkflowDbContext type (not even as a lambda's parameter) and no PostgreSQL provider,
/// and to no type of Verzuim.Persistence but the store it registers: table records stay behind Verzuim.Cases.
/// </summary>
public sealed partial class HostPersistenceBoundaryTests
{
    /// <summary>Host files that still use the DbContext (or EF Core directly) for the service's own tables.</summary>
    private static readonly string[] StillOnDbContext = [];

    /// <summary>
    /// The development identity provider keeps OpenIddict's clients in a SQLite DbContext of its own (not the service's
    /// store); it is the one EF Core use the host may keep until it moves out too.
    /// </summary>
    private static readonly string[] OwnIdentityStore = ["Auth/Dev/DevClientRegistration.cs", "Auth/Dev/DevIdentityDbContext.cs", "Auth/Dev/DevIdentityProvider.cs"];

    [GeneratedRegex(@"CreateContext\(|WorkflowDbContext|Microsoft\.EntityFrameworkCore|DbUpdateException")]
    private static partial Regex UsesDbContext();

    [Fact]
    public void Only_the_listed_host_files_use_the_DbContext()
    {
        var host = Path.Combine(RepositoryRoot(), "src", "Verzuim.Host");
        var matching = Directory.EnumerateFiles(host, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => UsesDbContext().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(host, f).Replace(Path.DirectorySeparatorChar, '/')).ToList();
        // the scan sees what it should: the development identity provider's own DbContext is found
        Assert.Subset(matching.ToHashSet(), OwnIdentityStore.ToHashSet());
        var using_ = matching.Except(OwnIdentityStore).Order(StringComparer.Ordinal).ToList();

        var newcomers = using_.Except(StillOnDbContext).ToList();
        Assert.True(newcomers.Count == 0, "these host files use the DbContext; read and write through the engine's Management API or a Verzuim.Cases service: "
            + string.Join(", ", newcomers));
        var moved = StillOnDbContext.Except(using_).ToList();
        Assert.True(moved.Count == 0, "these files no longer use the DbContext; take them off the list: " + string.Join(", ", moved));
    }

    [Fact]
    public void The_host_assembly_references_no_DbContext_and_no_provider_of_the_store()
    {
        var referenced = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var typeNames = TypeReferences(typeof(Program).Assembly.Location);
        Assert.DoesNotContain(typeNames, t => t.EndsWith("WorkflowDbContext", StringComparison.Ordinal)); // also a lambda's parameter type
        Assert.DoesNotContain(referenced, a => a.StartsWith("Npgsql", StringComparison.Ordinal));
        if (OwnIdentityStore.Length > 0) return; // the dev identity provider's SQLite DbContext needs EF Core and Microsoft.Data.Sqlite
        Assert.DoesNotContain(referenced, a => a.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, a => a.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
    }

    /// <summary>
    /// The store's types the host may name: the store itself, which the host registers with its connection string and
    /// migrates at start-up. Records of tables never cross into the host: Verzuim.Cases returns its own values.
    /// </summary>
    private static readonly string[] PersistenceTypesForRegistration = ["WorkflowStore"];

    [Fact]
    public void The_host_names_no_type_of_the_persistence_assembly_but_the_store_it_registers()
    {
        var named = TypeReferencesInto(typeof(Program).Assembly.Location, "Verzuim.Persistence");
        Assert.Contains("WorkflowStore", named); // the inspection sees the assembly's real references
        var others = named.Except(PersistenceTypesForRegistration).Order(StringComparer.Ordinal).ToList();
        Assert.True(others.Count == 0, "the host uses Verzuim.Persistence types; return a Verzuim.Cases value or use the Management API instead: "
            + string.Join(", ", others));
    }

    [Fact]
    public void The_host_declares_nothing_under_the_engine_s_namespace()
    {
        var misplaced = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns == "Verzuim.Workflows" || ns.StartsWith("Verzuim.Workflows.", StringComparison.Ordinal)))
            .Select(t => t.FullName).ToList();
        Assert.True(misplaced.Count == 0, "host types under Verzuim.Workflows: " + string.Join(", ", misplaced));
    }

    /// <summary>The names of the types the assembly's code refers to (its TypeRef table).</summary>
    private static HashSet<string> TypeReferences(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeReferences.Select(h => metadata.GetString(metadata.GetTypeReference(h).Name)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The names of the types the assembly refers to in the referenced assembly <paramref name="assemblyName"/> (nested types by their outer type).</summary>
    private static HashSet<string> TypeReferencesInto(string path, string assemblyName)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference) type = metadata.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            if (type.ResolutionScope.Kind == HandleKind.AssemblyReference
                && metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name) == assemblyName)
                names.Add(metadata.GetString(type.Name));
        }
        return names;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Verzuim.sln"))) return dir.FullName;
        throw new InvalidOperationException("Verzuim.sln not found above " + AppContext.BaseDirectory);
    }
}
