namespace Feedforward.Training;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="EpochCount">The number of epochs the training runs.</param>
/// <param name="TrainingCost">J averaged over the epoch's batches, weighted by batch size (measured before each update).</param>
/// <param name="TrainingAccuracy">Accuracy over the epoch's batches, or null for regression.</param>
/// <param name="ValidationCost">J on the validation data after the epoch, or null without validation data.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation data, or null.</param>
/// <param name="Duration">Wall time of the epoch's training steps, without validation.</param>
public sealed record EpochReport(
    int Epoch,
    int EpochCount,
    double TrainingCost,
    double? TrainingAccuracy,
    double? ValidationCost,
    double? ValidationAccuracy,
    TimeSpan Duration)
{
    /// <summary>The learning rate of the epoch's last step (the schedule's value, or the constant rate).</summary>
    public double LearningRate { get; init; }
}

/// <summary>Progress inside an epoch, reported after each batch.</summary>
/// <param name="Epoch">The epoch, counted from 1.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="BatchCount">Batches in one epoch.</param>
public readonly record struct BatchProgress(int Epoch, int Batch, int BatchCount);
