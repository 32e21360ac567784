namespace Feedforward.Optimizers.Schedules;

/// <summary>When a learning-rate schedule sets a new rate.</summary>
public enum ScheduleInterval
{
    /// <summary>Before every optimizer step; the index counts steps of the run from 0.</summary>
    Step,

    /// <summary>At the start of every epoch; the index counts epochs of the run from 0.</summary>
    Epoch,
}

/// <summary>
/// A rule for the learning rate η during one training run, as a multiple of the base rate η0
/// that <see cref="Training.TrainingOptions.LearningRate"/> sets. The trainer calls
/// <see cref="LearningRate"/> before every step or every epoch, as <see cref="Interval"/> sets,
/// and passes each epoch's monitored cost to <see cref="EpochCompleted"/> for schedules that
/// react to it.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The snake_case name used on the command line and in reports.</summary>
    public abstract string Name { get; }

    /// <summary>The settings that define this schedule.</summary>
    public abstract IReadOnlyDictionary<string, double> Settings { get; }

    /// <summary>Whether the rate changes before every step or at the start of every epoch.</summary>
    public abstract ScheduleInterval Interval { get; }

    /// <summary>
    /// Returns η for the step or epoch <paramref name="index"/> (from 0) of a run of
    /// <paramref name="count"/> steps or epochs, given the base rate η0.
    /// </summary>
    public abstract double LearningRate(double baseRate, long index, long count);

    /// <summary>Receives the cost monitored after an epoch (the validation cost, or the training cost without validation data); only reduce-on-plateau uses it.</summary>
    public virtual void EpochCompleted(double monitoredCost)
    {
    }

    /// <summary>Clears any state kept from an earlier run; the trainer calls it at the start of each run.</summary>
    public virtual void Reset()
    {
    }
}
