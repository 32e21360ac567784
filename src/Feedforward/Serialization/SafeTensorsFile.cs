using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Feedforward.Serialization;

/// <summary>One tensor of a safetensors file: row-major elements and their shape.</summary>
/// <param name="Name">The tensor's key in the header.</param>
/// <param name="DataType">"F32" or "F64".</param>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="Bytes">The elements in row-major order, little-endian.</param>
public sealed record SafeTensor(string Name, string DataType, IReadOnlyList<long> Shape, byte[] Bytes);

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes
/// of UTF-8 JSON mapping each tensor name to its dtype, shape and [begin, end) byte offsets
/// into the data that follows, and an optional "__metadata__" map of strings to strings.
/// </summary>
public static class SafeTensorsFile
{
    private const string MetadataKey = "__metadata__";

    /// <summary>
    /// Writes the tensors and metadata to <paramref name="path"/> atomically: the bytes go to a
    /// temporary file in the same folder, which then replaces the target, so a crash never
    /// leaves a half-written file under the target's name.
    /// </summary>
    public static void Write(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);

        var header = new JsonObject();
        var meta = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            meta[key] = value;
        }

        header[MetadataKey] = meta;
        long offset = 0;
        foreach (SafeTensor tensor in tensors)
        {
            var entry = new JsonObject
            {
                ["dtype"] = tensor.DataType,
                ["shape"] = new JsonArray([.. tensor.Shape.Select(d => (JsonNode)d)]),
                ["data_offsets"] = new JsonArray(offset, offset + tensor.Bytes.Length),
            };
            header[tensor.Name] = entry;
            offset += tensor.Bytes.Length;
        }

        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());

        // Pad the header with spaces to a multiple of 8 bytes, as the format allows, so the data
        // that follows is aligned for readers that map it into memory.
        int padded = (json.Length + 7) / 8 * 8;
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
                stream.Write(length);
                stream.Write(json);
                for (int i = json.Length; i < padded; i++)
                {
                    stream.WriteByte((byte)' ');
                }

                foreach (SafeTensor tensor in tensors)
                {
                    stream.Write(tensor.Bytes);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads every tensor and the metadata of a safetensors file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated or its header is not valid safetensors.</exception>
    public static (IReadOnlyList<SafeTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model file '{path}' not found", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw Invalid(path, $"it has {bytes.Length} bytes, fewer than the 8-byte header length");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw Invalid(path, $"the header claims {headerLength} bytes but only {bytes.Length - 8} follow; the file is truncated or not safetensors");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength))?.AsObject()
                ?? throw Invalid(path, "the header is JSON null");
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"the header is not valid JSON ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            throw Invalid(path, $"the header is not a JSON object ({e.Message})");
        }

        int dataStart = 8 + (int)headerLength;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<SafeTensor>();
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey)
            {
                foreach (var (key, value) in node?.AsObject() ?? [])
                {
                    metadata[key] = value?.GetValue<string>() ?? "";
                }

                continue;
            }

            tensors.Add(ReadEntry(path, name, node, bytes, dataStart));
        }

        return (tensors, metadata);
    }

    private static SafeTensor ReadEntry(string path, string name, JsonNode? node, byte[] bytes, int dataStart)
    {
        try
        {
            string dtype = node!["dtype"]!.GetValue<string>();
            long[] shape = [.. node["shape"]!.AsArray().Select(d => d!.GetValue<long>())];
            var offsets = node["data_offsets"]!.AsArray();
            long begin = offsets[0]!.GetValue<long>();
            long end = offsets[1]!.GetValue<long>();
            if (begin < 0 || end < begin || dataStart + end > bytes.Length)
            {
                throw Invalid(path, $"tensor '{name}' spans bytes {begin}..{end} of the data, but the data has {bytes.Length - dataStart} bytes; the file is truncated");
            }

            long elements = shape.Aggregate(1L, (product, d) => product * d);
            int width = dtype switch { "F32" => 4, "F64" => 8, _ => throw Invalid(path, $"tensor '{name}' has dtype {dtype}; only F32 and F64 are supported") };
            if (elements * width != end - begin)
            {
                throw Invalid(path, $"tensor '{name}' of shape [{string.Join(", ", shape)}] needs {elements * width} bytes but spans {end - begin}");
            }

            return new SafeTensor(name, dtype, shape, bytes.AsSpan(dataStart + (int)begin, (int)(end - begin)).ToArray());
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or JsonException or ArgumentOutOfRangeException)
        {
            throw Invalid(path, $"the header entry for tensor '{name}' is malformed ({e.Message})");
        }
    }

    /// <summary>Converts float or double elements to little-endian bytes.</summary>
    public static byte[] ToBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors files are little-endian; big-endian machines are not supported");
        }

        return MemoryMarshal.AsBytes(values).ToArray();
    }

    private static InvalidDataException Invalid(string path, string reason) =>
        new($"'{path}' is not a valid safetensors model file: {reason}");
}
