namespace Feedforward.Training;

/// <summary>
/// Thrown when the cost becomes NaN or infinite during training. The network holds the
/// weights from the start of the epoch in which it happened, the last ones known to be finite.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public TrainingDivergedException()
        : base("the cost became NaN or infinite")
    {
    }
}
