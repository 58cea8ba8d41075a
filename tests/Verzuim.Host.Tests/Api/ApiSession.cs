using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Verzuim.Host.Auth.Dev;

namespace Verzuim.Host.Tests.Api;

/// <summary>HTTP clients signed in as a demo user or the demo system, with tokens from the host's own identity provider.</summary>
public static class ApiSession
{
    public static async Task<HttpClient> AsUserAsync(VerzuimHost host, string user)
    {
        await host.Services.GetRequiredService<DevClientRegistration>().Registered.WaitAsync(TimeSpan.FromSeconds(30));
        var token = await TokenAsync(host, new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = user, ["password"] = DemoUsers.Password,
            ["client_id"] = DevIdentityProvider.WebClientId, ["client_secret"] = DevIdentityProvider.WebClientSecret,
            ["scope"] = "openid profile roles school",
        });
        return WithToken(host, token);
    }

    public static async Task<HttpClient> AsSystemAsync(VerzuimHost host)
    {
        await host.Services.GetRequiredService<DevClientRegistration>().Registered.WaitAsync(TimeSpan.FromSeconds(30));
        var token = await TokenAsync(host, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DevIdentityProvider.SystemClientId, ["client_secret"] = DevIdentityProvider.SystemClientSecret,
        });
        return WithToken(host, token);
    }

    private static async Task<string> TokenAsync(VerzuimHost host, Dictionary<string, string> form)
    {
        var response = await host.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token: {(int)response.StatusCode} {body}");
        return (string)JsonNode.Parse(body)!["access_token"]!;
    }

    private static HttpClient WithToken(VerzuimHost host, string token)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Posts an inbound message as the demo system and returns the engine's outcome.</summary>
    public static async Task<JsonObject> PostMessageAsync(HttpClient system, string name, object body)
    {
        var response = await system.PostAsJsonAsync($"/api/messages/{name}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
