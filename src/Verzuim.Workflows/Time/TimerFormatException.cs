namespace Verzuim.Workflows.Time;

/// <summary>
/// A timer expression in a process model could not be read. The message is Dutch because it is
/// shown to the people who maintain the workflow models; it quotes the text and the expected forms.
/// </summary>
public sealed class TimerFormatException : FormatException
{
    public TimerFormatException(TimerKind kind, string text, string message)
        : base(message)
    {
        Kind = kind;
        Text = text;
    }

    public TimerKind Kind { get; }

    /// <summary>The expression as written in the model.</summary>
    public string Text { get; }
}
