using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Verzuim.Host.Auth.Dev;
using Verzuim.Workflows.Tests.Support;
using static Verzuim.Workflows.Tests.Support.Bpmn;

namespace Verzuim.Host.Tests.Api;

/// <summary>
/// A BPMN upload is refused past 5 MB also when it comes chunked (no Content-Length), on a real Kestrel server: the
/// host stops reading instead of taking in whatever the sender streams.
/// </summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private VerzuimHost _host = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _host = VerzuimHost.Create(await TestDatabase.CreateEmptyAsync("upload"));
        _host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _host.StartServer();
        await _host.Services.GetRequiredService<Engine.StoreInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        await _host.Services.GetRequiredService<DevClientRegistration>().Registered.WaitAsync(TimeSpan.FromSeconds(30));
        var address = new Uri(_host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _owner = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };
        var token = await _owner.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "eigenaar", ["password"] = DemoUsers.Password,
            ["client_id"] = DevIdentityProvider.WebClientId, ["client_secret"] = DevIdentityProvider.WebClientSecret, ["scope"] = "openid roles",
        }));
        _owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (string)JsonNode.Parse(await token.Content.ReadAsStringAsync())!["access_token"]!);
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _host.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/definitions/validate")]
    [InlineData("/api/definitions")]
    public async Task A_chunked_upload_over_5_MB_is_refused_with_413(string path)
    {
        var streamed = new CountingStream(64 * 1024 * 1024); // 64 MB of XML comment (the probe sent 20 MB)
        var content = new StreamContent(streamed);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _owner.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            // the server may close the connection while the client still sends: then it must have stopped early. What the
            // client counts as sent includes the loopback socket buffers (11 MB seen on a busy machine), hence the margin.
            Assert.True(streamed.Sent < 24 * 1024 * 1024, $"{streamed.Sent} bytes sent before the connection closed: {e.Message}");
            return;
        }
        Assert.Null(content.Headers.ContentLength); // it really went chunked
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("groter dan 5 MB", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_chunked_upload_under_the_limit_is_validated_as_usual()
    {
        var xml = Process("klein", """<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>""" + Flows("s", "e"));
        var content = new StreamContent(new MemoryStreamWithoutLength(Encoding.UTF8.GetBytes(xml)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        var response = await _owner.PostAsync("/api/definitions/validate", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)JsonNode.Parse(body)!["geldig"]!, body);
    }

    /// <summary>An endless-looking XML body of a given size, produced as it is read; not seekable, so HttpClient sends it chunked.</summary>
    private sealed class CountingStream(long size) : Stream
    {
        private static readonly byte[] Head = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!--");
        public long Sent { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Sent; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, size - Sent);
            for (var i = 0; i < n; i++) buffer[offset + i] = Sent + i < Head.Length ? Head[Sent + i] : (byte)'x';
            Sent += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class MemoryStreamWithoutLength(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
