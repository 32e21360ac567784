using System.Globalization;
using System.Text.Json.Nodes;
using Feedforward.Activations;
using Feedforward.Costs;

namespace Feedforward.Tests.Cli;

public sealed class GradientsCommandTests : IDisposable
{
    /// <summary>
    /// The 2-3-2 network of HandWorkedNetworkTests (ReLU hidden layer, linear output, mean
    /// squared error, one example), whose gradients are worked out by hand there.
    /// </summary>
    private const string HandWorkedCase = """
        {
          "layers": [
            { "activation": "relu", "weights": [[1, 0], [0, 1], [1, -1]], "bias": [0, -1, 0.5] },
            { "activation": "linear", "weights": [[1, 2, 3], [-1, 0, 1]], "bias": [0, 1] }
          ],
          "cost": "mean_squared_error",
          "inputs": [[1], [2]],
          "targets": [[1], [1]]
        }
        """;

    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Fact]
    public void Hand_worked_case_prints_exact_gradients()
    {
        CliResult result = CliRunner.Run("gradients", _runner.Write("case.json", HandWorkedCase));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        JsonNode json = JsonNode.Parse(result.Output)!;
        Assert.Equal(5.0, json["cost"]!.GetValue<double>());
        Assert.Equal(new double[][] { [6, 12], [8, 16], [0, 0] }, Rows(json["layers"]![0]!["weights"]!));
        Assert.Equal([6.0, 8.0, 0.0], Vector(json["layers"]![0]!["bias"]!));
        Assert.Equal(new double[][] { [4, 4, 0], [-2, -2, 0] }, Rows(json["layers"]![1]!["weights"]!));
        Assert.Equal([4.0, -2.0], Vector(json["layers"]![1]!["bias"]!));
        Assert.Equal(new double[][] { [6], [8] }, Rows(json["inputs"]!));
        Assert.Null(json["check"]);
    }

    [Fact]
    public void Matrix_rows_print_on_one_line()
    {
        CliResult result = CliRunner.Run("gradients", _runner.Write("case.json", HandWorkedCase));

        Assert.Contains("\"weights\": [\n        [6, 12],\n        [8, 16],\n        [0, 0]\n      ]", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"bias\": [4, -2]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_file_is_the_hand_worked_case()
    {
        // docs/examples/gradients-case.json is the case the README points learners to.
        string example = Path.Combine(RepositoryPaths.Root(), "docs", "examples", "gradients-case.json");

        CliResult fromFile = CliRunner.Run("gradients", example, "--check");
        CliResult inline = CliRunner.Run("gradients", _runner.Write("case.json", HandWorkedCase), "--check");

        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(inline.Output, fromFile.Output);
    }

    [Fact]
    public void Check_passes_on_hand_worked_case()
    {
        CliResult result = CliRunner.Run("gradients", _runner.Write("case.json", HandWorkedCase), "--check");

        Assert.Equal(0, result.ExitCode);
        JsonNode check = JsonNode.Parse(result.Output)!["check"]!;
        Assert.True(check["passed"]!.GetValue<bool>());
        Assert.True(check["max_relative_error"]!.GetValue<double>() < 1e-7);
        double[][] numeric = Rows(check["layers"]![0]!["weights"]!["numeric"]!);
        Assert.Equal(12.0, numeric[0][1], precision: 6);
        Assert.Equal(3, Vector(check["layers"]![0]!["bias"]!["numeric"]!).Length);
        Assert.Equal(2, Rows(check["inputs"]!["numeric"]!).Length);
    }

    public static TheoryData<string, string> ActivationCostPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (string activation in ActivationCatalog.Names)
        {
            foreach (string cost in CostCatalog.Names)
            {
                data.Add(activation, cost);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ActivationCostPairs))]
    public void Check_passes_on_random_case(string activation, string cost)
    {
        // NOTE: for J near 1 the finite differences carry absolute noise near 1e-11, which is a
        // relative error near 1e-7 on a gradient element below GradientCheck.RelativeErrorFloor
        // (1e-4). A random case with such an element can fail the 1e-7 check without any bug.
        // The seed comes from the names, so a failing pair fails the same way in every run.
        var random = new Random(StableSeed(activation + "/" + cost));
        string path = _runner.Write("random.json", RandomCase(activation, cost, random).ToJsonString());

        CliResult result = CliRunner.Run("gradients", path, "--check");

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Error}");
        Assert.True(JsonNode.Parse(result.Output)!["check"]!["passed"]!.GetValue<bool>());
    }

    [Fact]
    public void Check_fails_at_relu_kink()
    {
        // z = 0 exactly: the central difference measures the average slope 0.5 of the kink, while
        // backpropagation uses relu'(0) = 0, so the check must fail and name the tensor.
        const string kink = """
            {
              "layers": [ { "activation": "relu", "weights": [[1]], "bias": [0] } ],
              "cost": "mean_squared_error",
              "inputs": [[0]],
              "targets": [[1]]
            }
            """;
        CliResult result = CliRunner.Run("gradients", _runner.Write("kink.json", kink), "--check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("gradient check failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("layers.0", result.Error, StringComparison.Ordinal);
        Assert.False(JsonNode.Parse(result.Output)!["check"]!["passed"]!.GetValue<bool>());
    }

    [Fact]
    public void Activation_parameters_reach_catalog()
    {
        // Parameters are passed through to the catalog, which rejects a name it does not know
        // and names it in the message.
        string path = _runner.Write("named.json", HandWorkedCase.Replace("\"relu\"", "{ \"name\": \"no_such_activation\", \"slope\": 0.1 }", StringComparison.Ordinal));

        CliResult result = CliRunner.Run("gradients", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("layer 1", result.Error, StringComparison.Ordinal);
        Assert.Contains("no_such_activation", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaky_relu_slope_scales_gradient()
    {
        // One unit with z = -2 < 0, so a = s z and, for target 0, J and dJ/dW grow with s².
        // Doubling the slope must multiply both by 4.
        JsonNode quarter = LeakyCase(0.25);
        JsonNode half = LeakyCase(0.5);

        Assert.Equal(4 * quarter["cost"]!.GetValue<double>(), half["cost"]!.GetValue<double>(), 12);
        Assert.Equal(4 * Rows(quarter["layers"]![0]!["weights"]!)[0][0], Rows(half["layers"]![0]!["weights"]!)[0][0], 12);
        Assert.True(half["check"]!["passed"]!.GetValue<bool>());
    }

    [Fact]
    public void Huber_delta_reaches_cost()
    {
        // d = a - y = 3: beyond δ = 1 the loss is linear, δ (|d| - δ/2) = 2.5; with δ = 4 it is d²/2 = 4.5.
        string Case(string cost) => $$"""
            {
              "layers": [ { "activation": "linear", "weights": [[1]], "bias": [0] } ],
              "cost": {{cost}},
              "inputs": [[3]],
              "targets": [[0]]
            }
            """;

        CliResult linear = CliRunner.Run("gradients", _runner.Write("huber1.json", Case("""{ "name": "huber", "delta": 1 }""")));
        CliResult quadratic = CliRunner.Run("gradients", _runner.Write("huber4.json", Case("""{ "name": "huber", "delta": 4 }""")));

        Assert.Equal(2.5, JsonNode.Parse(linear.Output)!["cost"]!.GetValue<double>(), 12);
        Assert.Equal(4.5, JsonNode.Parse(quadratic.Output)!["cost"]!.GetValue<double>(), 12);
    }

    [Theory]
    [InlineData("""{ "name": "leaky_relu", "gain": 0.1 }""", "layer 1: activation 'leaky_relu' has no parameter 'gain': it takes slope")]
    [InlineData("""{ "name": "leaky_relu", "slope": 1.5 }""", "layer 1: leaky_relu slope must be a finite number in [0, 1), got 1.5")]
    [InlineData("""{ "name": "relu", "slope": 0.1 }""", "activation 'relu' has no parameter 'slope': it takes no parameters")]
    [InlineData("""{ "name": "elu", "alpha": "big" }""", "layer 1 activation parameter \"alpha\" is a JSON string, but parameters must be numbers")]
    [InlineData("""{ "slope": 0.1 }""", "layer 1 activation has no \"name\"")]
    public void Bad_activation_parameter_is_named(string activation, string expected)
    {
        string path = _runner.Write("bad.json", HandWorkedCase.Replace("\"relu\"", activation, StringComparison.Ordinal));

        CliResult result = CliRunner.Run("gradients", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": "huber", "delta": 0 }""", "huber delta must be a positive finite number, got 0")]
    [InlineData("""{ "name": "huber", "width": 1 }""", "cost 'huber' has no parameter 'width': it takes delta")]
    public void Bad_cost_parameter_is_named(string cost, string expected)
    {
        string path = _runner.Write("bad.json", HandWorkedCase.Replace("\"mean_squared_error\"", cost, StringComparison.Ordinal));

        CliResult result = CliRunner.Run("gradients", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparse_targets_are_class_indices()
    {
        // Softmax over 3 classes, 2 examples of classes 2 and 0: the targets are one row.
        const string sparse = """
            {
              "layers": [ { "activation": "softmax", "weights": [[1, 0], [0, 1], [1, 1]], "bias": [0, 0, 0] } ],
              "cost": "sparse_categorical_cross_entropy",
              "inputs": [[0.5, -1], [1, 0.25]],
              "targets": [[2, 0]]
            }
            """;

        CliResult result = CliRunner.Run("gradients", _runner.Write("sparse.json", sparse), "--check");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(JsonNode.Parse(result.Output)!["check"]!["passed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("[[2, 3]]", "example 1 has 3: expected a whole number from 0 to 2")]
    [InlineData("[[2, 0.5]]", "example 1 has 0.5")]
    [InlineData("[[1, 0], [0, 1], [0, 0]]", "targets are 3 x 2")]
    public void Bad_sparse_targets_are_named(string targets, string expected)
    {
        string text = $$"""
            {
              "layers": [ { "activation": "softmax", "weights": [[1, 0], [0, 1], [1, 1]], "bias": [0, 0, 0] } ],
              "cost": "sparse_categorical_cross_entropy",
              "inputs": [[0.5, -1], [1, 0.25]],
              "targets": {{targets}}
            }
            """;

        CliResult result = CliRunner.Run("gradients", _runner.Write("sparse.json", text));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hinge_rejects_zero_one_targets()
    {
        string text = HandWorkedCase
            .Replace("\"mean_squared_error\"", "\"hinge\"", StringComparison.Ordinal)
            .Replace("\"targets\": [[1], [1]]", "\"targets\": [[1], [0]]", StringComparison.Ordinal);

        CliResult result = CliRunner.Run("gradients", _runner.Write("hinge.json", text));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("hinge", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hinge_checks_with_signed_targets()
    {
        string text = HandWorkedCase
            .Replace("\"mean_squared_error\"", "\"hinge\"", StringComparison.Ordinal)
            .Replace("\"targets\": [[1], [1]]", "\"targets\": [[1], [-1]]", StringComparison.Ordinal);

        CliResult result = CliRunner.Run("gradients", _runner.Write("hinge.json", text), "--check");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(JsonNode.Parse(result.Output)!["check"]!["passed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("[[1, 2], [-1, 0]]", "[0, 1]", "layer 2: weights are 2 x 2 but layer 1 has 3 units: expected 2 x 3")]
    [InlineData("[[1, 2, 3], [-1, 0, 1]]", "[0, 1, 2]", "layer 2: bias has 3 elements but the weights are 2 x 3: expected 2")]
    [InlineData("[[1, 2, 3], [-1, 0]]", "[0, 1]", "layer 2 weights row 2 has 2 numbers but row 1 has 3")]
    [InlineData("[[1, 2, \"x\"], [-1, 0, 1]]", "[0, 1]", "layer 2 weights row 1 element 3 is \"x\", not a finite number")]
    public void Bad_layer_shape_is_named(string weights, string bias, string expected)
    {
        string text = HandWorkedCase
            .Replace("[[1, 2, 3], [-1, 0, 1]]", weights, StringComparison.Ordinal)
            .Replace("\"bias\": [0, 1]", $"\"bias\": {bias}", StringComparison.Ordinal);

        CliResult result = CliRunner.Run("gradients", _runner.Write("bad.json", text));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("\"inputs\": [[1], [2]]", "\"inputs\": [[1], [2], [3]]", "inputs are 3 x 1 but layer 1 takes 2 inputs")]
    [InlineData("\"targets\": [[1], [1]]", "\"targets\": [[1, 1], [1, 1]]", "targets are 2 x 2 but inputs have 1 columns")]
    [InlineData("\"targets\": [[1], [1]]", "\"targets\": [[1]]", "targets are 1 x 1")]
    [InlineData("\"mean_squared_error\"", "\"squared\"", "unknown cost 'squared'")]
    [InlineData("\"cost\": \"mean_squared_error\",", "", "\"cost\" is missing")]
    [InlineData("\"layers\": [", "\"layers\": [ 3, ", "layer 1 is a JSON number")]
    public void Bad_case_is_named(string replaced, string replacement, string expected)
    {
        string text = HandWorkedCase.Replace(replaced, replacement, StringComparison.Ordinal);

        CliResult result = CliRunner.Run("gradients", _runner.Write("bad.json", text));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Invalid_json_is_reported()
    {
        CliResult result = CliRunner.Run("gradients", _runner.Write("broken.json", "{ \"layers\": ["));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.json' is not valid JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_case_file_is_reported()
    {
        string path = _runner.PathOf("absent.json");

        CliResult result = CliRunner.Run("gradients", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: case file '{path}' does not exist: check the path", result.Error.TrimEnd());
    }

    [Fact]
    public void Missing_argument_is_usage_error()
    {
        CliResult result = CliRunner.Run("gradients");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ffnn gradients --help", result.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Returns a 3-4-3 network on 3 examples with random weights, and data that suit the cost.
    /// Costs of probabilities get the output activation and targets they expect, such as softmax
    /// with one-hot targets or sigmoid with 0/1 targets. sparse_categorical_cross_entropy gets
    /// softmax with a 1 x m row of class indices, and the hinge costs get tanh with ±1 targets.
    /// Regression costs get the tested activation as the output and targets in (0, 1). Names
    /// that take parameters are written as objects with a random parameter value.
    /// </summary>
    private static JsonObject RandomCase(string activation, string cost, Random random)
    {
        const int inputs = 3;
        const int hidden = 4;
        const int outputs = 3;
        const int examples = 3;
        string output = cost switch
        {
            "categorical_cross_entropy" or "sparse_categorical_cross_entropy" or "kullback_leibler_divergence" => "softmax",
            "negative_log_likelihood" => "log_softmax",
            "binary_cross_entropy" => "sigmoid",
            "hinge" or "squared_hinge" => "tanh",
            _ => activation,
        };
        double[][] targets = cost switch
        {
            "categorical_cross_entropy" or "negative_log_likelihood" => OneHot(outputs, examples, random),
            "sparse_categorical_cross_entropy" => Generate(1, examples, () => random.Next(outputs)),
            "kullback_leibler_divergence" => Distributions(outputs, examples, random),
            "binary_cross_entropy" => Generate(outputs, examples, () => random.Next(2)),
            "hinge" or "squared_hinge" => Generate(outputs, examples, () => (2 * random.Next(2)) - 1),
            _ => Generate(outputs, examples, () => random.NextDouble()),
        };

        return new JsonObject
        {
            ["layers"] = new JsonArray(
                Layer(WithParameters(activation, random), inputs, hidden, random),
                Layer(WithParameters(output, random), hidden, outputs, random)),
            ["cost"] = WithParameters(cost, random),
            ["inputs"] = ToJson(Generate(inputs, examples, () => (2 * random.NextDouble()) - 1)),
            ["targets"] = ToJson(targets),
        };
    }

    /// <summary>Returns a seed from the characters of <paramref name="text"/>, the same in every run (unlike string.GetHashCode).</summary>
    private static int StableSeed(string text)
    {
        int seed = 17;
        foreach (char c in text)
        {
            seed = unchecked((seed * 31) + c);
        }

        return seed;
    }

    /// <summary>
    /// Returns the name as a string, or for a name with parameters an object such as
    /// { "name": "leaky_relu", "slope": 0.3 } with a random valid value.
    /// </summary>
    private static JsonNode WithParameters(string name, Random random) => name switch
    {
        "leaky_relu" => new JsonObject { ["name"] = name, ["slope"] = 0.05 + (0.5 * random.NextDouble()) },
        "elu" => new JsonObject { ["name"] = name, ["alpha"] = 0.5 + random.NextDouble() },
        "huber" => new JsonObject { ["name"] = name, ["delta"] = 0.1 + random.NextDouble() },
        _ => JsonValue.Create(name),
    };

    private static JsonObject Layer(JsonNode activation, int inputSize, int units, Random random) => new()
    {
        ["activation"] = activation,
        ["weights"] = ToJson(Generate(units, inputSize, () => (2 * random.NextDouble()) - 1)),
        ["bias"] = ToJson(Generate(1, units, () => (random.NextDouble() - 0.5) / 2))[0]!.DeepClone(),
    };

    private static double[][] OneHot(int classes, int examples, Random random)
    {
        double[][] rows = Generate(classes, examples, () => 0);
        for (int j = 0; j < examples; j++)
        {
            rows[random.Next(classes)][j] = 1;
        }

        return rows;
    }

    private static double[][] Distributions(int rows, int columns, Random random)
    {
        double[][] values = Generate(rows, columns, () => 0.1 + random.NextDouble());
        for (int j = 0; j < columns; j++)
        {
            double sum = values.Sum(row => row[j]);
            foreach (double[] row in values)
            {
                row[j] /= sum;
            }
        }

        return values;
    }

    private static double[][] Generate(int rows, int columns, Func<double> next)
    {
        var result = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            result[i] = new double[columns];
            for (int j = 0; j < columns; j++)
            {
                result[i][j] = next();
            }
        }

        return result;
    }

    private static JsonArray ToJson(double[][] rows) =>
        new([.. rows.Select(row => (JsonNode)new JsonArray([.. row.Select(v => (JsonNode?)JsonValue.Create(v))]))]);

    /// <summary>Runs gradients --check on one leaky_relu unit with z = -2, target 0 and the given slope, and returns the JSON result.</summary>
    private JsonNode LeakyCase(double slope)
    {
        string text = $$"""
            {
              "layers": [ { "activation": { "name": "leaky_relu", "slope": {{slope.ToString(CultureInfo.InvariantCulture)}} }, "weights": [[1]], "bias": [0] } ],
              "cost": "mean_squared_error",
              "inputs": [[-2]],
              "targets": [[0]]
            }
            """;
        CliResult result = CliRunner.Run("gradients", _runner.Write("leaky.json", text), "--check");
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonNode.Parse(result.Output)!;
    }

    private static double[][] Rows(JsonNode node) =>
        [.. node.AsArray().Select(row => Vector(row!))];

    private static double[] Vector(JsonNode node) =>
        [.. node.AsArray().Select(v => double.Parse(v!.ToJsonString(), CultureInfo.InvariantCulture))];
}
