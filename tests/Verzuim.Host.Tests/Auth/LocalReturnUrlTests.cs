using Verzuim.Host.Auth;

namespace Verzuim.Host.Tests.Auth;

/// <summary>After login the browser goes back only to a path on this host.</summary>
public sealed class LocalReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/werkbak/")]
    [InlineData("/studio/?model=kantelpunt#diagram")]
    [InlineData("/api/cases?status=open")]
    public void A_path_on_this_host_is_kept(string url) => Assert.Equal(url, LocalReturnUrl.OrRoot(url));

    [Theory]
    [InlineData("//evil.example/")]        // protocol-relative: another host
    [InlineData("/\\evil.example/")]       // browsers read a backslash as a slash
    [InlineData("/\t/evil.example/")]      // returnUrl=/%09/evil.example/: browsers drop the tab
    [InlineData("/\n/evil.example/")]
    [InlineData("/ /evil.example/")]
    [InlineData("/\u00a0/evil.example/")]   // no-break space
    [InlineData("https://evil.example/")]
    [InlineData("evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/werkbak\\..\\..\\evil")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_goes_to_the_start_page(string? url) => Assert.Equal("/", LocalReturnUrl.OrRoot(url));
}
