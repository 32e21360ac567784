namespace Feedforward.Tests.Cli;

/// <summary>
/// Every bad input ends with exit code 2, one line on stderr that names the value, and no
/// output file: the model, JSON or predictions file is written only after everything succeeded.
/// </summary>
public sealed class InputErrorTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private string ModelPath => _runner.PathOf("model.safetensors");

    private string JsonPath => _runner.PathOf("metrics.json");

    [Fact]
    public void Missing_csv_file_is_named()
    {
        string missing = _runner.PathOf("absent.csv");

        CliResult result = TrainExpectingFailure("--csv", missing);

        Assert.Contains($"'{missing}' does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_idx_file_is_named()
    {
        string labels = _runner.PathOf("labels.idx");
        CliFiles.WriteIdx(labels, 0x00000801, [1], [0]);
        string missing = _runner.PathOf("absent.idx");

        CliResult result = TrainExpectingFailure("--images", missing, "--labels", labels);

        Assert.Contains($"'{missing}' does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_model_file_is_named()
    {
        string csv = _runner.Write("clusters.csv", CliFiles.Clusters(perClass: 3, seed: 1));

        CliResult result = CliRunner.Run("evaluate", "--model", ModelPath, "--csv", csv, "--json", JsonPath);

        AssertUsageError(result);
        Assert.Contains($"model file '{ModelPath}' does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(JsonPath));
    }

    [Fact]
    public void Wrong_idx_magic_number_is_named()
    {
        string images = _runner.PathOf("images.idx");
        string labels = _runner.PathOf("labels.idx");
        CliFiles.WriteIdxPair(images, labels, count: 4, labelCount: 4);

        // The paths are swapped, so the "images" file starts with the label magic number.
        CliResult result = TrainExpectingFailure("--images", labels, "--labels", images);

        Assert.Contains("magic number 0x00000801", result.Error, StringComparison.Ordinal);
        Assert.Contains(labels, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_and_label_counts_must_match()
    {
        string images = _runner.PathOf("images.idx");
        string labels = _runner.PathOf("labels.idx");
        CliFiles.WriteIdxPair(images, labels, count: 6, labelCount: 5);

        CliResult result = TrainExpectingFailure("--images", images, "--labels", labels);

        Assert.Contains("has 6 images", result.Error, StringComparison.Ordinal);
        Assert.Contains("has 5 labels", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_numeric_csv_cell_is_named()
    {
        string csv = _runner.Write("text.csv", "a,b,label\n1,2,x\n3,abc,y\n");

        CliResult result = TrainExpectingFailure("--csv", csv);

        Assert.Contains("'abc' is not a number", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 3", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN", "NaN is not allowed in features")]
    [InlineData("Infinity", "'Infinity' is infinite")]
    [InlineData("-Infinity", "'-Infinity' is infinite")]
    public void Non_finite_feature_is_named(string cell, string expected)
    {
        string csv = _runner.Write("nonfinite.csv", $"a,b,label\n1,2,x\n3,{cell},y\n");

        CliResult result = TrainExpectingFailure("--csv", csv);

        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("column 'b'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unseen_label_at_evaluate_is_named()
    {
        string model = TrainClusters();
        string test = _runner.Write("test.csv", "x,y,direction\n3,0,east\n0,-3,south\n");

        CliResult result = CliRunner.Run("evaluate", "--model", model, "--csv", test, "--json", JsonPath);

        AssertUsageError(result);
        Assert.Contains("label 'south' is not one of the classes seen in training", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(JsonPath));
    }

    [Fact]
    public void Unseen_tag_at_evaluate_is_named()
    {
        string csv = _runner.Write("tags.csv", "a,tags\n1,red\n0,blue\n");
        string model = _runner.PathOf("tags.safetensors");
        Assert.Equal(0, CliRunner.Run("train", "--csv", csv, "--task", "multilabel", "--validation-split", "0", "--epochs", "1", "--model", model).ExitCode);
        string test = _runner.Write("test.csv", "a,tags\n1,red;green\n");

        CliResult result = CliRunner.Run("evaluate", "--model", model, "--csv", test);

        AssertUsageError(result);
        Assert.Contains("tag 'green' of example 1 is not one of the tags seen in training", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_feature_count_at_predict_leaves_no_file()
    {
        string model = TrainClusters();
        string input = _runner.Write("three.csv", "x,y,z\n1,2,3\n");
        string output = _runner.PathOf("predictions.csv");

        CliResult result = CliRunner.Run("predict", "--model", model, "--csv", input, "--output", output);

        AssertUsageError(result);
        Assert.Contains("has 3 features but model", result.Error, StringComparison.Ordinal);
        Assert.Contains("was trained on 2 (x, y)", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Bundled_model_checks_predict_column_names()
    {
        string model = _runner.PathOf("digits.safetensors");
        Assert.Equal(0, CliRunner.Run("train", "--dataset", "digits", "--epochs", "1", "--model", model).ExitCode);
        string header = string.Join(",", Enumerable.Range(1, 64).Select(i => $"c{i}"));
        string input = _runner.Write("renamed.csv", header + "\n" + string.Join(",", Enumerable.Repeat("0", 64)) + "\n");
        string output = _runner.PathOf("predictions.csv");

        CliResult result = CliRunner.Run("predict", "--model", model, "--csv", input, "--output", output);

        AssertUsageError(result);
        Assert.Contains("feature column 1 is 'c1'", result.Error, StringComparison.Ordinal);
        Assert.Contains("'pixel_0_0'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Failed_predict_keeps_earlier_output()
    {
        string model = TrainClusters();
        string input = _runner.Write("bad.csv", "x,y\n1,oops\n");
        string output = _runner.Write("predictions.csv", "earlier predictions\n");

        CliResult result = CliRunner.Run("predict", "--model", model, "--csv", input, "--output", output);

        AssertUsageError(result);
        Assert.Contains("'oops' is not a number", result.Error, StringComparison.Ordinal);
        Assert.Equal("earlier predictions\n", File.ReadAllText(output));
        Assert.Single(Directory.GetFiles(_runner.Folder, "*predictions*"));
    }

    [Theory]
    [InlineData("64,0", "layer size 0 is not valid")]
    [InlineData("0", "layer size 0 is not valid")]
    [InlineData("64,-2", "layer size -2 is not valid")]
    [InlineData("64,x", "'x' is not a whole number")]
    public void Bad_layer_size_is_named(string hidden, string expected)
    {
        CliResult result = TrainExpectingFailure("--hidden", hidden);

        Assert.Contains($"--hidden '{hidden}'", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void Bad_batch_size_is_named(string batchSize)
    {
        CliResult result = TrainExpectingFailure("--batch-size", batchSize);

        Assert.Contains($"--batch-size {batchSize} is not valid", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    public void Non_positive_learning_rate_is_named(string rate)
    {
        CliResult result = TrainExpectingFailure("--learning-rate", rate);

        Assert.Contains($"--learning-rate {rate} is not valid", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--epochs", "0", "--epochs 0 is not valid")]
    [InlineData("--threads", "0", "--threads 0 is not valid: give a whole number of at least 1")]
    [InlineData("--threads", "-2", "--threads -2 is not valid")]
    [InlineData("--validation-split", "1", "--validation-split 1 is not valid")]
    [InlineData("--scale", "log", "--scale 'log' is not valid")]
    [InlineData("--activation", "no_such_activation", "--activation 'no_such_activation'")]
    [InlineData("--optimizer", "no_such_optimizer", "--optimizer 'no_such_optimizer'")]
    [InlineData("--cost", "no_such_cost", "--cost 'no_such_cost'")]
    [InlineData("--output-activation", "no_such_activation", "--output-activation 'no_such_activation'")]
    [InlineData("--dataset", "mnist", "--dataset 'mnist' is not a bundled dataset")]
    [InlineData("--epochs", "ten", "--epochs 'ten' is not valid: give a whole number")]
    [InlineData("--threads", "1.5", "--threads '1.5' is not valid: give a whole number")]
    [InlineData("--learning-rate", "fast", "--learning-rate 'fast' is not valid: give a number")]
    public void Bad_option_value_is_named(string option, string value, string expected)
    {
        CliResult result = TrainExpectingFailure(option, value);

        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'evalute' is not an ffnn command: use one of train, evaluate, predict or gradients (did you mean 'evaluate'?).", "evalute", "--model", "m.safetensors")]
    [InlineData("'xyz' is not an ffnn command: use one of train, evaluate, predict or gradients.", "xyz")]
    [InlineData("no command given: use one of train, evaluate, predict or gradients.")]
    [InlineData("'--foo' is not an option of ffnn: give a command first", "--foo")]
    [InlineData("'--epoch' is not an option of ffnn train (did you mean '--epochs'?).", "train", "--epoch", "5")]
    [InlineData("'--no-such-option' is not an option of ffnn train.", "train", "--no-such-option")]
    [InlineData("'extra' is not an option of ffnn train nor the value of one", "train", "extra")]
    [InlineData("'b.json' is one value too many: ffnn gradients takes CASE and options.", "gradients", "a.json", "b.json")]
    [InlineData("CASE is missing: write it after the command, as in ffnn gradients CASE (JSON file with", "gradients")]
    [InlineData("--output is missing: add --output with the CSV file to write, or '-' for stdout.", "predict", "--csv", "x.csv")]
    [InlineData("--epochs has no value: write a whole number after it.", "train", "--epochs")]
    [InlineData("--learning-rate has no value: write a number (such as 0.5 or 1e-3) after it.", "train", "--learning-rate")]
    [InlineData("--csv has no value: write its value after it.", "train", "--csv")]
    public void Unknown_or_missing_word_is_named(string expected, params string[] args)
    {
        CliResult result = CliRunner.Run(args);

        AssertUsageError(result);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Newer_model_format_version_is_rejected()
    {
        string model = TrainClusters();
        CliFiles.RewriteMetadata(model, "format_version", "99");
        string csv = _runner.Write("clusters.csv", CliFiles.Clusters(perClass: 3, seed: 1));

        CliResult result = CliRunner.Run("evaluate", "--model", model, "--csv", csv, "--json", JsonPath);

        AssertUsageError(result);
        Assert.Contains("format version 99", result.Error, StringComparison.Ordinal);
        Assert.Contains("upgrade Feedforward", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(JsonPath));
    }

    [Fact]
    public void Truncated_model_file_is_rejected()
    {
        string model = TrainClusters();
        byte[] bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(model, bytes[..(bytes.Length - 10)]);
        string csv = _runner.Write("input.csv", "x,y\n1,2\n");
        string output = _runner.PathOf("predictions.csv");

        CliResult result = CliRunner.Run("predict", "--model", model, "--csv", csv, "--output", output);

        AssertUsageError(result);
        Assert.Contains(model, result.Error, StringComparison.Ordinal);
        Assert.Contains("truncated", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Diverged_training_writes_no_model()
    {
        string csv = _runner.Write("linear.csv", CliFiles.Linear(rows: 40, seed: 4));

        CliResult result = CliRunner.Run("train", "--csv", csv, "--optimizer", "sgd", "--learning-rate", "1e12", "--model", ModelPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Lower --learning-rate", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(ModelPath));
    }

    [Fact]
    public void Mixed_data_sources_are_rejected()
    {
        CliResult result = TrainExpectingFailure("--dataset", "iris", "--csv", _runner.PathOf("any.csv"));

        Assert.Contains("choose one data source", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Runs train with the given options plus the temp folder's model and JSON paths, and checks the common failure contract.</summary>
    [Fact]
    public void Empty_hidden_layer_list_is_rejected()
    {
        CliResult result = TrainExpectingFailure("--dataset", "iris", "--hidden", " ");

        Assert.Contains("--hidden is empty", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_path_that_is_a_folder_is_rejected_before_training()
    {
        string folder = _runner.PathOf("models");
        Directory.CreateDirectory(folder);

        CliResult result = CliRunner.Run("train", "--dataset", "iris", "--model", folder);

        AssertUsageError(result);
        Assert.Contains($"--model '{folder}' is a folder", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    private CliResult TrainExpectingFailure(params string[] options)
    {
        CliResult result = CliRunner.Run(["train", .. options, "--model", ModelPath, "--json", JsonPath]);

        AssertUsageError(result);
        Assert.False(File.Exists(ModelPath), "a failed train left a model file");
        Assert.False(File.Exists(JsonPath), "a failed train left a JSON file");
        return result;
    }

    private static void AssertUsageError(CliResult result)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private string TrainClusters()
    {
        string csv = _runner.Write("train.csv", CliFiles.Clusters(perClass: 5, seed: 1));
        string model = _runner.PathOf("clusters.safetensors");
        CliResult result = CliRunner.Run("train", "--csv", csv, "--epochs", "2", "--model", model);
        Assert.True(result.ExitCode == 0, result.Error);
        return model;
    }
}
