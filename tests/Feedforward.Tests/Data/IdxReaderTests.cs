using System.Buffers.Binary;
using System.IO.Compression;
using Feedforward.Data;

namespace Feedforward.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    // Two 2 x 3 images. Image 0 is 0, 51, 102 / 153, 204, 255, and image 1 is all 255 except a 0 at (1, 2).
    private static readonly byte[] Pixels = [0, 51, 102, 153, 204, 255, 255, 255, 255, 255, 255, 0];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_ReadsPlainAndGzip(bool compress)
    {
        // The gzipped files deliberately lack a .gz suffix: gzip is detected from the first bytes.
        string images = Write("images", Idx(0x0803, [2, 2, 3], Pixels), compress);
        string labels = Write("labels", Idx(0x0801, [2], [7, 2]), compress);

        Dataset dataset = IdxReader.LoadImagesAndLabels(images, labels);

        Assert.Equal(2, dataset.Count);
        Assert.Equal(6, dataset.Features.Rows);
        Assert.Equal(new[] { 0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f }, dataset.Features.Column(0).ToArray());
        Assert.Equal(new[] { 1f, 1f, 1f, 1f, 1f, 0f }, dataset.Features.Column(1).ToArray());
        Assert.Equal(new[] { 7, 2 }, dataset.Labels);
        Assert.Equal(new[] { "0", "1", "2", "3", "4", "5", "6", "7" }, dataset.ClassNames);
        Assert.Equal("pixel_1_2", dataset.FeatureNames[5]);
    }

    [Fact]
    public void Load_MissingFile_NamesPath()
    {
        string labels = Write("labels", Idx(0x0801, [2], [0, 1]));
        string missing = Path.Combine(_directory.Path, "no-such-file");

        var error = Assert.Throws<FileNotFoundException>(() => IdxReader.LoadImagesAndLabels(missing, labels));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SwappedFiles_ReportsMagicInHex()
    {
        string images = Write("images", Idx(0x0803, [2, 2, 3], Pixels));
        string labels = Write("labels", Idx(0x0801, [2], [0, 1]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.LoadImagesAndLabels(labels, images));

        Assert.Contains(labels, error.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000801", error.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000803", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotIdx_ReportsMagicInHex()
    {
        string images = Write("images", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]);
        string labels = Write("labels", Idx(0x0801, [2], [0, 1]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.LoadImagesAndLabels(images, labels));

        Assert.Contains("0x504B0304", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FloatElements_ReportsUnsupportedType()
    {
        string images = Write("images", Idx(0x0D03, [1, 1, 1], [0, 0, 0, 0]));
        string labels = Write("labels", Idx(0x0801, [1], [0]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.LoadImagesAndLabels(images, labels));

        Assert.Contains("0x0D", error.Message, StringComparison.Ordinal);
        Assert.Contains("32-bit float", error.Message, StringComparison.Ordinal);
        Assert.Contains("unsigned bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_TruncatedData_ReportsByteCounts(bool compress)
    {
        string images = Write("images", Idx(0x0803, [2, 2, 3], Pixels[..10]), compress);
        string labels = Write("labels", Idx(0x0801, [2], [0, 1]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.LoadImagesAndLabels(images, labels));

        Assert.Contains(images, error.Message, StringComparison.Ordinal);
        Assert.Contains("12 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedHeader_ReportsIt()
    {
        string images = Write("images", Idx(0x0803, [2, 2, 3], [])[..9]);
        string labels = Write("labels", Idx(0x0801, [2], [0, 1]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.LoadImagesAndLabels(images, labels));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CountMismatch_NamesBothFiles()
    {
        string images = Write("images", Idx(0x0803, [2, 2, 3], Pixels));
        string labels = Write("labels", Idx(0x0801, [3], [0, 1, 2]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.LoadImagesAndLabels(images, labels));

        Assert.Contains($"'{images}' has 2 images", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{labels}' has 3 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenGzip_ReportsIt()
    {
        byte[] compressed = Gzip(Idx(0x0803, [2, 2, 3], Pixels));
        compressed[2] = 0x07; // The gzip header allows only compression method 8 (deflate).
        string images = Write("images", compressed);
        string labels = Write("labels", Idx(0x0801, [2], [0, 1]));

        var error = Assert.Throws<DataFormatException>(() => IdxReader.LoadImagesAndLabels(images, labels));

        Assert.Contains("gzip", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Idx(int magic, int[] dimensions, byte[] data)
    {
        byte[] bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dimensions[d]);
        }

        data.CopyTo(bytes, 4 + 4 * dimensions.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private string Write(string name, byte[] bytes, bool compress = false) =>
        _directory.WriteBytes(name, compress ? Gzip(bytes) : bytes);
}
