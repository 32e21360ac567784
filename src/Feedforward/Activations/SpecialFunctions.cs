namespace Feedforward.Activations;

/// <summary>The error function and its complement in double, which <see cref="Math"/> lacks.</summary>
/// <remarks>
/// For |x| &lt; 1, erf uses the series erf(x) = (2/√π) e^(-x²) Σ_n x (2x²)^n / (1·3·5···(2n+1)),
/// whose terms are all positive, so it has no cancellation. For |x| &gt;= 1, erfc uses the
/// continued fraction erfc(x) = (2x/√π) e^(-x²) / (2x² + 1 - 1·2 / (2x² + 5 - 3·4 / (2x² + 9 - ...)))
/// (Abramowitz and Stegun 7.1.14, in its even contraction), evaluated by the modified Lentz
/// method. A test checks both functions against CPython's math.erf and math.erfc to a relative
/// error of 5e-14.
/// </remarks>
internal static class SpecialFunctions
{
    private const double SeriesLimit = 1.0;
    private const double TwoOverRootPi = 1.1283791670955126;

    /// <summary>Returns erf(x) = (2/√π) ∫_0^x e^(-t²) dt.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        double magnitude = Math.Abs(x);
        if (magnitude < SeriesLimit)
        {
            return Series(x);
        }

        double value = 1 - ContinuedFraction(magnitude);
        return x < 0 ? -value : value;
    }

    /// <summary>Returns erfc(x) = 1 - erf(x), accurate in relative terms for large x where erf(x) rounds to 1.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        if (Math.Abs(x) < SeriesLimit)
        {
            return 1 - Series(x);
        }

        double tail = ContinuedFraction(Math.Abs(x));
        return x < 0 ? 2 - tail : tail;
    }

    private static double Series(double x)
    {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= 2 * x2 / ((2 * n) + 1);
            sum += term;
        }

        return TwoOverRootPi * Math.Exp(-x2) * sum;
    }

    /// <summary>Returns erfc(x) for x &gt;= <see cref="SeriesLimit"/>.</summary>
    private static double ContinuedFraction(double x)
    {
        if (double.IsPositiveInfinity(x) || x > 27)
        {
            // erfc(27) is about 5e-319, below the smallest normal double.
            return 0;
        }

        const double Tiny = 1e-300;
        double x2 = x * x;
        double value = (2 * x2) + 1;
        double c = value;
        double d = 0;
        for (int n = 1; n < 500; n++)
        {
            double a = -((2.0 * n) - 1) * (2.0 * n);
            double b = (2 * x2) + (4 * n) + 1;
            d = b + (a * d);
            d = d == 0 ? Tiny : 1 / d;
            c = b + (a / c);
            c = c == 0 ? Tiny : c;
            double delta = c * d;
            value *= delta;
            if (Math.Abs(delta - 1) <= 1e-16)
            {
                break;
            }
        }

        return TwoOverRootPi * x * Math.Exp(-x2) / value;
    }
}
