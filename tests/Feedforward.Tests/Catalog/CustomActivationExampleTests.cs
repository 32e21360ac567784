using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Tests.Catalog;

/// <summary>
/// How to add an activation the library lacks, written as tests so the example keeps working:
/// an element-wise sinusoid from g and g', and sparsemax (a vector-valued activation) from g and
/// its Jacobian-transpose product or its full Jacobian. Each is checked by finite differences
/// with <see cref="ActivationCheck"/> before it is used in a network.
/// </summary>
public class CustomActivationExampleTests
{
    /// <summary>The relative error the gradient check promises in double.</summary>
    private const double Tolerance = 1e-7;

    // g(z) = sin z, g'(z) = cos z: a periodic activation (as in SIREN networks).
    private static readonly ElementwiseActivation Sine =
        ElementwiseActivation.FromFunctions("sine", Math.Sin, Math.Cos);

    [Fact]
    public void Sine_passes_activation_check()
    {
        ActivationCheckReport report = ActivationCheck.Run(Sine);

        Assert.True(report.Passed, $"max relative error {report.MaxRelativeError}");
    }

    [Fact]
    public void Wrong_derivative_fails_activation_check()
    {
        // A sign slip in g' is the kind of mistake the check exists to catch.
        var wrong = ElementwiseActivation.FromFunctions("sine_wrong", Math.Sin, z => -Math.Cos(z));

        ActivationCheckReport report = ActivationCheck.Run(wrong);

        Assert.False(report.Passed);
        Assert.True(report.MaxRelativeError > 1, $"max relative error {report.MaxRelativeError}");
    }

    [Fact]
    public void Network_with_sine_passes_gradient_check()
    {
        var random = new Random(2);
        var network = Network<double>.Create(
            3, [new LayerSpec(4, Sine), new LayerSpec(2, ActivationCatalog.Linear)], CostCatalog.MeanSquaredError, seed: 4);

        GradientCheckReport report = GradientCheck.Run(network, TestData.Uniform(3, 5, random), TestData.Uniform(2, 5, random));

        Assert.True(report.MaxRelativeError < Tolerance, $"max relative error {report.MaxRelativeError}");
    }

    [Fact]
    public void Registered_activation_is_created_by_name()
    {
        // Registering makes the name usable wherever a name is expected, such as model files.
        ActivationCatalog.Register("sine_example", _ => Sine);

        Assert.Same(Sine, ActivationCatalog.Create("sine_example"));
        Assert.Contains("sine_example", ActivationCatalog.Names);
        Assert.Throws<ArgumentException>(() => ActivationCatalog.Register("relu", _ => Sine));
    }

    /// <summary>
    /// Sparsemax (Martins and Astudillo, 2016): the Euclidean projection of z onto the
    /// probability simplex, a = max(z - τ, 0) with τ chosen so that Σ a = 1. Unlike softmax it
    /// gives exact zeros.
    /// </summary>
    private static void SparsemaxForward(ReadOnlySpan<double> z, Span<double> a)
    {
        double[] sorted = z.ToArray();
        Array.Sort(sorted);
        Array.Reverse(sorted);

        // The support size k is the largest k with 1 + k z_(k) > Σ_{j<=k} z_(j).
        double prefix = 0;
        double supportSum = 0;
        int support = 0;
        for (int k = 1; k <= sorted.Length; k++)
        {
            prefix += sorted[k - 1];
            if (1 + (k * sorted[k - 1]) > prefix)
            {
                support = k;
                supportSum = prefix;
            }
        }

        double tau = (supportSum - 1) / support;
        for (int i = 0; i < z.Length; i++)
        {
            a[i] = Math.Max(z[i] - tau, 0);
        }
    }

    /// <summary>
    /// The Jacobian is diag(s) - s sᵀ / |S|, with s the indicator of the support S = {i : a_i &gt; 0};
    /// it is symmetric, so Jᵀ da = s ⊙ (da - (Σ_{i in S} da_i) / |S|).
    /// </summary>
    private static void SparsemaxJacobianTransposeProduct(ReadOnlySpan<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> da, Span<double> dz)
    {
        double sum = 0;
        int support = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] > 0)
            {
                sum += da[i];
                support++;
            }
        }

        for (int i = 0; i < a.Length; i++)
        {
            dz[i] = a[i] > 0 ? da[i] - (sum / support) : 0;
        }
    }

    private static void SparsemaxJacobian(ReadOnlySpan<double> z, ReadOnlySpan<double> a, Matrix<double> jacobian)
    {
        int support = 0;
        foreach (double value in a)
        {
            support += value > 0 ? 1 : 0;
        }

        for (int i = 0; i < a.Length; i++)
        {
            for (int k = 0; k < a.Length; k++)
            {
                if (a[i] > 0 && a[k] > 0)
                {
                    jacobian[i, k] = (i == k ? 1.0 : 0.0) - (1.0 / support);
                }
            }
        }
    }

    [Fact]
    public void Sparsemax_from_product_passes_activation_check()
    {
        VectorActivation sparsemax = VectorActivation.FromFunctions("sparsemax", SparsemaxForward, SparsemaxJacobianTransposeProduct);

        ActivationCheckReport report = ActivationCheck.Run(sparsemax, units: 6, examples: 10);

        Assert.True(report.Passed, $"max relative error {report.MaxRelativeError}");
    }

    [Fact]
    public void Sparsemax_from_jacobian_passes_activation_check()
    {
        VectorActivation sparsemax = VectorActivation.FromJacobian("sparsemax", SparsemaxForward, SparsemaxJacobian);

        ActivationCheckReport report = ActivationCheck.Run(sparsemax, units: 6, examples: 10);

        Assert.True(report.Passed, $"max relative error {report.MaxRelativeError}");
    }

    [Fact]
    public void Sparsemax_gives_exact_zeros_summing_to_one()
    {
        VectorActivation sparsemax = VectorActivation.FromFunctions("sparsemax", SparsemaxForward, SparsemaxJacobianTransposeProduct);
        var z = Matrix<float>.FromRows([[2f], [1.5f], [-1f]]);
        var a = new Matrix<float>(3, 1);

        sparsemax.Forward(z, a);

        // τ = (2 + 1.5 - 1) / 2 = 1.25, so a = (0.75, 0.25, 0).
        Assert.Equal(0.75f, a[0, 0]);
        Assert.Equal(0.25f, a[1, 0]);
        Assert.Equal(0f, a[2, 0]);
    }

    [Fact]
    public void Wrong_jacobian_fails_activation_check()
    {
        // Forgetting the - s sᵀ/|S| term leaves the identity on the support.
        VectorActivation wrong = VectorActivation.FromFunctions(
            "sparsemax_wrong",
            SparsemaxForward,
            (z, a, da, dz) =>
            {
                for (int i = 0; i < a.Length; i++)
                {
                    dz[i] = a[i] > 0 ? da[i] : 0;
                }
            });

        Assert.False(ActivationCheck.Run(wrong, units: 6, examples: 10).Passed);
    }
}
