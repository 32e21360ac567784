using System.CommandLine;
using Feedforward.Cli.Modeling;
using Feedforward.Data;
using Feedforward.Tensors;

namespace Feedforward.Cli.Commands;

/// <summary>
/// <c>ffnn predict</c>: runs a trained model on a CSV file or IDX images and writes one CSV row
/// per example: the prediction, then the probability (or hinge score) of each class.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model")
        {
            Description = "Model file written by ffnn train.",
            DefaultValueFactory = _ => "model.safetensors",
        };
        var csv = new Option<string?>("--csv")
        {
            Description = "CSV file with a header row and the training feature columns. The training label column, when present, is skipped.",
        };
        var images = new Option<string?>("--images") { Description = "IDX image file (MNIST format, plain or .gz)." };
        var output = new Option<string>("--output")
        {
            Description = "CSV file to write, or '-' for stdout. Columns: prediction, then probability_<class> per class (not for regression), or score_<class> for a model trained with a hinge cost, whose outputs are not probabilities. The file is replaced only when every prediction is written.",
            Required = true,
        };
        var command = new Command("predict", "Predict labels for new examples with a trained model.") { model, csv, images, output };
        command.SetAction(parsed => Run(context, parsed.GetValue(model)!, parsed.GetValue(csv), parsed.GetValue(images), parsed.GetValue(output)!));
        return command;
    }

    private static int Run(CliContext context, string modelPath, string? csvPath, string? imagesPath, string outputPath)
    {
        if ((csvPath is null) == (imagesPath is null))
        {
            throw new CliException("give exactly one input: --csv FILE or --images FILE");
        }

        AtomicFile.CheckWritable(outputPath, "--output");
        TrainedModel model = TrainedModel.Load(modelPath);
        Dataset data = DataLoading.LoadFeaturesForPrediction(csvPath, imagesPath, model);
        string source = $"'{csvPath ?? imagesPath}'";
        Matrix<float> outputs = model.Predict(model.PrepareFeatures(data.Features, csvPath is null ? null : data.FeatureNames, source));

        AtomicFile.WriteOrPrint(outputPath, context.Out, writer => WriteCsv(writer, model.Encoding, outputs));
        if (outputPath != AtomicFile.StandardOutput)
        {
            context.Out.WriteLine($"Wrote {outputs.Columns} predictions to {outputPath}");
        }

        return 0;
    }

    private static void WriteCsv(TextWriter writer, LabelEncoding encoding, Matrix<float> outputs)
    {
        bool hasProbabilities = encoding.Task != LearningTask.Regression;
        var header = new List<string> { "prediction" };
        if (hasProbabilities)
        {
            header.AddRange(encoding.ClassNames.Select(name => $"{encoding.ScoreKind}_{name}"));
        }

        writer.WriteLine(string.Join(',', header.Select(CsvCell)));
        for (int j = 0; j < outputs.Columns; j++)
        {
            var cells = new List<string> { CsvCell(encoding.PredictionText(outputs.Column(j))) };
            if (hasProbabilities)
            {
                cells.AddRange(encoding.ClassScores(outputs.Column(j)).Select(p => p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            }

            writer.WriteLine(string.Join(',', cells));
        }
    }

    /// <summary>Quotes a cell that contains a comma, a quote, a line break or surrounding spaces, doubling its quotes.</summary>
    private static string CsvCell(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 || text != text.Trim()
            ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : text;
}
