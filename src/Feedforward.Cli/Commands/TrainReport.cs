using System.Globalization;
using System.Text.Json.Nodes;
using Feedforward.Cli.Modeling;
using Feedforward.Cli.Rendering;
using Feedforward.Data;
using Feedforward.Training;
using Spectre.Console;

namespace Feedforward.Cli.Commands;

/// <summary>What <c>ffnn train</c> reports after training: the final metrics, the early-stopping outcome, and the settings stored in the model file.</summary>
internal static class TrainReport
{
    /// <summary>
    /// Returns the final metrics: cost and accuracy on the whole training part and on the
    /// validation data, with the weights training ended with (under early stopping, those of the
    /// best epoch), and one entry per epoch.
    /// </summary>
    public static JsonObject DescribeResult(TrainSettings settings, LearningTask task, Network<float> network, TrainCommand.Prepared prepared, IReadOnlyList<EpochReport> reports, Trainer<float> trainer, TimeSpan training, TimeSpan loading)
    {
        (double cost, double? accuracy) = Evaluation.Evaluate(network, prepared.Inputs, prepared.Targets);
        var result = new JsonObject
        {
            ["task"] = ModelInfo.TaskName(task),
            ["model"] = settings.ModelPath,
            ["training"] = Metrics(cost, accuracy, prepared.Inputs.Columns),
        };
        if (prepared.ValidationInputs is { } validationInputs && prepared.ValidationTargets is { } validationTargets)
        {
            (double validationCost, double? validationAccuracy) = Evaluation.Evaluate(network, validationInputs, validationTargets);
            result["validation"] = Metrics(validationCost, validationAccuracy, validationInputs.Columns);
        }

        var epochs = new JsonArray();
        foreach (EpochReport report in reports)
        {
            epochs.Add(new JsonObject
            {
                ["epoch"] = report.Epoch,
                ["learning_rate"] = report.LearningRate,
                ["cost"] = JsonOutput.Number(report.TrainingCost),
                ["accuracy"] = JsonOutput.Number(report.TrainingAccuracy),
                ["validation_cost"] = JsonOutput.Number(report.ValidationCost),
                ["validation_accuracy"] = JsonOutput.Number(report.ValidationAccuracy),
                ["seconds"] = report.Duration.TotalSeconds,
            });
        }

        result["epochs"] = epochs;
        if (settings.Regularization.EarlyStopping is not null)
        {
            result["early_stopping"] = new JsonObject
            {
                ["stopped_early"] = trainer.StoppedEarly,
                ["best_epoch"] = trainer.BestEpoch,
                ["epochs_run"] = reports.Count,
            };
        }

        result["seconds"] = training.TotalSeconds;
        result["load_seconds"] = loading.TotalSeconds;
        return result;
    }

    /// <summary>Returns the sentence reporting whether early stopping ended the run, and which epoch's weights were kept.</summary>
    public static string DescribeEarlyStopping(EarlyStopping earlyStopping, Trainer<float> trainer, IReadOnlyList<EpochReport> reports)
    {
        int best = trainer.BestEpoch ?? reports.Count;
        bool byAccuracy = earlyStopping.Metric == EarlyStoppingMetric.ValidationAccuracy;
        EpochReport bestReport = reports[best - 1];
        string measure = byAccuracy
            ? $"validation accuracy {TrainingDisplay.Percent(bestReport.ValidationAccuracy)}"
            : $"validation cost {TrainingDisplay.Number(bestReport.ValidationCost)}";
        if (trainer.StoppedEarly)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Early stopping: no improvement for {EpochCount(earlyStopping.Patience)} after epoch {best}, so training stopped after epoch {reports.Count} of {reports[^1].EpochCount}. The weights of epoch {best} ({measure}) were restored.");
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"Early stopping did not end the run. The weights of epoch {best} ({measure}), the best epoch, were restored.");
    }

    /// <summary>Returns the settings to store in the model file, so that a run can be repeated and evaluate can find the held-out part.</summary>
    public static JsonObject DescribeTraining(TrainSettings settings, double validationSplit, JsonObject result)
    {
        RegularizationSettings regularization = settings.Regularization;
        var training = new JsonObject
        {
            ["data"] = settings.Data.ToJson(),
            ["hidden"] = new JsonArray([.. settings.Hidden.Select(units => (JsonNode?)units)]),
            ["activation"] = settings.Activation.ToString(),
            ["output_activation"] = settings.OutputActivation?.ToString(),
            ["cost"] = settings.Cost?.ToString(),
            ["optimizer"] = settings.Optimizer.ToString(),
            ["learning_rate"] = settings.LearningRate,
            ["schedule"] = settings.Schedule?.ToString(),
            ["max_gradient_norm"] = settings.MaxGradientNorm,
            ["dropout"] = regularization.Dropout,
            ["input_dropout"] = regularization.InputDropout,
            ["l2"] = regularization.L2,
            ["epochs"] = settings.Epochs,
            ["batch_size"] = settings.BatchSize,
            ["seed"] = settings.Seed,
            ["validation_split"] = validationSplit,
        };
        if (regularization.EarlyStopping is { } earlyStopping)
        {
            training["early_stopping"] = new JsonObject
            {
                ["patience"] = earlyStopping.Patience,
                ["metric"] = earlyStopping.Metric == EarlyStoppingMetric.ValidationAccuracy ? "accuracy" : "cost",
                ["min_delta"] = earlyStopping.MinDelta,
                ["best_epoch"] = result["early_stopping"]?["best_epoch"]?.DeepClone(),
            };
        }

        training["training"] = result["training"]?.DeepClone();
        training["validation"] = result["validation"]?.DeepClone();
        return training;
    }

    public static void WriteSummary(IAnsiConsole console, TrainSettings settings, JsonObject result, bool hasValidation)
    {
        string part = hasValidation ? "validation" : "training";
        JsonNode? metrics = result[part];
        string accuracy = metrics?["accuracy"] is JsonValue value && value.TryGetValue(out double a) ? $", accuracy {TrainingDisplay.Percent(a)}" : "";
        string seconds = result["seconds"]!.GetValue<double>().ToString("F1", CultureInfo.InvariantCulture);
        string loadSeconds = result["load_seconds"]!.GetValue<double>().ToString("F1", CultureInfo.InvariantCulture);
        console.WriteLine($"Final {part} cost {TrainingDisplay.Number(metrics?["cost"]?.GetValue<double>())}{accuracy} ({metrics?["examples"]} examples).");
        console.WriteLine($"Loaded the data in {loadSeconds} s and trained in {seconds} s.");
        console.WriteLine($"Model written to {settings.ModelPath}");
    }

    private static string EpochCount(int epochs) =>
        epochs == 1 ? "1 epoch" : string.Create(CultureInfo.InvariantCulture, $"{epochs} epochs");

    private static JsonObject Metrics(double cost, double? accuracy, int examples) => new()
    {
        ["examples"] = examples,
        ["cost"] = JsonOutput.Number(cost),
        ["accuracy"] = JsonOutput.Number(accuracy),
    };
}
