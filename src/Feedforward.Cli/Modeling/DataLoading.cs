using System.Globalization;
using System.Text.Json.Nodes;
using Feedforward.Data;
using Feedforward.Tensors;

namespace Feedforward.Cli.Modeling;

/// <summary>The examples for training: the training set, an optional separate test set, and what the labels mean.</summary>
/// <param name="LabelColumn">Name of the CSV label column, or null for other sources.</param>
internal sealed record TrainingData(Dataset Train, Dataset? Test, LearningTask Task, string? LabelColumn);

/// <summary>Reads the data a <see cref="DataSource"/> names, for training, evaluation or prediction.</summary>
internal static class DataLoading
{
    /// <summary>The most distinct integer labels that a CSV file may have for its task to be inferred as classification.</summary>
    public const int MaxInferredClasses = 20;

    /// <summary>Reads the training data, and for a CSV file without --task, infers the task from the labels.</summary>
    public static TrainingData LoadForTraining(DataSource source) => source switch
    {
        BundledSource bundled => new TrainingData(BundledDatasets.Load(bundled.Name), null, LearningTask.Classification, null),
        IdxSource idx => LoadIdxForTraining(idx),
        CsvSource csv => LoadCsvForTraining(csv),
        _ => throw new NotSupportedException(source.GetType().Name),
    };

    /// <summary>
    /// Reads labelled data to evaluate <paramref name="model"/> on, and returns it with a
    /// description for the report. For the bundled dataset the model was trained on, that is the
    /// held-out part of the same split. For IDX files it is the test pair when one is given.
    /// </summary>
    public static (Dataset Data, string Description) LoadForEvaluation(DataSource source, TrainedModel model) => source switch
    {
        BundledSource bundled => LoadBundledForEvaluation(bundled, model),
        IdxSource idx when idx.TestImages is not null => (IdxReader.LoadImagesAndLabels(idx.TestImages, idx.TestLabels!), $"'{idx.TestImages}'"),
        IdxSource idx when idx.Images is not null => (IdxReader.LoadImagesAndLabels(idx.Images, idx.Labels!), $"'{idx.Images}'"),
        CsvSource csv => (LoadCsvForEvaluation(csv, model), $"'{csv.Path}'"),
        _ => throw new CliException("give the data to evaluate on: --dataset, --images/--labels (or --test-images/--test-labels), or --csv"),
    };

    /// <summary>Returns features of a CSV file (skipping the model's label column when present) or of an IDX image file.</summary>
    public static Dataset LoadFeaturesForPrediction(string? csvPath, string? imagesPath, TrainedModel model)
    {
        if (csvPath is not null)
        {
            return CsvReader.LoadFeatures(csvPath, model.Info.LabelColumn);
        }

        Matrix<float> images = IdxReader.ReadImages(imagesPath!);
        return new Dataset(images, model.Info.FeatureNames.Count == images.Rows ? model.Info.FeatureNames : PixelNames(images.Rows));
    }

    private static TrainingData LoadIdxForTraining(IdxSource idx)
    {
        if (idx.Images is null || idx.Labels is null)
        {
            throw new CliException("--test-images and --test-labels need --images and --labels for training: give the training files too");
        }

        Dataset train = IdxReader.LoadImagesAndLabels(idx.Images, idx.Labels);
        Dataset? test = idx.TestImages is null ? null : IdxReader.LoadImagesAndLabels(idx.TestImages, idx.TestLabels!);
        return new TrainingData(train, test, LearningTask.Classification, null);
    }

    private static TrainingData LoadCsvForTraining(CsvSource csv)
    {
        Dataset data;
        LearningTask task;
        if (csv.Task == LearningTask.Regression)
        {
            data = CsvReader.Load(csv.Path, ReadOptions(csv.LabelColumn, TaskKind.Regression, null));
            task = LearningTask.Regression;
        }
        else
        {
            data = CsvReader.Load(csv.Path, ReadOptions(csv.LabelColumn, TaskKind.Classification, null));
            task = csv.Task ?? InferTask(data);
            if (task == LearningTask.Regression)
            {
                data = ToRegression(data);
            }
        }

        string labelColumn = LabelColumnName(csv.Path, data.FeatureNames.Count + 1, csv.LabelColumn);
        return new TrainingData(data, null, task, labelColumn);
    }

    private static Dataset LoadCsvForEvaluation(CsvSource csv, TrainedModel model)
    {
        LearningTask task = model.Info.Task;
        if (csv.Task is { } given && given != task)
        {
            throw new CliException($"--task {ModelInfo.TaskName(given)} does not match model '{model.Path}', which was trained for {ModelInfo.TaskName(task)}: remove --task");
        }

        LabelColumnChoice? labelColumn = csv.LabelColumn ?? (model.Info.LabelColumn is { } name ? new LabelColumnChoice(name, null) : null);
        return task switch
        {
            LearningTask.Regression => CsvReader.Load(csv.Path, ReadOptions(labelColumn, TaskKind.Regression, null)),
            LearningTask.Classification => CsvReader.Load(csv.Path, ReadOptions(labelColumn, TaskKind.Classification, model.Info.ClassNames)),
            _ => CsvReader.Load(csv.Path, ReadOptions(labelColumn, TaskKind.Classification, null)),
        };
    }

    private static (Dataset Data, string Description) LoadBundledForEvaluation(BundledSource bundled, TrainedModel model)
    {
        Dataset data = BundledDatasets.Load(bundled.Name);
        JsonObject training = model.Info.Training;
        bool sameDataset = training["data"]?["kind"]?.GetValue<string>() == "bundled"
            && training["data"]?["name"]?.GetValue<string>() == bundled.Name;
        double split = training["validation_split"]?.GetValue<double>() ?? 0;
        if (!sameDataset || split <= 0)
        {
            return (data, $"'{bundled.Name}' (all {data.Count} examples)");
        }

        int seed = training["seed"]?.GetValue<int>() ?? 0;
        string percent = string.Create(CultureInfo.InvariantCulture, $"{split * 100:0.##}%");
        return (data.Split(split, seed).Validation, $"the held-out {percent} of '{bundled.Name}' (the validation part of training, seed {seed})");
    }

    /// <summary>
    /// Infers regression when every label is a number and the labels either include a
    /// fraction or take more than <see cref="MaxInferredClasses"/> distinct values.
    /// </summary>
    private static LearningTask InferTask(Dataset data)
    {
        IReadOnlyList<string> names = data.ClassNames!;
        var numbers = new List<double>();
        foreach (string name in names)
        {
            if (!double.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                return LearningTask.Classification;
            }

            numbers.Add(value);
        }

        bool hasFraction = numbers.Any(v => v != Math.Floor(v));
        return hasFraction || numbers.Count > MaxInferredClasses ? LearningTask.Regression : LearningTask.Classification;
    }

    private static Dataset ToRegression(Dataset data)
    {
        var targets = new Matrix<float>(1, data.Count);
        for (int j = 0; j < data.Count; j++)
        {
            targets[0, j] = (float)double.Parse(data.ClassNames![data.Labels![j]], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return new Dataset(data.Features, data.FeatureNames, targets: targets);
    }

    private static CsvReadOptions ReadOptions(LabelColumnChoice? labelColumn, TaskKind task, IReadOnlyList<string>? knownClasses) => new()
    {
        LabelColumn = labelColumn?.Name,
        LabelColumnIndex = labelColumn?.Index,
        Task = task,
        KnownClasses = knownClasses,
    };

    /// <summary>
    /// Returns the header name of the label column. A column given by index (or the default,
    /// the last one) has no name in the <see cref="Dataset"/>, so the header is parsed again by
    /// the library's CSV reader with one row of zeros under it, which reads every column as a feature.
    /// </summary>
    // NOTE: a CsvReader API that returns the label column's name would replace this re-read.
    private static string LabelColumnName(string path, int columnCount, LabelColumnChoice? choice)
    {
        if (choice?.Name is { } name)
        {
            return name;
        }

        string header = File.ReadLines(path).First(line => !string.IsNullOrWhiteSpace(line));
        string zeros = string.Join(',', Enumerable.Repeat("0", columnCount));
        Dataset columns = CsvReader.ReadFeatures(new StringReader(header + "\n" + zeros), path);
        return columns.FeatureNames[choice?.Index ?? columnCount - 1];
    }

    private static string[] PixelNames(int count) =>
        [.. Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"pixel_{i}"))];
}
