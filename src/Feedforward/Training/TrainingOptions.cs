using Feedforward.Optimizers.Schedules;

namespace Feedforward.Training;

/// <summary>The settings of mini-batch training.</summary>
public sealed class TrainingOptions
{
    /// <summary>Passes over the training data, at least 1 (default 10).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Examples per mini-batch, at least 1 (default 32). The last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The step size η, positive (default 0.001); the base rate η0 when a <see cref="Schedule"/> is set.</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>The learning-rate schedule, or null (the default) for a constant rate.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Early stopping on a validation measure, or null (the default) to run every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// The largest global norm of the gradient, ‖(dW[1], db[1], ..., dW[L], db[L])‖₂, that a step
    /// uses. A larger gradient is scaled down to this norm before the optimizer update. Null
    /// (the default) for no clipping.
    /// </summary>
    public double? MaxGradientNorm { get; init; }

    /// <summary>Seed of the per-epoch shuffle (default 0).</summary>
    public int Seed { get; init; }

    /// <summary>Whether the examples are visited in a new random order each epoch (default true).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Throws when a setting is out of range, naming it and its value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"epochs must be at least 1, got {Epochs}");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"batch size must be at least 1, got {BatchSize}");
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(LearningRate), LearningRate, $"learning rate must be a positive finite number, got {LearningRate}");
        }

        if (MaxGradientNorm is double norm && (!(norm > 0) || double.IsInfinity(norm)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxGradientNorm), norm, $"the maximum gradient norm must be a positive finite number, got {norm}");
        }

        EarlyStopping?.Validate();
    }
}
