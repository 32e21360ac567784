using System.Text.Json.Nodes;
using Feedforward.Cli;
using Feedforward.Cli.Commands;

namespace Feedforward.Tests.Cli;

/// <summary>
/// The NAME:key=value form of the catalogue options, and the errors of every option that
/// <c>ffnn train</c> gained with the catalogue: each names the option, the value and the fix,
/// and leaves no model or JSON file.
/// </summary>
public sealed class TrainOptionTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    private string ModelPath => _runner.PathOf("model.safetensors");

    private string JsonPath => _runner.PathOf("metrics.json");

    [Fact]
    public void Thread_count_keeps_results()
    {
        // 512-unit layers at batch 128 make products of 67 Mflop and an Adam update of 300,000
        // values, which two threads split. The results must not change by a bit.
        string[] network = ["train", "--hidden", "512,512", "--batch-size", "128", "--epochs", "1", "--json", "-"];
        CliResult single = CliRunner.Run([.. network, "--threads", "1", "--model", _runner.PathOf("one.safetensors")]);
        CliResult pair = CliRunner.Run([.. network, "--threads", "2", "--model", _runner.PathOf("two.safetensors")]);

        Assert.True(single.ExitCode == 0, single.Error);
        Assert.True(pair.ExitCode == 0, pair.Error);
        double costSingle = JsonNode.Parse(single.Output)!["validation"]!["cost"]!.GetValue<double>();
        double costPair = JsonNode.Parse(pair.Output)!["validation"]!["cost"]!.GetValue<double>();
        Assert.Equal(costSingle, costPair);
        Assert.Equal(Environment.ProcessorCount, Feedforward.Tensors.Parallelism.MaxThreads);
    }

    [Fact]
    public void Name_without_settings_parses()
    {
        NamedSetting parsed = NamedSetting.Parse("--optimizer", "adam", "adam");

        Assert.Equal("adam", parsed.Name);
        Assert.Empty(parsed.Settings);
        Assert.Equal("adam", parsed.ToString());
    }

    [Fact]
    public void Settings_parse_in_order()
    {
        NamedSetting parsed = NamedSetting.Parse("--optimizer", "adamw:weight_decay=0.01,beta2=0.99", "adam");

        Assert.Equal("adamw", parsed.Name);
        Assert.Equal(["weight_decay", "beta2"], parsed.Settings.Keys);
        Assert.Equal(0.01, parsed.Settings["weight_decay"]);
        Assert.Equal(0.99, parsed.Settings["beta2"]);
        Assert.Equal("adamw:weight_decay=0.01,beta2=0.99", parsed.ToString());
    }

    [Fact]
    public void Flags_and_exponents_parse()
    {
        NamedSetting parsed = NamedSetting.Parse("--optimizer", "sgd:momentum=9e-1,nesterov=true", "sgd");

        Assert.Equal(0.9, parsed.Settings["momentum"]);
        Assert.Equal(1, parsed.Settings["nesterov"]);
        Assert.Equal(0, NamedSetting.Parse("--optimizer", "sgd:nesterov=false", "sgd").Settings["nesterov"]);
    }

    [Fact]
    public void Settings_round_trip_as_json()
    {
        NamedSetting parsed = NamedSetting.Parse("--cost", "huber:delta=2", "huber:delta=2");

        Assert.Equal("""{"name":"huber","delta":2}""", parsed.ToJson().ToJsonString());
    }

    [Theory]
    [InlineData(":beta1=0.9", "has no name")]
    [InlineData("adam:beta1", "'beta1' is not a key=value setting")]
    [InlineData("adam:=0.9", "'=0.9' is not a key=value setting")]
    [InlineData("adam:beta1=abc", "the value 'abc' of 'beta1' is not a finite number")]
    [InlineData("adam:beta1=NaN", "the value 'NaN' of 'beta1' is not a finite number")]
    [InlineData("adam:beta1=0.9,beta1=0.8", "'beta1' is given twice")]
    public void Malformed_setting_is_named(string text, string expected)
    {
        CliException error = Assert.Throws<CliException>(() => NamedSetting.Parse("--optimizer", text, "adamw:weight_decay=0.01"));

        Assert.StartsWith($"--optimizer '{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_setting_fails_train()
    {
        CliResult result = TrainExpectingFailure("--optimizer", "adam:beta1");

        Assert.Contains("such as adamw:weight_decay=0.01", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dropout", "-0.1", "--dropout -0.1 is not valid: give a drop probability from 0")]
    [InlineData("--dropout", "1", "--dropout 1 is not valid")]
    [InlineData("--dropout", "1.5", "--dropout 1.5 is not valid")]
    [InlineData("--input-dropout", "-1", "--input-dropout -1 is not valid")]
    [InlineData("--input-dropout", "1", "--input-dropout 1 is not valid")]
    [InlineData("--l2", "-0.001", "--l2 -0.001 is not valid: give λ as a finite number of 0 or more")]
    [InlineData("--max-gradient-norm", "0", "--max-gradient-norm 0 is not valid: give a positive number")]
    [InlineData("--early-stopping", "0", "--early-stopping 0 is not valid: give the patience as a whole number of epochs of at least 1")]
    public void Bad_number_is_named(string option, string value, string expected)
    {
        CliResult result = TrainExpectingFailure(option, value);

        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--schedule", "cosine:warmup=3", "--schedule 'cosine:warmup=3': schedule 'cosine' has no parameter 'warmup': it takes period, minimum")]
    [InlineData("--schedule", "no_such_schedule", "--schedule 'no_such_schedule': unknown learning-rate schedule 'no_such_schedule'")]
    [InlineData("--schedule", "step", "--schedule 'step': schedule 'step' needs the parameter 'step_size'")]
    [InlineData("--schedule", "step:step_size=1.5", "must be a whole number, got 1.5")]
    [InlineData("--schedule", "exponential:gamma=2", "--schedule 'exponential:gamma=2': exponential schedule gamma")]
    [InlineData("--activation", "leaky_relu:gain=1", "--activation 'leaky_relu:gain=1': activation 'leaky_relu' has no parameter 'gain': it takes slope")]
    [InlineData("--activation", "relu:slope=0.1", "activation 'relu' has no parameter 'slope': it takes no parameters")]
    [InlineData("--activation", "leaky_relu:slope=2", "--activation 'leaky_relu:slope=2': leaky_relu slope must be a finite number in [0, 1), got 2")]
    [InlineData("--output-activation", "elu:alpha=0", "--output-activation 'elu:alpha=0': elu alpha must be a positive finite number")]
    [InlineData("--cost", "huber:delta=-1", "--cost 'huber:delta=-1': huber delta must be a positive finite number")]
    [InlineData("--cost", "huber:width=1", "cost 'huber' has no parameter 'width': it takes delta")]
    [InlineData("--optimizer", "adamw:weight_decay=-1", "--optimizer 'adamw:weight_decay=-1': adamw weight_decay must be a finite number of 0 or more")]
    [InlineData("--optimizer", "adam:momentum=0.9", "optimizer 'adam' has no parameter 'momentum': it takes beta1, beta2, epsilon")]
    [InlineData("--optimizer", "sgd:nesterov=2", "optimizer 'sgd' parameter 'nesterov' is a flag: expected 0 or 1, got 2")]
    public void Bad_catalogue_setting_is_named(string option, string value, string expected)
    {
        CliResult result = TrainExpectingFailure(option, value);

        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--early-stopping-metric", "accuracy")]
    [InlineData("--early-stopping-min-delta", "0.01")]
    public void Early_stopping_detail_needs_patience(string option, string value)
    {
        CliResult result = TrainExpectingFailure(option, value);

        Assert.Contains($"{option} has no effect without --early-stopping: add --early-stopping PATIENCE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_early_stopping_metric_is_named()
    {
        CliResult result = TrainExpectingFailure("--early-stopping", "3", "--early-stopping-metric", "loss");

        Assert.Contains("--early-stopping-metric 'loss' is not valid: give cost or accuracy", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_min_delta_is_named()
    {
        CliResult result = TrainExpectingFailure("--early-stopping", "3", "--early-stopping-min-delta", "-0.5");

        Assert.Contains("--early-stopping-min-delta -0.5 is not valid", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Early_stopping_needs_validation_data()
    {
        CliResult result = TrainExpectingFailure("--dataset", "iris", "--validation-split", "0", "--early-stopping", "3");

        Assert.Contains("--early-stopping needs validation data but --validation-split is 0", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracy_stopping_rejects_regression()
    {
        string csv = _runner.Write("linear.csv", CliFiles.Linear(rows: 40, seed: 6));

        CliResult result = TrainExpectingFailure("--csv", csv, "--early-stopping", "3", "--early-stopping-metric", "accuracy");

        Assert.Contains("--early-stopping-metric accuracy needs classes but the task is regression", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracy_stopping_rejects_linear_output()
    {
        CliResult result = TrainExpectingFailure("--dataset", "iris", "--output-activation", "linear", "--early-stopping", "3", "--early-stopping-metric", "accuracy");

        Assert.Contains("--early-stopping-metric accuracy:", result.Error, StringComparison.Ordinal);
        Assert.Contains("(--early-stopping-metric cost)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Dropout_needs_hidden_layer()
    {
        CliResult result = TrainExpectingFailure("--hidden", "none", "--dropout", "0.2");

        Assert.Contains("--dropout 0.2 has no hidden layer to follow because --hidden is none", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hinge")]
    [InlineData("squared_hinge")]
    [InlineData("sparse_categorical_cross_entropy")]
    public void Label_cost_rejects_regression(string cost)
    {
        string csv = _runner.Write("linear.csv", CliFiles.Linear(rows: 40, seed: 7));

        CliResult result = TrainExpectingFailure("--csv", csv, "--cost", cost);

        Assert.Contains($"--cost {cost} needs class labels but the label is numeric (regression)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparse_cost_rejects_tags()
    {
        string csv = _runner.Write("tags.csv", "a,tags\n1,red\n0,blue\n1,red;blue\n");

        CliResult result = TrainExpectingFailure("--csv", csv, "--task", "multilabel", "--cost", "sparse_categorical_cross_entropy");

        Assert.Contains("takes one class per example but the task is multi-label", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_describes_new_options()
    {
        CliResult result = CliRunner.Run("train", "--help");

        Assert.Equal(0, result.ExitCode);
        string[] options =
        [
            "--schedule", "--max-gradient-norm", "--dropout", "--input-dropout", "--l2",
            "--early-stopping", "--early-stopping-metric", "--early-stopping-min-delta",
        ];
        foreach (string option in options)
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }

        string help = string.Join(' ', result.Output.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("NAME:key=value,key=value", help, StringComparison.Ordinal);
        Assert.Contains("adamw:weight_decay=0.01,beta2=0.99", help, StringComparison.Ordinal);
        Assert.Contains("leaky_relu:slope=0.1", help, StringComparison.Ordinal);
        Assert.Contains("warmup_cosine:warmup_steps=W", help, StringComparison.Ordinal);
    }

    /// <summary>Runs train with the given options plus the temp folder's model and JSON paths, and checks the common failure contract.</summary>
    private CliResult TrainExpectingFailure(params string[] options)
    {
        CliResult result = CliRunner.Run(["train", "--epochs", "2", .. options, "--model", ModelPath, "--json", JsonPath]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(ModelPath), "a failed train left a model file");
        Assert.False(File.Exists(JsonPath), "a failed train left a JSON file");
        return result;
    }
}
