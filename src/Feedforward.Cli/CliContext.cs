namespace Feedforward.Cli;

/// <summary>The output streams of one ffnn run, handed to every command.</summary>
/// <param name="Out">Standard output: results, tables and JSON.</param>
/// <param name="Error">Standard error: error messages.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error);
