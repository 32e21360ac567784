using System.Numerics;
using System.Runtime.Intrinsics;

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
