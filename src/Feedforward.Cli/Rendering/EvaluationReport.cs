using System.Globalization;
using System.Text.Json.Nodes;
using Feedforward.Cli.Modeling;
using Spectre.Console;

namespace Feedforward.Cli.Rendering;

/// <summary>Renders evaluation metrics as Spectre tables and as JSON.</summary>
internal static class EvaluationReport
{
    public static JsonObject ToJson(ClassificationMetrics metrics, IReadOnlyList<string> classNames)
    {
        var confusion = new JsonArray();
        for (int i = 0; i < classNames.Count; i++)
        {
            var row = new JsonArray();
            for (int j = 0; j < classNames.Count; j++)
            {
                row.Add(metrics.Confusion[i, j]);
            }

            confusion.Add(row);
        }

        return new JsonObject
        {
            ["accuracy"] = metrics.Accuracy,
            ["macro_f1"] = metrics.MacroF1,
            ["classes"] = new JsonArray([.. classNames.Select(name => (JsonNode?)name)]),
            ["confusion_matrix"] = confusion,
            ["per_class"] = ScoresToJson(metrics.PerClass, "class"),
        };
    }

    public static JsonObject ToJson(RegressionMetrics metrics) => new()
    {
        ["mse"] = JsonOutput.Number(metrics.MeanSquaredError),
        ["mae"] = JsonOutput.Number(metrics.MeanAbsoluteError),
        ["r2"] = JsonOutput.Number(metrics.RSquared),
    };

    public static JsonObject ToJson(MultilabelMetrics metrics) => new()
    {
        ["subset_accuracy"] = metrics.SubsetAccuracy,
        ["tag_accuracy"] = metrics.TagAccuracy,
        ["per_tag"] = ScoresToJson(metrics.PerTag, "tag"),
    };

    public static void Write(IAnsiConsole console, ClassificationMetrics metrics, IReadOnlyList<string> classNames)
    {
        console.WriteLine($"Accuracy {TrainingDisplay.Percent(metrics.Accuracy)}, macro F1 {Fixed(metrics.MacroF1)}");
        console.WriteLine("Confusion matrix (rows: true class, columns: predicted class):");
        var confusion = new Table().Border(TableBorder.Rounded);
        confusion.AddColumn(new TableColumn(""));
        foreach (string name in classNames)
        {
            confusion.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        for (int i = 0; i < classNames.Count; i++)
        {
            var cells = new List<Text> { new(classNames[i]) };
            for (int j = 0; j < classNames.Count; j++)
            {
                cells.Add(new Text(metrics.Confusion[i, j].ToString(CultureInfo.InvariantCulture)));
            }

            confusion.AddRow(cells);
        }

        console.Write(confusion);
        console.Write(ScoreTable("class", metrics.PerClass));
    }

    public static void Write(IAnsiConsole console, RegressionMetrics metrics)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("metric");
        table.AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("mean squared error", Fixed(metrics.MeanSquaredError));
        table.AddRow("mean absolute error", Fixed(metrics.MeanAbsoluteError));
        table.AddRow("R²", metrics.RSquared is { } r2 ? Fixed(r2) : "undefined (constant targets)");
        console.Write(table);
    }

    public static void Write(IAnsiConsole console, MultilabelMetrics metrics)
    {
        console.WriteLine($"Subset accuracy {TrainingDisplay.Percent(metrics.SubsetAccuracy)}, tag accuracy {TrainingDisplay.Percent(metrics.TagAccuracy)}");
        console.Write(ScoreTable("tag", metrics.PerTag));
    }

    private static Table ScoreTable(string kind, IReadOnlyList<ClassScore> scores)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(kind);
        foreach (string header in new[] { "precision", "recall", "F1", "support" })
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (ClassScore score in scores)
        {
            table.AddRow(
                new Text(score.Name),
                new Text(Fixed(score.Precision)),
                new Text(Fixed(score.Recall)),
                new Text(Fixed(score.F1)),
                new Text(score.Support.ToString(CultureInfo.InvariantCulture)));
        }

        return table;
    }

    private static JsonArray ScoresToJson(IReadOnlyList<ClassScore> scores, string kind) =>
        new([.. scores.Select(score => (JsonNode?)new JsonObject
        {
            [kind] = score.Name,
            ["precision"] = score.Precision,
            ["recall"] = score.Recall,
            ["f1"] = score.F1,
            ["support"] = score.Support,
        })]);

    private static string Fixed(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
