namespace Feedforward.Optimizers.Schedules;

/// <summary>
/// Cosine annealing, per epoch (Loshchilov and Hutter, SGDR, 2017, without restarts):
/// η = η_min + (η0 - η_min) (1 + cos(π e / T)) / 2 for epoch e (from 0) up to the period T, and
/// η_min after it: equation (9.11) eq:cosine-annealing in docs/derivation.md.
/// </summary>
/// <remarks>
/// The same values as PyTorch's CosineAnnealingLR(T_max = T, eta_min = η_min) for e &lt;= T.
/// Past T PyTorch's closed form rises again along the cosine; this schedule stays at η_min.
/// A period of 0 (the default) means the number of epochs of the run.
/// </remarks>
public sealed class CosineAnnealing : LearningRateSchedule
{
    /// <summary>Creates cosine annealing over <paramref name="period"/> epochs (0 for the whole run) down to η_min.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is negative, or η_min is negative or not finite.</exception>
    public CosineAnnealing(int period = 0, double minimum = 0)
    {
        if (period < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"cosine schedule period must be 0 (the whole run) or a number of epochs, got {period}");
        }

        ScheduleChecks.Minimum(minimum, "cosine schedule minimum");
        Period = period;
        Minimum = minimum;
        Settings = new Dictionary<string, double> { ["period"] = period, ["minimum"] = minimum };
    }

    /// <summary>T, the epochs from η0 down to η_min, or 0 for the number of epochs of the run.</summary>
    public int Period { get; }

    /// <summary>η_min, the lowest rate.</summary>
    public double Minimum { get; }

    /// <inheritdoc/>
    public override string Name => "cosine";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; }

    /// <inheritdoc/>
    public override ScheduleInterval Interval => ScheduleInterval.Epoch;

    /// <inheritdoc/>
    public override double LearningRate(double baseRate, long index, long count)
    {
        long period = Period > 0 ? Period : count;
        return ScheduleChecks.Cosine(baseRate, Minimum, index, period);
    }
}
