namespace Feedforward.Tests.Data;

/// <summary>A fresh directory under the system temp folder, deleted with its contents on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "feedforward-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes the text to a file of the given name in this directory and returns its path.</summary>
    public string WriteText(string fileName, string contents)
    {
        string path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>Writes the bytes to a file of the given name in this directory and returns its path.</summary>
    public string WriteBytes(string fileName, byte[] contents)
    {
        string path = System.IO.Path.Combine(Path, fileName);
        File.WriteAllBytes(path, contents);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
