using System.Globalization;
using System.Text.Json.Nodes;
using Feedforward.Activations;
using Feedforward.Layers;
using Feedforward.Serialization;

namespace Feedforward.Tests.Cli;

/// <summary>
/// Short trainings on the bundled iris data with each optimizer, schedule, activation and cost
/// of the catalogue, and the round trip of their model files through evaluate and predict.
/// </summary>
public sealed class TrainCatalogTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private string ModelPath => _runner.PathOf("iris.safetensors");

    [Theory]
    [InlineData("sgd:momentum=0.9,nesterov=1")]
    [InlineData("rmsprop:alpha=0.9")]
    [InlineData("adagrad")]
    [InlineData("adam:beta2=0.99")]
    [InlineData("adamw:weight_decay=0.01")]
    public void Each_optimizer_learns_iris(string optimizer)
    {
        JsonNode result = Train("--optimizer", optimizer, "--learning-rate", "0.03", "--epochs", "30");

        double accuracy = result["validation"]!["accuracy"]!.GetValue<double>();
        Assert.True(accuracy >= 0.9, $"{optimizer}: held-out accuracy {accuracy}");
        Assert.Equal(optimizer, Training()["optimizer"]!.GetValue<string>());
    }

    [Fact]
    public void Every_optimizer_is_tested()
    {
        Assert.Equal(["sgd", "rmsprop", "adagrad", "adam", "adamw"], Optimizers.OptimizerCatalog.Names);
    }

    [Fact]
    public void Step_schedule_drops_rate()
    {
        double[] rates = LearningRates(Train("--schedule", "step:step_size=2,gamma=0.5", "--learning-rate", "0.01", "--epochs", "5"));

        AssertRates([0.01, 0.01, 0.005, 0.005, 0.0025], rates);
    }

    [Fact]
    public void Exponential_schedule_decays_rate()
    {
        double[] rates = LearningRates(Train("--schedule", "exponential:gamma=0.5", "--learning-rate", "0.01", "--epochs", "3"));

        AssertRates([0.01, 0.005, 0.0025], rates);
    }

    [Fact]
    public void Cosine_schedule_follows_half_cosine()
    {
        double[] rates = LearningRates(Train("--schedule", "cosine", "--learning-rate", "0.01", "--epochs", "4"));

        double[] expected = [.. Enumerable.Range(0, 4).Select(e => 0.01 * (1 + Math.Cos(Math.PI * e / 4)) / 2)];
        AssertRates(expected, rates);
    }

    [Fact]
    public void Warmup_cosine_schedule_rises_then_falls()
    {
        // 120 training examples in batches of 32 make 4 steps per epoch. The warm-up takes the
        // first 6 steps, so epoch 1 ends at step 4 of 6 and epoch 2 at step 8, past the peak.
        // The last step of the run, index 19, is cosine step 13 of 14.
        double[] rates = LearningRates(Train("--schedule", "warmup_cosine:warmup_steps=6", "--learning-rate", "0.01", "--epochs", "5"));

        Assert.Equal(0.01 * 4 / 6, rates[0], 12);
        Assert.True(rates[1] < 0.01, $"epoch 2 rate {rates[1]}");
        Assert.True(rates[1] > rates[2], $"epoch 2 rate {rates[1]}, epoch 3 rate {rates[2]}");
        Assert.Equal(0.01 * (1 + Math.Cos(Math.PI * 13 / 14)) / 2, rates[4], 12);
    }

    [Fact]
    public void Plateau_schedule_reduces_rate()
    {
        // A threshold of 0.99 requires a 99% lower validation cost each epoch, which no epoch
        // reaches, so with patience 0 every epoch after the first multiplies the rate by 0.5.
        double[] rates = LearningRates(Train("--schedule", "reduce_on_plateau:factor=0.5,patience=0,threshold=0.99", "--learning-rate", "0.01", "--epochs", "4"));

        AssertRates([0.01, 0.01, 0.005, 0.0025], rates);
    }

    [Fact]
    public void Table_shows_learning_rate()
    {
        CliResult result = CliRunner.Run("train", "--dataset", "iris", "--epochs", "3", "--schedule", "exponential:gamma=0.5", "--learning-rate", "0.01", "--model", ModelPath);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("learning rate", result.Output, StringComparison.Ordinal);
        Assert.Contains("0.0025", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropout_model_round_trips()
    {
        JsonNode result = Train("--hidden", "16,8", "--dropout", "0.3", "--input-dropout", "0.1", "--activation", "leaky_relu:slope=0.1", "--l2", "0.001", "--epochs", "20", "--learning-rate", "0.01");
        JsonNode evaluation = Evaluate();

        Network<float> network = ModelFile.Load<float>(ModelPath).Network;
        Assert.Equal(["DropoutLayer`1", "DenseLayer`1", "DropoutLayer`1", "DenseLayer`1", "DropoutLayer`1", "DenseLayer`1"], network.AllLayers.Select(l => l.GetType().Name));
        Assert.Equal([0.1, 0.3, 0.3], network.AllLayers.OfType<DropoutLayer<float>>().Select(l => l.Rate));
        Assert.Equal(0.1, network.Layers[0].Activation.Parameters["slope"], 6);
        Assert.Equal(0.001, network.L2Penalty);

        // Evaluate scores the same held-out 30 examples with dropout off, as train's final metrics do.
        Assert.Equal(result["validation"]!["accuracy"]!.GetValue<double>(), evaluation["accuracy"]!.GetValue<double>());
        Assert.Equal(result["validation"]!["cost"]!.GetValue<double>(), evaluation["cost"]!.GetValue<double>(), 5);
        Assert.True(evaluation["accuracy"]!.GetValue<double>() >= 0.8, $"accuracy {evaluation["accuracy"]}");
        Assert.Equal(0.3, Training()["dropout"]!.GetValue<double>());
    }

    public static TheoryData<string> HiddenActivations() => [.. ActivationCatalog.Names];

    [Theory]
    [MemberData(nameof(HiddenActivations))]
    public void Each_activation_round_trips(string activation)
    {
        string spec = activation switch
        {
            "leaky_relu" => "leaky_relu:slope=0.2",
            "elu" => "elu:alpha=0.5",
            _ => activation,
        };

        JsonNode result = Train("--activation", spec, "--dropout", "0.1", "--epochs", "3");
        JsonNode evaluation = Evaluate();
        CliResult predict = CliRunner.Run("predict", "--model", ModelPath, "--csv", IrisFeatures(), "--output", "-");

        string stored = activation == "silu" ? "swish" : activation;
        Assert.Equal(stored, ModelFile.Load<float>(ModelPath).Network.Layers[0].Activation.Name);
        Assert.Equal(result["validation"]!["accuracy"]!.GetValue<double>(), evaluation["accuracy"]!.GetValue<double>());
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Equal(3, predict.Output.TrimEnd().Split('\n').Length);
    }

    [Fact]
    public void Sparse_cost_trains_from_class_indices()
    {
        JsonNode result = Train("--cost", "sparse_categorical_cross_entropy", "--epochs", "30", "--learning-rate", "0.01");
        JsonNode evaluation = Evaluate();

        Network<float> network = ModelFile.Load<float>(ModelPath).Network;
        Assert.Equal("sparse_categorical_cross_entropy", network.Cost.Name);
        Assert.Equal("softmax", network.Layers[^1].Activation.Name);
        Assert.Equal(1, network.Cost.TargetRows(network.OutputSize));
        Assert.True(result["validation"]!["accuracy"]!.GetValue<double>() >= 0.9, $"accuracy {result["validation"]!["accuracy"]}");
        Assert.Equal(result["validation"]!["cost"]!.GetValue<double>(), evaluation["cost"]!.GetValue<double>(), 5);
    }

    [Fact]
    public void Sparse_cost_matches_categorical_cost()
    {
        // Class indices and one-hot targets give the same J after softmax, so with the same seed
        // the two runs take the same steps.
        double sparse = Train("--cost", "sparse_categorical_cross_entropy", "--epochs", "3")["validation"]!["cost"]!.GetValue<double>();
        double categorical = Train("--cost", "categorical_cross_entropy", "--epochs", "3")["validation"]!["cost"]!.GetValue<double>();

        Assert.Equal(categorical, sparse, 5);
    }

    [Fact]
    public void Negative_log_likelihood_defaults_to_log_softmax()
    {
        JsonNode result = Train("--cost", "negative_log_likelihood", "--epochs", "30", "--learning-rate", "0.01");
        CliResult predict = CliRunner.Run("predict", "--model", ModelPath, "--csv", IrisFeatures(), "--output", "-");

        Assert.Equal("log_softmax", ModelFile.Load<float>(ModelPath).Network.Layers[^1].Activation.Name);
        Assert.True(result["validation"]!["accuracy"]!.GetValue<double>() >= 0.9, $"accuracy {result["validation"]!["accuracy"]}");

        // Predictions turn log-probabilities back into probabilities, which sum to 1.
        string[] lines = predict.Output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.StartsWith("prediction,probability_", lines[0], StringComparison.Ordinal);
        double sum = lines[1].Split(',').Skip(1).Sum(p => double.Parse(p, CultureInfo.InvariantCulture));
        Assert.Equal(1, sum, 5);
    }

    [Fact]
    public void Log_softmax_output_pairs_with_likelihood()
    {
        Train("--output-activation", "log_softmax", "--epochs", "1");

        Assert.Equal("negative_log_likelihood", ModelFile.Load<float>(ModelPath).Network.Cost.Name);
    }

    [Theory]
    [InlineData("hinge")]
    [InlineData("squared_hinge")]
    public void Hinge_uses_signed_targets_for_two_classes(string cost)
    {
        string csv = _runner.Write("two.csv", "v,label\n-2,no\n-1.5,no\n-1,no\n1,yes\n1.5,yes\n2,yes\n");

        CliResult train = CliRunner.Run("train", "--csv", csv, "--cost", cost, "--validation-split", "0", "--epochs", "60", "--learning-rate", "0.05", "--model", ModelPath);
        CliResult evaluate = CliRunner.Run("evaluate", "--model", ModelPath, "--csv", csv, "--json", "-");
        CliResult predict = CliRunner.Run("predict", "--model", ModelPath, "--csv", csv, "--output", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        Network<float> network = ModelFile.Load<float>(ModelPath).Network;
        Assert.Equal(1, network.OutputSize);
        Assert.Equal("linear", network.Layers[^1].Activation.Name);
        Assert.Equal(1.0, JsonNode.Parse(evaluate.Output)!["accuracy"]!.GetValue<double>());

        // One output s is the score of "yes"; "no" gets -s.
        string[] lines = predict.Output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal("prediction,score_no,score_yes", lines[0]);
        string[] first = lines[1].Split(',');
        Assert.Equal("no", first[0]);
        Assert.Equal(-double.Parse(first[1], CultureInfo.InvariantCulture), double.Parse(first[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Hinge_is_one_vs_rest_for_three_classes()
    {
        Train("--cost", "hinge", "--epochs", "30", "--learning-rate", "0.01");
        JsonNode evaluation = Evaluate();

        Network<float> network = ModelFile.Load<float>(ModelPath).Network;
        Assert.Equal(3, network.OutputSize);
        Assert.Equal("hinge", network.Cost.Name);
        Assert.True(evaluation["accuracy"]!.GetValue<double>() >= 0.8, $"accuracy {evaluation["accuracy"]}");
    }

    [Fact]
    public void Hinge_tags_use_signed_targets()
    {
        string csv = _runner.Write("tags.csv", "a,b,tags\n1,0,red\n0,1,blue\n1,1,red;blue\n1,0.1,red\n0.1,1,blue\n0.9,0.9,blue;red\n");

        CliResult train = CliRunner.Run("train", "--csv", csv, "--task", "multilabel", "--cost", "hinge", "--validation-split", "0", "--epochs", "100", "--learning-rate", "0.05", "--model", ModelPath);
        CliResult evaluate = CliRunner.Run("evaluate", "--model", ModelPath, "--csv", csv, "--json", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Equal(1.0, JsonNode.Parse(evaluate.Output)!["subset_accuracy"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("huber:delta=2", "huber")]
    [InlineData("mean_absolute_error", "mean_absolute_error")]
    public void Regression_cost_round_trips(string spec, string name)
    {
        string csv = _runner.Write("linear.csv", CliFiles.Linear(rows: 200, seed: 3));

        CliResult train = CliRunner.Run("train", "--csv", csv, "--hidden", "none", "--cost", spec, "--epochs", "30", "--learning-rate", "0.03", "--model", ModelPath);
        CliResult evaluate = CliRunner.Run("evaluate", "--model", ModelPath, "--csv", csv, "--json", "-");

        Assert.True(train.ExitCode == 0, train.Error);
        Network<float> network = ModelFile.Load<float>(ModelPath).Network;
        Assert.Equal(name, network.Cost.Name);
        if (name == "huber")
        {
            Assert.Equal(2, network.Cost.Parameters["delta"]);
        }

        Assert.True(JsonNode.Parse(evaluate.Output)!["r2"]!.GetValue<double>() > 0.95, evaluate.Output);
    }

    [Fact]
    public void Kullback_leibler_trains_with_softmax()
    {
        JsonNode result = Train("--cost", "kullback_leibler_divergence", "--epochs", "30", "--learning-rate", "0.01");

        Assert.Equal("softmax", ModelFile.Load<float>(ModelPath).Network.Layers[^1].Activation.Name);
        Assert.True(result["validation"]!["accuracy"]!.GetValue<double>() >= 0.9, $"accuracy {result["validation"]!["accuracy"]}");
    }

    [Fact]
    public void Early_stopping_restores_best_epoch()
    {
        // No epoch can lower the validation cost by more than 10, so epoch 1 stays the best and
        // a patience of 2 stops the run after epoch 3.
        CliResult run = CliRunner.Run("train", "--dataset", "iris", "--epochs", "10", "--early-stopping", "2", "--early-stopping-min-delta", "10", "--model", ModelPath, "--json", _runner.PathOf("run.json"));

        Assert.True(run.ExitCode == 0, run.Error);
        JsonNode result = JsonNode.Parse(File.ReadAllText(_runner.PathOf("run.json")))!;
        Assert.True(result["early_stopping"]!["stopped_early"]!.GetValue<bool>());
        Assert.Equal(1, result["early_stopping"]!["best_epoch"]!.GetValue<int>());
        Assert.Equal(3, result["epochs"]!.AsArray().Count);
        Assert.Equal(result["epochs"]![0]!["validation_cost"]!.GetValue<double>(), result["validation"]!["cost"]!.GetValue<double>(), 5);
        Assert.Contains("Early stopping: no improvement for 2 epochs after epoch 1, so training stopped after epoch 3 of 10. The weights of epoch 1", run.Output, StringComparison.Ordinal);
        Assert.Equal(1, Training()["early_stopping"]!["best_epoch"]!.GetValue<int>());
    }

    [Fact]
    public void Early_stopping_on_accuracy_runs()
    {
        JsonNode result = Train("--epochs", "5", "--early-stopping", "10", "--early-stopping-metric", "accuracy");

        Assert.False(result["early_stopping"]!["stopped_early"]!.GetValue<bool>());
        Assert.Equal("accuracy", Training()["early_stopping"]!["metric"]!.GetValue<string>());
    }

    [Fact]
    public void Clipping_setting_is_stored()
    {
        JsonNode result = Train("--max-gradient-norm", "0.5", "--epochs", "2");

        Assert.NotNull(result["validation"]);
        Assert.Equal(0.5, Training()["max_gradient_norm"]!.GetValue<double>());
    }

    [Fact]
    public void Diverged_training_keeps_earlier_model()
    {
        File.WriteAllText(ModelPath, "earlier model");

        CliResult result = CliRunner.Run("train", "--dataset", "iris", "--optimizer", "sgd", "--learning-rate", "1e30", "--model", ModelPath);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains("error: training diverged: the cost became NaN or infinite in epoch 1, batch ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"No model was written, so '{ModelPath}' is unchanged", result.Error, StringComparison.Ordinal);
        Assert.Contains("--max-gradient-norm", result.Error, StringComparison.Ordinal);
        Assert.Equal("earlier model", File.ReadAllText(ModelPath));
    }

    /// <summary>Trains on iris with the given options (each test's seed is 0) and returns train's JSON result.</summary>
    private JsonNode Train(params string[] options)
    {
        CliResult result = CliRunner.Run(["train", "--dataset", "iris", .. options, "--model", ModelPath, "--json", "-"]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonNode.Parse(result.Output)!;
    }

    /// <summary>Evaluates the model on its held-out part of iris and returns evaluate's JSON result.</summary>
    private JsonNode Evaluate()
    {
        CliResult result = CliRunner.Run("evaluate", "--model", ModelPath, "--json", "-");
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonNode.Parse(result.Output)!;
    }

    /// <summary>Returns the training settings stored in the model file.</summary>
    private JsonNode Training() => JsonNode.Parse(ModelFile.Load<float>(ModelPath).Metadata["training"])!;

    /// <summary>Writes two rows of iris-like features (no label) and returns the path.</summary>
    private string IrisFeatures() => _runner.Write(
        "features.csv",
        "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");

    private static void AssertRates(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int e = 0; e < expected.Length; e++)
        {
            Assert.True(Math.Abs(expected[e] - actual[e]) < 1e-12, $"epoch {e + 1}: expected rate {expected[e]}, got {actual[e]}");
        }
    }

    private static double[] LearningRates(JsonNode result) =>
        [.. result["epochs"]!.AsArray().Select(e => e!["learning_rate"]!.GetValue<double>())];
}
