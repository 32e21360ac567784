using System.Text.Json;
using System.Text.Json.Nodes;
using Feedforward.Data;

namespace Feedforward.Cli.Modeling;

/// <summary>
/// The entries ffnn stores in a model file besides the network, so that evaluate and predict
/// prepare data exactly as train did. They are the task, the class names, the feature names,
/// the CSV label column, the fitted scalers and the training settings.
/// </summary>
/// <param name="LabelColumn">Name of the CSV label column in training, or null for other sources.</param>
/// <param name="TargetScaler">Standardization of regression targets, or null when targets were used as they are.</param>
/// <param name="Training">The training settings, the data source and the final metrics.</param>
internal sealed record ModelInfo(
    LearningTask Task,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<string> FeatureNames,
    string? LabelColumn,
    IFeatureScaler? FeatureScaler,
    IFeatureScaler? TargetScaler,
    JsonObject Training)
{
    private const string TaskKey = "task";
    private const string ClassNamesKey = "class_names";
    private const string FeatureNamesKey = "feature_names";
    private const string LabelColumnKey = "label_column";
    private const string FeatureScalerKey = "feature_scaler";
    private const string TargetScalerKey = "target_scaler";
    private const string TrainingKey = "training";

    /// <summary>Returns the metadata entries to store with <see cref="Serialization.ModelFile.Save{T}"/>.</summary>
    public Dictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TaskKey] = TaskName(Task),
            [ClassNamesKey] = Strings(ClassNames).ToJsonString(),
            [FeatureNamesKey] = Strings(FeatureNames).ToJsonString(),
            [FeatureScalerKey] = FeatureScaling.ToJson(FeatureScaler).ToJsonString(),
            [TrainingKey] = Training.ToJsonString(),
        };
        if (LabelColumn is not null)
        {
            metadata[LabelColumnKey] = LabelColumn;
        }

        if (TargetScaler is not null)
        {
            metadata[TargetScalerKey] = FeatureScaling.ToJson(TargetScaler).ToJsonString();
        }

        return metadata;
    }

    /// <summary>Reads the entries written by <see cref="ToMetadata"/>.</summary>
    /// <exception cref="CliException">An entry is missing or malformed: the file was not written by ffnn train, or was changed.</exception>
    public static ModelInfo FromMetadata(string path, IReadOnlyDictionary<string, string> metadata)
    {
        try
        {
            return new ModelInfo(
                ParseTask(Required(metadata, TaskKey)),
                ParseStrings(Required(metadata, ClassNamesKey)),
                ParseStrings(Required(metadata, FeatureNamesKey)),
                metadata.GetValueOrDefault(LabelColumnKey),
                FeatureScaling.FromJson(JsonNode.Parse(Required(metadata, FeatureScalerKey))!),
                metadata.TryGetValue(TargetScalerKey, out string? target) ? FeatureScaling.FromJson(JsonNode.Parse(target)!) : null,
                JsonNode.Parse(metadata.GetValueOrDefault(TrainingKey) ?? "{}")!.AsObject());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException or KeyNotFoundException)
        {
            throw new CliException(
                $"model file '{path}' was not written by ffnn train or was changed since: {Cli.PlainMessage(e)}; train the model again with 'ffnn train'", e);
        }
    }

    /// <summary>Returns the lowercase name of a task, as used on the command line and in model files.</summary>
    public static string TaskName(LearningTask task) => task switch
    {
        LearningTask.Regression => "regression",
        LearningTask.Multilabel => "multilabel",
        _ => "classification",
    };

    private static LearningTask ParseTask(string text) => text switch
    {
        "classification" => LearningTask.Classification,
        "regression" => LearningTask.Regression,
        "multilabel" => LearningTask.Multilabel,
        _ => throw new FormatException($"metadata \"{TaskKey}\" is '{text}', not classification, regression or multilabel"),
    };

    private static string Required(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? value) ? value : throw new KeyNotFoundException($"metadata \"{key}\" is missing");

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static string[] ParseStrings(string json) =>
        [.. JsonNode.Parse(json)!.AsArray().Select(v => v!.GetValue<string>())];
}
