using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Tensors;

namespace Feedforward.Serialization;

/// <summary>A network read from a model file, with the file's metadata.</summary>
/// <param name="Network">The network, with the saved weights and biases.</param>
/// <param name="Metadata">Every "__metadata__" entry, including the ones <see cref="ModelFile"/> writes itself.</param>
public sealed record LoadedModel<T>(Network<T> Network, IReadOnlyDictionary<string, string> Metadata)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Saves and loads networks as safetensors files that other frameworks' safetensors readers
/// open: tensor "layers.{l}.weight" has shape [n[l], n[l-1]] in row-major order (the layout of
/// PyTorch's nn.Linear weight) and "layers.{l}.bias" has shape [n[l]], with l counted from 0.
/// </summary>
/// <remarks>
/// <para>
/// "__metadata__" contains "format" = "feedforward", "format_version", "architecture" (JSON:
/// input size, each layer in forward order, the cost, and the L2 penalty when it is not 0)
/// and any entries the caller adds, such as training settings or preprocessing. A dense layer
/// is {"units", "activation"}; a dropout layer is {"type": "dropout", "rate", "seed"} and has
/// no tensors, so l in the tensor names counts dense layers only.
/// </para>
/// <para>
/// Version 2 added dropout layers. <see cref="Save{T}"/> writes version 1 for a network
/// without dropout, so readers that know only version 1 still open it.
/// </para>
/// </remarks>
public static class ModelFile
{
    /// <summary>The newest format version this library writes and reads.</summary>
    public const int FormatVersion = 2;

    /// <summary>Metadata keys that <see cref="Save{T}"/> writes itself; callers may not set them.</summary>
    public static IReadOnlyList<string> ReservedKeys { get; } = ["format", "format_version", "architecture"];

    /// <summary>Writes the network and <paramref name="metadata"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save<T>(string path, Network<T> network, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (ReservedKeys.Contains(key))
            {
                throw new ArgumentException($"metadata key '{key}' is written by ModelFile itself; choose another key", nameof(metadata));
            }

            entries[key] = value;
        }

        bool hasDropout = network.AllLayers.Any(layer => layer is DropoutLayer<T>);
        entries["format"] = "feedforward";
        entries["format_version"] = (hasDropout ? 2 : 1).ToString(CultureInfo.InvariantCulture);
        entries["architecture"] = DescribeArchitecture(network).ToJsonString();

        string dtype = typeof(T) == typeof(double) ? "F64" : typeof(T) == typeof(float) ? "F32"
            : throw new NotSupportedException($"element type {typeof(T).Name} has no safetensors dtype here; use float or double");
        var tensors = new List<SafeTensor>();
        for (int l = 0; l < network.Layers.Count; l++)
        {
            DenseLayer<T> layer = network.Layers[l];
            T[] rowMajor = new T[layer.Weights.Length];
            for (int i = 0; i < layer.Units; i++)
            {
                for (int k = 0; k < layer.InputSize; k++)
                {
                    rowMajor[(i * layer.InputSize) + k] = layer.Weights[i, k];
                }
            }

            tensors.Add(new SafeTensor($"layers.{l}.weight", dtype, [layer.Units, layer.InputSize], SafeTensorsFile.ToBytes<T>(rowMajor)));
            tensors.Add(new SafeTensor($"layers.{l}.bias", dtype, [layer.Units], SafeTensorsFile.ToBytes<T>(layer.Bias.AsSpan())));
        }

        SafeTensorsFile.Write(path, tensors, entries);
    }

    /// <summary>Reads a network saved by <see cref="Save{T}"/>, converting the elements to <typeparamref name="T"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, not a Feedforward model, or from a newer format version.</exception>
    public static LoadedModel<T> Load<T>(string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (tensors, metadata) = SafeTensorsFile.Read(path);
        CheckVersion(path, metadata);
        if (!metadata.TryGetValue("architecture", out string? architectureJson))
        {
            throw Invalid(path, "its metadata has no 'architecture' entry");
        }

        var (inputSize, entries, cost, l2Penalty) = ParseArchitecture(path, architectureJson);
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var layers = new List<Layer<T>>();
        int previous = inputSize;
        int l = 0;
        foreach (ArchitectureEntry entry in entries)
        {
            if (entry.Activation is null)
            {
                layers.Add(new DropoutLayer<T>(previous, entry.DropoutRate, entry.Seed));
                continue;
            }

            var layer = new DenseLayer<T>(previous, entry.Units, entry.Activation);
            T[] weights = Elements<T>(path, byName, $"layers.{l}.weight", [layer.Units, layer.InputSize]);
            for (int i = 0; i < layer.Units; i++)
            {
                for (int k = 0; k < layer.InputSize; k++)
                {
                    layer.Weights[i, k] = weights[(i * layer.InputSize) + k];
                }
            }

            Elements<T>(path, byName, $"layers.{l}.bias", [layer.Units]).CopyTo(layer.Bias.AsSpan());
            layers.Add(layer);
            previous = layer.Units;
            l++;
        }

        try
        {
            return new LoadedModel<T>(new Network<T>(layers, cost) { L2Penalty = l2Penalty }, metadata);
        }
        catch (ArgumentException e)
        {
            throw Invalid(path, $"its architecture does not form a network ({e.Message})");
        }
    }

    private static void CheckVersion(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("format", out string? format) || format != "feedforward")
        {
            throw Invalid(path, "its metadata lacks \"format\": \"feedforward\"; it was not written by Feedforward");
        }

        if (!metadata.TryGetValue("format_version", out string? text)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int version))
        {
            throw Invalid(path, $"its format_version '{text}' is not a whole number");
        }

        if (version > FormatVersion)
        {
            throw Invalid(path, $"it has format version {version}, newer than the newest this Feedforward reads ({FormatVersion}); upgrade Feedforward to load it");
        }

        if (version < 1)
        {
            throw Invalid(path, $"its format version {version} is not valid; versions start at 1");
        }
    }

    private static JsonObject DescribeArchitecture<T>(Network<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layers = new JsonArray();
        foreach (Layer<T> layer in network.AllLayers)
        {
            // Typed as JsonNode so that Add(JsonNode) is called. The generic Add<T> that a
            // JsonObject would bind to is marked as needing reflection, which the AOT analyzers reject.
            JsonNode entry = layer switch
            {
                DenseLayer<T> dense => new JsonObject { ["units"] = dense.Units, ["activation"] = Describe(dense.Activation.Name, dense.Activation.Parameters) },
                DropoutLayer<T> dropout => new JsonObject { ["type"] = "dropout", ["rate"] = dropout.Rate, ["seed"] = dropout.Seed },
                _ => throw new NotSupportedException($"layer type {layer.GetType().Name} has no model-file form"),
            };
            layers.Add(entry);
        }

        var architecture = new JsonObject
        {
            ["input_size"] = network.InputSize,
            ["layers"] = layers,
            ["cost"] = Describe(network.Cost.Name, network.Cost.Parameters),
        };
        if (network.L2Penalty > 0)
        {
            architecture["l2_penalty"] = network.L2Penalty;
        }

        return architecture;
    }

    private static JsonObject Describe(string name, IReadOnlyDictionary<string, double> parameters)
    {
        var node = new JsonObject { ["name"] = name };
        foreach (var (key, value) in parameters)
        {
            node[key] = value;
        }

        return node;
    }

    private static (int InputSize, List<ArchitectureEntry> Layers, Cost Cost, double L2Penalty) ParseArchitecture(string path, string json)
    {
        try
        {
            JsonObject root = JsonNode.Parse(json)!.AsObject();
            int inputSize = root["input_size"]!.GetValue<int>();
            var entries = new List<ArchitectureEntry>();
            foreach (JsonNode? layer in root["layers"]!.AsArray())
            {
                string type = layer!["type"]?.GetValue<string>() ?? "dense";
                if (type == "dropout")
                {
                    double rate = layer["rate"]!.GetValue<double>();
                    DropoutLayer<float>.CheckRate(rate);
                    entries.Add(new ArchitectureEntry(0, null, rate, layer["seed"]!.GetValue<int>()));
                    continue;
                }

                if (type != "dense")
                {
                    throw Invalid(path, $"layer {entries.Count + 1} has type '{type}'; this Feedforward reads 'dense' and 'dropout'");
                }

                var (name, parameters) = ParseNamed(layer["activation"]!);
                entries.Add(new ArchitectureEntry(layer["units"]!.GetValue<int>(), ActivationCatalog.Create(name, parameters), 0, 0));
            }

            var (costName, costParameters) = ParseNamed(root["cost"]!);
            if (inputSize < 1 || entries.Count == 0 || entries.Any(e => e.Activation is not null && e.Units < 1))
            {
                throw Invalid(path, $"its architecture has input size {inputSize} and {entries.Count} layers; sizes must be at least 1");
            }

            double l2Penalty = root["l2_penalty"]?.GetValue<double>() ?? 0;
            return (inputSize, entries, CostCatalog.Create(costName, costParameters), l2Penalty);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw Invalid(path, $"its architecture entry is malformed ({e.Message})");
        }
    }

    private static (string Name, Dictionary<string, double> Parameters) ParseNamed(JsonNode node)
    {
        JsonObject obj = node.AsObject();
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            if (key != "name")
            {
                parameters[key] = value!.GetValue<double>();
            }
        }

        return (obj["name"]!.GetValue<string>(), parameters);
    }

    private static T[] Elements<T>(string path, Dictionary<string, SafeTensor> tensors, string name, long[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!tensors.TryGetValue(name, out SafeTensor? tensor))
        {
            throw Invalid(path, $"tensor '{name}' is missing");
        }

        if (!tensor.Shape.SequenceEqual(shape))
        {
            throw Invalid(path, $"tensor '{name}' has shape [{string.Join(", ", tensor.Shape)}] but the architecture needs [{string.Join(", ", shape)}]");
        }

        return tensor.DataType == "F64"
            ? [.. MemoryMarshal.Cast<byte, double>(tensor.Bytes).ToArray().Select(T.CreateChecked)]
            : [.. MemoryMarshal.Cast<byte, float>(tensor.Bytes).ToArray().Select(T.CreateChecked)];
    }

    /// <summary>One layer of the architecture entry: dense when <paramref name="Activation"/> is set, dropout otherwise.</summary>
    private sealed record ArchitectureEntry(int Units, Activation? Activation, double DropoutRate, int Seed);

    private static InvalidDataException Invalid(string path, string reason) =>
        new($"'{path}' is not a valid Feedforward model file: {reason}");
}
