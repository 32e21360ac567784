using System.CommandLine;
using Feedforward.Cli.Commands;
using Feedforward.Data;
using Feedforward.Training;

namespace Feedforward.Cli;

/// <summary>
/// The ffnn command line: parses the arguments, runs one command, and turns every failure into
/// one line on stderr and an exit code (0 success, 1 failure, 2 usage or input error).
/// </summary>
internal static class Cli
{
    /// <summary>Runs ffnn with <paramref name="args"/>, writing to the given streams, and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var context = new CliContext(stdout, stderr);
        RootCommand root = BuildRootCommand(context);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string command = parsed.CommandResult.Command == root ? "ffnn" : $"ffnn {parsed.CommandResult.Command.Name}";
            stderr.WriteLine($"error: {UsageErrors.Describe(parsed, root)} Run '{command} --help' for usage.");
            return CliException.UsageExitCode;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (CliException e)
        {
            return Fail(stderr, e.Message, e.ExitCode);
        }
        catch (TrainingDivergedException e)
        {
            return Fail(stderr, e.Message, CliException.FailureExitCode);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or DataFormatException)
        {
            return Fail(stderr, e.Message, CliException.UsageExitCode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, e.Message, CliException.FailureExitCode);
        }
        catch (Exception e)
        {
            // Anything else is a bug in ffnn or the library, so the stack trace is worth showing.
            stderr.WriteLine($"error: internal error ({e.GetType().Name}): {e.Message}. This is a bug in ffnn; please report it with the command you ran.");
            stderr.WriteLine(e.StackTrace);
            return CliException.FailureExitCode;
        }
    }

    /// <summary>Returns the first line of an exception message without the " (Parameter 'name')" suffix .NET appends.</summary>
    public static string PlainMessage(Exception exception)
    {
        string message = exception.Message;
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        if (newline >= 0)
        {
            message = message[..newline].TrimEnd('\r');
        }

        if (exception is ArgumentException { ParamName: { } name })
        {
            string suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length];
            }
        }

        return message;
    }

    private static int Fail(TextWriter stderr, string message, int exitCode)
    {
        stderr.WriteLine($"error: {message}");
        return exitCode;
    }

    private static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand("Train, evaluate and run fully connected feedforward neural networks.");
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(PredictCommand.Create(context));
        root.Subcommands.Add(GradientsCommand.Create(context));
        return root;
    }
}
