using Feedforward.Tensors;

namespace Feedforward.Bench.Training;

/// <summary>
/// Random examples with Fashion-MNIST's shape: inputs uniform in [0, 1), labels uniform over
/// the classes. <see cref="Inputs"/> is column-major inputs x examples for Feedforward, which is
/// the same memory as row-major examples x inputs for TorchSharp, so both read one array.
/// </summary>
internal sealed class SyntheticData
{
    public SyntheticData(int examples, int inputs, int classes, int seed)
    {
        var random = new Random(seed);
        Examples = examples;
        InputSize = inputs;
        Classes = classes;
        Inputs = new float[examples * inputs];
        Labels = new long[examples];
        OneHot = new float[examples * classes];
        for (int i = 0; i < Inputs.Length; i++)
        {
            Inputs[i] = random.NextSingle();
        }

        for (int j = 0; j < examples; j++)
        {
            int label = random.Next(classes);
            Labels[j] = label;
            OneHot[(j * classes) + label] = 1;
        }
    }

    public int Examples { get; }

    public int InputSize { get; }

    public int Classes { get; }

    /// <summary>Inputs, example after example.</summary>
    public float[] Inputs { get; }

    /// <summary>Class index of each example.</summary>
    public long[] Labels { get; }

    /// <summary>One-hot targets, classes x examples column-major.</summary>
    public float[] OneHot { get; }

    /// <summary>Returns the first example of batch number <paramref name="step"/>, cycling through the data.</summary>
    public int BatchStart(long step, int batchSize)
    {
        int batches = Examples / batchSize;
        return (int)(step % batches) * batchSize;
    }

    /// <summary>Creates a rows x columns matrix of values uniform in [-0.5, 0.5), the operands of the timed products and passes.</summary>
    public static Matrix<float> Filled(int rows, int columns, Random random)
    {
        var matrix = new Matrix<float>(rows, columns);
        Span<float> values = matrix.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle() - 0.5f;
        }

        return matrix;
    }
}
