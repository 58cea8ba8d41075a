namespace Verzuim.Workflows.Parsing;

/// <summary>One thing wrong with a BPMN file: which element, which rule, and what to do about it (Dutch, for process owners).</summary>
public sealed record BpmnProblem(string ElementId, string? ElementName, string Rule, string Message)
{
    public override string ToString() =>
        $"{ElementId}{(string.IsNullOrWhiteSpace(ElementName) ? "" : $" '{ElementName}'")} [{Rule}]: {Message}";
}

public sealed class BpmnValidationException(IReadOnlyList<BpmnProblem> problems)
    : Exception("Het BPMN-model is ongeldig:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "- " + p)))
{
    public IReadOnlyList<BpmnProblem> Problems { get; } = problems;
}
