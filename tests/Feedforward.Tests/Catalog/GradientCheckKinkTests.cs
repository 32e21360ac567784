using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Catalog;

/// <summary>
/// The gradient check near and at a ReLU kink: one unit z = w x + b with w = 1 and x = 0, so
/// z = b, and J = (relu(b) - 1)², whose slope in b is -2 right of 0 and 0 left of it.
/// </summary>
public class GradientCheckKinkTests
{
    private static GradientCheckReport CheckAtBias(double bias)
    {
        var layer = new DenseLayer<double>(1, 1, ActivationCatalog.Relu);
        layer.Weights[0, 0] = 1;
        layer.Bias[0, 0] = bias;
        var network = new Network<double>([layer], CostCatalog.MeanSquaredError);

        return GradientCheck.Run(network, Matrix<double>.FromRows([[0.0]]), Matrix<double>.FromRows([[1.0]]));
    }

    [Theory]
    [InlineData(1e-4)]
    [InlineData(-1e-4)]
    [InlineData(1.5e-3)]
    [InlineData(-1.9e-3)]
    public void Check_passes_near_kink(double bias)
    {
        // The kink is inside the central stencil (which spans 2h = 2e-3), so the check must use
        // the one-sided stencil on b's side.
        GradientCheckReport report = CheckAtBias(bias);

        Assert.True(report.MaxRelativeError < 1e-7, $"relative error {report.MaxRelativeError}");
    }

    [Fact]
    public void Check_fails_exactly_at_kink()
    {
        // At z = 0 the slope is a convention (relu'(0) = 0), and the check reports the mismatch
        // instead of hiding it. The central stencil gives (-12h + 4h²) / 12h = -1 + h/3, near the
        // mean -1 of the two slopes.
        GradientCheckReport report = CheckAtBias(0);
        TensorGradientCheck bias = report.Tensors.Single(t => t.Name == "layers.0.bias");

        Assert.Equal(0.0, bias.Analytic[0, 0]);
        Assert.Equal(-1 + (GradientCheck.DefaultStep / 3), bias.Numeric[0, 0], 1e-12);
        Assert.True(report.MaxRelativeError > 0.1);
    }
}
