using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Core;

public class GradientCheckTests
{
    /// <summary>The bound the derivation's gradient checks promise, in double.</summary>
    private const double Tolerance = 1e-7;

    public static TheoryData<string, string> ActivationCostPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (string hidden in new[] { "linear", "relu", "sigmoid", "tanh", "softmax" })
        {
            data.Add(hidden, "categorical_cross_entropy");
            data.Add(hidden, "binary_cross_entropy");
            data.Add(hidden, "mean_squared_error");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ActivationCostPairs))]
    public void Backpropagation_matches_finite_differences(string hiddenActivation, string cost)
    {
        var random = new Random(hiddenActivation.Length * 31 + cost.Length);
        Activation output = cost switch
        {
            "categorical_cross_entropy" => ActivationCatalog.Softmax,
            "binary_cross_entropy" => ActivationCatalog.Sigmoid,
            _ => ActivationCatalog.Tanh,
        };
        var network = Network<double>.Create(
            4,
            [new LayerSpec(5, ActivationCatalog.Create(hiddenActivation)), new LayerSpec(3, output)],
            CostCatalog.Create(cost),
            seed: 7);
        Matrix<double> inputs = TestData.Uniform(4, 6, random);
        Matrix<double> targets = cost == "categorical_cross_entropy" ? TestData.OneHot(3, 6, random)
            : cost == "binary_cross_entropy" ? TestData.Binary(3, 6, random)
            : TestData.Uniform(3, 6, random);

        foreach (bool fused in new[] { true, false })
        {
            network.UseFusedOutput = fused;
            GradientCheckReport report = GradientCheck.Run(network, inputs, targets);
            foreach (TensorGradientCheck tensor in report.Tensors)
            {
                Assert.True(tensor.MaxRelativeError < Tolerance, $"{tensor.Name} (fused: {fused}): relative error {tensor.MaxRelativeError}");
            }
        }
    }

    [Fact]
    public void Wrong_gradient_is_reported()
    {
        // A linear activation whose backward pass doubles dZ: the check must flag it.
        var network = Network<double>.Create(3, [new LayerSpec(2, new DoubledLinear())], CostCatalog.MeanSquaredError, seed: 1);
        var random = new Random(3);
        GradientCheckReport report = GradientCheck.Run(network, TestData.Uniform(3, 4, random), TestData.Uniform(2, 4, random));

        Assert.True(report.MaxRelativeError > 0.1, $"relative error {report.MaxRelativeError}");
    }

    private sealed class DoubledLinear : ElementwiseActivation
    {
        public override string Name => "doubled_linear";

        public override T Value<T>(T z) => z;

        public override T Derivative<T>(T z, T a) => T.CreateChecked(2);
    }
}
