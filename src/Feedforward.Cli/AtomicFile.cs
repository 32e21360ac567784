using System.Text;

namespace Feedforward.Cli;

/// <summary>Writes output files so that they are either complete or absent, never partial.</summary>
internal static class AtomicFile
{
    /// <summary>The path that means standard output instead of a file.</summary>
    public const string StandardOutput = "-";

    /// <summary>
    /// Writes text through <paramref name="write"/> into a temporary file in the destination's
    /// folder, then renames it over <paramref name="path"/>. On failure the temporary file is
    /// deleted and any earlier file at <paramref name="path"/> is left as it was.
    /// </summary>
    public static void Write(string path, Action<TextWriter> write)
    {
        string fullPath = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                write(writer);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes to standard output when <paramref name="path"/> is "-", and atomically to the file otherwise.</summary>
    public static void WriteOrPrint(string path, TextWriter standardOutput, Action<TextWriter> write)
    {
        if (path == StandardOutput)
        {
            write(standardOutput);
        }
        else
        {
            Write(path, write);
        }
    }

    /// <summary>
    /// Checks before any work is done that an output file can be written: its folder exists,
    /// the path is not a folder, and a file can be created in that folder.
    /// </summary>
    /// <exception cref="CliException">The output cannot be written there.</exception>
    public static void CheckWritable(string path, string option)
    {
        if (path == StandardOutput)
        {
            return;
        }

        string fullPath = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new CliException($"the folder of {option} '{path}' does not exist: create '{folder}' first or choose another path");
        }

        if (Directory.Exists(fullPath))
        {
            throw new CliException($"{option} '{path}' is a folder: give a file path such as '{Path.Combine(path, "model.safetensors")}'");
        }

        // Create and delete a probe file, because permissions alone do not tell (root, read-only
        // mounts, special file systems such as /proc).
        string probe = Path.Combine(folder ?? ".", $".ffnn-write-check-{Environment.ProcessId}.tmp");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {option} '{path}': creating a file in '{folder}' failed ({e.Message}); choose a writable path");
        }
    }
}
