using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Optimizers;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Catalog;

/// <summary>
/// Each optimizer against an independent scalar re-implementation of PyTorch's documented
/// update (torch.optim, version 1.13 docs for SGD and RMSprop, 1.11 for AdamW), and against
/// first steps worked out by hand. The tiny problem is J(θ) = Σ_i c_i θ_i² / 2, so g = c ⊙ θ.
/// </summary>
public class OptimizerTests
{
    /// <summary>The vectorized and scalar updates round differently; over five steps they agree to this relative error.</summary>
    private const double Tolerance = 1e-13;

    /// <summary>11 elements cross the 4-wide double vectors with a remainder.</summary>
    private const int Length = 11;

    /// <summary>A different learning rate each step, so a schedule's effect is covered too.</summary>
    private static readonly double[] LearningRates = [0.1, 0.05, 0.1, 0.2, 0.01];

    private static double[] Curvatures() => [.. Enumerable.Range(0, Length).Select(i => 0.5 + (0.3 * i))];

    private static double[] Start() => [.. Enumerable.Range(0, Length).Select(i => 1.0 - (0.17 * i))];

    public static TheoryData<string> OptimizerCases() =>
    [
        "sgd", "sgd_momentum", "sgd_nesterov", "rmsprop", "rmsprop_momentum", "rmsprop_centered", "adagrad", "adam", "adamw",
    ];

    private static Optimizer CreateCase(string name) => name switch
    {
        "sgd" => new Sgd(),
        "sgd_momentum" => new Sgd(momentum: 0.9),
        "sgd_nesterov" => new Sgd(momentum: 0.9, nesterov: true),
        "rmsprop" => new RmsProp(alpha: 0.9),
        "rmsprop_momentum" => new RmsProp(alpha: 0.9, momentum: 0.8),
        "rmsprop_centered" => new RmsProp(alpha: 0.9, centered: true),
        "adagrad" => new Adagrad(initialAccumulator: 0.1),
        "adam" => new Adam(),
        "adamw" => new AdamW(weightDecay: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
    };

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void Update_matches_scalar_reference(string name)
    {
        double[] c = Curvatures();
        double[] theta = Start();
        double[] expected = Start();
        var reference = new ScalarReference(name, Length);
        OptimizerState<double> state = CreateCase(name).CreateState<double>(Length);
        double[] gradient = new double[Length];

        for (int t = 1; t <= LearningRates.Length; t++)
        {
            for (int i = 0; i < Length; i++)
            {
                gradient[i] = c[i] * theta[i];
            }

            state.Update(theta, gradient, t, LearningRates[t - 1]);
            reference.Step(expected, c, t, LearningRates[t - 1]);
            for (int i = 0; i < Length; i++)
            {
                Assert.True(
                    Math.Abs(expected[i] - theta[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                    $"{name}, step {t}, element {i}: expected {expected[i]}, got {theta[i]}");
            }
        }
    }

    [Fact]
    public void Sgd_momentum_matches_hand_computation()
    {
        // θ0 = 1, g = θ, μ = 0.9, η = 0.1, PyTorch's form v ← μ v + g, θ ← θ - η v:
        // step 1: v = 1, θ = 0.9; step 2: v = 0.9 + 0.9 = 1.8, θ = 0.72; step 3: v = 1.62 + 0.72 = 2.34, θ = 0.486.
        Assert.Equal([0.9, 0.72, 0.486], Run(new Sgd(momentum: 0.9), 3, 0.1), new ToleranceComparer(1e-15));
    }

    [Fact]
    public void Sgd_nesterov_matches_hand_computation()
    {
        // θ0 = 1, g = θ, μ = 0.9, η = 0.1, v ← μ v + g, θ ← θ - η (g + μ v):
        // step 1: v = 1, θ = 1 - 0.1 (1 + 0.9) = 0.81;
        // step 2: g = 0.81, v = 0.9 + 0.81 = 1.71, θ = 0.81 - 0.1 (0.81 + 1.539) = 0.5751.
        Assert.Equal([0.81, 0.5751], Run(new Sgd(momentum: 0.9, nesterov: true), 2, 0.1), new ToleranceComparer(1e-15));
    }

    [Fact]
    public void Adaptive_first_steps_match_hand_computation()
    {
        // θ0 = 1, g = 1, η = 0.1. Adam and Adagrad (no initial accumulator) both step by
        // η g / (|g| + ε) at first: θ1 = 1 - 0.1 / (1 + ε). AdamW first decays: θ = 1 - η λ = 0.999
        // for λ = 0.01. RMSProp with α = 0.9: s = 0.1, θ1 = 1 - 0.1 / (√0.1 + ε).
        var comparer = new ToleranceComparer(1e-15);
        Assert.Equal([1 - (0.1 / (1 + 1e-8))], Run(new Adam(), 1, 0.1), comparer);
        Assert.Equal([1 - (0.1 / (1 + 1e-10))], Run(new Adagrad(), 1, 0.1), comparer);
        Assert.Equal([0.999 - (0.1 / (1 + 1e-8))], Run(new AdamW(weightDecay: 0.01), 1, 0.1), comparer);
        Assert.Equal([1 - (0.1 / (Math.Sqrt(0.1) + 1e-8))], Run(new RmsProp(alpha: 0.9), 1, 0.1), comparer);
    }

    [Fact]
    public void Centered_rmsprop_survives_constant_gradient()
    {
        // With g = 0.1 every step, s and ḡ² both tend to 0.01, and in float s - ḡ² rounds below
        // 0 after about 1,200 steps. The variance is then taken as 0, so each step is η g / ε.
        OptimizerState<float> state = new RmsProp(alpha: 0.99, centered: true).CreateState<float>(1);
        float[] theta = [0f];
        bool sawZeroVariance = false;
        for (int t = 1; t <= 3000; t++)
        {
            float before = theta[0];
            state.Update(theta, [0.1f], t, 1e-9f);
            Assert.True(float.IsFinite(theta[0]), $"θ became {theta[0]} at step {t}");
            sawZeroVariance |= before - theta[0] > 0.5f * 1e-9f * 0.1f / 1e-8f;
        }

        Assert.True(sawZeroVariance, "no step had s - ḡ² at or below 0, so the test did not reach the case it checks");
    }

    [Fact]
    public void Adamw_without_gradient_decays_geometrically()
    {
        // With g = 0 the Adam step is 0, so each step multiplies θ by 1 - η λ = 1 - 0.1 × 0.5.
        OptimizerState<double> state = new AdamW(weightDecay: 0.5).CreateState<double>(1);
        double[] theta = [2.0];
        for (int t = 1; t <= 3; t++)
        {
            state.Update(theta, [0.0], t, 0.1);
        }

        Assert.Equal(2 * Math.Pow(0.95, 3), theta[0], 1e-15);
    }

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void Training_lowers_the_cost(string name)
    {
        var random = new Random(4);
        var network = Network<double>.Create(
            3, [new LayerSpec(6, ActivationCatalog.Tanh), new LayerSpec(1, ActivationCatalog.Linear)], CostCatalog.MeanSquaredError, seed: 2);
        Matrix<double> inputs = TestData.Uniform(3, 40, random);
        var targets = new Matrix<double>(1, 40);
        for (int j = 0; j < 40; j++)
        {
            targets[0, j] = inputs[0, j] - (0.5 * inputs[1, j]);
        }

        double before = network.ComputeCost(inputs, targets);
        var trainer = new Trainer<double>(network, CreateCase(name), new TrainingOptions { Epochs = 20, BatchSize = 8, LearningRate = 0.01 });
        trainer.Fit(inputs, targets);
        double after = network.ComputeCost(inputs, targets);

        Assert.True(after < 0.5 * before, $"{name}: cost {before} before, {after} after");
    }

    [Fact]
    public void Catalogue_passes_settings_to_optimizers()
    {
        var sgd = Assert.IsType<Sgd>(OptimizerCatalog.Create("sgd", new Dictionary<string, double> { ["momentum"] = 0.8, ["nesterov"] = 1 }));
        var rmsProp = Assert.IsType<RmsProp>(OptimizerCatalog.Create("rmsprop", new Dictionary<string, double> { ["alpha"] = 0.9, ["centered"] = 1 }));
        var adagrad = Assert.IsType<Adagrad>(OptimizerCatalog.Create("adagrad", new Dictionary<string, double> { ["initial_accumulator"] = 0.1 }));
        var adamW = Assert.IsType<AdamW>(OptimizerCatalog.Create("adamw", new Dictionary<string, double> { ["weight_decay"] = 0.05, ["beta2"] = 0.99 }));

        Assert.Equal(0.8, sgd.Momentum);
        Assert.True(sgd.Nesterov);
        Assert.Equal(0.9, rmsProp.Alpha);
        Assert.True(rmsProp.Centered);
        Assert.Equal(0.1, adagrad.InitialAccumulator);
        Assert.Equal(0.05, adamW.WeightDecay);
        Assert.Equal(0.99, adamW.Adam.Beta2);
        Assert.Equal(0.05, adamW.Settings["weight_decay"]);
    }

    [Fact]
    public void Catalogue_defaults_match_pytorch()
    {
        var rmsProp = Assert.IsType<RmsProp>(OptimizerCatalog.Create("rmsprop"));
        var adagrad = Assert.IsType<Adagrad>(OptimizerCatalog.Create("adagrad"));
        var adamW = Assert.IsType<AdamW>(OptimizerCatalog.Create("adamw"));

        Assert.Equal(0.99, rmsProp.Alpha);
        Assert.Equal(1e-8, rmsProp.Epsilon);
        Assert.Equal(1e-10, adagrad.Epsilon);
        Assert.Equal(0.0, adagrad.InitialAccumulator);
        Assert.Equal(0.01, adamW.WeightDecay);
        Assert.Equal(0.0, Assert.IsType<Sgd>(OptimizerCatalog.Create("sgd")).Momentum);
    }

    [Theory]
    [InlineData("sgd", "momentum", 1.0, "sgd momentum must be in [0, 1), got 1")]
    [InlineData("sgd", "nesterov", 1.0, "sgd with nesterov needs a momentum above 0, got 0")]
    [InlineData("sgd", "nesterov", 2.0, "optimizer 'sgd' parameter 'nesterov' is a flag: expected 0 or 1, got 2")]
    [InlineData("sgd", "beta1", 0.9, "optimizer 'sgd' has no parameter 'beta1': it takes momentum, nesterov")]
    [InlineData("adam", "weight_decay", 0.1, "optimizer 'adam' has no parameter 'weight_decay': it takes beta1, beta2, epsilon")]
    [InlineData("adamw", "weight_decay", -0.1, "adamw weight_decay must be a finite number of 0 or more, got -0.1")]
    [InlineData("rmsprop", "alpha", 1.0, "rmsprop alpha must be in [0, 1), got 1")]
    [InlineData("rmsprop", "epsilon", 0.0, "rmsprop epsilon must be a positive finite number, got 0")]
    [InlineData("adagrad", "initial_accumulator", -1.0, "adagrad initial_accumulator must be a finite number of 0 or more, got -1")]
    public void Invalid_settings_are_rejected_by_name(string name, string setting, double value, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => OptimizerCatalog.Create(name, new Dictionary<string, double> { [setting] = value }));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="steps"/> updates of θ0 = 1 with g = θ and returns θ after each.</summary>
    private static double[] Run(Optimizer optimizer, int steps, double learningRate)
    {
        OptimizerState<double> state = optimizer.CreateState<double>(1);
        double[] theta = [1.0];
        double[] history = new double[steps];
        for (int t = 1; t <= steps; t++)
        {
            state.Update(theta, [theta[0]], t, learningRate);
            history[t - 1] = theta[0];
        }

        return history;
    }

    /// <summary>
    /// The updates written out element by element from PyTorch's documented pseudo-code, in
    /// plain scalar arithmetic, sharing no code with the library.
    /// </summary>
    private sealed class ScalarReference(string name, int length)
    {
        private readonly double[] _first = new double[length];
        private readonly double[] _second = new double[length];
        private readonly double[] _third = new double[length];
        private bool _started;

        public void Step(double[] theta, double[] c, int t, double lr)
        {
            if (!_started && name == "adagrad")
            {
                Array.Fill(_second, 0.1);
            }

            _started = true;
            for (int i = 0; i < theta.Length; i++)
            {
                double g = c[i] * theta[i];
                switch (name)
                {
                    case "sgd":
                        theta[i] -= lr * g;
                        break;
                    case "sgd_momentum":
                        _first[i] = (0.9 * _first[i]) + g;
                        theta[i] -= lr * _first[i];
                        break;
                    case "sgd_nesterov":
                        _first[i] = (0.9 * _first[i]) + g;
                        theta[i] -= lr * (g + (0.9 * _first[i]));
                        break;
                    case "rmsprop":
                        _second[i] = (0.9 * _second[i]) + (0.1 * g * g);
                        theta[i] -= lr * g / (Math.Sqrt(_second[i]) + 1e-8);
                        break;
                    case "rmsprop_momentum":
                        _second[i] = (0.9 * _second[i]) + (0.1 * g * g);
                        _third[i] = (0.8 * _third[i]) + (g / (Math.Sqrt(_second[i]) + 1e-8));
                        theta[i] -= lr * _third[i];
                        break;
                    case "rmsprop_centered":
                        _second[i] = (0.9 * _second[i]) + (0.1 * g * g);
                        _first[i] = (0.9 * _first[i]) + (0.1 * g);
                        theta[i] -= lr * g / (Math.Sqrt(Math.Max(_second[i] - (_first[i] * _first[i]), 0)) + 1e-8);
                        break;
                    case "adagrad":
                        _second[i] += g * g;
                        theta[i] -= lr * g / (Math.Sqrt(_second[i]) + 1e-10);
                        break;
                    case "adam":
                    case "adamw":
                        if (name == "adamw")
                        {
                            theta[i] -= lr * 0.1 * theta[i];
                        }

                        _first[i] = (0.9 * _first[i]) + (0.1 * g);
                        _second[i] = (0.999 * _second[i]) + (0.001 * g * g);
                        double firstHat = _first[i] / (1 - Math.Pow(0.9, t));
                        double secondHat = _second[i] / (1 - Math.Pow(0.999, t));
                        theta[i] -= lr * firstHat / (Math.Sqrt(secondHat) + 1e-8);
                        break;
                    default:
                        throw new InvalidOperationException($"no reference for the case {name}");
                }
            }
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
