using System.Net;

namespace Verzuim.Host.Auth.Dev;

/// <summary>The development provider's login form: pick a demo user, password "demo".</summary>
internal static class DevLoginPage
{
    public static string Render(string? returnUrl, string? error)
    {
        var users = string.Join("", DemoUsers.All.Select(u =>
            $"<tr><td><code>{Enc(u.UserName)}</code></td><td>{Enc(string.Join(", ", u.Roles))}</td><td>{Enc(u.Schools.Length == 0 ? "–" : string.Join(", ", u.Schools))}</td></tr>"));
        return $$"""
            <!doctype html>
            <html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Inloggen – Verzuim (ontwikkelomgeving)</title>
            <style>
              body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
              label { display: block; margin-top: .8rem; font-weight: 600; }
              input { font-size: 1rem; padding: .4rem; width: 100%; max-width: 20rem; border: 1px solid #555; }
              button { margin-top: 1rem; font-size: 1rem; padding: .5rem 1.2rem; background: #154273; color: #fff; border: 0; cursor: pointer; }
              button:focus, input:focus { outline: 3px solid #ffb612; }
              .fout { color: #a50000; font-weight: 600; }
              .let-op { background: #fff4d6; border-left: 4px solid #b35c00; padding: .5rem .8rem; }
              table { border-collapse: collapse; margin-top: 1rem; } td, th { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; }
            </style></head>
            <body><main>
            <h1>Inloggen bij Verzuim</h1>
            <p class="let-op">Ingebouwde identiteitsprovider voor de ontwikkelomgeving. In productie logt u in via de identiteitsprovider van uw organisatie.</p>
            {{(error is null ? "" : $"<p class=\"fout\" role=\"alert\">{Enc(error)}</p>")}}
            <form method="post" action="/dev/login">
              <input type="hidden" name="returnUrl" value="{{Enc(returnUrl ?? "/")}}">
              <label for="username">Gebruikersnaam</label>
              <input id="username" name="username" autocomplete="username" required autofocus>
              <label for="password">Wachtwoord</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit">Inloggen</button>
            </form>
            <h2>Demogebruikers (wachtwoord <code>demo</code>)</h2>
            <table><thead><tr><th scope="col">Gebruiker</th><th scope="col">Rollen</th><th scope="col">Scholen</th></tr></thead><tbody>{{users}}</tbody></table>
            </main></body></html>
            """;
    }

    private static string Enc(string value) => WebUtility.HtmlEncode(value);
}
