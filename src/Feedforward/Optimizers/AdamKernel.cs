using System.Numerics;
using System.Runtime.Intrinsics;
using Feedforward.Tensors;

namespace Feedforward.Optimizers;

/// <summary>The Adam update in one vectorized pass over a parameter tensor.</summary>
internal static class AdamKernel
{
    /// <summary>
    /// Updates v and s from g, then sets θ to θ decay - stepSize v / (√s inverseRootC2 + ε).
    /// A decay of 1 leaves the product θ decay equal to θ, so plain Adam loses no bits to it.
    /// </summary>
    public static void Update<T>(Span<T> theta, ReadOnlySpan<T> g, Span<T> v, Span<T> s, T beta1, T beta2, T epsilon, T stepSize, T inverseRootC2, T decay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T oneMinusBeta1 = T.One - beta1;
        T oneMinusBeta2 = T.One - beta2;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            int width = Vector256<T>.Count;
            for (; i <= theta.Length - width; i += width)
            {
                Vector256<T> gv = Vector256.Create(g.Slice(i, width));
                Vector256<T> vv = (Vector256.Create(v.Slice(i, width)) * beta1) + (gv * oneMinusBeta1);
                Vector256<T> sv = (Vector256.Create(s.Slice(i, width)) * beta2) + (gv * gv * oneMinusBeta2);
                Vector256<T> denominator = (Vector256.Sqrt(sv) * inverseRootC2) + Vector256.Create(epsilon);
                Vector256<T> updated = (Vector256.Create(theta.Slice(i, width)) * decay) - (vv * stepSize / denominator);
                vv.CopyTo(v.Slice(i, width));
                sv.CopyTo(s.Slice(i, width));
                updated.CopyTo(theta.Slice(i, width));
            }
        }

        for (; i < theta.Length; i++)
        {
            v[i] = (beta1 * v[i]) + (oneMinusBeta1 * g[i]);
            s[i] = (beta2 * s[i]) + (oneMinusBeta2 * g[i] * g[i]);
            theta[i] = (theta[i] * decay) - (stepSize * v[i] / ((T.Sqrt(s[i]) * inverseRootC2) + epsilon));
        }
    }
}

/// <summary>
/// <see cref="AdamKernel.Update"/> over one parameter tensor, shared between the kernel workers
/// when the tensor is long enough. Adam reads four tensors (θ, g, v, s) and computes a square
/// root and a division per element. That is 8 to 12% of a one-thread training step of
/// 784-256-128-10 at batch 128, so a serial update on two threads leaves one core idle that long.
/// </summary>
internal sealed unsafe class AdamPass<T> : ChunkedPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T* _theta;
    private T* _g;
    private T* _v;
    private T* _s;
    private T _beta1;
    private T _beta2;
    private T _epsilon;
    private T _stepSize;
    private T _inverseRootC2;
    private T _decay;

    /// <summary>The same update as <see cref="AdamKernel.Update"/>, over <paramref name="threads"/> threads at most.</summary>
    public void Update(Span<T> theta, ReadOnlySpan<T> g, Span<T> v, Span<T> s, T beta1, T beta2, T epsilon, T stepSize, T inverseRootC2, T decay, int threads)
    {
        if (g.Length != theta.Length || v.Length != theta.Length || s.Length != theta.Length)
        {
            throw new ArgumentException($"invalid Adam operands: θ, g, v and s must have the same length, got {theta.Length}, {g.Length}, {v.Length} and {s.Length}");
        }

        fixed (T* pTheta = theta, pG = g, pV = v, pS = s)
        {
            _theta = pTheta;
            _g = pG;
            _v = pV;
            _s = pS;
            (_beta1, _beta2, _epsilon, _stepSize, _inverseRootC2, _decay) = (beta1, beta2, epsilon, stepSize, inverseRootC2, decay);
            try
            {
                Run(theta.Length, threads);
            }
            finally
            {
                // The pointers are valid only while pinned, so none is kept.
                _theta = _g = _v = _s = null;
            }
        }
    }

    /// <inheritdoc/>
    protected override void RunRange(int start, int count) =>
        AdamKernel.Update(
            new Span<T>(_theta + start, count),
            new ReadOnlySpan<T>(_g + start, count),
            new Span<T>(_v + start, count),
            new Span<T>(_s + start, count),
            _beta1,
            _beta2,
            _epsilon,
            _stepSize,
            _inverseRootC2,
            _decay);
}
