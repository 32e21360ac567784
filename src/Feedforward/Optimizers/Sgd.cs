using System.Numerics;
using System.Numerics.Tensors;

namespace Feedforward.Optimizers;

/// <summary>
/// Stochastic gradient descent, optionally with momentum μ and Nesterov momentum. With
/// g = dJ/dθ and learning rate η: plain, θ ← θ - η g (equation (9.1) eq:sgd in
/// docs/derivation.md); with momentum, v ← μ v + g and θ ← θ - η v; with Nesterov momentum,
/// v ← μ v + g and θ ← θ - η (g + μ v).
/// </summary>
/// <remarks>
/// This is PyTorch's torch.optim.SGD with dampening 0 (as documented for version 1.13): the
/// velocity starts at 0, so the first step's v is g, as PyTorch's is. It differs from the form
/// of Sutskever et al. (v ← μ v + η g, θ ← θ - v) only when η changes between steps. L2
/// regularization belongs in J, as <see cref="Network{T}.L2Penalty"/>, so there is no weight-decay
/// setting here.
/// </remarks>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates SGD with momentum μ (0 for none) and, when <paramref name="nesterov"/>, Nesterov momentum.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="momentum"/> is outside [0, 1).</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> is true but the momentum is 0.</exception>
    public Sgd(double momentum = 0, bool nesterov = false)
    {
        if (!(momentum >= 0 && momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"sgd momentum must be in [0, 1), got {momentum}");
        }

        if (nesterov && momentum == 0)
        {
            throw new ArgumentException("sgd with nesterov needs a momentum above 0, got 0; set momentum (0.9 is common)", nameof(nesterov));
        }

        Momentum = momentum;
        Nesterov = nesterov;
        Settings = new Dictionary<string, double> { ["momentum"] = momentum, ["nesterov"] = nesterov ? 1 : 0 };
    }

    /// <summary>μ, the momentum (0 for plain SGD).</summary>
    public double Momentum { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    public override string Name => "sgd";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; }

    /// <inheritdoc/>
    public override OptimizerState<T> CreateState<T>(int length) => new State<T>(this, length);

    private sealed class State<T>(Sgd sgd, int length) : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Plain SGD keeps no velocity.
        private readonly T[] _velocity = sgd.Momentum == 0 ? [] : new T[length];

        public override void Update(Span<T> parameters, ReadOnlySpan<T> gradient, long stepNumber, T learningRate)
        {
            if (sgd.Momentum == 0)
            {
                // θ ← θ - η g
                TensorPrimitives.MultiplyAdd(gradient, -learningRate, parameters, parameters);
                return;
            }

            T momentum = T.CreateChecked(sgd.Momentum);
            Span<T> v = _velocity;

            // v ← μ v + g
            TensorPrimitives.MultiplyAdd<T>(v, momentum, gradient, v);
            if (sgd.Nesterov)
            {
                // Equation (9.3) eq:sgd-nesterov in docs/derivation.md: θ ← θ - η g - η μ v.
                TensorPrimitives.MultiplyAdd(gradient, -learningRate, parameters, parameters);
                TensorPrimitives.MultiplyAdd<T>(v, -learningRate * momentum, parameters, parameters);
            }
            else
            {
                // Equation (9.2) eq:sgd-momentum in docs/derivation.md: θ ← θ - η v.
                TensorPrimitives.MultiplyAdd<T>(v, -learningRate, parameters, parameters);
            }
        }
    }
}
