namespace Verzuim.Workflows.Management;

/// <summary>Reads stored model versions.</summary>
public interface IDefinitionQueries
{
    /// <summary>Per process id, the name of its newest version that is not a draft.</summary>
    Task<IReadOnlyDictionary<string, string?>> ModelNamesAsync(CancellationToken ct = default);

    /// <summary>The BPMN file a version came from; null when there is no such version.</summary>
    Task<string?> XmlAsync(Guid definitionId, CancellationToken ct = default);

    /// <summary>Every stored version of every process, with its running cases.</summary>
    Task<IReadOnlyList<DefinitionVersion>> VersionsAsync(CancellationToken ct = default);

    /// <summary>
    /// The BPMN file of a process: the given version, else its draft, else its published version, else its newest;
    /// null when there is no such process or version.
    /// </summary>
    Task<string?> FileAsync(string processId, int? version, CancellationToken ct = default);

    /// <summary>The file of the process's newest published version; null when none is published.</summary>
    Task<string?> PublishedFileAsync(string processId, CancellationToken ct = default);

    /// <summary>Whether any version of any process is stored (a fresh store has none).</summary>
    Task<bool> AnyAsync(CancellationToken ct = default);
}
