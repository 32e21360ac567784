using System.IO.Compression;
using System.Reflection;

namespace Feedforward.Data;

/// <summary>
/// Small datasets embedded in the library, so that examples and tests work from any directory
/// without downloads. The files are the ones scikit-learn ships, and data/README.md in the source
/// repository gives their origin and licence.
/// </summary>
public static class BundledDatasets
{
    /// <summary>Name of the 8x8 handwritten digits dataset: 1797 examples, 64 pixels in [0, 1], 10 classes.</summary>
    public const string Digits = "digits";

    /// <summary>Name of Fisher's iris dataset: 150 examples, 4 measurements in cm, 3 classes.</summary>
    public const string Iris = "iris";

    private static readonly string[] IrisFeatureNames =
        ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"];

    /// <summary>Names accepted by <see cref="Load"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [Digits, Iris];

    /// <summary>Loads a bundled dataset by name (case-insensitive).</summary>
    /// <remarks>
    /// Digits pixels are counts 0..16 in the file and are divided by 16. Iris measurements are
    /// kept in centimetres, so scale them before training.
    /// </remarks>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static Dataset Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, Digits, StringComparison.OrdinalIgnoreCase))
        {
            return LoadDigits();
        }

        if (string.Equals(name, Iris, StringComparison.OrdinalIgnoreCase))
        {
            return LoadIris();
        }

        throw new ArgumentException(
            $"there is no bundled dataset named '{name}'; the bundled datasets are {string.Join(", ", Names)}",
            nameof(name));
    }

    private static Dataset LoadDigits()
    {
        const string resource = "Feedforward.Data.digits.csv.gz";
        using Stream compressed = OpenResource(resource);
        using var decompressed = new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(decompressed);
        string[] classNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        return SklearnCsv.ReadHeaderless(reader, resource, IdxReader.PixelNames(8, 8), classNames, featureScale: 16);
    }

    private static Dataset LoadIris()
    {
        const string resource = "Feedforward.Data.iris.csv";
        using var reader = new StreamReader(OpenResource(resource));
        return SklearnCsv.ReadCounted(reader, resource, IrisFeatureNames);
    }

    private static Stream OpenResource(string resource) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException(
            $"the embedded resource '{resource}' is missing from the Feedforward assembly; the library was built without it");
}
