using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Tensors;

namespace Feedforward.Tests.Core;

public class FusedOutputTests
{
    /// <summary>Fused and general paths compute the same formulas in a different order, so they agree to a few ulps.</summary>
    private const double AgreementTolerance = 1e-12;

    [Theory]
    [InlineData("softmax", "categorical_cross_entropy")]
    [InlineData("sigmoid", "binary_cross_entropy")]
    public void Fused_and_general_paths_agree(string outputActivation, string cost)
    {
        var random = new Random(11);
        var network = Network<double>.Create(
            5, [new LayerSpec(4, ActivationCatalog.Tanh), new LayerSpec(3, ActivationCatalog.Create(outputActivation))], CostCatalog.Create(cost), seed: 3);
        Assert.NotNull(network.FusedOutput);
        Matrix<double> inputs = TestData.Uniform(5, 8, random);
        Matrix<double> targets = cost == "binary_cross_entropy" ? TestData.Binary(3, 8, random) : TestData.OneHot(3, 8, random);

        network.UseFusedOutput = true;
        double fusedCost = network.ComputeGradients(inputs, targets, computeInputGradient: true);
        double[][] fusedGradients = Gradients(network);
        network.UseFusedOutput = false;
        double generalCost = network.ComputeGradients(inputs, targets, computeInputGradient: true);
        double[][] generalGradients = Gradients(network);

        Assert.Equal(generalCost, fusedCost, AgreementTolerance);
        for (int t = 0; t < fusedGradients.Length; t++)
        {
            for (int i = 0; i < fusedGradients[t].Length; i++)
            {
                Assert.Equal(generalGradients[t][i], fusedGradients[t][i], AgreementTolerance);
            }
        }
    }

    [Theory]
    [InlineData("softmax", "categorical_cross_entropy")]
    [InlineData("sigmoid", "binary_cross_entropy")]
    public void Fused_path_stays_finite_on_extreme_logits(string outputActivation, string cost)
    {
        // One linear-free layer whose weights push the logits to ±1000.
        var layer = new DenseLayer<double>(1, 2, ActivationCatalog.Create(outputActivation));
        layer.Weights[0, 0] = 1000;
        layer.Weights[1, 0] = -1000;
        var network = new Network<double>([layer], CostCatalog.Create(cost));
        var inputs = Matrix<double>.FromRows([[1.0, -1.0]]);
        var targets = Matrix<double>.FromRows([[0.0, 1.0], [1.0, 0.0]]);

        double j = network.ComputeGradients(inputs, targets);

        Assert.True(double.IsFinite(j), $"J = {j}");
        Assert.True(j > 100, $"confidently wrong outputs must cost a lot, got {j}");
        Assert.All(layer.WeightGradient.AsSpan().ToArray(), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void Softmax_cross_entropy_on_huge_logits_equals_the_margin()
    {
        // With z = (1000, 0) and target class 1, J = LSE(z) - z_1 = 1000 + ln(1 + e^-1000) = 1000.
        var logits = Matrix<double>.FromRows([[1000.0], [0.0]]);
        var targets = Matrix<double>.FromRows([[0.0], [1.0]]);
        FusedOutput fused = CostCatalog.CategoricalCrossEntropy.FuseWith(ActivationCatalog.Softmax)!;

        Assert.Equal(1000.0, fused.Value(logits, targets));
    }

    private static double[][] Gradients(Network<double> network) =>
    [
        .. network.Layers.SelectMany(l => new[] { l.WeightGradient.AsSpan().ToArray(), l.BiasGradient.AsSpan().ToArray() }),
        network.InputGradient.AsSpan().ToArray(),
    ];
}
