using System.CommandLine;
using System.Text.Json.Nodes;
using Feedforward.Cli.Modeling;
using Feedforward.Cli.Rendering;
using Feedforward.Data;
using Feedforward.Tensors;
using Feedforward.Training;
using Spectre.Console;

namespace Feedforward.Cli.Commands;

/// <summary>
/// <c>ffnn evaluate</c>: scores a trained model on labelled data. Classification gets accuracy,
/// a confusion matrix and per-class precision, recall and F1; regression gets MSE, MAE and R².
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var data = new DataOptions();
        var model = new Option<string>("--model")
        {
            Description = "Model file written by ffnn train.",
            DefaultValueFactory = _ => "model.safetensors",
        };
        var json = new Option<string?>("--json")
        {
            Description = "Also write the metrics as JSON to this file, or to stdout with '-' (the tables then go to stderr).",
        };
        var command = new Command("evaluate", "Score a trained model on labelled data.");
        data.AddTo(command);
        command.Options.Add(model);
        command.Options.Add(json);
        command.SetAction(parsed => Run(context, parsed.GetValue(model)!, data.Read(parsed), parsed.GetValue(json)));
        return command;
    }

    private static int Run(CliContext context, string modelPath, DataSource? source, string? jsonPath)
    {
        if (jsonPath is not null)
        {
            AtomicFile.CheckWritable(jsonPath, "--json");
        }

        TrainedModel model = TrainedModel.Load(modelPath);
        source ??= DefaultSource(model);
        (Dataset data, string description) = DataLoading.LoadForEvaluation(source, model);
        Matrix<float> inputs = model.PrepareFeatures(data.Features, data.FeatureNames, description);
        Matrix<float> outputs = model.Predict(inputs);
        Matrix<float> targets = model.Encoding.EncodeTargets(data);
        Matrix<float> scaledTargets = model.Info.TargetScaler?.Transform(targets) ?? targets;
        (double cost, _) = Evaluation.Evaluate(model.Network, inputs, scaledTargets);

        IAnsiConsole console = Consoles.Create(jsonPath == AtomicFile.StandardOutput ? context.Error : context.Out);
        console.WriteLine($"Model {modelPath} ({ModelInfo.TaskName(model.Info.Task)}) on {description}: {data.Count} examples, cost {TrainingDisplay.Number(cost)}");
        var result = new JsonObject
        {
            ["task"] = ModelInfo.TaskName(model.Info.Task),
            ["model"] = modelPath,
            ["data"] = description,
            ["examples"] = data.Count,
            ["cost"] = JsonOutput.Number(cost),
        };
        foreach (var (key, value) in ScoreAndRender(console, model, data, outputs, targets))
        {
            result[key] = value?.DeepClone();
        }

        if (jsonPath is not null)
        {
            AtomicFile.WriteOrPrint(jsonPath, context.Out, writer => writer.WriteLine(JsonOutput.Serialize(result)));
        }

        return 0;
    }

    /// <summary>Returns the bundled dataset the model was trained on, the only source evaluate can find by itself.</summary>
    private static BundledSource DefaultSource(TrainedModel model)
    {
        JsonNode? data = model.Info.Training["data"];
        if (data?["kind"]?.GetValue<string>() == "bundled" && data["name"]?.GetValue<string>() is { } name)
        {
            return new BundledSource(name);
        }

        throw new CliException($"model '{model.Path}' was not trained on a bundled dataset: give the data to evaluate on with --csv, --images/--labels or --test-images/--test-labels");
    }

    /// <summary>Computes the metrics of the model's task, writes their tables, and returns them as JSON.</summary>
    private static JsonObject ScoreAndRender(IAnsiConsole console, TrainedModel model, Dataset data, Matrix<float> outputs, Matrix<float> targets)
    {
        LabelEncoding encoding = model.Encoding;
        switch (encoding.Task)
        {
            case LearningTask.Regression:
                RegressionMetrics regression = EvaluationMetrics.Regression(targets.AsSpan(), outputs.AsSpan());
                EvaluationReport.Write(console, regression);
                return EvaluationReport.ToJson(regression);

            case LearningTask.Multilabel:
                var predictedTags = new bool[outputs.Rows, outputs.Columns];
                for (int j = 0; j < outputs.Columns; j++)
                {
                    for (int i = 0; i < outputs.Rows; i++)
                    {
                        predictedTags[i, j] = encoding.PredictsTag(outputs[i, j]);
                    }
                }

                MultilabelMetrics multilabel = EvaluationMetrics.Multilabel(encoding.ClassNames, encoding.TagMatrix(data), predictedTags);
                EvaluationReport.Write(console, multilabel);
                return EvaluationReport.ToJson(multilabel);

            default:
                int[] predicted = new int[outputs.Columns];
                for (int j = 0; j < predicted.Length; j++)
                {
                    predicted[j] = encoding.PredictClass(outputs.Column(j));
                }

                ClassificationMetrics classification = EvaluationMetrics.Classification(encoding.ClassNames, encoding.ClassIndices(data), predicted);
                EvaluationReport.Write(console, classification, encoding.ClassNames);
                return EvaluationReport.ToJson(classification, encoding.ClassNames);
        }
    }
}
