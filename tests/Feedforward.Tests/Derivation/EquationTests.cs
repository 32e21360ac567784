using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Optimizers;
using Feedforward.Tensors;
using Feedforward.Tests.Catalog;
using Feedforward.Training;
using static Feedforward.Tests.Derivation.NumericChecks;

namespace Feedforward.Tests.Derivation;

/// <summary>
/// Numerical checks of the numbered equations in docs/derivation.md. Each test compares the
/// library with an independent computation: finite differences, naive loops or the formula
/// written out again. The document names the test that checks each equation.
/// </summary>
public class EquationTests
{
    /// <summary>Agreement of two computations of the same formula in double, which differ by a few rounding errors.</summary>
    private const double RoundingTolerance = 1e-12;

    /// <summary>Agreement of an analytic derivative with a central difference at <see cref="NumericChecks.Step"/>.</summary>
    private const double DerivativeTolerance = 1e-7;

    public static TheoryData<string> ActivationNames() =>
    [
        "linear", "relu", "sigmoid", "tanh", "leaky_relu", "elu", "selu", "softplus", "swish", "mish", "gelu", "gelu_tanh",
        "hard_sigmoid", "softmax", "log_softmax",
    ];

    public static TheoryData<string> ElementwiseActivationNames() =>
    [
        "linear", "relu", "sigmoid", "tanh", "leaky_relu", "elu", "selu", "softplus", "swish", "mish", "gelu", "gelu_tanh",
        "hard_sigmoid",
    ];

    public static TheoryData<string> CostNames() =>
    [
        "mean_squared_error", "binary_cross_entropy", "categorical_cross_entropy", "mean_absolute_error", "huber", "hinge",
        "squared_hinge", "sparse_categorical_cross_entropy", "kullback_leibler_divergence", "negative_log_likelihood",
    ];

    // Section 2: forward propagation.

    [Theory]
    [InlineData("tanh")]
    [InlineData("softmax")]
    public void Forward_node_matches_explicit_sum(string activation)
    {
        var random = new Random(1);
        DenseLayer<double> layer = RandomLayer(4, 3, ActivationCatalog.Create(activation), random);
        Matrix<double> input = TestData.Uniform(4, 5, random);

        layer.Forward(input);

        for (int i = 0; i < input.Columns; i++)
        {
            // z_j = Σ_k w_jk a_k + b_j, one unit at a time.
            double[] z = new double[layer.Units];
            for (int j = 0; j < layer.Units; j++)
            {
                z[j] = layer.Bias[j, 0];
                for (int k = 0; k < layer.InputSize; k++)
                {
                    z[j] += layer.Weights[j, k] * input[k, i];
                }

                Assert.Equal(z[j], layer.WeightedSums[j, i], RoundingTolerance);
            }

            // a_j = g_j(z): tanh reads z_j alone, softmax reads the whole column.
            double expSum = z.Sum(Math.Exp);
            for (int j = 0; j < layer.Units; j++)
            {
                double expected = activation == "tanh" ? Math.Tanh(z[j]) : Math.Exp(z[j]) / expSum;
                Assert.Equal(expected, layer.Activations[j, i], RoundingTolerance);
            }
        }
    }

    [Fact]
    public void Forward_broadcasts_bias_over_examples()
    {
        // Sizes that are not multiples of any SIMD width or block size, so edge paths of the
        // matrix product run too.
        var random = new Random(2);
        DenseLayer<double> layer = RandomLayer(29, 37, ActivationCatalog.Linear, random);
        Matrix<double> input = TestData.Uniform(29, 23, random);

        Matrix<double> z = layer.Forward(input).Clone();
        Matrix<double> product = NaiveProduct(layer.Weights, false, input, false);

        for (int i = 0; i < input.Columns; i++)
        {
            for (int j = 0; j < layer.Units; j++)
            {
                Assert.Equal(layer.Bias[j, 0], z[j, i] - product[j, i], RoundingTolerance);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Activation_acts_on_each_column_alone(string name)
    {
        Activation activation = ActivationCatalog.Create(name);
        var random = new Random(3);
        Matrix<double> z = TestData.Uniform(5, 4, random, -3, 3);
        var batch = new Matrix<double>(5, 4);
        activation.Forward(z, batch);

        for (int i = 0; i < z.Columns; i++)
        {
            var single = new Matrix<double>(5, 1);
            activation.Forward(z.ColumnRange(i, 1), single);
            AssertClose(single, batch.ColumnRange(i, 1), 1e-15, $"{name}, column {i} alone against the batch");
        }

        // Changing column 0 must leave the outputs of the other columns untouched.
        Matrix<double> changed = z.Clone();
        changed[2, 0] += 1.5;
        var changedBatch = new Matrix<double>(5, 4);
        activation.Forward(changed, changedBatch);
        AssertClose(batch.ColumnRange(1, 3), changedBatch.ColumnRange(1, 3), 0, $"{name}, columns 1..3 after changing column 0");
    }

    [Theory]
    [MemberData(nameof(CostNames))]
    public void Cost_is_mean_of_example_losses(string name)
    {
        Cost cost = CostCatalog.Create(name);
        var random = new Random(4);
        (Matrix<double> output, Matrix<double> targets) = CostCase(name, 3, 4, random);

        double mean = 0;
        for (int i = 0; i < output.Columns; i++)
        {
            // With one column, m = 1 and J is the loss ℓ of that example.
            mean += cost.Value(output.ColumnRange(i, 1), targets.ColumnRange(i, 1)) / output.Columns;
        }

        Assert.Equal(mean, cost.Value(output, targets), RoundingTolerance);
    }

    // Section 4: backward propagation.

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Activation_backward_matches_jacobian_transpose(string name)
    {
        Activation activation = ActivationCatalog.Create(name);
        var random = new Random(5);
        Matrix<double> z = AwayFromZero(TestData.Uniform(5, 3, random, -2, 2));
        Matrix<double> dA = TestData.Uniform(5, 3, random);
        var a = new Matrix<double>(5, 3);
        activation.Forward(z, a);
        var dZ = new Matrix<double>(5, 3);
        activation.Backward(z, a, dA, dZ);

        var column = new Matrix<double>(5, 1);
        for (int i = 0; i < z.Columns; i++)
        {
            Matrix<double> zi = z.ColumnRange(i, 1).Clone();
            for (int q = 0; q < z.Rows; q++)
            {
                // dz_q = Σ_p (∂a_p/∂z_q) da_p, with each ∂a_p/∂z_q from finite differences.
                double expected = 0;
                for (int p = 0; p < z.Rows; p++)
                {
                    int outputRow = p;
                    double jacobian = CentralDifference(zi.AsSpan(), q, () =>
                    {
                        activation.Forward(zi, column);
                        return column[outputRow, 0];
                    });
                    expected += jacobian * dA[p, i];
                }

                AssertGradientClose(expected, dZ[q, i], DerivativeTolerance, $"{name}, dZ({q}, {i})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ElementwiseActivationNames))]
    public void Elementwise_backward_is_hadamard_product(string name)
    {
        var activation = (ElementwiseActivation)ActivationCatalog.Create(name);
        var random = new Random(6);
        Matrix<double> z = TestData.Uniform(7, 3, random, -3, 3);
        Matrix<double> dA = TestData.Uniform(7, 3, random);
        var a = new Matrix<double>(7, 3);
        activation.Forward(z, a);
        var dZ = new Matrix<double>(7, 3);
        activation.Backward(z, a, dA, dZ);

        for (int i = 0; i < z.Columns; i++)
        {
            for (int j = 0; j < z.Rows; j++)
            {
                Assert.Equal(dA[j, i] * activation.Derivative(z[j, i], a[j, i]), dZ[j, i], 1e-15);
            }
        }
    }

    [Fact]
    public void Weight_gradient_matches_finite_differences()
    {
        var probe = new LayerProbe(new Random(7));
        Matrix<double> dZ = probe.WeightedSumGradient();
        probe.Layer.BackwardFromWeightedSums(probe.Input, dZ);

        Span<double> weights = probe.Layer.Weights.AsSpan();
        for (int j = 0; j < probe.Layer.Units; j++)
        {
            for (int k = 0; k < probe.Layer.InputSize; k++)
            {
                // ∂J/∂w_jk = Σ_i dZ_ji A_prev_ki, summed by hand.
                double formula = 0;
                for (int i = 0; i < probe.Input.Columns; i++)
                {
                    formula += dZ[j, i] * probe.Input[k, i];
                }

                double numeric = CentralDifference(weights, (k * probe.Layer.Units) + j, probe.Cost);
                AssertGradientClose(numeric, formula, DerivativeTolerance, $"formula for w({j}, {k})");
                Assert.Equal(formula, probe.Layer.WeightGradient[j, k], RoundingTolerance);
            }
        }
    }

    [Fact]
    public void Bias_gradient_matches_finite_differences()
    {
        var probe = new LayerProbe(new Random(8));
        Matrix<double> dZ = probe.WeightedSumGradient();
        probe.Layer.BackwardFromWeightedSums(probe.Input, dZ);

        Span<double> bias = probe.Layer.Bias.AsSpan();
        for (int j = 0; j < probe.Layer.Units; j++)
        {
            double formula = 0;
            for (int i = 0; i < probe.Input.Columns; i++)
            {
                formula += dZ[j, i];
            }

            double numeric = CentralDifference(bias, j, probe.Cost);
            AssertGradientClose(numeric, formula, DerivativeTolerance, $"formula for b({j})");
            Assert.Equal(formula, probe.Layer.BiasGradient[j, 0], RoundingTolerance);
        }
    }

    [Fact]
    public void Weight_gradient_is_product_with_input_transpose()
    {
        var random = new Random(9);
        var layer = new DenseLayer<double>(29, 37, ActivationCatalog.Linear);
        Matrix<double> input = TestData.Uniform(29, 23, random);
        Matrix<double> dZ = TestData.Uniform(37, 23, random);

        layer.BackwardFromWeightedSums(input, dZ, computeInputGradient: false);

        AssertClose(NaiveProduct(dZ, false, input, true), layer.WeightGradient, RoundingTolerance, "dW");
    }

    [Fact]
    public void Bias_gradient_is_row_sum()
    {
        var random = new Random(10);
        var layer = new DenseLayer<double>(29, 37, ActivationCatalog.Linear);
        Matrix<double> input = TestData.Uniform(29, 23, random);
        Matrix<double> dZ = TestData.Uniform(37, 23, random);

        layer.BackwardFromWeightedSums(input, dZ, computeInputGradient: false);

        var ones = new Matrix<double>(23, 1);
        ones.AsSpan().Fill(1);
        AssertClose(NaiveProduct(dZ, false, ones, false), layer.BiasGradient, RoundingTolerance, "db");
    }

    [Fact]
    public void Input_gradient_matches_finite_differences()
    {
        var probe = new LayerProbe(new Random(11));
        Matrix<double> dZ = probe.WeightedSumGradient();
        Matrix<double> dInput = probe.Layer.BackwardFromWeightedSums(probe.Input, dZ).Clone();

        Span<double> input = probe.Input.AsSpan();
        for (int i = 0; i < probe.Input.Columns; i++)
        {
            for (int k = 0; k < probe.Layer.InputSize; k++)
            {
                // dA_prev_ki = Σ_j w_jk dZ_ji, summed by hand.
                double formula = 0;
                for (int j = 0; j < probe.Layer.Units; j++)
                {
                    formula += probe.Layer.Weights[j, k] * dZ[j, i];
                }

                double numeric = CentralDifference(input, (i * probe.Layer.InputSize) + k, probe.Cost);
                AssertGradientClose(numeric, formula, DerivativeTolerance, $"formula for a_prev({k}, {i})");
                Assert.Equal(formula, dInput[k, i], RoundingTolerance);
            }
        }
    }

    [Fact]
    public void Input_gradient_is_transposed_product()
    {
        var random = new Random(12);
        DenseLayer<double> layer = RandomLayer(29, 37, ActivationCatalog.Linear, random);
        Matrix<double> input = TestData.Uniform(29, 23, random);
        Matrix<double> dZ = TestData.Uniform(37, 23, random);

        // Backward propagation follows a forward pass, which sizes the layer's buffers.
        layer.Forward(input);
        Matrix<double> dInput = layer.BackwardFromWeightedSums(input, dZ);

        AssertClose(NaiveProduct(layer.Weights, true, dZ, false), dInput, RoundingTolerance, "dA_prev");
    }

    // Section 5: sums over the examples.

    [Theory]
    [MemberData(nameof(CostNames))]
    public void Cost_seed_is_example_gradient_over_m(string name)
    {
        Cost cost = CostCatalog.Create(name);
        var random = new Random(13);
        (Matrix<double> output, Matrix<double> targets) = CostCase(name, 3, 4, random);
        var seed = new Matrix<double>(3, 4);
        cost.Gradient(output, targets, seed);

        for (int i = 0; i < output.Columns; i++)
        {
            // With one column, m = 1 and the gradient is ∂ℓ/∂a of that example.
            var exampleGradient = new Matrix<double>(3, 1);
            cost.Gradient(output.ColumnRange(i, 1), targets.ColumnRange(i, 1), exampleGradient);
            for (int j = 0; j < output.Rows; j++)
            {
                Assert.Equal(exampleGradient[j, 0] / output.Columns, seed[j, i], RoundingTolerance);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Batch_gradient_is_mean_of_example_gradients(bool fused)
    {
        var random = new Random(14);
        var network = Network<double>.Create(
            3, [new LayerSpec(4, ActivationCatalog.Tanh), new LayerSpec(2, ActivationCatalog.Softmax)], CostCatalog.CategoricalCrossEntropy, seed: 5);
        network.UseFusedOutput = fused;
        Matrix<double> inputs = TestData.Uniform(3, 5, random);
        Matrix<double> targets = TestData.OneHot(2, 5, random);

        network.ComputeGradients(inputs, targets);
        double[][] batch = Gradients(network);

        double[][] mean = [.. batch.Select(g => new double[g.Length])];
        for (int i = 0; i < inputs.Columns; i++)
        {
            network.ComputeGradients(inputs.ColumnRange(i, 1), targets.ColumnRange(i, 1));
            double[][] example = Gradients(network);
            for (int t = 0; t < mean.Length; t++)
            {
                for (int e = 0; e < mean[t].Length; e++)
                {
                    mean[t][e] += example[t][e] / inputs.Columns;
                }
            }
        }

        for (int t = 0; t < mean.Length; t++)
        {
            for (int e = 0; e < mean[t].Length; e++)
            {
                Assert.Equal(mean[t][e], batch[t][e], RoundingTolerance);
            }
        }
    }

    // Section 6: activations.

    [Theory]
    [MemberData(nameof(ElementwiseActivationNames))]
    public void Elementwise_activation_matches_formula(string name)
    {
        var activation = (ElementwiseActivation)ActivationCatalog.Create(name);
        (Func<double, double> g, Func<double, double> derivative) = ReferenceFormulas(name);

        // The series for erf in the GELU reference cancels a few digits at |z| = 4.
        double tolerance = name == "gelu" ? 1e-13 : 1e-15;
        double[] points = [-4, -1.5, -0.2, 0.3, 1.1, 2.7];

        var z = new Matrix<double>(points.Length, 1);
        points.CopyTo(z.AsSpan());
        var a = new Matrix<double>(points.Length, 1);
        activation.Forward(z, a);
        for (int r = 0; r < points.Length; r++)
        {
            double point = points[r];
            Assert.Equal(g(point), activation.Value(point), tolerance);
            Assert.Equal(g(point), a[r, 0], tolerance);
            Assert.Equal(derivative(point), activation.Derivative(point, g(point)), tolerance);

            // The derivative must also be the slope of the library's own g.
            double[] at = [point];
            double slope = CentralDifference(at, 0, () => activation.Value(at[0]));
            AssertGradientClose(slope, activation.Derivative(point, activation.Value(point)), DerivativeTolerance, $"{name}'({point})");
        }

        // g' at a kink is the one-sided value that the document states with each equation.
        foreach ((double kink, double expected) in KinkDerivatives(name))
        {
            Assert.Equal(expected, activation.Derivative(kink, activation.Value(kink)));
        }
    }

    /// <summary>Returns g and g' written out from section 6 of docs/derivation.md, sharing no code with the library.</summary>
    private static (Func<double, double> Value, Func<double, double> Derivative) ReferenceFormulas(string name)
    {
        const double SeluScale = 1.0507009873554805;
        const double SeluAlpha = 1.6732632423543772;
        const double GeluCubic = 0.044715;
        double rootTwoOverPi = Math.Sqrt(2 / Math.PI);
        static double Logistic(double z) => 1 / (1 + Math.Exp(-z));
        static double Softplus(double z) => Math.Log(1 + Math.Exp(z));
        static double NormalDistribution(double z) => 0.5 * (1 + ErfSeries(z / Math.Sqrt(2)));
        static double NormalDensity(double z) => Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
        double GeluTanhInner(double z) => Math.Tanh(rootTwoOverPi * (z + (GeluCubic * z * z * z)));
        double GeluTanhDerivative(double z) =>
            (0.5 * (1 + GeluTanhInner(z))) + (0.5 * z * (1 - Math.Pow(GeluTanhInner(z), 2)) * rootTwoOverPi * (1 + (3 * GeluCubic * z * z)));

        return name switch
        {
            "linear" => (z => z, _ => 1),
            "relu" => (z => Math.Max(z, 0), z => z > 0 ? 1 : 0),
            "sigmoid" => (z => 1 / (1 + Math.Exp(-z)), z => Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2)),
            "tanh" => (z => Math.Tanh(z), z => 1 - Math.Pow(Math.Tanh(z), 2)),
            "leaky_relu" => (z => z > 0 ? z : 0.01 * z, z => z > 0 ? 1 : 0.01),
            "elu" => (z => z > 0 ? z : Math.Exp(z) - 1, z => z > 0 ? 1 : Math.Exp(z)),
            "selu" => (z => z > 0 ? SeluScale * z : SeluScale * SeluAlpha * (Math.Exp(z) - 1), z => z > 0 ? SeluScale : SeluScale * SeluAlpha * Math.Exp(z)),
            "softplus" => (Softplus, Logistic),
            "swish" => (z => z * Logistic(z), z => Logistic(z) + (z * Logistic(z) * (1 - Logistic(z)))),
            "mish" => (
                z => z * Math.Tanh(Softplus(z)),
                z => Math.Tanh(Softplus(z)) + (z * (1 - Math.Pow(Math.Tanh(Softplus(z)), 2)) * Logistic(z))),
            "gelu" => (z => z * NormalDistribution(z), z => NormalDistribution(z) + (z * NormalDensity(z))),
            "gelu_tanh" => (z => 0.5 * z * (1 + GeluTanhInner(z)), GeluTanhDerivative),
            "hard_sigmoid" => (z => Math.Clamp((z / 6) + 0.5, 0, 1), z => Math.Abs(z) < 3 ? 1.0 / 6 : 0),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no reference formula for this activation"),
        };
    }

    /// <summary>Returns the kinks of an activation with the derivative the document states there.</summary>
    private static (double Kink, double Derivative)[] KinkDerivatives(string name) => name switch
    {
        "relu" => [(0, 0)],
        "leaky_relu" => [(0, 0.01)],
        "elu" => [(0, 1)],
        "selu" => [(0, Selu.Scale * Selu.Alpha)],
        "hard_sigmoid" => [(-3, 0), (3, 0)],
        _ => [],
    };

    /// <summary>
    /// Returns erf(x) from its Maclaurin series, (2/√π) Σ (-1)^n x^(2n+1) / (n! (2n+1)), an
    /// independent reference for |x| up to about 3, where cancellation costs a few digits.
    /// </summary>
    private static double ErfSeries(double x)
    {
        double term = x;
        double sum = x;
        for (int n = 1; n < 200 && Math.Abs(term) > 1e-18; n++)
        {
            term *= -x * x / n;
            sum += term / ((2 * n) + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    [Fact]
    public void Softmax_matches_definition_and_shift()
    {
        Matrix<double> z = Column(0.5, -1.2, 2.0, 0.0);
        Matrix<double> a = SoftmaxOf(z);
        double expSum = z.AsSpan().ToArray().Sum(Math.Exp);
        for (int p = 0; p < z.Rows; p++)
        {
            Assert.Equal(Math.Exp(z[p, 0]) / expSum, a[p, 0], 1e-15);
        }

        // Adding a constant to every logit changes nothing, even when e^z would overflow.
        Matrix<double> shifted = Column(1000.5, 998.8, 1002.0, 1000.0);
        AssertClose(a, SoftmaxOf(shifted), RoundingTolerance, "softmax(z + 1000)");

        Matrix<double> extreme = SoftmaxOf(Column(1000, 0, -1000));
        Assert.Equal([1.0, 0.0, 0.0], extreme.AsSpan().ToArray());
    }

    [Fact]
    public void Softmax_jacobian_matches_finite_differences()
    {
        Matrix<double> z = Column(0.3, -0.7, 1.4, 0.1, -2.0);
        Matrix<double> a = SoftmaxOf(z);
        int n = z.Rows;
        var dZ = new Matrix<double>(n, 1);

        for (int p = 0; p < n; p++)
        {
            // The backward pass of the unit vector e_p returns J^T e_p, row p of the Jacobian.
            var unit = new Matrix<double>(n, 1);
            unit[p, 0] = 1;
            ActivationCatalog.Softmax.Backward(z, a, unit, dZ);

            for (int q = 0; q < n; q++)
            {
                double formula = a[p, 0] * ((p == q ? 1 : 0) - a[q, 0]);
                int outputRow = p;
                double numeric = CentralDifference(z.AsSpan(), q, () => SoftmaxOf(z)[outputRow, 0]);
                AssertGradientClose(numeric, formula, DerivativeTolerance, $"∂a_{p}/∂z_{q}");
                Assert.Equal(formula, dZ[q, 0], 1e-15);
            }
        }
    }

    [Fact]
    public void Softmax_backward_matches_jacobian_product()
    {
        var random = new Random(15);
        Matrix<double> z = TestData.Uniform(6, 3, random, -2, 2);
        Matrix<double> dA = TestData.Uniform(6, 3, random);
        var a = new Matrix<double>(6, 3);
        ActivationCatalog.Softmax.Forward(z, a);
        var dZ = new Matrix<double>(6, 3);
        ActivationCatalog.Softmax.Backward(z, a, dA, dZ);

        for (int i = 0; i < z.Columns; i++)
        {
            // Build diag(a) - a aᵀ and multiply its transpose by da.
            var jacobian = new Matrix<double>(6, 6);
            for (int p = 0; p < 6; p++)
            {
                for (int q = 0; q < 6; q++)
                {
                    jacobian[p, q] = ((p == q ? 1 : 0) * a[p, i]) - (a[p, i] * a[q, i]);
                }
            }

            Matrix<double> expected = NaiveProduct(jacobian, true, dA.ColumnRange(i, 1), false);
            AssertClose(expected, dZ.ColumnRange(i, 1), RoundingTolerance, $"softmax dz, column {i}");
        }
    }

    [Fact]
    public void Log_softmax_jacobian_matches_finite_differences()
    {
        Matrix<double> z = Column(0.3, -0.7, 1.4, 0.1, -2.0);
        Matrix<double> a = LogSoftmaxOf(z);
        int n = z.Rows;
        var dZ = new Matrix<double>(n, 1);

        for (int p = 0; p < n; p++)
        {
            // The backward pass of the unit vector e_p returns J^T e_p, row p of the Jacobian.
            var unit = new Matrix<double>(n, 1);
            unit[p, 0] = 1;
            ActivationCatalog.LogSoftmax.Backward(z, a, unit, dZ);

            for (int q = 0; q < n; q++)
            {
                // δ_pq - s_q, with s = softmax(z) computed directly from z.
                double softmax = Math.Exp(z[q, 0]) / z.AsSpan().ToArray().Sum(Math.Exp);
                double formula = (p == q ? 1 : 0) - softmax;
                int outputRow = p;
                double numeric = CentralDifference(z.AsSpan(), q, () => LogSoftmaxOf(z)[outputRow, 0]);
                AssertGradientClose(numeric, formula, DerivativeTolerance, $"∂a_{p}/∂z_{q}");
                Assert.Equal(formula, dZ[q, 0], 1e-15);
            }
        }
    }

    [Fact]
    public void Log_softmax_backward_matches_jacobian_product()
    {
        var random = new Random(24);
        Matrix<double> z = TestData.Uniform(6, 3, random, -2, 2);
        Matrix<double> dA = TestData.Uniform(6, 3, random);
        Matrix<double> a = LogSoftmaxOf(z);
        var dZ = new Matrix<double>(6, 3);
        ActivationCatalog.LogSoftmax.Backward(z, a, dA, dZ);

        for (int i = 0; i < z.Columns; i++)
        {
            // Build I - 1 sᵀ with s = e^a and multiply its transpose by da.
            var jacobian = new Matrix<double>(6, 6);
            for (int p = 0; p < 6; p++)
            {
                for (int q = 0; q < 6; q++)
                {
                    jacobian[p, q] = (p == q ? 1 : 0) - Math.Exp(a[q, i]);
                }
            }

            Matrix<double> expected = NaiveProduct(jacobian, true, dA.ColumnRange(i, 1), false);
            AssertClose(expected, dZ.ColumnRange(i, 1), RoundingTolerance, $"log-softmax dz, column {i}");
        }
    }

    // Section 7: costs.

    [Theory]
    [MemberData(nameof(CostNames))]
    public void Cost_matches_formula(string name)
    {
        Cost cost = CostCatalog.Create(name);
        var random = new Random(16);
        (Matrix<double> a, Matrix<double> y) = CostCase(name, 3, 4, random);

        double sum = 0;
        for (int i = 0; i < a.Columns; i++)
        {
            if (name == "sparse_categorical_cross_entropy")
            {
                // One term per example: the output of its class, row c of column i.
                sum -= Math.Log(a[(int)y[0, i], i]);
                continue;
            }

            for (int j = 0; j < a.Rows; j++)
            {
                double output = a[j, i];
                double target = y[j, i];
                sum += name switch
                {
                    "mean_squared_error" => Math.Pow(output - target, 2),
                    "binary_cross_entropy" => -((target * Math.Log(output)) + ((1 - target) * Math.Log(1 - output))),
                    "categorical_cross_entropy" => -target * Math.Log(output),
                    "mean_absolute_error" => Math.Abs(output - target),
                    "huber" => Math.Abs(output - target) <= 1 ? Math.Pow(output - target, 2) / 2 : Math.Abs(output - target) - 0.5,
                    "hinge" => Math.Max(0, 1 - (target * output)),
                    "squared_hinge" => Math.Pow(Math.Max(0, 1 - (target * output)), 2),
                    "kullback_leibler_divergence" => target == 0 ? 0 : target * Math.Log(target / output),
                    "negative_log_likelihood" => -target * output,
                    _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no reference formula for this cost"),
                };
            }
        }

        Assert.Equal(sum / a.Columns, cost.Value(a, y), RoundingTolerance);
    }

    [Theory]
    [MemberData(nameof(CostNames))]
    public void Cost_seed_matches_finite_differences(string name)
    {
        Cost cost = CostCatalog.Create(name);
        var random = new Random(17);
        (Matrix<double> a, Matrix<double> y) = CostCase(name, 3, 4, random);
        var seed = new Matrix<double>(3, 4);
        cost.Gradient(a, y, seed);

        Span<double> outputs = a.AsSpan();
        for (int e = 0; e < outputs.Length; e++)
        {
            double numeric = CentralDifference(outputs, e, () => cost.Value(a, y));
            AssertGradientClose(numeric, seed.AsSpan()[e], DerivativeTolerance, $"{name}, dA element {e}");
        }
    }

    [Fact]
    public void Fused_sigmoid_gradient_is_output_minus_target()
    {
        var random = new Random(18);
        Matrix<double> z = TestData.Uniform(3, 4, random, -3, 3);
        Matrix<double> y = TestData.Binary(3, 4, random);
        var a = new Matrix<double>(3, 4);
        ActivationCatalog.Sigmoid.Forward(z, a);
        FusedOutput fused = CostCatalog.BinaryCrossEntropy.FuseWith(ActivationCatalog.Sigmoid)!;

        var dZ = new Matrix<double>(3, 4);
        fused.Gradient(a, y, dZ);

        // General path: seed (7.2), then the sigmoid's derivative through (4.2).
        var seed = new Matrix<double>(3, 4);
        CostCatalog.BinaryCrossEntropy.Gradient(a, y, seed);
        var general = new Matrix<double>(3, 4);
        ActivationCatalog.Sigmoid.Backward(z, a, seed, general);

        for (int e = 0; e < a.Length; e++)
        {
            double expected = (a.AsSpan()[e] - y.AsSpan()[e]) / a.Columns;
            Assert.Equal(expected, dZ.AsSpan()[e], 1e-15);
            Assert.Equal(expected, general.AsSpan()[e], RoundingTolerance);
        }

        // σ(40) rounds to 1 in double: the general path loses the gradient, the fused one keeps it.
        var saturatedZ = Matrix<double>.FromRows([[40.0]]);
        var saturatedA = Matrix<double>.FromRows([[1.0 / (1.0 + Math.Exp(-40.0))]]);
        var zeroTarget = Matrix<double>.FromRows([[0.0]]);
        Assert.Equal(1.0, saturatedA[0, 0]);
        var fusedSaturated = new Matrix<double>(1, 1);
        fused.Gradient(saturatedA, zeroTarget, fusedSaturated);
        var saturatedSeed = new Matrix<double>(1, 1);
        CostCatalog.BinaryCrossEntropy.Gradient(saturatedA, zeroTarget, saturatedSeed);
        var generalSaturated = new Matrix<double>(1, 1);
        ActivationCatalog.Sigmoid.Backward(saturatedZ, saturatedA, saturatedSeed, generalSaturated);
        Assert.Equal(1.0, fusedSaturated[0, 0]);
        Assert.Equal(0.0, generalSaturated[0, 0]);
    }

    [Fact]
    public void Softplus_form_equals_binary_cross_entropy()
    {
        var random = new Random(19);
        FusedOutput fused = CostCatalog.BinaryCrossEntropy.FuseWith(ActivationCatalog.Sigmoid)!;
        Matrix<double> z = TestData.Uniform(3, 4, random, -5, 5);
        Matrix<double> y = TestData.Binary(3, 4, random);
        var a = new Matrix<double>(3, 4);
        ActivationCatalog.Sigmoid.Forward(z, a);

        Assert.Equal(CostCatalog.BinaryCrossEntropy.Value(a, y), fused.Value(z, y), RoundingTolerance);

        // Logits of ±1000: the wrong ones cost |z| each, the right ones cost 0, and the
        // average over the four examples is (1000 + 1000 + 0 + 0) / 4.
        var extremeLogits = Matrix<double>.FromRows([[1000.0, -1000.0, 1000.0, -1000.0]]);
        var extremeTargets = Matrix<double>.FromRows([[0.0, 1.0, 1.0, 0.0]]);
        Assert.Equal(500.0, fused.Value(extremeLogits, extremeTargets));
    }

    [Fact]
    public void Fused_softmax_gradient_matches_finite_differences()
    {
        FusedOutput fused = CostCatalog.CategoricalCrossEntropy.FuseWith(ActivationCatalog.Softmax)!;
        var random = new Random(20);
        Matrix<double> z = TestData.Uniform(4, 3, random, -2, 2);

        // Column 0 one-hot, column 1 a probability vector, column 2 sums to 1.7: the general
        // form (a Σy - y) / m holds for all of them.
        var y = Matrix<double>.FromRows([[0.0, 0.1, 0.5], [1.0, 0.2, 0.0], [0.0, 0.3, 0.9], [0.0, 0.4, 0.3]]);
        var a = new Matrix<double>(4, 3);
        ActivationCatalog.Softmax.Forward(z, a);
        var dZ = new Matrix<double>(4, 3);
        fused.Gradient(a, y, dZ);

        Span<double> logits = z.AsSpan();
        for (int e = 0; e < logits.Length; e++)
        {
            double numeric = CentralDifference(logits, e, () => fused.Value(z, y));
            AssertGradientClose(numeric, dZ.AsSpan()[e], DerivativeTolerance, $"dZ element {e}");
        }

        for (int p = 0; p < 4; p++)
        {
            Assert.Equal((a[p, 0] - y[p, 0]) / 3, dZ[p, 0], 1e-15);
        }
    }

    [Fact]
    public void Log_sum_exp_is_shift_stable()
    {
        double[] z = [0.5, -1.0, 2.0];
        double direct = Math.Log(z.Sum(Math.Exp));
        Assert.Equal(direct, SoftmaxCrossEntropy.LogSumExp<double>(z), RoundingTolerance);

        double[] shifted = [.. z.Select(v => v + 1000)];
        Assert.Equal(direct + 1000, SoftmaxCrossEntropy.LogSumExp<double>(shifted), RoundingTolerance);
        Assert.Equal(1000 + Math.Log(2), SoftmaxCrossEntropy.LogSumExp<double>([1000.0, 1000.0]), RoundingTolerance);
        Assert.Equal(double.NegativeInfinity, SoftmaxCrossEntropy.LogSumExp<double>([]));
    }

    [Fact]
    public void Log_sum_exp_cost_equals_cross_entropy()
    {
        FusedOutput fused = CostCatalog.CategoricalCrossEntropy.FuseWith(ActivationCatalog.Softmax)!;
        var random = new Random(21);
        Matrix<double> z = TestData.Uniform(4, 5, random, -3, 3);
        Matrix<double> oneHot = TestData.OneHot(4, 5, random);
        Matrix<double> soft = TestData.Uniform(4, 5, random, 0, 1);
        var a = new Matrix<double>(4, 5);
        ActivationCatalog.Softmax.Forward(z, a);

        Assert.Equal(CostCatalog.CategoricalCrossEntropy.Value(a, oneHot), fused.Value(z, oneHot), RoundingTolerance);
        Assert.Equal(CostCatalog.CategoricalCrossEntropy.Value(a, soft), fused.Value(z, soft), RoundingTolerance);
    }

    [Theory]
    [InlineData("sigmoid", "binary_cross_entropy")]
    [InlineData("softmax", "categorical_cross_entropy")]
    [InlineData("softmax", "sparse_categorical_cross_entropy")]
    [InlineData("softmax", "kullback_leibler_divergence")]
    [InlineData("log_softmax", "negative_log_likelihood")]
    public void Fused_pair_gradient_matches_finite_differences(string activationName, string costName)
    {
        Activation activation = ActivationCatalog.Create(activationName);
        Cost cost = CostCatalog.Create(costName);
        FusedOutput fused = cost.FuseWith(activation)!;
        var random = new Random(25);
        Matrix<double> z = TestData.Uniform(4, 3, random, -2, 2);
        Matrix<double> y = costName switch
        {
            "binary_cross_entropy" => TestData.Binary(4, 3, random),
            "sparse_categorical_cross_entropy" => CostTests.ClassIndices(4, 3, random),
            "kullback_leibler_divergence" => CostTests.Distributions(4, 3, random),
            _ => TestData.OneHot(4, 3, random),
        };
        var a = new Matrix<double>(4, 3);
        activation.Forward(z, a);

        // The value from the logits is the general cost of the activations.
        Assert.Equal(cost.Value(a, y), fused.Value(z, y), RoundingTolerance);

        // The fused dZ is the derivative of that value with respect to the logits.
        var dZ = new Matrix<double>(4, 3);
        fused.Gradient(a, y, dZ);
        Span<double> logits = z.AsSpan();
        for (int e = 0; e < logits.Length; e++)
        {
            double numeric = CentralDifference(logits, e, () => fused.Value(z, y));
            AssertGradientClose(numeric, dZ.AsSpan()[e], DerivativeTolerance, $"{activationName} with {costName}, dZ element {e}");
        }
    }

    // Section 8: parameter updates.

    [Fact]
    public void Sgd_step_follows_update_rule()
    {
        var random = new Random(22);
        const double learningRate = 0.05;
        var network = Network<double>.Create(
            3, [new LayerSpec(4, ActivationCatalog.Tanh), new LayerSpec(2, ActivationCatalog.Sigmoid)], CostCatalog.BinaryCrossEntropy, seed: 9);
        Matrix<double> inputs = TestData.Uniform(3, 6, random);
        Matrix<double> targets = TestData.Binary(2, 6, random);

        network.ComputeGradients(inputs, targets);
        double[][] gradients = Gradients(network);
        double[][] before = Parameters(network);
        var trainer = new Trainer<double>(network, new Sgd(), new TrainingOptions { LearningRate = learningRate });
        trainer.Step(inputs, targets);
        double[][] after = Parameters(network);

        for (int t = 0; t < before.Length; t++)
        {
            for (int e = 0; e < before[t].Length; e++)
            {
                Assert.Equal(before[t][e] - (learningRate * gradients[t][e]), after[t][e], 1e-15);
            }
        }
    }

    [Theory]
    [InlineData(0.9, 0.999, 1e-8)]
    [InlineData(0.8, 0.99, 1e-3)]
    public void Adam_steps_follow_update_rule(double beta1, double beta2, double epsilon)
    {
        // 11 elements: two full 256-bit vectors of doubles and a scalar tail of 3.
        const int length = 11;
        const double learningRate = 0.01;
        var random = new Random(23);
        double[] theta = [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5)];
        double[] expected = [.. theta];
        double[] v = new double[length];
        double[] s = new double[length];
        OptimizerState<double> state = new Adam(beta1, beta2, epsilon).CreateState<double>(length);

        for (int t = 1; t <= 3; t++)
        {
            double[] gradient = [.. Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.5) * t)];
            state.Update(theta, gradient, t, learningRate);

            for (int e = 0; e < length; e++)
            {
                v[e] = (beta1 * v[e]) + ((1 - beta1) * gradient[e]);
                s[e] = (beta2 * s[e]) + ((1 - beta2) * gradient[e] * gradient[e]);
                double vHat = v[e] / (1 - Math.Pow(beta1, t));
                double sHat = s[e] / (1 - Math.Pow(beta2, t));
                expected[e] -= learningRate * vHat / (Math.Sqrt(sHat) + epsilon);
            }

            for (int e = 0; e < length; e++)
            {
                Assert.Equal(expected[e], theta[e], RoundingTolerance);
            }
        }
    }

    /// <summary>
    /// A dense layer with a linear activation, so A = Z, and the cost J = Σ sin(Z_ji). Its
    /// dZ = cos(Z) is known exactly, which isolates equations (4.3) to (4.8) from any
    /// activation or cost of the library.
    /// </summary>
    private sealed class LayerProbe
    {
        public LayerProbe(Random random)
        {
            Layer = RandomLayer(4, 3, ActivationCatalog.Linear, random);
            Input = TestData.Uniform(4, 5, random);
        }

        public DenseLayer<double> Layer { get; }

        public Matrix<double> Input { get; }

        public double Cost()
        {
            double sum = 0;
            foreach (double z in Layer.Forward(Input).AsSpan())
            {
                sum += Math.Sin(z);
            }

            return sum;
        }

        public Matrix<double> WeightedSumGradient()
        {
            Matrix<double> z = Layer.Forward(Input);
            var dZ = new Matrix<double>(z.Rows, z.Columns);
            for (int e = 0; e < z.Length; e++)
            {
                dZ.AsSpan()[e] = Math.Cos(z.AsSpan()[e]);
            }

            return dZ;
        }
    }

    private static DenseLayer<double> RandomLayer(int inputSize, int units, Activation activation, Random random)
    {
        var layer = new DenseLayer<double>(inputSize, units, activation);
        TestData.Uniform(units, inputSize, random).AsSpan().CopyTo(layer.Weights.AsSpan());
        TestData.Uniform(units, 1, random).AsSpan().CopyTo(layer.Bias.AsSpan());
        return layer;
    }

    /// <summary>
    /// Returns outputs and targets in the domain of the cost: probabilities away from 0 and 1,
    /// log-probabilities below 0, and errors on both sides of Huber's δ = 1 and of the hinge's margin 1.
    /// </summary>
    private static (Matrix<double> Outputs, Matrix<double> Targets) CostCase(string cost, int rows, int columns, Random random) => cost switch
    {
        "mean_squared_error" => (TestData.Uniform(rows, columns, random), TestData.Uniform(rows, columns, random)),
        "mean_absolute_error" or "huber" => (TestData.Uniform(rows, columns, random, -2, 2), TestData.Uniform(rows, columns, random, -2, 2)),
        "binary_cross_entropy" => (TestData.Uniform(rows, columns, random, 0.05, 0.95), TestData.Binary(rows, columns, random)),
        "categorical_cross_entropy" => (TestData.Uniform(rows, columns, random, 0.05, 0.95), TestData.OneHot(rows, columns, random)),
        "sparse_categorical_cross_entropy" => (TestData.Uniform(rows, columns, random, 0.05, 0.95), CostTests.ClassIndices(rows, columns, random)),
        "kullback_leibler_divergence" => (TestData.Uniform(rows, columns, random, 0.05, 0.95), CostTests.Distributions(rows, columns, random)),
        "hinge" or "squared_hinge" => (TestData.Uniform(rows, columns, random, -2, 2), CostTests.PlusMinusOne(rows, columns, random)),
        "negative_log_likelihood" => (TestData.Uniform(rows, columns, random, -5, 0), TestData.OneHot(rows, columns, random)),
        _ => throw new ArgumentOutOfRangeException(nameof(cost), cost, "no test case for this cost"),
    };

    /// <summary>Moves every element at least 0.1 away from 0, so ReLU's kink stays out of reach of finite differences.</summary>
    private static Matrix<double> AwayFromZero(Matrix<double> z)
    {
        Span<double> values = z.AsSpan();
        for (int e = 0; e < values.Length; e++)
        {
            values[e] += values[e] >= 0 ? 0.1 : -0.1;
        }

        return z;
    }

    private static Matrix<double> SoftmaxOf(Matrix<double> z)
    {
        var a = new Matrix<double>(z.Rows, z.Columns);
        ActivationCatalog.Softmax.Forward(z, a);
        return a;
    }

    private static Matrix<double> LogSoftmaxOf(Matrix<double> z)
    {
        var a = new Matrix<double>(z.Rows, z.Columns);
        ActivationCatalog.LogSoftmax.Forward(z, a);
        return a;
    }

    private static double[][] Gradients(Network<double> network) =>
        [.. network.Layers.SelectMany(l => new[] { l.WeightGradient.AsSpan().ToArray(), l.BiasGradient.AsSpan().ToArray() })];

    private static double[][] Parameters(Network<double> network) =>
        [.. network.Layers.SelectMany(l => new[] { l.Weights.AsSpan().ToArray(), l.Bias.AsSpan().ToArray() })];
}
