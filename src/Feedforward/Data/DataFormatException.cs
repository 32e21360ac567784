namespace Feedforward.Data;

/// <summary>
/// The exception thrown when a data file or a label does not have the expected format. The
/// message names the file (where there is one), the offending value and what to do about it.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DataFormatException()
        : base("the data is not in the expected format")
    {
    }

    /// <summary>Creates the exception with the given message.</summary>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the given message and the error that caused it.</summary>
    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
