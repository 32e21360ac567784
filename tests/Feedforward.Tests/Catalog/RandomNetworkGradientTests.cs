using System.Globalization;
using System.Text;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Catalog;

/// <summary>
/// The gradient check over many random networks. Each has 1 to 4 dense layers of 1 to 8 units,
/// hidden layers drawn from every activation of the catalogue, and a cost with an output
/// activation it fits. Some add dropout (its masks fixed by the layers' seeds) or an L2
/// penalty, and the fused and the general output path both occur. Each case is built from its
/// own seed, so a failure message names a case that can be rebuilt alone.
/// </summary>
public class RandomNetworkGradientTests
{
    /// <summary>The bound the gradient check promises in double.</summary>
    private const double Tolerance = 1e-7;

    /// <summary>Enough cases that every cost meets every hidden activation several times; about 2 s on one core.</summary>
    private const int CaseCount = 1000;

    private static readonly string[] HiddenActivations =
    [
        "linear", "relu", "sigmoid", "tanh", "softmax", "log_softmax", "leaky_relu", "elu", "selu",
        "gelu", "gelu_tanh", "softplus", "swish", "mish", "hard_sigmoid",
    ];

    /// <summary>Each cost with the output activations whose range it fits.</summary>
    private static readonly (string Cost, string[] Outputs)[] Costs =
    [
        ("mean_squared_error", ["linear", "tanh", "sigmoid", "softplus", "gelu", "elu", "softmax"]),
        ("mean_absolute_error", ["linear", "tanh", "swish", "mish"]),
        ("huber", ["linear", "tanh", "selu", "gelu_tanh"]),
        ("binary_cross_entropy", ["sigmoid", "softmax"]),
        ("categorical_cross_entropy", ["softmax", "sigmoid"]),
        ("sparse_categorical_cross_entropy", ["softmax", "sigmoid"]),
        ("kullback_leibler_divergence", ["softmax"]),
        ("negative_log_likelihood", ["log_softmax"]),
        ("hinge", ["linear", "tanh"]),
        ("squared_hinge", ["linear", "tanh", "gelu_tanh"]),
    ];

    [Fact]
    public void Random_networks_pass_gradient_check()
    {
        var failures = new List<string>();
        for (int seed = 0; seed < CaseCount; seed++)
        {
            var (network, inputs, targets, description) = BuildCase(seed);
            GradientCheckReport report = GradientCheck.Run(network, inputs, targets);
            if (!(report.MaxRelativeError < Tolerance))
            {
                TensorGradientCheck worst = report.Tensors.MaxBy(t => double.IsNaN(t.MaxRelativeError) ? double.PositiveInfinity : t.MaxRelativeError)!;
                failures.Add($"case {seed}: {description}: {worst.Name} has relative error {worst.MaxRelativeError}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Random_cases_cover_the_catalogue()
    {
        // Guards the generator itself: every hidden activation, every cost, dropout, L2 and
        // both output paths must occur, or the check above would silently cover less.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int seed = 0; seed < CaseCount; seed++)
        {
            foreach (string part in BuildCase(seed).Description.Split([' ', ',', '(', ')', '[', ']', '→'], StringSplitOptions.RemoveEmptyEntries))
            {
                seen.Add(part);
            }
        }

        foreach (string name in HiddenActivations.Concat(Costs.Select(c => c.Cost)).Concat(["dropout", "l2", "fused", "general"]))
        {
            Assert.Contains(name, seen);
        }
    }

    private static (Network<double> Network, Matrix<double> Inputs, Matrix<double> Targets, string Description) BuildCase(int seed)
    {
        var random = new Random(seed);
        var (cost, outputs) = Costs[random.Next(Costs.Length)];
        string outputName = outputs[random.Next(outputs.Length)];
        bool classes = outputName is "softmax" or "log_softmax" || cost.Contains("entropy", StringComparison.Ordinal) || cost.Contains("divergence", StringComparison.Ordinal);
        int inputSize = random.Next(1, 9);
        int layerCount = random.Next(1, 5);
        int outputSize = classes ? random.Next(2, 9) : random.Next(1, 9);
        int examples = random.Next(1, 5);
        var description = new StringBuilder();
        description.Append(CultureInfo.InvariantCulture, $"{inputSize} inputs");

        var definitions = new List<LayerDefinition>();
        for (int l = 0; l < layerCount; l++)
        {
            if (random.Next(3) == 0)
            {
                double rate = 0.1 + (0.5 * random.NextDouble());
                definitions.Add(new DropoutSpec(rate));
                description.Append(CultureInfo.InvariantCulture, $" → dropout({rate:F2})");
            }

            bool last = l == layerCount - 1;
            string name = last ? outputName : HiddenActivations[random.Next(HiddenActivations.Length)];
            Activation activation = CreateActivation(name, random);
            int units = last ? outputSize : random.Next(1, 9);
            definitions.Add(new LayerSpec(units, activation));
            description.Append(CultureInfo.InvariantCulture, $" → {units} {name}");
        }

        Cost costFunction = cost == "huber"
            ? CostCatalog.Create(cost, new Dictionary<string, double> { ["delta"] = 0.2 + random.NextDouble() })
            : CostCatalog.Create(cost);
        var network = Network<double>.Create(inputSize, definitions, costFunction, seed);

        // Biases start at 0, so an input column that dropout zeroes entirely would put z = b = 0
        // exactly on the kink of ReLU-like activations; random biases keep every z off it.
        foreach (DenseLayer<double> layer in network.Layers)
        {
            TestData.Uniform(layer.Units, 1, random, -0.5, 0.5).AsSpan().CopyTo(layer.Bias.AsSpan());
        }

        if (random.Next(2) == 0)
        {
            network.L2Penalty = 0.1 * random.NextDouble();
            description.Append(CultureInfo.InvariantCulture, $", l2 {network.L2Penalty:G3}");
        }

        network.UseFusedOutput = random.Next(2) == 0;
        description.Append(network.FusedOutput is not null && network.UseFusedOutput ? ", fused" : ", general");
        description.Append(CultureInfo.InvariantCulture, $", {cost}, {examples} examples");

        Matrix<double> inputs = TestData.Uniform(inputSize, examples, random);
        Matrix<double> targets = cost switch
        {
            "binary_cross_entropy" => TestData.Binary(outputSize, examples, random),
            "categorical_cross_entropy" or "negative_log_likelihood" => TestData.OneHot(outputSize, examples, random),
            "kullback_leibler_divergence" => CostTests.Distributions(outputSize, examples, random),
            "sparse_categorical_cross_entropy" => CostTests.ClassIndices(outputSize, examples, random),
            "hinge" or "squared_hinge" => CostTests.PlusMinusOne(outputSize, examples, random),
            _ => TestData.Uniform(outputSize, examples, random),
        };

        return (network, inputs, targets, description.ToString());
    }

    private static Activation CreateActivation(string name, Random random) => name switch
    {
        "leaky_relu" => ActivationCatalog.Create(name, new Dictionary<string, double> { ["slope"] = 0.5 * random.NextDouble() }),
        "elu" => ActivationCatalog.Create(name, new Dictionary<string, double> { ["alpha"] = 0.2 + (1.8 * random.NextDouble()) }),
        _ => ActivationCatalog.Create(name),
    };
}
