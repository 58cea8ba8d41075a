using Verzuim.Workflows.Parsing;

/// <summary>
/// worker validate MODEL.bpmn: validates one file and prints each problem's rule and element, one a line. Run in a
/// child process by tests whose input used to crash the reader (a stack overflow ends the process, not the call).
/// </summary>
internal static class ValidateModel
{
    public static int Run(string path)
    {
        var (document, problems) = BpmnReader.Validate(File.ReadAllText(path));
        foreach (var p in problems) Console.WriteLine($"{p.Rule} {p.ElementId}");
        Console.WriteLine(document is null ? "invalid" : "valid");
        return 0;
    }
}
