using System.Buffers.Binary;
using System.Text;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Serialization;
using Feedforward.Tensors;

namespace Feedforward.Tests.Serialization;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ffnn-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Network<float> SampleNetwork() => Network<float>.Create(
        4,
        [new LayerSpec(3, ActivationCatalog.Relu), new LayerSpec(2, ActivationCatalog.Softmax)],
        CostCatalog.CategoricalCrossEntropy,
        seed: 5);

    [Fact]
    public void Round_trip_is_bit_for_bit()
    {
        Network<float> network = SampleNetwork();
        network.Layers[1].Bias[1, 0] = 0.25f;
        string path = Path.Combine(_folder, "model.safetensors");

        ModelFile.Save(path, network, new Dictionary<string, string> { ["training"] = "{\"epochs\":3}" });
        LoadedModel<float> loaded = ModelFile.Load<float>(path);

        Assert.Equal("{\"epochs\":3}", loaded.Metadata["training"]);
        Assert.Equal("categorical_cross_entropy", loaded.Network.Cost.Name);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Assert.Equal(network.Layers[l].Activation.Name, loaded.Network.Layers[l].Activation.Name);
            Assert.Equal(Bits(network.Layers[l].Weights), Bits(loaded.Network.Layers[l].Weights));
            Assert.Equal(Bits(network.Layers[l].Bias), Bits(loaded.Network.Layers[l].Bias));
        }

        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Weights_are_stored_row_major_as_units_by_inputs()
    {
        // The layout of PyTorch's nn.Linear weight: element (i, k) at i * inputs + k.
        Network<float> network = SampleNetwork();
        string path = Path.Combine(_folder, "model.safetensors");
        ModelFile.Save(path, network);

        var (tensors, _) = SafeTensorsFile.Read(path);
        SafeTensor weight = tensors.Single(t => t.Name == "layers.0.weight");
        float[] values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(weight.Bytes).ToArray();

        Assert.Equal([3L, 4L], weight.Shape);
        Assert.Equal(network.Layers[0].Weights[1, 2], values[(1 * 4) + 2]);
    }

    [Fact]
    public void Header_is_safetensors_json_with_metadata()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        ModelFile.Save(path, SampleNetwork());
        byte[] bytes = File.ReadAllBytes(path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);

        Assert.Equal(0UL, headerLength % 8);
        Assert.Contains("\"__metadata__\"", header, StringComparison.Ordinal);
        Assert.Contains("\"format_version\":\"1\"", header, StringComparison.Ordinal);
        Assert.Contains("\"dtype\":\"F32\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_file_is_rejected()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        ModelFile.Save(path, SampleNetwork());
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 5)]);

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(path));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_header_is_rejected()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        ModelFile.Save(path, SampleNetwork());
        byte[] bytes = File.ReadAllBytes(path);
        bytes[9] = (byte)'#';
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(path));
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Newer_format_version_is_rejected()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        ModelFile.Save(path, SampleNetwork());
        RewriteHeader(path, header => header.Replace("\"format_version\":\"1\"", "\"format_version\":\"7\"", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => ModelFile.Load<float>(path));
        Assert.Contains("format version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_reported_with_its_path()
    {
        string path = Path.Combine(_folder, "absent.safetensors");

        var error = Assert.Throws<FileNotFoundException>(() => ModelFile.Load<float>(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_save_keeps_the_previous_file()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        ModelFile.Save(path, SampleNetwork());
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => ModelFile.Save(path, SampleNetwork(), new Dictionary<string, string> { ["format"] = "x" }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    private static void RewriteHeader(string path, Func<string, string> edit)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = edit(Encoding.UTF8.GetString(bytes, 8, headerLength));
        byte[] newHeader = Encoding.UTF8.GetBytes(header.PadRight(headerLength));
        Assert.Equal(headerLength, newHeader.Length);
        newHeader.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
    }

    private static int[] Bits(Matrix<float> matrix) =>
        [.. matrix.AsSpan().ToArray().Select(BitConverter.SingleToInt32Bits)];
}
