using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;

namespace Memoize.Samples.Tests;

public sealed class WebApiSampleTests
{
    [Fact]
    public async Task Two_calls_of_an_endpoint_compute_once_and_the_metrics_endpoint_shows_one_hit()
    {
        int port = SampleProcess.FreeLoopbackPort();
        using SampleProcess sample = SampleProcess.Start("WebApi", $"--urls http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitUntilServingAsync(http, sample);

        JsonElement first = await http.GetFromJsonAsync<JsonElement>("/weather/Oslo");
        JsonElement second = await http.GetFromJsonAsync<JsonElement>("/weather/Oslo");
        JsonElement computations = await http.GetFromJsonAsync<JsonElement>("/memoize/computations");
        JsonElement metrics = await http.GetFromJsonAsync<JsonElement>("/memoize/metrics");
        JsonElement manifest = await http.GetFromJsonAsync<JsonElement>("/memoize/manifest");
        JsonElement store = await http.GetFromJsonAsync<JsonElement>("/memoize/store");

        Assert.Equal(first.GetProperty("computedAt").GetString(), second.GetProperty("computedAt").GetString());
        Assert.Equal(1, computations.GetProperty("computations").GetInt32());
        Assert.Equal("memory", store.GetProperty("defaultStore").GetString()); // no Redis connection string configured
        Assert.Equal(1, metrics.GetProperty("hits").GetInt64());
        Assert.Equal(1, metrics.GetProperty("misses").GetInt64());
        JsonElement entry = Assert.Single(manifest.EnumerateArray());
        // The prefix carries the fingerprint of the result's shape, so a changed Forecast record never reads old entries.
        Assert.Matches("^forecast@[0-9a-f]{8}:\\{city\\}$", entry.GetProperty("keyTemplate").GetString());
        Assert.Equal("WebApi", entry.GetProperty("assembly").GetString());
    }

    [Fact]
    public async Task Code_written_against_HybridCache_gets_Memoize_from_the_container_computes_once_and_a_tag_removal_recomputes()
    {
        int port = SampleProcess.FreeLoopbackPort();
        using SampleProcess sample = SampleProcess.Start("WebApi", $"--urls http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitUntilServingAsync(http, sample);

        JsonElement first = await http.GetFromJsonAsync<JsonElement>("/rates/nok");
        JsonElement second = await http.GetFromJsonAsync<JsonElement>("/rates/nok");
        int before = (await http.GetFromJsonAsync<JsonElement>("/memoize/computations")).GetProperty("rateComputations").GetInt32();
        using HttpResponseMessage removed = await http.DeleteAsync("/rates");
        JsonElement third = await http.GetFromJsonAsync<JsonElement>("/rates/nok");
        JsonElement metrics = await http.GetFromJsonAsync<JsonElement>("/memoize/metrics");
        int after = (await http.GetFromJsonAsync<JsonElement>("/memoize/computations")).GetProperty("rateComputations").GetInt32();

        Assert.Equal("NOK", first.GetProperty("currency").GetString());
        Assert.Equal(first.GetProperty("fetchedAt").GetString(), second.GetProperty("fetchedAt").GetString());
        Assert.Equal((1, 2), (before, after));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, removed.StatusCode);
        Assert.NotEqual(first.GetProperty("fetchedAt").GetString(), third.GetProperty("fetchedAt").GetString());
        Assert.Equal(1, metrics.GetProperty("hits").GetInt64()); // Memoize's own meter counted the HybridCache hit
    }

    private static async Task WaitUntilServingAsync(HttpClient http, SampleProcess sample)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync("/memoize/metrics");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !sample.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || sample.HasExited)
            {
                throw new InvalidOperationException($"The sample did not start serving.\n{sample.Output}");
            }

            await Task.Delay(200);
        }
    }
}
