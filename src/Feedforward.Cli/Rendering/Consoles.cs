using Spectre.Console;

namespace Feedforward.Cli.Rendering;

/// <summary>Creates Spectre consoles that write to the streams a command was given.</summary>
internal static class Consoles
{
    /// <summary>The width used when the output is not a terminal, so that tables are not cut at 80 columns.</summary>
    private const int RedirectedWidth = 160;

    /// <summary>
    /// Creates a console on <paramref name="writer"/>. Only the process's own stdout or stderr,
    /// when it is a terminal, gets colours and live progress. Any other writer (a file, a pipe,
    /// a test's StringWriter) gets plain text.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        bool isTerminal = (writer == Console.Out && !Console.IsOutputRedirected)
            || (writer == Console.Error && !Console.IsErrorRedirected);
        if (isTerminal)
        {
            return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = RedirectedWidth;
        return console;
    }
}
