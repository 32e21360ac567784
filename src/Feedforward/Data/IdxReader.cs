using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Numerics.Tensors;
using Feedforward.Tensors;

namespace Feedforward.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST: a 4-byte big-endian magic number
/// (two zero bytes, the element type, the number of dimensions), one big-endian 32-bit size per
/// dimension, then the elements in row-major order. Files may be plain or gzip-compressed, and gzip
/// is recognized by its first two bytes (1F 8B), not by the file name.
/// </summary>
/// <remarks>Only unsigned-byte elements (type 0x08) are supported, which is what MNIST uses.</remarks>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count x rows x columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>
    /// Reads an image file and its label file into a dataset with one column of rows x columns
    /// pixels per image, scaled from 0..255 to [0, 1].
    /// </summary>
    /// <remarks>
    /// Class names are "0" up to the largest label found, so class index and label value are
    /// the same number even when a file lacks some labels.
    /// </remarks>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// A file has the wrong magic number or element type, is truncated or is not valid gzip,
    /// or the two files have different numbers of examples.
    /// </exception>
    public static Dataset LoadImagesAndLabels(string imagesPath, string labelsPath)
    {
        (Matrix<float> images, int height, int width) = ReadImagesWithShape(imagesPath);
        byte[] labels = ReadLabels(labelsPath);
        if (labels.Length != images.Columns)
        {
            throw new DataFormatException(
                $"the image file '{imagesPath}' has {images.Columns} images but the label file '{labelsPath}' " +
                $"has {labels.Length} labels; use the label file that belongs to these images");
        }

        int[] classIndices = new int[labels.Length];
        int largestLabel = 0;
        for (int j = 0; j < labels.Length; j++)
        {
            classIndices[j] = labels[j];
            largestLabel = Math.Max(largestLabel, labels[j]);
        }

        string[] classNames = new string[largestLabel + 1];
        for (int label = 0; label < classNames.Length; label++)
        {
            classNames[label] = label.ToString(CultureInfo.InvariantCulture);
        }

        return new Dataset(images, PixelNames(height, width), classIndices, classNames);
    }

    /// <summary>Reads an image file into a (rows x columns) x count matrix scaled to [0, 1].</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a valid unsigned-byte IDX image file.</exception>
    public static Matrix<float> ReadImages(string path) => ReadImagesWithShape(path).Images;

    /// <summary>Reads a label file into one byte per example.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a valid unsigned-byte IDX label file.</exception>
    public static byte[] ReadLabels(string path)
    {
        return ReadFile(path, LabelsMagic, "label", (stream, dimensions) => ReadElements(stream, path, dimensions));
    }

    /// <summary>Returns the feature names "pixel_row_column" of a height x width image, row after row.</summary>
    internal static string[] PixelNames(int height, int width)
    {
        string[] names = new string[height * width];
        for (int row = 0; row < height; row++)
        {
            for (int column = 0; column < width; column++)
            {
                names[row * width + column] = FormattableString.Invariant($"pixel_{row}_{column}");
            }
        }

        return names;
    }

    private static (Matrix<float> Images, int Height, int Width) ReadImagesWithShape(string path)
    {
        return ReadFile(path, ImagesMagic, "image", (stream, dimensions) =>
        {
            byte[] pixels = ReadElements(stream, path, dimensions);
            int count = dimensions[0];
            int height = dimensions[1];
            int width = dimensions[2];

            // Each image is height x width bytes in row-major order, so image j is exactly
            // column j of a column-major (height x width) x count matrix.
            float[] buffer = new float[pixels.Length];
            TensorPrimitives.ConvertTruncating<byte, float>(pixels, buffer);
            TensorPrimitives.Divide(buffer, 255f, buffer);
            return (new Matrix<float>(buffer, height * width, count), height, width);
        });
    }

    private static TResult ReadFile<TResult>(
        string path, int expectedMagic, string kind, Func<Stream, int[], TResult> readBody)
    {
        ArgumentNullException.ThrowIfNull(path);
        using Stream stream = OpenMaybeGzip(path);
        try
        {
            int[] dimensions = ReadHeader(stream, path, expectedMagic, kind);
            return readBody(stream, dimensions);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(
                $"'{path}' starts like a gzip file but could not be decompressed ({e.Message}); " +
                "download the file again", e);
        }
    }

    private static Stream OpenMaybeGzip(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the IDX file '{path}' does not exist; check the path", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        Span<byte> start = stackalloc byte[2];
        int read = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 2 && start[0] == 0x1F && start[1] == 0x8B)
        {
            return new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
        }

        return file;
    }

    private static int[] ReadHeader(Stream stream, string path, int expectedMagic, string kind)
    {
        Span<byte> word = stackalloc byte[4];
        ReadExactly(stream, word, path, "the 4-byte magic number");
        int magic = BinaryPrimitives.ReadInt32BigEndian(word);
        ValidateMagic(magic, expectedMagic, path, kind);

        int[] dimensions = new int[magic & 0xFF];
        for (int d = 0; d < dimensions.Length; d++)
        {
            ReadExactly(stream, word, path, $"the size of dimension {d}");
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dimensions[d] <= 0)
            {
                throw new DataFormatException(
                    $"'{path}' gives dimension {d} a size of {dimensions[d]}, but sizes must be at least 1; " +
                    "the file is damaged or empty");
            }
        }

        return dimensions;
    }

    private static void ValidateMagic(int magic, int expectedMagic, string path, string kind)
    {
        if (magic == expectedMagic)
        {
            return;
        }

        int elementType = (magic >> 8) & 0xFF;
        bool isIdx = (magic >>> 16) == 0;
        if (isIdx && elementType != 0x08 && IdxElementTypeName(elementType) is { } typeName)
        {
            throw new DataFormatException(
                $"'{path}' holds IDX elements of type 0x{elementType:X2} ({typeName}), but only unsigned bytes (0x08) " +
                "are supported; convert the file to unsigned bytes");
        }

        throw new DataFormatException(
            $"'{path}' starts with the magic number 0x{magic:X8}, but an IDX {kind} file starts with " +
            $"0x{expectedMagic:X8} (images: 0x{ImagesMagic:X8}, labels: 0x{LabelsMagic:X8}); " +
            "check that the file is an IDX file and that the image and label paths are not swapped");
    }

    private static string? IdxElementTypeName(int elementType) => elementType switch
    {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => null,
    };

    private static byte[] ReadElements(Stream stream, string path, int[] dimensions)
    {
        long expected = 1;
        foreach (int size in dimensions)
        {
            expected *= size;
            if (expected > Array.MaxLength)
            {
                throw new DataFormatException(
                    $"'{path}' declares sizes {string.Join(" x ", dimensions)}, more than the {Array.MaxLength} elements " +
                    "one array can hold; check that the file is not damaged");
            }
        }

        byte[] elements = new byte[expected];
        int found = stream.ReadAtLeast(elements, elements.Length, throwOnEndOfStream: false);
        if (found < elements.Length)
        {
            throw new DataFormatException(
                $"'{path}' is truncated: its header declares sizes {string.Join(" x ", dimensions)}, which need " +
                $"{expected} bytes of data, but only {found} follow the header; download the file again");
        }

        return elements;
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, string path, string fieldDescription)
    {
        int found = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (found < destination.Length)
        {
            throw new DataFormatException(
                $"'{path}' is truncated: it ends before {fieldDescription} ({destination.Length} bytes expected, {found} found); " +
                "download the file again");
        }
    }
}
