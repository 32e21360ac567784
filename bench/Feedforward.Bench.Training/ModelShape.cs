namespace Feedforward.Bench.Training;

/// <summary>A network architecture: input size, then the units of each layer (ReLU hidden, softmax output).</summary>
internal sealed record ModelShape(string Name, int[] Sizes)
{
    public static readonly ModelShape Small = new("784-256-128-10", [784, 256, 128, 10]);

    public static readonly ModelShape Large = new("784-1024-1024-10", [784, 1024, 1024, 10]);

    public static IReadOnlyList<ModelShape> All { get; } = [Small, Large];

    public int Inputs => Sizes[0];

    public int Classes => Sizes[^1];

    /// <summary>Sum of the weight counts n[l] x n[l-1] over the layers (biases left out).</summary>
    public long WeightCount
    {
        get
        {
            long count = 0;
            for (int l = 1; l < Sizes.Length; l++)
            {
                count += (long)Sizes[l] * Sizes[l - 1];
            }

            return count;
        }
    }

    /// <summary>
    /// Training FLOPs per example in the products both frameworks compute: forward Z = W A and
    /// dW = dZ A^T in every layer, and dA = W^T dZ in every layer but the first, whose inputs
    /// need no gradient. Each is one multiply-add (2 FLOPs) per weight.
    /// </summary>
    public double TrainingFlopsPerExample => 2 * ((2 * (double)WeightCount) + WeightCount - ((long)Sizes[1] * Sizes[0]));

    /// <summary>Forward FLOPs per example: one multiply-add per weight.</summary>
    public double InferenceFlopsPerExample => 2 * (double)WeightCount;

    public static ModelShape Find(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"unknown model '{name}': expected one of {string.Join(", ", All.Select(m => m.Name))}");
}
