namespace Feedforward.Training;

/// <summary>The central-difference derivative shared by <see cref="GradientCheck"/> and <see cref="ActivationCheck"/>.</summary>
internal static class FiniteDifference
{
    /// <summary>
    /// Returns f'(x) from the fourth-order central stencil
    /// (f(x-2h) - 8 f(x-h) + 8 f(x+h) - f(x+2h)) / 12h, whose truncation error is O(h⁴).
    /// </summary>
    /// <remarks>
    /// Where f has a kink within 2h of x, estimates at h and h/4 disagree. The step then shrinks
    /// by 4, up to three times, until two estimates agree to 1e-9 (relative, or absolute below
    /// 1), so a kink near x but not at it is stepped over. At a kink exactly at x no step helps,
    /// and the result is the mean of the one-sided derivatives.
    /// </remarks>
    public static double Derivative(Func<double, double> function, double x, double step)
    {
        double previous = Stencil(function, x, step);
        for (int refinement = 0; refinement < 3; refinement++)
        {
            step /= 4;
            double current = Stencil(function, x, step);
            if (Math.Abs(current - previous) <= 1e-9 * Math.Max(1, Math.Abs(current)))
            {
                return current;
            }

            previous = current;
        }

        return previous;
    }

    private static double Stencil(Func<double, double> function, double x, double h) =>
        (function(x - (2 * h)) - (8 * function(x - h)) + (8 * function(x + h)) - function(x + (2 * h))) / (12 * h);
}
