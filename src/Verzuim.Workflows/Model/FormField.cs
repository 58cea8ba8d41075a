namespace Verzuim.Workflows.Model;

public enum FormFieldType { String, Text, Boolean, Date, Number, Enum }

/// <summary>A field of a user task's form; its id is the variable the completion data is stored under.</summary>
public sealed record FormField(string Id, string Label, FormFieldType Type, bool Required, IReadOnlyList<FormFieldOption> Options);

public sealed record FormFieldOption(string Id, string Label);
