using Verzuim.Persistence;
using Verzuim.Workflows.Stores;

namespace Verzuim.Cases.ErrorMessages;

/// <summary>Which error messages a list asks for (checked by the caller); null filters are not applied.</summary>
/// <param name="Handled">null: all; false: open ones; true: replayed or discarded ones.</param>
/// <param name="MessageType">A contract name; <see cref="ErrorMessageQuery.UnknownType"/> for rows whose type could not be read.</param>
public sealed record ErrorMessageQuery(bool? Handled, string? MessageType, string? SchoolId, DateTimeOffset? FailedFrom, DateTimeOffset? FailedBefore, int Max = 1000)
{
    public const string UnknownType = "onbekend";
}
