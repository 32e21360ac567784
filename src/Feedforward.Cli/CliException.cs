namespace Feedforward.Cli;

/// <summary>
/// A failure to report to the user as one line on stderr, with the process exit code to
/// return. Thrown for bad input and for failures the user can act on; never for bugs.
/// </summary>
internal sealed class CliException : Exception
{
    /// <summary>The exit code for usage and input errors.</summary>
    public const int UsageExitCode = 2;

    /// <summary>The exit code for every other failure.</summary>
    public const int FailureExitCode = 1;

    public CliException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException(string message, Exception innerException, int exitCode)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public CliException()
        : this("invalid input")
    {
    }

    public CliException(string message)
        : this(message, UsageExitCode)
    {
    }

    public CliException(string message, Exception innerException)
        : this(message, innerException, UsageExitCode)
    {
    }

    /// <summary>The process exit code: <see cref="UsageExitCode"/> or <see cref="FailureExitCode"/>.</summary>
    public int ExitCode { get; }
}
