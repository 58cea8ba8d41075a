namespace Verzuim.Host.Auth;

/// <summary>
/// Where a login may send the browser back to: a path on this host, by <c>Url.IsLocalUrl</c>'s rules and stricter.
/// "//evil.example" and "/\evil.example" are other hosts to a browser, and browsers drop tabs and newlines, so
/// "/%09/evil.example" becomes "//evil.example": no second slash or backslash, no control characters or whitespace.
/// </summary>
public static class LocalReturnUrl
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || url[1] is not ('/' or '\\'))
        && !url.Any(c => c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c));

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
