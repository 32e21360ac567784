namespace Feedforward.Optimizers.Schedules;

/// <summary>
/// Exponential decay, per epoch: η = η0 γ^e for epoch e (from 0). The same rule as PyTorch's
/// ExponentialLR(gamma = γ) stepped once per epoch. Equation (9.10) eq:exponential-decay in
/// docs/derivation.md.
/// </summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates exponential decay by γ per epoch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">γ is outside (0, 1].</exception>
    public ExponentialDecay(double gamma)
    {
        ScheduleChecks.Factor(gamma, "exponential schedule gamma");
        Gamma = gamma;
        Settings = new Dictionary<string, double> { ["gamma"] = gamma };
    }

    /// <summary>γ, the factor per epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override string Name => "exponential";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; }

    /// <inheritdoc/>
    public override ScheduleInterval Interval => ScheduleInterval.Epoch;

    /// <inheritdoc/>
    public override double LearningRate(double baseRate, long index, long count) => baseRate * Math.Pow(Gamma, index);
}
