namespace Feedforward.Training;

/// <summary>The finite-difference derivative shared by <see cref="GradientCheck"/> and <see cref="ActivationCheck"/>.</summary>
internal static class FiniteDifference
{
    /// <summary>Two estimates closer than this (relative, or absolute below 1) agree; a kink inside a stencil moves it by far more.</summary>
    private const double Agreement = 1e-9;

    /// <summary>
    /// Returns f'(x), from the fourth-order central stencil
    /// (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / 12h where f is smooth within 2h of x.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The central estimate at h is compared with the one at h/2. They agree unless f has a kink
    /// (ReLU at z = 0, reached by the perturbation) within 2h of x. Then the fourth-order
    /// one-sided stencils, (-25 f(x) + 48 f(x±h) - 36 f(x±2h) + 16 f(x±3h) - 3 f(x±4h)) / (±12h),
    /// are tried in both directions. The one that stays clear of the kink agrees with itself at
    /// h/2 and gives the derivative on x's side, at the full step, so roundoff stays as small as
    /// the step allows. If neither side agrees (kinks on both sides), the step shrinks by 4 and
    /// everything is tried again, up to three times.
    /// </para>
    /// <para>
    /// At a kink exactly at x both one-sided stencils are clear of it and give different slopes.
    /// The derivative there is only a convention (see each activation), so this returns the
    /// central estimate, close to the mean of the two slopes, and a gradient check at such a
    /// point fails, pointing at the kink.
    /// </para>
    /// </remarks>
    public static double Derivative(Func<double, double> function, double x, double step)
    {
        double central = double.NaN;
        for (int attempt = 0; attempt < 4; attempt++, step /= 4)
        {
            central = Central(function, x, step);
            if (Agree(central, Central(function, x, step / 2)))
            {
                return central;
            }

            double forward = OneSided(function, x, step);
            double backward = OneSided(function, x, -step);
            bool forwardClear = Agree(forward, OneSided(function, x, step / 2));
            bool backwardClear = Agree(backward, OneSided(function, x, -step / 2));
            if (forwardClear && backwardClear)
            {
                // Both sides are smooth but their slopes differ: the kink is at x itself.
                return central;
            }

            if (forwardClear)
            {
                return forward;
            }

            if (backwardClear)
            {
                return backward;
            }
        }

        return central;
    }

    private static bool Agree(double a, double b) => Math.Abs(a - b) <= Agreement * Math.Max(1, Math.Abs(b));

    private static double Central(Func<double, double> function, double x, double h) =>
        (function(x - (2 * h)) - (8 * function(x - h)) + (8 * function(x + h)) - function(x + (2 * h))) / (12 * h);

    /// <summary>The one-sided stencil towards x + 4h; a negative h looks the other way.</summary>
    private static double OneSided(Func<double, double> function, double x, double h) =>
        ((-25 * function(x)) + (48 * function(x + h)) - (36 * function(x + (2 * h))) + (16 * function(x + (3 * h))) - (3 * function(x + (4 * h)))) / (12 * h);
}
