namespace Verzuim.Browser.Tests.Studio;

[Collection(BrowserCollection.Name)]
public sealed class StudioTests(BrowserHost host)
{
    [Fact]
    public async Task Host_answers_the_browser()
    {
        var page = await host.NewPageAsync();
        var response = await page.GotoAsync("health/live");
        Assert.True(response!.Ok, $"health/live answered {response.Status}");
    }
}
