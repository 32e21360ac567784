using System.Numerics;

namespace Feedforward.Optimizers;

/// <summary>
/// Adagrad (Duchi, Hazan and Singer, 2011): with g = dJ/dθ, s ← s + g² and
/// θ ← θ - η g / (√s + ε), where s starts at the initial accumulator value: equation (9.4)
/// eq:adagrad in docs/derivation.md.
/// </summary>
/// <remarks>
/// This is PyTorch's torch.optim.Adagrad with lr_decay 0, as its 1.x docstring states the algorithm: ε
/// outside the square root, defaults ε = 1e-10 and an initial accumulator of 0. A decaying
/// learning rate comes from a learning-rate schedule instead. Keras starts the accumulator at
/// 0.1 and uses ε = 1e-7.
/// </remarks>
public sealed class Adagrad : Optimizer
{
    /// <summary>Creates Adagrad with ε and the accumulator's starting value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ε is not a positive finite number, or the initial accumulator is negative or not finite.</exception>
    public Adagrad(double epsilon = 1e-10, double initialAccumulator = 0)
    {
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"adagrad epsilon must be a positive finite number, got {epsilon}");
        }

        if (!(initialAccumulator >= 0) || double.IsInfinity(initialAccumulator))
        {
            throw new ArgumentOutOfRangeException(
                nameof(initialAccumulator), initialAccumulator, $"adagrad initial_accumulator must be a finite number of 0 or more, got {initialAccumulator}");
        }

        Epsilon = epsilon;
        InitialAccumulator = initialAccumulator;
        Settings = new Dictionary<string, double> { ["epsilon"] = epsilon, ["initial_accumulator"] = initialAccumulator };
    }

    /// <summary>ε, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>The value every element of s starts at.</summary>
    public double InitialAccumulator { get; }

    /// <inheritdoc/>
    public override string Name => "adagrad";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; }

    /// <inheritdoc/>
    public override OptimizerState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T> : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Adagrad _adagrad;
        private readonly T[] _sumOfSquares;

        public State(Adagrad adagrad, int length)
        {
            _adagrad = adagrad;
            _sumOfSquares = new T[length];
            _sumOfSquares.AsSpan().Fill(T.CreateChecked(adagrad.InitialAccumulator));
        }

        public override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long stepNumber, T learningRate)
        {
            T epsilon = T.CreateChecked(_adagrad.Epsilon);
            for (int i = 0; i < parameters.Length; i++)
            {
                T g = gradient[i];
                _sumOfSquares[i] += g * g;
                parameters[i] -= learningRate * g / (T.Sqrt(_sumOfSquares[i]) + epsilon);
            }
        }
    }
}
