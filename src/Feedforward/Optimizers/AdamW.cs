using System.Numerics;

namespace Feedforward.Optimizers;

/// <summary>
/// AdamW, Adam with decoupled weight decay (Loshchilov and Hutter, 2019): each step first
/// shrinks the parameters, θ ← θ - η λ θ, then takes the <see cref="Adam"/> step from the
/// gradient of J alone: equation (9.8) eq:adamw in docs/derivation.md.
/// </summary>
/// <remarks>
/// This is PyTorch's torch.optim.AdamW (as documented for version 1.11), default λ = 0.01.
/// The decay scales with the learning rate η, so a schedule lowers both together. Unlike an L2
/// penalty in J, the decay never passes through Adam's division by √s, so every weight decays
/// at the same rate. As in PyTorch when all parameters form one group, the decay applies to
/// biases too.
/// </remarks>
public sealed class AdamW : Optimizer
{
    /// <summary>Creates AdamW with Adam's settings and the decay λ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; λ must be a finite number of 0 or more.</exception>
    public AdamW(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
    {
        Adam = new Adam(beta1, beta2, epsilon);
        if (!(weightDecay >= 0) || double.IsInfinity(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"adamw weight_decay must be a finite number of 0 or more, got {weightDecay}");
        }

        WeightDecay = weightDecay;
        Settings = new Dictionary<string, double>
        {
            ["beta1"] = beta1,
            ["beta2"] = beta2,
            ["epsilon"] = epsilon,
            ["weight_decay"] = weightDecay,
        };
    }

    /// <summary>The Adam step that follows the decay.</summary>
    public Adam Adam { get; }

    /// <summary>λ, the decay per unit of learning rate.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    public override string Name => "adamw";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; }

    /// <inheritdoc/>
    public override OptimizerState<T> CreateState<T>(int length) => new State<T>(this, new Adam.State<T>(Adam, length));

    private sealed class State<T>(AdamW adamW, Adam.State<T> adamState) : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long stepNumber, T learningRate)
        {
            // θ ← (1 - η λ) θ, then the Adam step, which reads only g; both in one pass.
            adamState.Update(parameters, gradient, stepNumber, learningRate, T.One - (learningRate * T.CreateChecked(adamW.WeightDecay)));
        }
    }
}
