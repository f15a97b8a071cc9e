using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Linzi.Heritage.Browser.Tests.Infrastructure.BrowserFixture))]

// One server and browser page set at a time: on two cores, parallel servers and renderers would stretch the
// 5-second live checks for reasons that are not the product's.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Linzi.Heritage.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Debian chromium for the whole run, driven by Playwright through <c>ExecutablePath</c> (Playwright's
/// own browser download is not used and not reachable here). Each test opens its own isolated contexts.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package installs the browser; tests/run.sh installs it.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (tests/run.sh does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without the background-networking switches chromium keeps dialling Google on this closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
