using System.Text.Json.Nodes;
using Feedforward.Data;

namespace Feedforward.Cli.Modeling;

/// <summary>The feature scalings that --scale offers.</summary>
internal enum ScaleKind
{
    /// <summary>Features are used as they are.</summary>
    None,

    /// <summary>Each feature is mapped to [0, 1] over the training data.</summary>
    MinMax,

    /// <summary>Each feature gets mean 0 and standard deviation 1 over the training data.</summary>
    Standard,
}

/// <summary>Fits scalers and stores them in model files as JSON.</summary>
internal static class FeatureScaling
{
    /// <summary>Parses the value of --scale.</summary>
    /// <exception cref="CliException">The text is not minmax, standard or none.</exception>
    public static ScaleKind Parse(string text) => text switch
    {
        "minmax" => ScaleKind.MinMax,
        "standard" => ScaleKind.Standard,
        "none" => ScaleKind.None,
        _ => throw new CliException($"--scale '{text}' is not valid: choose minmax, standard or none"),
    };

    /// <summary>Fits a scaler of the given kind on the training features (rows are features), or returns null for none.</summary>
    public static IFeatureScaler? Fit(ScaleKind kind, Tensors.Matrix<float> features) => kind switch
    {
        ScaleKind.MinMax => MinMaxScaler.Fit(features),
        ScaleKind.Standard => StandardScaler.Fit(features),
        _ => null,
    };

    /// <summary>Returns the scaler's kind and parameters as JSON; null becomes { "kind": "none" }.</summary>
    public static JsonObject ToJson(IFeatureScaler? scaler) => scaler switch
    {
        MinMaxScaler minMax => new JsonObject
        {
            ["kind"] = "minmax",
            ["minimum"] = Array(minMax.Minimum),
            ["maximum"] = Array(minMax.Maximum),
        },
        StandardScaler standard => new JsonObject
        {
            ["kind"] = "standard",
            ["mean"] = Array(standard.Mean),
            ["standard_deviation"] = Array(standard.StandardDeviation),
        },
        null => new JsonObject { ["kind"] = "none" },
        _ => throw new NotSupportedException($"scaler {scaler.GetType().Name} cannot be stored in a model file"),
    };

    /// <summary>Recreates a scaler from <see cref="ToJson"/>'s output; returns null for "none".</summary>
    /// <exception cref="FormatException">The JSON does not describe a scaler.</exception>
    public static IFeatureScaler? FromJson(JsonNode node)
    {
        string kind = node["kind"]?.GetValue<string>() ?? throw new FormatException("the scaler has no \"kind\"");
        try
        {
            return kind switch
            {
                "none" => null,
                "minmax" => new MinMaxScaler(Floats(node, "minimum"), Floats(node, "maximum")),
                "standard" => new StandardScaler(Floats(node, "mean"), Floats(node, "standard_deviation")),
                _ => throw new FormatException($"scaler kind '{kind}' is unknown"),
            };
        }
        catch (ArgumentException e)
        {
            throw new FormatException(Cli.PlainMessage(e), e);
        }
    }

    private static JsonArray Array(float[] values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static float[] Floats(JsonNode node, string name) =>
        node[name] is JsonArray array
            ? [.. array.Select(v => v?.GetValue<float>() ?? throw new FormatException($"scaler \"{name}\" contains null"))]
            : throw new FormatException($"the scaler has no \"{name}\" array");
}
