using System.Numerics;

namespace Feedforward.Optimizers;

/// <summary>
/// RMSProp (Hinton's lecture 6e of "Neural Networks for Machine Learning", 2012): with
/// g = dJ/dθ, s ← α s + (1 - α) g² and θ ← θ - η g / (√s + ε): equation (9.5) eq:rmsprop in
/// docs/derivation.md, with the variants of equation (9.6) eq:rmsprop-variants.
/// </summary>
/// <remarks>
/// This is PyTorch's torch.optim.RMSprop (as documented for version 1.13), ε outside the
/// square root. With momentum μ &gt; 0 the step goes through a buffer, b ← μ b + g / (√s + ε)
/// and θ ← θ - η b. Centered RMSProp also tracks the mean gradient ḡ ← α ḡ + (1 - α) g and
/// divides by √max(s - ḡ², 0) + ε instead. The difference can round below 0, where PyTorch's
/// step is NaN. TensorFlow and Keras put ε inside the square root, so
/// their steps differ while s is near 0. Defaults are PyTorch's: α = 0.99, ε = 1e-8.
/// </remarks>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates RMSProp with smoothing constant α, ε and momentum μ, centered when <paramref name="centered"/> is true.</summary>
    /// <exception cref="ArgumentOutOfRangeException">α or μ is outside [0, 1), or ε is not a positive finite number.</exception>
    public RmsProp(double alpha = 0.99, double epsilon = 1e-8, double momentum = 0, bool centered = false)
    {
        if (!(alpha >= 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"rmsprop alpha must be in [0, 1), got {alpha}");
        }

        if (!(momentum >= 0 && momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"rmsprop momentum must be in [0, 1), got {momentum}");
        }

        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"rmsprop epsilon must be a positive finite number, got {epsilon}");
        }

        Alpha = alpha;
        Epsilon = epsilon;
        Momentum = momentum;
        Centered = centered;
        Settings = new Dictionary<string, double>
        {
            ["alpha"] = alpha,
            ["epsilon"] = epsilon,
            ["momentum"] = momentum,
            ["centered"] = centered ? 1 : 0,
        };
    }

    /// <summary>α, the decay rate of the mean square s.</summary>
    public double Alpha { get; }

    /// <summary>ε, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>μ, the momentum of the step buffer (0 for none).</summary>
    public double Momentum { get; }

    /// <summary>Whether the mean square is centered by the mean gradient.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    public override string Name => "rmsprop";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; }

    /// <inheritdoc/>
    public override OptimizerState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T>(RmsProp rmsProp, int length) : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T[] _meanSquare = new T[length];
        private readonly T[] _meanGradient = rmsProp.Centered ? new T[length] : [];
        private readonly T[] _buffer = rmsProp.Momentum > 0 ? new T[length] : [];

        public override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long stepNumber, T learningRate)
        {
            T alpha = T.CreateChecked(rmsProp.Alpha);
            T oneMinusAlpha = T.One - alpha;
            T epsilon = T.CreateChecked(rmsProp.Epsilon);
            T momentum = T.CreateChecked(rmsProp.Momentum);
            bool centered = rmsProp.Centered;
            bool hasMomentum = rmsProp.Momentum > 0;
            for (int i = 0; i < parameters.Length; i++)
            {
                T g = gradient[i];
                _meanSquare[i] = (alpha * _meanSquare[i]) + (oneMinusAlpha * g * g);
                T variance = _meanSquare[i];
                if (centered)
                {
                    // s - ḡ² is never negative in exact arithmetic, but when g barely changes over
                    // many steps it can round below 0, where the square root would give NaN. A
                    // difference below 0 counts as 0, the value it tends to.
                    _meanGradient[i] = (alpha * _meanGradient[i]) + (oneMinusAlpha * g);
                    variance = T.Max(variance - (_meanGradient[i] * _meanGradient[i]), T.Zero);
                }

                T step = g / (T.Sqrt(variance) + epsilon);
                if (hasMomentum)
                {
                    _buffer[i] = (momentum * _buffer[i]) + step;
                    step = _buffer[i];
                }

                parameters[i] -= learningRate * step;
            }
        }
    }
}
