using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feedforward.Tensors;

namespace Feedforward.Cli;

/// <summary>
/// Builds and prints the JSON that ffnn writes: objects indented, and every array of plain
/// values on one line, so that a matrix (an array of rows) reads as it is written by hand.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions ScalarOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Returns a number node. JSON has no NaN or infinity, so those become the strings "NaN",
    /// "Infinity" and "-Infinity", the names System.Text.Json reads back with
    /// <see cref="System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals"/>.
    /// </summary>
    public static JsonNode Number(double value)
    {
        if (double.IsFinite(value))
        {
            return JsonValue.Create(value);
        }

        if (double.IsNaN(value))
        {
            return JsonValue.Create("NaN");
        }

        return JsonValue.Create(value > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Returns the number node, or null for a missing value.</summary>
    public static JsonNode? Number(double? value) => value is { } v ? Number(v) : null;

    /// <summary>Returns a matrix as an array of rows.</summary>
    public static JsonArray Rows(Matrix<double> matrix)
    {
        var rows = new JsonArray();
        for (int i = 0; i < matrix.Rows; i++)
        {
            var row = new JsonArray();
            for (int j = 0; j < matrix.Columns; j++)
            {
                row.Add(Number(matrix[i, j]));
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Returns every element of a matrix, column after column, as one flat array (for vectors such as a bias).</summary>
    public static JsonArray Flat(Matrix<double> matrix)
    {
        var values = new JsonArray();
        foreach (double value in matrix.AsSpan())
        {
            values.Add(Number(value));
        }

        return values;
    }

    /// <summary>Returns the text of <paramref name="node"/> in ffnn's layout, without a final newline.</summary>
    public static string Serialize(JsonNode? node)
    {
        var text = new StringBuilder();
        Append(text, node, 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonNode? node, int indent)
    {
        switch (node)
        {
            case JsonObject obj:
                AppendObject(text, obj, indent);
                break;
            case JsonArray array when array.All(e => e is null or JsonValue):
                text.Append('[').AppendJoin(", ", array.Select(e => Scalar(e))).Append(']');
                break;
            case JsonArray array:
                AppendArray(text, array, indent);
                break;
            default:
                text.Append(Scalar(node));
                break;
        }
    }

    private static void AppendObject(StringBuilder text, JsonObject obj, int indent)
    {
        if (obj.Count == 0)
        {
            text.Append("{}");
            return;
        }

        text.Append("{\n");
        int i = 0;
        foreach (var (key, value) in obj)
        {
            text.Append(' ', indent + 2).Append(JsonSerializer.Serialize(key, ScalarOptions)).Append(": ");
            Append(text, value, indent + 2);
            text.Append(++i < obj.Count ? ",\n" : "\n");
        }

        text.Append(' ', indent).Append('}');
    }

    private static void AppendArray(StringBuilder text, JsonArray array, int indent)
    {
        text.Append("[\n");
        for (int i = 0; i < array.Count; i++)
        {
            text.Append(' ', indent + 2);
            Append(text, array[i], indent + 2);
            text.Append(i + 1 < array.Count ? ",\n" : "\n");
        }

        text.Append(' ', indent).Append(']');
    }

    private static string Scalar(JsonNode? node) => node is null ? "null" : node.ToJsonString(ScalarOptions);
}
