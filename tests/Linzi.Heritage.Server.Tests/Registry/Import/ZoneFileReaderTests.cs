using System.Text;
using Linzi.Heritage.Server.Registry.Import;

namespace Linzi.Heritage.Server.Tests.Registry.Import;

public sealed class ZoneFileReaderTests
{
    [Theory]
    [InlineData("xunma-zones.geojson", nameof(ZoneFileFormat.GeoJson))]
    [InlineData("xunma-zones.kml", nameof(ZoneFileFormat.Kml))]
    [InlineData("xunma-zones-gk39.zip", nameof(ZoneFileFormat.Shapefile))]
    public async Task ReadAsync_TellsTheFormatFromTheContentWhateverTheName(string fixture, string format)
    {
        await using var stream = File.OpenRead(ZoneFixtures.PathOf(fixture));

        var result = await ZoneFileReader.ReadAsync(stream, "upload.bin", "application/octet-stream", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Enum.Parse<ZoneFileFormat>(format), result.Format);
        Assert.Equal(2, result.Features.Count);
    }

    [Fact]
    public void Read_GeoJsonWithBom_IsRead()
    {
        var bytes = (byte[])[.. Encoding.UTF8.GetPreamble(), .. ZoneFixtures.Bytes("xunma-zones.geojson")];

        Assert.Equal(2, ZoneFileReader.Read(bytes, null, null).Features.Count);
    }

    [Fact]
    public void Read_UnknownContent_NamesTheFormatsAccepted()
    {
        var error = Assert.Single(ZoneFileReader.Read("id,kind\nxunma,protection\n"u8.ToArray(), "zones.csv", "text/csv").Errors);

        Assert.StartsWith("Unknown file format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LargerThanTheLimit_IsRefused()
    {
        await using var stream = File.OpenRead(ZoneFixtures.PathOf("xunma-zones.geojson"));

        var result = await ZoneFileReader.ReadAsync(stream, null, null, new ZoneFileReadOptions { MaxBytes = 100 }, TestContext.Current.CancellationToken);

        Assert.Contains("larger than", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DamagedZip_IsAFileError()
    {
        var bytes = ZoneFixtures.Bytes("xunma-zones-gk39.zip")[..200];

        Assert.Equal("file", Assert.Single(ZoneFileReader.Read(bytes, "zones.zip", null).Errors).Path);
    }
}
