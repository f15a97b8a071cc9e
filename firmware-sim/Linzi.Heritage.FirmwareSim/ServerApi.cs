using System.Net.Http.Headers;
using System.Net.Http.Json;
using Linzi.Heritage.Contracts.Api;

namespace Linzi.Heritage.FirmwareSim;

/// <summary>The few public API calls the simulator needs: sign in and list the registered devices.</summary>
internal sealed class ServerApi(HttpClient http)
{
    public async Task SignInAsync(string user, string password, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new TokenRequest(user, password), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in as {user} failed: HTTP {(int)response.StatusCode}");
        }

        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            ?? throw new InvalidOperationException("Empty token response");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
    }

    public async Task<IReadOnlyList<DeviceDto>> DevicesAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<DeviceDto>>("/api/devices", cancellationToken) ?? [];
}
