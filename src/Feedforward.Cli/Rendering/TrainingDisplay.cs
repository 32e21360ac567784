using System.Globalization;
using Feedforward.Training;
using Spectre.Console;

namespace Feedforward.Cli.Rendering;

/// <summary>
/// Shows training as it runs (one progress bar per epoch, on a terminal) and then a table of
/// cost and accuracy per epoch.
/// </summary>
internal sealed class TrainingDisplay(IAnsiConsole console)
{
    /// <summary>
    /// Runs <paramref name="fit"/> with progress bars wired to the trainer's callbacks, after any
    /// batch callback already set. When the console is not interactive, nothing is shown until the table.
    /// </summary>
    public IReadOnlyList<EpochReport> Run<T>(Trainer<T> trainer, int epochCount, Func<IReadOnlyList<EpochReport>> fit)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return fit();
        }

        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 20 }, new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask? current = null;
                Action<BatchProgress>? earlierBatchCallback = trainer.BatchCompleted;
                trainer.BatchCompleted = progress =>
                {
                    earlierBatchCallback?.Invoke(progress);
                    if (current is null || progress.Batch == 1)
                    {
                        current = context.AddTask(EpochLabel(progress.Epoch, epochCount), maxValue: progress.BatchCount);
                    }

                    current.Value = progress.Batch;
                };
                trainer.EpochCompleted = report =>
                {
                    if (current is not null)
                    {
                        current.Description = $"{EpochLabel(report.Epoch, epochCount)} {Markup.Escape(Summary(report))}";
                        current.StopTask();
                        current = null;
                    }
                };
                return fit();
            });
    }

    /// <summary>Writes the table of learning rate, cost and accuracy per epoch, training and validation.</summary>
    public void WriteTable(IReadOnlyList<EpochReport> reports, string? caption)
    {
        bool hasAccuracy = reports.Any(r => r.TrainingAccuracy is not null);
        bool hasValidation = reports.Any(r => r.ValidationCost is not null);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("epoch").RightAligned());
        table.AddColumn(new TableColumn("learning rate").RightAligned());
        table.AddColumn(new TableColumn("cost").RightAligned());
        AddColumnIf(table, hasAccuracy, "accuracy");
        AddColumnIf(table, hasValidation, "validation cost");
        AddColumnIf(table, hasValidation && hasAccuracy, "validation accuracy");
        table.AddColumn(new TableColumn("seconds").RightAligned());

        foreach (EpochReport report in reports)
        {
            var cells = new List<string>
            {
                report.Epoch.ToString(CultureInfo.InvariantCulture),
                LearningRate(report.LearningRate),
                Number(report.TrainingCost),
            };
            if (hasAccuracy)
            {
                cells.Add(Percent(report.TrainingAccuracy));
            }

            if (hasValidation)
            {
                cells.Add(Number(report.ValidationCost));
                if (hasAccuracy)
                {
                    cells.Add(Percent(report.ValidationAccuracy));
                }
            }

            cells.Add(report.Duration.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
            table.AddRow([.. cells.Select(c => new Text(c))]);
        }

        if (caption is not null)
        {
            table.Caption(Markup.Escape(caption));
        }

        console.Write(table);
    }

    /// <summary>Formats a number with 4 decimals, or "-" when there is none.</summary>
    public static string Number(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-";

    /// <summary>Formats a fraction as a percentage with 2 decimals, or "-" when there is none.</summary>
    public static string Percent(double? value) => value is { } v ? (100 * v).ToString("F2", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>Formats a learning rate with 4 significant digits, such as 0.001 or 2.5e-05 (lowercase e).</summary>
    public static string LearningRate(double rate) => rate.ToString("g4", CultureInfo.InvariantCulture);

    private static string EpochLabel(int epoch, int epochCount) =>
        string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}/{epochCount}");

    // The training cost and one more measure, validation first. A finished epoch's line then
    // fits in 80 columns next to the bar, and the table after training has every column.
    private static string Summary(EpochReport report)
    {
        string text = $"cost {Number(report.TrainingCost)}";
        if (report.ValidationAccuracy is not null)
        {
            return text + $" val acc {Percent(report.ValidationAccuracy)}";
        }

        if (report.ValidationCost is not null)
        {
            return text + $" val cost {Number(report.ValidationCost)}";
        }

        return report.TrainingAccuracy is null ? text : text + $" acc {Percent(report.TrainingAccuracy)}";
    }

    private static void AddColumnIf(Table table, bool condition, string header)
    {
        if (condition)
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }
    }
}
