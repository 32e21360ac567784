using System.Text.Json.Nodes;
using Feedforward.Serialization;

namespace Feedforward.Tests.Cli;

public sealed class TrainEvaluatePredictTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Fact]
    public void Default_training_reaches_96_percent_on_digits()
    {
        // Every option keeps its default except the output paths, which go to the temp folder.
        string model = _runner.PathOf("digits.safetensors");
        string json = _runner.PathOf("digits.json");

        CliResult result = CliRunner.Run("train", "--model", model, "--json", json);

        Assert.True(result.ExitCode == 0, result.Error);
        JsonNode metrics = JsonNode.Parse(File.ReadAllText(json))!;
        double accuracy = metrics["validation"]!["accuracy"]!.GetValue<double>();
        Assert.True(accuracy >= 0.96, $"held-out accuracy {accuracy}");
        Assert.Equal(359, metrics["validation"]!["examples"]!.GetValue<int>());
        Assert.Contains("validation accuracy", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(model));
    }

    [Fact]
    public void Example_digits_file_is_predicted()
    {
        // docs/examples/digits-new.csv contains one image of each digit, 0 to 9 in order, as the
        // README's predict command reads them: pixels divided by 16, under their column names.
        string model = _runner.PathOf("digits.safetensors");
        string example = Path.Combine(RepositoryPaths.Root(), "docs", "examples", "digits-new.csv");

        CliResult train = CliRunner.Run("train", "--model", model);
        CliResult predict = CliRunner.Run("predict", "--model", model, "--csv", example, "--output", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.True(predict.ExitCode == 0, predict.Error);
        string[] rows = predict.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(11, rows.Length);
        int correct = Enumerable.Range(0, 10).Count(digit => rows[digit + 1].Split(',')[0] == digit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(correct >= 9, $"{correct} of the 10 example digits predicted right:\n{predict.Output}");
    }

    [Fact]
    public void Csv_round_trip_trains_evaluates_and_predicts()
    {
        string csv = _runner.Write("clusters.csv", CliFiles.Clusters(perClass: 30, seed: 1));
        string model = _runner.PathOf("clusters.safetensors");
        string predictions = _runner.PathOf("predictions.csv");

        CliResult train = CliRunner.Run("train", "--csv", csv, "--label-column", "direction", "--hidden", "8", "--epochs", "40", "--model", model);
        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--csv", csv, "--json", "-");
        CliResult predict = CliRunner.Run("predict", "--model", model, "--csv", csv, "--output", predictions);

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.True(predict.ExitCode == 0, predict.Error);

        JsonNode metrics = JsonNode.Parse(evaluate.Output)!;
        Assert.Equal("classification", metrics["task"]!.GetValue<string>());
        Assert.Equal(90, metrics["examples"]!.GetValue<int>());
        Assert.True(metrics["accuracy"]!.GetValue<double>() >= 0.95, $"accuracy {metrics["accuracy"]}");
        Assert.Equal(3, metrics["confusion_matrix"]!.AsArray().Count);
        Assert.Equal("north", metrics["per_class"]![1]!["class"]!.GetValue<string>());
        Assert.Contains("Confusion matrix", evaluate.Error, StringComparison.Ordinal);

        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("prediction,probability_east,probability_north,probability_west", lines[0]);
        Assert.Equal(91, lines.Length);
        Assert.StartsWith("east,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("west,", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Model_file_stores_preprocessing()
    {
        string csv = _runner.Write("clusters.csv", CliFiles.Clusters(perClass: 10, seed: 2));
        string model = _runner.PathOf("clusters.safetensors");

        CliResult train = CliRunner.Run("train", "--csv", csv, "--epochs", "1", "--scale", "minmax", "--model", model);

        Assert.True(train.ExitCode == 0, train.Error);
        LoadedModel<float> loaded = ModelFile.Load<float>(model);
        Assert.Equal("classification", loaded.Metadata["task"]);
        Assert.Equal("direction", loaded.Metadata["label_column"]);
        Assert.Equal("""["east","north","west"]""", loaded.Metadata["class_names"]);
        Assert.Equal("""["x","y"]""", loaded.Metadata["feature_names"]);
        Assert.Equal("minmax", JsonNode.Parse(loaded.Metadata["feature_scaler"])!["kind"]!.GetValue<string>());
        Assert.Equal(3, loaded.Network.OutputSize);
    }

    [Fact]
    public void Regression_is_inferred_and_scored()
    {
        string csv = _runner.Write("linear.csv", CliFiles.Linear(rows: 200, seed: 3));
        string model = _runner.PathOf("linear.safetensors");

        CliResult train = CliRunner.Run("train", "--csv", csv, "--hidden", "none", "--epochs", "30", "--learning-rate", "0.03", "--model", model);
        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--csv", csv, "--json", "-");
        CliResult predict = CliRunner.Run("predict", "--model", model, "--csv", csv, "--output", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        JsonNode metrics = JsonNode.Parse(evaluate.Output)!;
        Assert.Equal("regression", metrics["task"]!.GetValue<string>());
        Assert.True(metrics["r2"]!.GetValue<double>() > 0.99, $"R² {metrics["r2"]}");
        Assert.True(metrics["mae"]!.GetValue<double>() < 0.1, $"MAE {metrics["mae"]}");
        Assert.StartsWith("prediction\n", predict.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(201, predict.Output.TrimEnd().Split('\n').Length);
    }

    [Fact]
    public void Two_classes_use_one_sigmoid_output()
    {
        string csv = _runner.Write("two.csv", "v,label\n-2,no\n-1.5,no\n-1,no\n1,yes\n1.5,yes\n2,yes\n");
        string model = _runner.PathOf("two.safetensors");

        CliResult train = CliRunner.Run("train", "--csv", csv, "--validation-split", "0", "--epochs", "60", "--learning-rate", "0.05", "--model", model);
        CliResult predict = CliRunner.Run("predict", "--model", model, "--csv", csv, "--output", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Equal(1, ModelFile.Load<float>(model).Network.OutputSize);
        string[] lines = predict.Output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal("prediction,probability_no,probability_yes", lines[0]);
        Assert.StartsWith("no,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("yes,", lines[6], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "softmax", "categorical_cross_entropy", 3)]
    [InlineData(new[] { "--output-activation", "sigmoid" }, "sigmoid", "binary_cross_entropy", 3)]
    [InlineData(new[] { "--cost", "mean_squared_error" }, "softmax", "mean_squared_error", 3)]
    [InlineData(new[] { "--output-activation", "tanh" }, "tanh", "categorical_cross_entropy", 3)]
    public void Output_layer_follows_overrides(string[] options, string activation, string cost, int outputs)
    {
        string csv = _runner.Write("clusters.csv", CliFiles.Clusters(perClass: 4, seed: 5));
        string model = _runner.PathOf("clusters.safetensors");

        CliResult train = CliRunner.Run(["train", "--csv", csv, "--epochs", "1", "--model", model, .. options]);

        Assert.True(train.ExitCode == 0, train.Error);
        Network<float> network = ModelFile.Load<float>(model).Network;
        Assert.Equal(activation, network.Layers[^1].Activation.Name);
        Assert.Equal(cost, network.Cost.Name);
        Assert.Equal(outputs, network.OutputSize);
    }

    [Fact]
    public void Multilabel_tags_round_trip()
    {
        string csv = _runner.Write("tags.csv", "a,b,tags\n1,0,red\n0,1,blue\n1,1,red;blue\n1,0.1,red\n0.1,1,blue\n0.9,0.9,blue;red\n");
        string model = _runner.PathOf("tags.safetensors");

        CliResult train = CliRunner.Run("train", "--csv", csv, "--task", "multilabel", "--validation-split", "0", "--epochs", "100", "--learning-rate", "0.05", "--model", model);
        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--csv", csv, "--json", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        JsonNode metrics = JsonNode.Parse(evaluate.Output)!;
        Assert.Equal("multilabel", metrics["task"]!.GetValue<string>());
        Assert.Equal("blue", metrics["per_tag"]![0]!["tag"]!.GetValue<string>());
        Assert.Equal(1.0, metrics["subset_accuracy"]!.GetValue<double>());
    }

    [Fact]
    public void Idx_files_train_and_predict()
    {
        string images = _runner.PathOf("images.idx");
        string labels = _runner.PathOf("labels.idx");
        CliFiles.WriteIdxPair(images, labels, count: 40, labelCount: 40);
        string model = _runner.PathOf("idx.safetensors");

        CliResult train = CliRunner.Run("train", "--images", images, "--labels", labels, "--test-images", images, "--test-labels", labels, "--hidden", "4", "--epochs", "20", "--model", model, "--json", "-");
        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--images", images, "--labels", labels, "--json", "-");
        CliResult predict = CliRunner.Run("predict", "--model", model, "--images", images, "--output", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Equal(40, JsonNode.Parse(train.Output)!["validation"]!["examples"]!.GetValue<int>());
        Assert.Equal(1.0, JsonNode.Parse(evaluate.Output)!["accuracy"]!.GetValue<double>());
        Assert.StartsWith("prediction,probability_0,probability_1\n0,", predict.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_reports_load_and_training_time_apart()
    {
        string model = _runner.PathOf("iris.safetensors");

        CliResult train = CliRunner.Run("train", "--dataset", "iris", "--epochs", "3", "--model", model, "--json", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        JsonNode result = JsonNode.Parse(train.Output)!;
        double seconds = result["seconds"]!.GetValue<double>();
        double epochSeconds = result["epochs"]!.AsArray().Sum(epoch => epoch!["seconds"]!.GetValue<double>());
        Assert.True(seconds >= epochSeconds, $"training took {seconds} s but its epochs add up to {epochSeconds} s");
        Assert.True(result["load_seconds"]!.GetValue<double>() >= 0);
        Assert.Contains("Loaded the data in ", train.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_uses_held_out_part_of_bundled_dataset()
    {
        string model = _runner.PathOf("iris.safetensors");

        CliResult train = CliRunner.Run("train", "--dataset", "iris", "--epochs", "5", "--model", model);
        CliResult evaluate = CliRunner.Run("evaluate", "--model", model, "--json", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        JsonNode metrics = JsonNode.Parse(evaluate.Output)!;
        Assert.Equal(30, metrics["examples"]!.GetValue<int>());
        Assert.Contains("held-out 20%", metrics["data"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
