using System.CommandLine;
using System.Globalization;
using Feedforward.Cli.Modeling;
using Feedforward.Data;

namespace Feedforward.Cli.Commands;

/// <summary>
/// The options that choose a data source, shared by train and evaluate: a bundled dataset, IDX
/// image and label files, or a CSV file with a label column.
/// </summary>
internal sealed class DataOptions
{
    public Option<string?> Dataset { get; } = new("--dataset")
    {
        Description = $"Bundled dataset to use: {string.Join(" or ", BundledDatasets.Names)}. Without any data option, train uses {BundledDatasets.Digits} and evaluate uses the bundled dataset the model was trained on.",
    };

    public Option<string?> Images { get; } = new("--images") { Description = "IDX image file (MNIST format, plain or .gz) of the training examples." };

    public Option<string?> Labels { get; } = new("--labels") { Description = "IDX label file that belongs to --images." };

    public Option<string?> TestImages { get; } = new("--test-images") { Description = "IDX image file of a separate test set." };

    public Option<string?> TestLabels { get; } = new("--test-labels") { Description = "IDX label file that belongs to --test-images." };

    public Option<string?> Csv { get; } = new("--csv") { Description = "CSV file with a header row: numeric feature columns and one label column." };

    public Option<string?> LabelColumn { get; } = new("--label-column")
    {
        Description = "Label column of --csv, by header name or by 0-based index (a whole number is read as an index). The default is the last column, or at evaluate the column the model was trained with.",
    };

    public Option<string?> Task { get; } = new("--task")
    {
        Description = "What the CSV label is: classification, regression, or multilabel (tags separated by ';'). The default is inferred: regression for numeric labels with more than 20 distinct values or any fraction, classification otherwise.",
    };

    /// <summary>Adds every data option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Dataset, Images, Labels, TestImages, TestLabels, Csv, LabelColumn, Task })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Returns the data source the options describe, checking that they fit together, or null when no data option is given.</summary>
    /// <exception cref="CliException">Options of two sources are mixed, or one of a pair of files is missing.</exception>
    public DataSource? Read(ParseResult parsed)
    {
        string? dataset = parsed.GetValue(Dataset);
        string? images = parsed.GetValue(Images);
        string? labels = parsed.GetValue(Labels);
        string? testImages = parsed.GetValue(TestImages);
        string? testLabels = parsed.GetValue(TestLabels);
        string? csv = parsed.GetValue(Csv);
        string? labelColumn = parsed.GetValue(LabelColumn);
        string? task = parsed.GetValue(Task);

        int sources = (dataset is null ? 0 : 1) + (images is null && labels is null && testImages is null && testLabels is null ? 0 : 1) + (csv is null ? 0 : 1);
        if (sources > 1)
        {
            throw new CliException("choose one data source: --dataset, --images/--labels, or --csv");
        }

        if ((labelColumn is not null || task is not null) && csv is null)
        {
            throw new CliException($"{(labelColumn is not null ? "--label-column" : "--task")} applies only to --csv; add --csv FILE or remove it");
        }

        if (csv is not null)
        {
            return new CsvSource(csv, ParseLabelColumn(labelColumn), ParseTask(task));
        }

        if (images is not null || labels is not null || testImages is not null || testLabels is not null)
        {
            RequirePair("--images", images, "--labels", labels);
            RequirePair("--test-images", testImages, "--test-labels", testLabels);
            return new IdxSource(images, labels, testImages, testLabels);
        }

        return dataset is null ? null : new BundledSource(ParseDatasetName(dataset));
    }

    private static string ParseDatasetName(string name)
    {
        string? match = BundledDatasets.Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return match ?? throw new CliException($"--dataset '{name}' is not a bundled dataset: choose {string.Join(" or ", BundledDatasets.Names)}, or give --csv or --images");
    }

    private static void RequirePair(string firstName, string? first, string secondName, string? second)
    {
        if ((first is null) != (second is null))
        {
            (string given, string missing) = first is null ? (secondName, firstName) : (firstName, secondName);
            throw new CliException($"{given} needs {missing} as well: give both files");
        }
    }

    private static LabelColumnChoice? ParseLabelColumn(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            ? new LabelColumnChoice(null, index)
            : new LabelColumnChoice(text, null);
    }

    private static LearningTask? ParseTask(string? text) => text switch
    {
        null => null,
        "classification" => LearningTask.Classification,
        "regression" => LearningTask.Regression,
        "multilabel" => LearningTask.Multilabel,
        _ => throw new CliException($"--task '{text}' is not valid: choose classification, regression or multilabel"),
    };
}
