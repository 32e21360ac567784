namespace Feedforward.Tests;

/// <summary>Paths of files in the repository, found from the test assembly's folder.</summary>
internal static class RepositoryPaths
{
    /// <summary>Returns the repository root: the nearest folder above the test binaries that contains Feedforward.slnx.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder above the test binaries contains Feedforward.slnx.</exception>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Feedforward.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no directory above {AppContext.BaseDirectory} contains Feedforward.slnx");
    }
}
