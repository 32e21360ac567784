using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Feedforward.Tests.Cli;

/// <summary>Small data and model files for the CLI tests, made in code so that each test shows its data.</summary>
internal static class CliFiles
{
    /// <summary>
    /// Returns CSV text of three well-separated clusters in two features, labelled "east",
    /// "north" and "west", with <paramref name="perClass"/> rows each.
    /// </summary>
    public static string Clusters(int perClass, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x,y,direction\n");
        (string Label, double X, double Y)[] centers = [("east", 3, 0), ("north", 0, 3), ("west", -3, 0)];
        for (int i = 0; i < perClass; i++)
        {
            foreach (var (label, x, y) in centers)
            {
                text.Append(CultureInfo.InvariantCulture, $"{x + random.NextDouble() - 0.5:F3},{y + random.NextDouble() - 0.5:F3},{label}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Returns CSV text of y = 2 a - b + 1 (plus small noise) with fractional targets, so the task is inferred as regression.</summary>
    public static string Linear(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("a,b,y\n");
        for (int i = 0; i < rows; i++)
        {
            double a = (2 * random.NextDouble()) - 1;
            double b = (2 * random.NextDouble()) - 1;
            double y = (2 * a) - b + 1 + ((random.NextDouble() - 0.5) * 0.01);
            text.Append(CultureInfo.InvariantCulture, $"{a:F4},{b:F4},{y:F4}\n");
        }

        return text.ToString();
    }

    /// <summary>Writes an IDX file of unsigned bytes with the given magic number and dimension sizes.</summary>
    public static void WriteIdx(string path, int magic, int[] sizes, byte[] elements)
    {
        using var stream = File.Create(path);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, magic);
        stream.Write(word);
        foreach (int size in sizes)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, size);
            stream.Write(word);
        }

        stream.Write(elements);
    }

    /// <summary>Writes <paramref name="count"/> 2x2 images whose brightness encodes labels 0 and 1, and their label file.</summary>
    public static void WriteIdxPair(string imagesPath, string labelsPath, int count, int labelCount)
    {
        byte[] pixels = new byte[count * 4];
        byte[] labels = new byte[labelCount];
        for (int j = 0; j < Math.Max(count, labelCount); j++)
        {
            byte label = (byte)(j % 2);
            if (j < labelCount)
            {
                labels[j] = label;
            }

            if (j < count)
            {
                pixels.AsSpan(j * 4, 4).Fill(label == 1 ? (byte)(200 + (j % 50)) : (byte)(j % 50));
            }
        }

        WriteIdx(imagesPath, 0x00000803, [count, 2, 2], pixels);
        WriteIdx(labelsPath, 0x00000801, [labelCount], labels);
    }

    /// <summary>Replaces one "__metadata__" entry of a safetensors file, keeping its tensors.</summary>
    public static void RewriteMetadata(string path, string key, string value)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        JsonNode header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength))!;
        header["__metadata__"]![key] = value;
        byte[] newHeader = Encoding.UTF8.GetBytes(header.ToJsonString());

        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)newHeader.Length);
        stream.Write(length);
        stream.Write(newHeader);
        stream.Write(bytes.AsSpan(8 + headerLength));
    }
}
