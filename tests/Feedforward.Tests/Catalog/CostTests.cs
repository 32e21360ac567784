using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Catalog;

public class CostTests
{
    /// <summary>Hand-worked values go through a few roundings in double.</summary>
    private const double ValueTolerance = 1e-14;

    /// <summary>The bound the gradient checks promise in double.</summary>
    private const double GradientTolerance = 1e-7;

    /// <summary>Fused and general paths compute the same formulas in a different order.</summary>
    private const double AgreementTolerance = 1e-12;

    public static TheoryData<string, double?> Costs() => new()
    {
        { "mean_squared_error", null },
        { "mean_absolute_error", null },
        { "huber", null },
        { "huber", 0.3 },
        { "binary_cross_entropy", null },
        { "categorical_cross_entropy", null },
        { "sparse_categorical_cross_entropy", null },
        { "kullback_leibler_divergence", null },
        { "hinge", null },
        { "squared_hinge", null },
        { "negative_log_likelihood", null },
    };

    private static Cost Create(string name, double? delta) =>
        delta is double d ? CostCatalog.Create(name, new Dictionary<string, double> { ["delta"] = d }) : CostCatalog.Create(name);

    /// <summary>Returns outputs and targets in the domain where the cost is meant to be used.</summary>
    private static (Matrix<double> Output, Matrix<double> Targets) Sample(string name, int units, int examples, Random random) => name switch
    {
        "binary_cross_entropy" => (TestData.Uniform(units, examples, random, 0.05, 0.95), TestData.Binary(units, examples, random)),
        "categorical_cross_entropy" => (TestData.Uniform(units, examples, random, 0.05, 0.95), TestData.OneHot(units, examples, random)),
        "kullback_leibler_divergence" => (TestData.Uniform(units, examples, random, 0.05, 0.95), Distributions(units, examples, random)),
        "sparse_categorical_cross_entropy" => (TestData.Uniform(units, examples, random, 0.05, 0.95), ClassIndices(units, examples, random)),
        "hinge" or "squared_hinge" => (TestData.Uniform(units, examples, random, -2, 2), PlusMinusOne(units, examples, random)),
        "negative_log_likelihood" => (TestData.Uniform(units, examples, random, -5, 0), TestData.OneHot(units, examples, random)),
        _ => (TestData.Uniform(units, examples, random, -2, 2), TestData.Uniform(units, examples, random, -2, 2)),
    };

    [Theory]
    [MemberData(nameof(Costs))]
    public void Gradient_matches_finite_differences(string name, double? delta)
    {
        Cost cost = Create(name, delta);
        var (output, targets) = Sample(name, 4, 5, new Random(name.Length));
        var gradient = new Matrix<double>(4, 5);
        cost.Gradient(output, targets, gradient);

        for (int i = 0; i < output.Length; i++)
        {
            int index = i;
            double original = output.AsSpan()[i];
            double CostAt(double value)
            {
                output.AsSpan()[index] = value;
                return cost.Value(output, targets);
            }

            double numeric = FiniteDifference.Derivative(CostAt, original, GradientCheck.DefaultStep);
            output.AsSpan()[i] = original;
            double error = GradientCheck.RelativeError(gradient.AsSpan()[i], numeric);
            Assert.True(error < GradientTolerance, $"{name}, element {i}: analytic {gradient.AsSpan()[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Mean_absolute_error_matches_hand_computation()
    {
        // Example 1: a = (1, 0.5), y = (0, 1) → |1| + |-0.5| = 1.5; example 2: a = (-2, 3), y = (0, 1) → 2 + 2 = 4.
        // J = (1.5 + 4) / 2 = 2.75; dJ/da = sign(a - y) / 2.
        var output = Matrix<double>.FromRows([[1.0, -2.0], [0.5, 3.0]]);
        var targets = Matrix<double>.FromRows([[0.0, 0.0], [1.0, 1.0]]);

        AssertCost(CostCatalog.MeanAbsoluteError, output, targets, 2.75, [[0.5, -0.5], [-0.5, 0.5]]);
    }

    [Fact]
    public void Mean_absolute_error_kink_has_zero_gradient()
    {
        var output = Matrix<double>.FromRows([[1.5]]);
        var gradient = new Matrix<double>(1, 1);

        CostCatalog.MeanAbsoluteError.Gradient(output, output, gradient);

        Assert.Equal(0.0, gradient[0, 0]);
    }

    [Fact]
    public void Huber_matches_hand_computation()
    {
        // δ = 1, d = a - y: example 1 d = (1, -0.5) → 1²/2 + 0.5²/2 = 0.625 (|d| = δ is still quadratic);
        // example 2 d = (-2, 2) → 2 × 1 (2 - 1/2) = 3. J = 3.625 / 2 = 1.8125; dJ/da = clamp(d, -1, 1) / 2.
        var output = Matrix<double>.FromRows([[1.0, -2.0], [0.5, 3.0]]);
        var targets = Matrix<double>.FromRows([[0.0, 0.0], [1.0, 1.0]]);

        AssertCost(CostCatalog.Create("huber"), output, targets, 1.8125, [[0.5, -0.5], [-0.25, 0.5]]);
    }

    [Fact]
    public void Sparse_cross_entropy_matches_hand_computation()
    {
        // Classes 0 and 2: J = -(ln 0.7 + ln 0.6) / 2; the gradient is -1 / (a m) in the class row only.
        var output = Matrix<double>.FromRows([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]]);
        var targets = Matrix<double>.FromRows([[0.0, 2.0]]);

        AssertCost(CostCatalog.SparseCategoricalCrossEntropy, output, targets, -(Math.Log(0.7) + Math.Log(0.6)) / 2, [[-1 / 1.4, 0], [0, 0], [0, -1 / 1.2]]);
    }

    [Fact]
    public void Sparse_cross_entropy_equals_one_hot_cross_entropy()
    {
        var random = new Random(8);
        Matrix<double> output = TestData.Uniform(4, 6, random, 0.05, 0.95);
        Matrix<double> classes = ClassIndices(4, 6, random);
        Matrix<double> oneHot = OneHotOf(classes, 4);
        var sparseGradient = new Matrix<double>(4, 6);
        var oneHotGradient = new Matrix<double>(4, 6);
        CostCatalog.SparseCategoricalCrossEntropy.Gradient(output, classes, sparseGradient);
        CostCatalog.CategoricalCrossEntropy.Gradient(output, oneHot, oneHotGradient);

        Assert.Equal(CostCatalog.CategoricalCrossEntropy.Value(output, oneHot), CostCatalog.SparseCategoricalCrossEntropy.Value(output, classes), ValueTolerance);
        for (int i = 0; i < output.Length; i++)
        {
            Assert.Equal(oneHotGradient.AsSpan()[i], sparseGradient.AsSpan()[i], ValueTolerance);
        }
    }

    [Fact]
    public void Kullback_leibler_matches_hand_computation()
    {
        // y = (0.5, 0.5), a = (0.25, 0.75): J = 0.5 ln 2 + 0.5 ln(2/3) = 0.5 ln(4/3); dJ/da = -y / a = (-2, -2/3).
        var output = Matrix<double>.FromRows([[0.25], [0.75]]);
        var targets = Matrix<double>.FromRows([[0.5], [0.5]]);

        AssertCost(CostCatalog.KullbackLeiblerDivergence, output, targets, 0.5 * Math.Log(4.0 / 3.0), [[-2.0], [-2.0 / 3.0]]);
    }

    [Fact]
    public void Kullback_leibler_of_equal_distributions_is_zero()
    {
        var distribution = Matrix<double>.FromRows([[0.2], [0.0], [0.8]]);

        Assert.Equal(0.0, CostCatalog.KullbackLeiblerDivergence.Value(distribution, distribution), ValueTolerance);
    }

    [Fact]
    public void Hinge_matches_hand_computation()
    {
        // y a = (0.5, 2, -0.5): margins max(0, 1 - y a) = (0.5, 0, 1.5), J = 2/3; dJ/da = -y/3 where y a < 1.
        var output = Matrix<double>.FromRows([[0.5, 2.0, 0.5]]);
        var targets = Matrix<double>.FromRows([[1.0, 1.0, -1.0]]);

        AssertCost(CostCatalog.Hinge, output, targets, 2.0 / 3.0, [[-1.0 / 3.0, 0, 1.0 / 3.0]]);
    }

    [Fact]
    public void Squared_hinge_matches_hand_computation()
    {
        // Margins (0.5, 0, 1.5): J = (0.25 + 0 + 2.25) / 3 = 5/6; dJ/da = -2 y margin / 3 = (-1/3, 0, 1).
        var output = Matrix<double>.FromRows([[0.5, 2.0, 0.5]]);
        var targets = Matrix<double>.FromRows([[1.0, 1.0, -1.0]]);

        AssertCost(CostCatalog.SquaredHinge, output, targets, 5.0 / 6.0, [[-1.0 / 3.0, 0, 1.0]]);
    }

    [Fact]
    public void Negative_log_likelihood_matches_hand_computation()
    {
        // Log-probabilities (-0.5, -1.2), class 1: J = 1.2, dJ/da = -y = (0, -1).
        var output = Matrix<double>.FromRows([[-0.5], [-1.2]]);
        var targets = Matrix<double>.FromRows([[0.0], [1.0]]);

        AssertCost(CostCatalog.NegativeLogLikelihood, output, targets, 1.2, [[0.0], [-1.0]]);
    }

    public static TheoryData<string, double[][], double[][]> ExtremeOutputs() => new()
    {
        // Probabilities of exactly 0 and 1, confidently wrong and right; values of ±1000 elsewhere.
        { "binary_cross_entropy", [[0.0, 1.0], [1.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]] },
        { "categorical_cross_entropy", [[0.0, 1.0], [1.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]] },
        { "kullback_leibler_divergence", [[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.5], [0.0, 0.5]] },
        { "sparse_categorical_cross_entropy", [[0.0, 1.0], [1.0, 0.0]], [[0.0, 1.0]] },
        { "negative_log_likelihood", [[-2000.0, 0.0], [0.0, -2000.0]], [[1.0, 1.0], [0.0, 0.0]] },
        { "mean_squared_error", [[1000.0, -1000.0]], [[-1000.0, 1000.0]] },
        { "mean_absolute_error", [[1000.0, -1000.0]], [[-1000.0, 1000.0]] },
        { "huber", [[1000.0, -1000.0]], [[-1000.0, 1000.0]] },
        { "hinge", [[1000.0, -1000.0]], [[-1.0, 1.0]] },
        { "squared_hinge", [[1000.0, -1000.0]], [[-1.0, 1.0]] },
    };

    [Theory]
    [MemberData(nameof(ExtremeOutputs))]
    public void Extreme_outputs_give_finite_cost_and_gradient(string name, double[][] outputRows, double[][] targetRows)
    {
        Cost cost = CostCatalog.Create(name);
        var output = Matrix<double>.FromRows(outputRows);
        var targets = Matrix<double>.FromRows(targetRows);
        var gradient = new Matrix<double>(output.Rows, output.Columns);

        double j = cost.Value(output, targets);
        cost.Gradient(output, targets, gradient);

        Assert.True(double.IsFinite(j), $"{name}: J = {j}");
        Assert.True(j > 0, $"{name}: confidently wrong outputs must cost something, got {j}");
        Assert.All(gradient.AsSpan().ToArray(), g => Assert.True(double.IsFinite(g), $"{name}: gradient {g}"));
    }

    [Theory]
    [InlineData("softmax", "sparse_categorical_cross_entropy")]
    [InlineData("softmax", "kullback_leibler_divergence")]
    [InlineData("log_softmax", "negative_log_likelihood")]
    public void Fused_pair_on_extreme_logits_costs_the_margin(string activation, string cost)
    {
        // Logits (1000, -1000) for class 1: J = LSE(z) - z_1 = 1000 + ln(1 + e^-2000) + 1000 = 2000.
        var layer = new DenseLayer<double>(1, 2, ActivationCatalog.Create(activation));
        layer.Weights[0, 0] = 1000;
        layer.Weights[1, 0] = -1000;
        var network = new Network<double>([layer], CostCatalog.Create(cost));
        Assert.NotNull(network.FusedOutput);
        var inputs = Matrix<double>.FromRows([[1.0]]);
        Matrix<double> targets = cost == "sparse_categorical_cross_entropy"
            ? Matrix<double>.FromRows([[1.0]])
            : Matrix<double>.FromRows([[0.0], [1.0]]);

        double j = network.ComputeGradients(inputs, targets);

        Assert.Equal(2000.0, j);
        Assert.All(layer.WeightGradient.AsSpan().ToArray(), g => Assert.True(double.IsFinite(g)));
    }

    [Theory]
    [InlineData("softmax", "sparse_categorical_cross_entropy")]
    [InlineData("softmax", "kullback_leibler_divergence")]
    [InlineData("log_softmax", "negative_log_likelihood")]
    public void Fused_and_general_paths_agree(string outputActivation, string cost)
    {
        var random = new Random(13);
        var network = Network<double>.Create(
            5, [new LayerSpec(4, ActivationCatalog.Tanh), new LayerSpec(3, ActivationCatalog.Create(outputActivation))], CostCatalog.Create(cost), seed: 3);
        Assert.NotNull(network.FusedOutput);
        Matrix<double> inputs = TestData.Uniform(5, 8, random);
        Matrix<double> targets = cost switch
        {
            "sparse_categorical_cross_entropy" => ClassIndices(3, 8, random),
            "kullback_leibler_divergence" => Distributions(3, 8, random),
            _ => TestData.OneHot(3, 8, random),
        };

        network.UseFusedOutput = true;
        double fusedCost = network.ComputeGradients(inputs, targets, computeInputGradient: true);
        double[] fused = [.. network.Layers[0].WeightGradient.AsSpan(), .. network.InputGradient.AsSpan()];
        network.UseFusedOutput = false;
        double generalCost = network.ComputeGradients(inputs, targets, computeInputGradient: true);
        double[] general = [.. network.Layers[0].WeightGradient.AsSpan(), .. network.InputGradient.AsSpan()];

        Assert.Equal(generalCost, fusedCost, AgreementTolerance);
        for (int i = 0; i < fused.Length; i++)
        {
            Assert.Equal(general[i], fused[i], AgreementTolerance);
        }
    }

    [Theory]
    [InlineData(2.5, "example 1 has 2.5")]
    [InlineData(-1.0, "example 1 has -1")]
    [InlineData(3.0, "example 1 has 3: expected a whole number from 0 to 2")]
    [InlineData(double.NaN, "example 1 has NaN")]
    public void Sparse_targets_reject_invalid_class_index(double label, string message)
    {
        var output = Matrix<double>.FromRows([[0.2, 0.2], [0.3, 0.3], [0.5, 0.5]]);
        var targets = Matrix<double>.FromRows([[0.0, label]]);

        var e = Assert.Throws<ArgumentException>(() => CostCatalog.SparseCategoricalCrossEntropy.Value(output, targets));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparse_targets_reject_one_hot_matrix()
    {
        var network = Network<double>.Create(2, [new LayerSpec(3, ActivationCatalog.Softmax)], CostCatalog.SparseCategoricalCrossEntropy, seed: 1);
        var inputs = new Matrix<double>(2, 4);
        Matrix<double> oneHot = TestData.OneHot(3, 4, new Random(1));

        var e = Assert.Throws<ArgumentException>(() => network.ComputeCost(inputs, oneHot));

        Assert.Contains("expected 1 x 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hinge_rejects_zero_one_targets()
    {
        var output = Matrix<double>.FromRows([[0.5, 0.5]]);
        var targets = Matrix<double>.FromRows([[1.0, 0.0]]);

        var e = Assert.Throws<ArgumentException>(() => CostCatalog.Hinge.Value(output, targets));

        Assert.Contains("hinge targets must be -1 or +1, but element (0, 1) is 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huber_delta_reaches_the_cost()
    {
        var huber = Assert.IsType<Huber>(CostCatalog.Create("huber", new Dictionary<string, double> { ["delta"] = 0.5 }));

        Assert.Equal(0.5, huber.Delta);
        Assert.Equal(0.5, huber.Parameters["delta"]);
        Assert.Equal(1.0, Assert.IsType<Huber>(CostCatalog.Create("huber")).Delta);
    }

    [Theory]
    [InlineData("huber", "delta", 0.0, "huber delta must be a positive finite number, got 0")]
    [InlineData("huber", "alpha", 1.0, "cost 'huber' has no parameter 'alpha': it takes delta")]
    [InlineData("hinge", "delta", 1.0, "cost 'hinge' has no parameter 'delta': it takes no parameters")]
    [InlineData("mean_squared_error", "reduction", 1.0, "cost 'mean_squared_error' has no parameter 'reduction': it takes no parameters")]
    public void Invalid_parameters_are_rejected_by_name(string name, string parameter, double value, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CostCatalog.Create(name, new Dictionary<string, double> { [parameter] = value }));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalogue_creates_every_listed_name()
    {
        foreach (string name in CostCatalog.Names)
        {
            Assert.Equal(name, CostCatalog.Create(name).Name);
        }
    }

    [Fact]
    public void Accuracy_counts_class_index_targets()
    {
        // Largest outputs in rows 0, 2, 1; classes 0, 1, 1: two of three are right.
        var output = Matrix<double>.FromRows([[0.7, 0.1, 0.2], [0.2, 0.3, 0.5], [0.1, 0.6, 0.3]]);
        var targets = Matrix<double>.FromRows([[0.0, 1.0, 1.0]]);

        var counts = Metrics.CountCorrect(output, targets, ActivationCatalog.Softmax);

        Assert.Equal((2L, 3L), counts);
    }

    [Fact]
    public void Accuracy_for_hinge_compares_signs()
    {
        // Outputs (0.3, -0.2, 0.8, -0.1) against targets (+1, +1, -1, -1): the first and last agree in sign.
        var output = Matrix<double>.FromRows([[0.3, -0.2, 0.8, -0.1]]);
        var targets = Matrix<double>.FromRows([[1.0, 1.0, -1.0, -1.0]]);

        Assert.Equal((2L, 4L), Metrics.CountCorrect(output, targets, ActivationCatalog.Linear, CostCatalog.Hinge));
        Assert.Equal((2L, 4L), Metrics.CountCorrect(output, targets, ActivationCatalog.Tanh, CostCatalog.SquaredHinge));
        Assert.Null(Metrics.CountCorrect(output, targets, ActivationCatalog.Linear, CostCatalog.MeanSquaredError));
    }

    private static void AssertCost(Cost cost, Matrix<double> output, Matrix<double> targets, double expected, double[][] expectedGradient)
    {
        var gradient = new Matrix<double>(output.Rows, output.Columns);
        cost.Gradient(output, targets, gradient);

        Assert.Equal(expected, cost.Value(output, targets), ValueTolerance);
        for (int i = 0; i < output.Rows; i++)
        {
            for (int j = 0; j < output.Columns; j++)
            {
                Assert.Equal(expectedGradient[i][j], gradient[i, j], ValueTolerance);
            }
        }
    }

    internal static Matrix<double> ClassIndices(int classes, int examples, Random random)
    {
        var labels = new Matrix<double>(1, examples);
        for (int j = 0; j < examples; j++)
        {
            labels[0, j] = random.Next(classes);
        }

        return labels;
    }

    internal static Matrix<double> Distributions(int units, int examples, Random random)
    {
        Matrix<double> y = TestData.Uniform(units, examples, random, 0, 1);
        for (int j = 0; j < examples; j++)
        {
            Span<double> column = y.Column(j);
            double sum = System.Numerics.Tensors.TensorPrimitives.Sum<double>(column);
            System.Numerics.Tensors.TensorPrimitives.Divide(column, sum, column);
        }

        return y;
    }

    internal static Matrix<double> PlusMinusOne(int units, int examples, Random random)
    {
        Matrix<double> y = TestData.Binary(units, examples, random);
        Span<double> values = y.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (2 * values[i]) - 1;
        }

        return y;
    }

    private static Matrix<double> OneHotOf(Matrix<double> classes, int units)
    {
        var oneHot = new Matrix<double>(units, classes.Columns);
        for (int j = 0; j < classes.Columns; j++)
        {
            oneHot[(int)classes[0, j], j] = 1;
        }

        return oneHot;
    }
}
