using Linzi.Heritage.Server.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Linzi.Heritage.Browser.Tests.Infrastructure;

/// <summary>
/// A real server on a loopback port (Kestrel, embedded broker, SQLite in a temp directory, demo registry, the real
/// clock because the browser's clock is real) and helpers to open its pages as a given person.
/// The map's tiles point at a closed local port: this machine has no internet, and the pages must cope.
/// </summary>
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    public const string UnreachableTiles = "http://127.0.0.1:9/{z}/{x}/{y}.png";

    /// <summary>How long the UI may take to show a live change (the 5 seconds).</summary>
    public static readonly float LiveTimeoutMs = 5000;

    private readonly TempDirectory _data = new();
    private readonly List<IBrowserContext> _contexts = [];

    protected HeritageApp App { get; private set; } = null!;

    protected Uri BaseAddress { get; private set; } = null!;

    /// <summary>More server settings for a test class, such as quieter logging around a bulk set-up.</summary>
    protected virtual IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>();

    /// <summary>
    /// Keep the server's data in memory (/dev/shm, where there is one) rather than on disk: for a bulk set-up, where
    /// each of thousands of durable SQLite commits (an audit row per imported device) would wait for the disk.
    /// </summary>
    protected virtual bool DataInMemory => false;

    private string? _memoryData;

    public virtual async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["Map:Provider"] = "Custom",
            ["Map:TileUrl"] = UnreachableTiles,
        };
        foreach (var (key, value) in MoreSettings)
        {
            settings[key] = value;
        }

        if (DataInMemory && Directory.Exists("/dev/shm"))
        {
            _memoryData = Path.Combine("/dev/shm", "linzi-test-" + Guid.NewGuid().ToString("N"));
            settings["Storage:DataDirectory"] = _memoryData;
        }

        App = new HeritageApp(_data.Path, realHttp: true, systemClock: true, settings: settings);
        BaseAddress = App.HttpAddress;
        using var client = App.CreateClient();
        await HeritageApp.WaitUntilReadyAsync(client);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        await App.DisposeAsync();
        _data.Dispose();
        if (_memoryData is not null)
        {
            // As TempDirectory does: the SQLite pools let go first, and the integrity key lives beside the data.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var directory in new[] { _memoryData, _memoryData + "-keys" }.Where(Directory.Exists))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>A fresh browser context: a desktop window, or a 360×740 touch phone.</summary>
    protected async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 360, Height = 740 } : new ViewportSize { Width = 1400, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>Signs in through the sign-in page, as a person would, and waits for the target page to load.</summary>
    protected async Task<IPage> SignInAsync(string user, string path, bool phone = false) =>
        await SignInOnAsync(await NewPageAsync(phone), user, path);

    /// <summary>Signs in on a page already prepared (init scripts, routes).</summary>
    protected static async Task<IPage> SignInOnAsync(IPage page, string user, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(HeritageApp.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToBeAttachedAsync();
        return page;
    }

    protected static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifacts.Screenshot(name), FullPage = true });
}
