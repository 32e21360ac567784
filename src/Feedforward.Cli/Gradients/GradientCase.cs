using System.Text.Json;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Tensors;

namespace Feedforward.Cli.Gradients;

/// <summary>
/// A small network written out in full, with one batch of data: the input of
/// <c>ffnn gradients</c>. Matrices are arrays of rows, and inputs and targets have one column per
/// example.
/// </summary>
internal sealed record GradientCase(Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets)
{
    /// <summary>Reads and validates a case file. Every error names the file and the part at fault.</summary>
    /// <exception cref="CliException">The file is missing, is not valid JSON, or does not describe a consistent network.</exception>
    public static GradientCase Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"case file '{path}' does not exist: check the path");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new CliException($"case file '{path}' is not valid JSON: {e.Message}", e);
        }
        catch (CliException e)
        {
            throw new CliException($"case file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Builds the case from its JSON root, checking every shape against the layer before it.</summary>
    public static GradientCase Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CliException($"the top level is a JSON {Describe(root.ValueKind)}: expected an object with \"layers\", \"cost\", \"inputs\" and \"targets\"");
        }

        JsonElement layersElement = Property(root, "layers", "an array with one object per layer");
        if (layersElement.ValueKind != JsonValueKind.Array || layersElement.GetArrayLength() == 0)
        {
            throw new CliException("\"layers\" must be a non-empty array with one object per layer");
        }

        var layers = new List<DenseLayer<double>>();
        foreach (JsonElement layerElement in layersElement.EnumerateArray())
        {
            layers.Add(ParseLayer(layerElement, layers.Count + 1, layers.Count == 0 ? null : layers[^1].Units));
        }

        Cost cost = ParseCost(Property(root, "cost", "a cost name such as \"mean_squared_error\""));
        int inputSize = layers[0].InputSize;
        Matrix<double> inputs = ReadMatrix(Property(root, "inputs", $"an array of {inputSize} rows, one column per example"), "inputs");
        if (inputs.Rows != inputSize || inputs.Columns == 0)
        {
            throw new CliException(
                $"inputs are {inputs.Shape} but layer 1 takes {inputSize} inputs: expected {inputSize} rows (n[0]) and at least one column (one per example)");
        }

        int outputSize = layers[^1].Units;
        Matrix<double> targets = ReadMatrix(Property(root, "targets", $"an array of rows (usually {outputSize}, one per output unit), one column per example"), "targets");
        if (targets.Columns != inputs.Columns)
        {
            throw new CliException(
                $"targets are {targets.Shape} but inputs have {inputs.Columns} columns: give one target column per example (m = {inputs.Columns})");
        }

        var network = new Network<double>(layers, cost);
        CheckTargetRows(network, inputs, targets);
        return new GradientCase(network, inputs, targets);
    }

    /// <summary>
    /// Checks the targets against the cost by computing J once. The cost decides the number of
    /// target rows (one per output unit for most costs), so the network's own check is the rule.
    /// </summary>
    private static void CheckTargetRows(Network<double> network, Matrix<double> inputs, Matrix<double> targets)
    {
        try
        {
            network.ComputeCost(inputs, targets);
        }
        catch (ArgumentException e)
        {
            throw new CliException(Cli.PlainMessage(e), e);
        }
    }

    private static DenseLayer<double> ParseLayer(JsonElement element, int l, int? previousUnits)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CliException($"layer {l} is a JSON {Describe(element.ValueKind)}: expected an object with \"activation\", \"weights\" and \"bias\"");
        }

        Activation activation = ParseActivation(Property(element, "activation", "an activation name such as \"relu\"", l), l);
        Matrix<double> weights = ReadMatrix(Property(element, "weights", "an array of rows, one row per unit", l), $"layer {l} weights");
        if (weights.Rows == 0 || weights.Columns == 0)
        {
            throw new CliException($"layer {l}: weights are {weights.Shape}, but a layer needs at least one unit and one input");
        }

        if (previousUnits is { } n && weights.Columns != n)
        {
            throw new CliException(
                $"layer {l}: weights are {weights.Shape} but layer {l - 1} has {n} units: expected {weights.Rows} x {n} (n[{l}] x n[{l - 1}])");
        }

        Matrix<double> bias = ReadVector(Property(element, "bias", $"an array of {weights.Rows} numbers", l), $"layer {l} bias");
        if (bias.Rows != weights.Rows)
        {
            throw new CliException($"layer {l}: bias has {bias.Rows} elements but the weights are {weights.Shape}: expected {weights.Rows} (n[{l}])");
        }

        var layer = new DenseLayer<double>(weights.Columns, weights.Rows, activation);
        weights.AsSpan().CopyTo(layer.Weights.AsSpan());
        bias.AsSpan().CopyTo(layer.Bias.AsSpan());
        return layer;
    }

    private static Activation ParseActivation(JsonElement element, int l)
    {
        var (name, parameters) = ParseNamed(element, $"layer {l} activation");
        try
        {
            return ActivationCatalog.Create(name, parameters);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"layer {l}: {Cli.PlainMessage(e)}", e);
        }
    }

    private static Cost ParseCost(JsonElement element)
    {
        var (name, parameters) = ParseNamed(element, "cost");
        try
        {
            return CostCatalog.Create(name, parameters);
        }
        catch (ArgumentException e)
        {
            throw new CliException(Cli.PlainMessage(e), e);
        }
    }

    /// <summary>Reads a name given as "name" or as { "name": "name", "parameter": number, ... }.</summary>
    private static (string Name, Dictionary<string, double> Parameters) ParseNamed(JsonElement element, string location)
    {
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.String)
        {
            return (element.GetString()!, parameters);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CliException($"{location} is a JSON {Describe(element.ValueKind)}: expected a name or an object with \"name\" and numeric parameters");
        }

        string? name = null;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Name == "name")
            {
                name = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()
                    : throw new CliException($"{location} \"name\" must be a string");
            }
            else if (property.Value.ValueKind == JsonValueKind.Number)
            {
                parameters[property.Name] = property.Value.GetDouble();
            }
            else
            {
                throw new CliException($"{location} parameter \"{property.Name}\" is a JSON {Describe(property.Value.ValueKind)}, but parameters must be numbers");
            }
        }

        return name is null
            ? throw new CliException($"{location} has no \"name\": add one such as \"name\": \"relu\"")
            : (name, parameters);
    }

    private static Matrix<double> ReadMatrix(JsonElement element, string location)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new CliException($"{location} is a JSON {Describe(element.ValueKind)}: expected an array of rows of numbers");
        }

        var rows = new List<double[]>();
        foreach (JsonElement row in element.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
            {
                throw new CliException($"{location} row {rows.Count + 1} is a JSON {Describe(row.ValueKind)}: expected an array of numbers");
            }

            rows.Add(ReadNumbers(row, $"{location} row {rows.Count + 1}"));
            if (rows[^1].Length != rows[0].Length)
            {
                throw new CliException($"{location} row {rows.Count} has {rows[^1].Length} numbers but row 1 has {rows[0].Length}: all rows need the same length");
            }
        }

        return Matrix<double>.FromRows(rows);
    }

    private static Matrix<double> ReadVector(JsonElement element, string location)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new CliException($"{location} is a JSON {Describe(element.ValueKind)}: expected an array of numbers");
        }

        double[] values = ReadNumbers(element, location);
        return new Matrix<double>(values, values.Length, 1);
    }

    private static double[] ReadNumbers(JsonElement array, string location)
    {
        var values = new double[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement value in array.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out values[i]) || !double.IsFinite(values[i]))
            {
                throw new CliException($"{location} element {i + 1} is {value.GetRawText()}, not a finite number");
            }

            i++;
        }

        return values;
    }

    private static JsonElement Property(JsonElement obj, string name, string expected, int? layer = null)
    {
        if (obj.TryGetProperty(name, out JsonElement value))
        {
            return value;
        }

        string where = layer is { } l ? $"layer {l}: " : "";
        throw new CliException($"{where}\"{name}\" is missing: expected {expected}");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
