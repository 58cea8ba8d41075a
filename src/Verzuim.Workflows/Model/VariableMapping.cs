namespace Verzuim.Workflows.Model;

/// <summary>Assigns the value of a JavaScript expression to a case variable (verzuim:input / verzuim:output).</summary>
public sealed record VariableMapping(string Target, string Expression);
