using System.Text.Json.Nodes;

namespace Feedforward.Cli.Modeling;

/// <summary>What a model predicts: one class, a number, or a set of tags per example.</summary>
internal enum LearningTask
{
    /// <summary>One class per example, from a fixed list.</summary>
    Classification,

    /// <summary>One number per example.</summary>
    Regression,

    /// <summary>Any number of tags per example, from a fixed list; a label lists them separated by ';'.</summary>
    Multilabel,
}

/// <summary>The label column of a CSV file, given either by header name or by 0-based position.</summary>
internal sealed record LabelColumnChoice(string? Name, int? Index)
{
    public override string ToString() => Name ?? Index!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Where the examples come from, as chosen by the data options.</summary>
internal abstract record DataSource
{
    /// <summary>Returns the source as JSON, to record in the model file how it was trained.</summary>
    public abstract JsonObject ToJson();
}

/// <summary>A dataset embedded in the library, by name.</summary>
internal sealed record BundledSource(string Name) : DataSource
{
    public override JsonObject ToJson() => new() { ["kind"] = "bundled", ["name"] = Name };
}

/// <summary>IDX files: a training pair and an optional test pair (each pair may be absent, but never half of one).</summary>
internal sealed record IdxSource(string? Images, string? Labels, string? TestImages, string? TestLabels) : DataSource
{
    public override JsonObject ToJson() => new()
    {
        ["kind"] = "idx",
        ["images"] = Images,
        ["labels"] = Labels,
        ["test_images"] = TestImages,
        ["test_labels"] = TestLabels,
    };
}

/// <summary>A CSV file with a header row; the label column and the task are null when not given.</summary>
internal sealed record CsvSource(string Path, LabelColumnChoice? LabelColumn, LearningTask? Task) : DataSource
{
    public override JsonObject ToJson() => new() { ["kind"] = "csv", ["path"] = Path, ["label_column"] = LabelColumn?.ToString() };
}
