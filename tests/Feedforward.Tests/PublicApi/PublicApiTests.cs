using PublicApiGenerator;

namespace Feedforward.Tests.PublicApi;

/// <summary>
/// Keeps the library's public surface visible in review: the generated API text must equal
/// the approved file beside this test. After an intended change, run the tests once with
/// FEEDFORWARD_APPROVE_API=1 to rewrite the approved file, and commit it with the change.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void Public_api_matches_approved_file()
    {
        string actual = typeof(Network<>).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false })
            .ReplaceLineEndings("\n");
        string path = Path.Combine(SourceFolder(), "Feedforward.approved.txt");

        if (Environment.GetEnvironmentVariable("FEEDFORWARD_APPROVE_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        string approved = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(
            approved == actual,
            $"the public API differs from {path}; if the change is intended, run the tests with FEEDFORWARD_APPROVE_API=1 and commit the file");
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetDirectoryName(file)!;
}
