namespace Feedforward.Optimizers.Schedules;

/// <summary>
/// Step decay, per epoch: η = η0 γ^⌊e / k⌋ for epoch e (from 0), so the rate drops by the factor
/// γ every k epochs. The same rule as PyTorch's StepLR(step_size = k, gamma = γ) stepped once
/// per epoch. Equation (9.9) eq:step-decay in docs/derivation.md.
/// </summary>
public sealed class StepDecay : LearningRateSchedule
{
    /// <summary>Creates step decay by γ every <paramref name="stepSize"/> epochs.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> is below 1, or γ is outside (0, 1].</exception>
    public StepDecay(int stepSize, double gamma = 0.1)
    {
        if (stepSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, $"step schedule step_size must be at least 1 epoch, got {stepSize}");
        }

        ScheduleChecks.Factor(gamma, "step schedule gamma");
        StepSize = stepSize;
        Gamma = gamma;
        Settings = new Dictionary<string, double> { ["step_size"] = stepSize, ["gamma"] = gamma };
    }

    /// <summary>k, the number of epochs between drops.</summary>
    public int StepSize { get; }

    /// <summary>γ, the factor of each drop.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override string Name => "step";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; }

    /// <inheritdoc/>
    public override ScheduleInterval Interval => ScheduleInterval.Epoch;

    /// <inheritdoc/>
    public override double LearningRate(double baseRate, long index, long count) => baseRate * Math.Pow(Gamma, index / StepSize);
}
