using Feedforward.Cli;

namespace Feedforward.Tests.Cli;

/// <summary>The outcome of one in-process ffnn run.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs ffnn in-process, and owns a temporary folder for the files a test makes.</summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Folder = Directory.CreateTempSubdirectory("ffnn-test-").FullName;
    }

    /// <summary>The temporary folder, deleted by <see cref="Dispose"/>.</summary>
    public string Folder { get; }

    /// <summary>Returns the full path of <paramref name="name"/> inside <see cref="Folder"/>.</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Writes a file into <see cref="Folder"/> and returns its full path.</summary>
    public string Write(string name, string text)
    {
        string path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = Feedforward.Cli.Cli.Run(args, output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
