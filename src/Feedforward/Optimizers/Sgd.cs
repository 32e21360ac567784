using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

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

            // v ← μ v + g, then θ ← θ - η v, or θ ← θ - η g - η μ v with Nesterov momentum,
            // in one pass. The products and sums are rounded one by one, as in separate passes.
            if (sgd.Nesterov)
            {
                // Equation (9.3) eq:sgd-nesterov in docs/derivation.md: θ ← θ - η g - η μ v.
                UpdateNesterov(parameters, gradient, _velocity, momentum, -learningRate, -learningRate * momentum);
            }
            else
            {
                // Equation (9.2) eq:sgd-momentum in docs/derivation.md: θ ← θ - η v.
                UpdateMomentum(parameters, gradient, _velocity, momentum, -learningRate);
            }
        }

        private static void UpdateMomentum(Span<T> theta, ReadOnlySpan<T> g, Span<T> v, T momentum, T negativeRate)
        {
            int i = 0;
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            {
                int width = Vector256<T>.Count;
                for (; i <= theta.Length - width; i += width)
                {
                    Vector256<T> vv = (Vector256.Create(v.Slice(i, width)) * momentum) + Vector256.Create(g.Slice(i, width));
                    vv.CopyTo(v.Slice(i, width));
                    ((vv * negativeRate) + Vector256.Create(theta.Slice(i, width))).CopyTo(theta.Slice(i, width));
                }
            }

            for (; i < theta.Length; i++)
            {
                v[i] = (v[i] * momentum) + g[i];
                theta[i] = (v[i] * negativeRate) + theta[i];
            }
        }

        private static void UpdateNesterov(Span<T> theta, ReadOnlySpan<T> g, Span<T> v, T momentum, T negativeRate, T negativeRateMomentum)
        {
            int i = 0;
            if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
            {
                int width = Vector256<T>.Count;
                for (; i <= theta.Length - width; i += width)
                {
                    Vector256<T> gv = Vector256.Create(g.Slice(i, width));
                    Vector256<T> vv = (Vector256.Create(v.Slice(i, width)) * momentum) + gv;
                    vv.CopyTo(v.Slice(i, width));
                    Vector256<T> t = (gv * negativeRate) + Vector256.Create(theta.Slice(i, width));
                    ((vv * negativeRateMomentum) + t).CopyTo(theta.Slice(i, width));
                }
            }

            for (; i < theta.Length; i++)
            {
                v[i] = (v[i] * momentum) + g[i];
                T t = (g[i] * negativeRate) + theta[i];
                theta[i] = (v[i] * negativeRateMomentum) + t;
            }
        }
    }
}
