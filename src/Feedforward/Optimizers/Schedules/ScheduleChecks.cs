namespace Feedforward.Optimizers.Schedules;

/// <summary>Argument checks and the cosine curve shared by the schedules.</summary>
internal static class ScheduleChecks
{
    public static void Factor(double gamma, string name)
    {
        if (!(gamma > 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"{name} must be in (0, 1], got {gamma}");
        }
    }

    public static void Minimum(double minimum, string name)
    {
        if (!(minimum >= 0) || double.IsInfinity(minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"{name} must be a finite rate of 0 or more, got {minimum}");
        }
    }

    /// <summary>Returns η_min + (η0 - η_min) (1 + cos(π i / n)) / 2 for i &lt;= n, and η_min after.</summary>
    public static double Cosine(double baseRate, double minimum, long index, long length)
    {
        if (length <= 0)
        {
            return baseRate;
        }

        if (index >= length)
        {
            return minimum;
        }

        return minimum + ((baseRate - minimum) * (1 + Math.Cos(Math.PI * index / length)) / 2);
    }
}
