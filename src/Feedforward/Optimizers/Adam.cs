using System.Numerics;
using System.Runtime.Intrinsics;
using Feedforward.Tensors;

namespace Feedforward.Optimizers;

/// <summary>
/// Adam (Kingma and Ba, 2015): with g = dJ/dθ and step t,
/// v ← β1 v + (1 - β1) g, s ← β2 s + (1 - β2) g², and
/// θ ← θ - η (v / (1 - β1^t)) / (√(s / (1 - β2^t)) + ε): equation (9.7) eq:adam in
/// docs/derivation.md.
/// </summary>
/// <remarks>ε is added outside the square root, as in PyTorch's torch.optim.Adam.</remarks>
public sealed class Adam : Optimizer
{
    /// <summary>Creates Adam with the given decay rates and ε (defaults as in the paper).</summary>
    public Adam(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 and beta2 must lie in [0, 1), got {beta1} and {beta2}");
        }

        Guard.Positive(epsilon);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β1, the decay rate of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay rate of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override string Name => "adam";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings =>
        new Dictionary<string, double> { ["beta1"] = Beta1, ["beta2"] = Beta2, ["epsilon"] = Epsilon };

    /// <inheritdoc/>
    public override OptimizerState<T> CreateState<T>(int length) => new State<T>(this, length);

    /// <summary>The moments of one parameter tensor.</summary>
    internal sealed class State<T>(Adam adam, int length) : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _firstMoment = new T[length];
        private readonly T[] _secondMoment = new T[length];
        private readonly AdamPass<T> _pass = new();

        public override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long stepNumber, T learningRate) =>
            Update(parameters, gradient, stepNumber, learningRate, T.One);

        /// <summary>
        /// Multiplies each parameter by <paramref name="decay"/> and then takes the Adam step, in one
        /// pass; AdamW's decoupled weight decay passes 1 - η λ, plain Adam passes 1.
        /// </summary>
        public void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long stepNumber, T learningRate, T decay)
        {
            T beta1 = T.CreateChecked(adam.Beta1);
            T beta2 = T.CreateChecked(adam.Beta2);
            T epsilon = T.CreateChecked(adam.Epsilon);

            // Fold both bias corrections into one step size and one ε, so the loop has a
            // single division: η v̂ / (√ŝ + ε) = (η / c1) v / (√s / √c2 + ε).
            double c1 = 1 - Math.Pow(adam.Beta1, stepNumber);
            double c2 = 1 - Math.Pow(adam.Beta2, stepNumber);
            T stepSize = learningRate / T.CreateChecked(c1);
            T inverseRootC2 = T.CreateChecked(1 / Math.Sqrt(c2));

            _pass.Update(parameters, gradient, _firstMoment, _secondMoment, beta1, beta2, epsilon, stepSize, inverseRootC2, decay, Parallelism.AvailableThreads);
        }
    }
}
