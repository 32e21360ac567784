using Feedforward.Layers;
using Feedforward.Tensors;

namespace Feedforward.Training;

/// <summary>The comparison of one parameter tensor's backpropagated gradient with finite differences.</summary>
/// <param name="Name">"layers.{l}.weights", "layers.{l}.bias" (l from 0) or "inputs".</param>
/// <param name="Analytic">dJ/dθ from backward propagation, in the tensor's shape.</param>
/// <param name="Numeric">dJ/dθ from finite differences, in the tensor's shape.</param>
/// <param name="MaxAbsoluteError">The largest |analytic - numeric|.</param>
/// <param name="MaxRelativeError">The largest |analytic - numeric| / max(|analytic|, |numeric|, <see cref="GradientCheck.RelativeErrorFloor"/>).</param>
public sealed record TensorGradientCheck(string Name, Matrix<double> Analytic, Matrix<double> Numeric, double MaxAbsoluteError, double MaxRelativeError);

/// <summary>The result of <see cref="GradientCheck.Run"/>.</summary>
/// <param name="Cost">J at the unperturbed parameters.</param>
/// <param name="Tensors">One entry per parameter tensor, then the inputs.</param>
public sealed record GradientCheckReport(double Cost, IReadOnlyList<TensorGradientCheck> Tensors)
{
    /// <summary>The largest relative error over all tensors.</summary>
    public double MaxRelativeError => Tensors.Count == 0 ? 0 : Tensors.Max(t => t.MaxRelativeError);
}

/// <summary>
/// Compares the gradients of backward propagation with finite differences of J, in double,
/// for any network, cost and data.
/// </summary>
/// <remarks>
/// Each derivative uses the fourth-order central stencil
/// (J(θ-2h) - 8 J(θ-h) + 8 J(θ+h) - J(θ+2h)) / 12h, whose truncation error is O(h⁴). Where J
/// has a kink within 2h of θ (ReLU at z = 0 reached by a perturbation), the estimates at h and
/// h/2 disagree, and a one-sided stencil on the side away from the kink is used instead, so a
/// kink near θ but not at it is stepped over.
/// <para>
/// J includes the network's L2 penalty. Every cost is taken in training mode, so dropout
/// layers are on: each one's mask is drawn once by the backward pass and then frozen
/// (<see cref="DropoutLayer{T}.MaskFrozen"/>) for every perturbed cost, so the finite
/// differences see the same function that backward propagation differentiated. The masks
/// follow from the layers' seeds.
/// </para>
/// </remarks>
public static class GradientCheck
{
    /// <summary>
    /// The default step h. The stencil's truncation error grows as h⁴ and its roundoff as ε J / h,
    /// which balance near h = ε^(1/5) ≈ 7e-4 in double. On 3,000 cases of the generator in
    /// tests/Feedforward.Tests/Catalog/RandomNetworkGradientTests.cs, h = 1e-3 kept every
    /// relative error below 3e-8, while h = 1e-4 (roundoff) and h = 3e-3 (truncation) each left
    /// 20 to 35 cases above 1e-7.
    /// </summary>
    public const double DefaultStep = 1e-3;

    /// <summary>
    /// The smallest denominator of the relative error: gradients below it are compared by
    /// absolute error over this floor, since finite differences carry an absolute error near
    /// 1e-12 that would make the relative error of a gradient near 0 meaningless.
    /// </summary>
    public const double RelativeErrorFloor = 1e-4;

    /// <summary>Returns the analytic and numeric gradients of every parameter tensor and of the inputs.</summary>
    public static GradientCheckReport Run(Network<double> network, Matrix<double> inputs, Matrix<double> targets, double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Positive(step);
        DropoutLayer<double>[] dropouts = [.. network.AllLayers.OfType<DropoutLayer<double>>()];
        bool[] wasFrozen = [.. dropouts.Select(dropout => dropout.MaskFrozen)];
        try
        {
            double cost = network.ComputeGradients(inputs, targets, computeInputGradient: true);
            foreach (DropoutLayer<double> dropout in dropouts)
            {
                dropout.MaskFrozen = true;
            }

            return Compare(network, inputs, targets, step, cost);
        }
        finally
        {
            for (int i = 0; i < dropouts.Length; i++)
            {
                dropouts[i].MaskFrozen = wasFrozen[i];
            }
        }
    }

    private static GradientCheckReport Compare(Network<double> network, Matrix<double> inputs, Matrix<double> targets, double step, double cost)
    {
        var analytic = new List<(string Name, Matrix<double> Value, Matrix<double> Gradient)>();
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            analytic.Add(($"layers.{l}.weights", layer.Weights, layer.WeightGradient.Clone()));
            analytic.Add(($"layers.{l}.bias", layer.Bias, layer.BiasGradient.Clone()));
        }

        analytic.Add(("inputs", inputs, network.InputGradient.Clone()));

        var results = new List<TensorGradientCheck>();
        foreach (var (name, value, gradient) in analytic)
        {
            var numeric = new Matrix<double>(value.Rows, value.Columns);
            Span<double> theta = value.AsSpan();
            for (int i = 0; i < theta.Length; i++)
            {
                numeric.AsSpan()[i] = Derivative(network, inputs, targets, value, i, step);
            }

            results.Add(Compare(name, gradient, numeric));
        }

        return new GradientCheckReport(cost, results);
    }

    /// <summary>Returns |a - n| / max(|a|, |n|, <see cref="RelativeErrorFloor"/>).</summary>
    public static double RelativeError(double analytic, double numeric) =>
        Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), RelativeErrorFloor);

    private static TensorGradientCheck Compare(string name, Matrix<double> analytic, Matrix<double> numeric)
    {
        var (maxAbsolute, maxRelative) = MaxErrors(analytic, numeric);
        return new TensorGradientCheck(name, analytic, numeric, maxAbsolute, maxRelative);
    }

    /// <summary>Returns the largest absolute and relative errors between two matrices of one shape, or NaN for both when either contains NaN.</summary>
    internal static (double MaxAbsolute, double MaxRelative) MaxErrors(Matrix<double> analytic, Matrix<double> numeric)
    {
        double maxAbsolute = 0;
        double maxRelative = 0;
        ReadOnlySpan<double> a = analytic.AsSpan();
        ReadOnlySpan<double> n = numeric.AsSpan();
        for (int i = 0; i < a.Length; i++)
        {
            if (double.IsNaN(a[i]) || double.IsNaN(n[i]))
            {
                return (double.NaN, double.NaN);
            }

            maxAbsolute = Math.Max(maxAbsolute, Math.Abs(a[i] - n[i]));
            maxRelative = Math.Max(maxRelative, RelativeError(a[i], n[i]));
        }

        return (maxAbsolute, maxRelative);
    }

    private static double Derivative(Network<double> network, Matrix<double> inputs, Matrix<double> targets, Matrix<double> tensor, int index, double step)
    {
        Span<double> theta = tensor.AsSpan();
        double original = theta[index];
        double CostAt(double value)
        {
            tensor.AsSpan()[index] = value;
            return network.ComputeCost(inputs, targets, training: true);
        }

        double result = FiniteDifference.Derivative(CostAt, original, step);
        theta[index] = original;
        return result;
    }
}
