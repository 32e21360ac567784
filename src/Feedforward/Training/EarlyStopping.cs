namespace Feedforward.Training;

/// <summary>The validation measure that <see cref="EarlyStopping"/> watches.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>J on the validation data (with the L2 penalty); lower is better.</summary>
    ValidationCost,

    /// <summary>Accuracy on the validation data; higher is better. Needs a classification output.</summary>
    ValidationAccuracy,
}

/// <summary>
/// Stops training when a validation measure has not improved for <see cref="Patience"/> epochs
/// in a row, and restores the weights and biases of the best epoch.
/// </summary>
/// <remarks>
/// An epoch improves when its value beats the best so far by more than <see cref="MinDelta"/>
/// (lower cost, or higher accuracy). The best weights are restored when training stops early and
/// also when it runs all its epochs, so the network always ends at the best epoch seen. With
/// patience k, training stops after k epochs in a row without improvement. It needs validation
/// data.
/// </remarks>
public sealed class EarlyStopping
{
    /// <summary>Epochs without improvement after which training stops, 0 or more (default 10).</summary>
    public int Patience { get; init; } = 10;

    /// <summary>The least change that counts as an improvement, 0 or more (default 0).</summary>
    public double MinDelta { get; init; }

    /// <summary>The measure watched (default the validation cost).</summary>
    public EarlyStoppingMetric Metric { get; init; } = EarlyStoppingMetric.ValidationCost;

    /// <summary>Throws when a setting is out of range, naming it and its value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Patience), Patience, $"early stopping patience must be 0 or more epochs, got {Patience}");
        }

        if (!(MinDelta >= 0) || double.IsInfinity(MinDelta))
        {
            throw new ArgumentOutOfRangeException(nameof(MinDelta), MinDelta, $"early stopping min_delta must be a finite number of 0 or more, got {MinDelta}");
        }

        if (!Enum.IsDefined(Metric))
        {
            throw new ArgumentOutOfRangeException(nameof(Metric), Metric, $"early stopping metric {Metric} is not one of {string.Join(", ", Enum.GetNames<EarlyStoppingMetric>())}");
        }
    }
}
