namespace Feedforward.Optimizers.Schedules;

/// <summary>
/// Linear warm-up, then cosine decay, per step: η = η0 (s + 1) / W for the first W steps, then
/// η = η_min + (η0 - η_min) (1 + cos(π (s - W) / (S - W))) / 2 over the remaining steps of a
/// run of S steps: equation (9.12) eq:warmup-cosine in docs/derivation.md.
/// </summary>
/// <remarks>
/// The warm-up starts at η0 / W rather than 0, so the first step already moves the parameters;
/// Hugging Face's get_cosine_schedule_with_warmup uses s / W, whose first step has rate 0.
/// If the run has W steps or fewer, it is all warm-up.
/// </remarks>
public sealed class WarmupCosine : LearningRateSchedule
{
    /// <summary>Creates the schedule with W warm-up steps, then cosine decay to η_min.</summary>
    /// <exception cref="ArgumentOutOfRangeException">W is below 1, or η_min is negative or not finite.</exception>
    public WarmupCosine(int warmupSteps, double minimum = 0)
    {
        if (warmupSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"warmup_cosine schedule warmup_steps must be at least 1, got {warmupSteps}");
        }

        ScheduleChecks.Minimum(minimum, "warmup_cosine schedule minimum");
        WarmupSteps = warmupSteps;
        Minimum = minimum;
        Settings = new Dictionary<string, double> { ["warmup_steps"] = warmupSteps, ["minimum"] = minimum };
    }

    /// <summary>W, the steps of linear warm-up.</summary>
    public int WarmupSteps { get; }

    /// <summary>η_min, the rate at the end of the run.</summary>
    public double Minimum { get; }

    /// <inheritdoc/>
    public override string Name => "warmup_cosine";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Settings { get; }

    /// <inheritdoc/>
    public override ScheduleInterval Interval => ScheduleInterval.Step;

    /// <inheritdoc/>
    public override double LearningRate(double baseRate, long index, long count)
    {
        if (index < WarmupSteps)
        {
            return baseRate * (index + 1) / WarmupSteps;
        }

        return ScheduleChecks.Cosine(baseRate, Minimum, index - WarmupSteps, count - WarmupSteps);
    }
}
