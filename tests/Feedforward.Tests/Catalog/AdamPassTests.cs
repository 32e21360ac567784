using Feedforward.Optimizers;
using Feedforward.Tensors;

namespace Feedforward.Tests.Catalog;

/// <summary>
/// The Adam update split into chunks for the kernel workers must give the same bits as one
/// serial pass, whatever the length: the update of each element depends on that element only,
/// and chunk boundaries fall on vector boundaries.
/// </summary>
public class AdamPassTests
{
    private const int Chunk = ChunkedPass.ChunkLength;

    public static TheoryData<int> Lengths() =>
        [0, 1, 9, Chunk - 1, Chunk, Chunk + 1, (2 * Chunk) - 3, (2 * Chunk) + 8, (5 * Chunk) + 7];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Split_update_matches_serial_float(int length) => AssertSameAsSerial<float>(length, 1e-3f);

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Split_update_matches_serial_double(int length) => AssertSameAsSerial<double>(length, 0.999);

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var pass = new AdamPass<float>();
        var error = Assert.Throws<ArgumentException>(() =>
            pass.Update(new float[4], new float[3], new float[4], new float[4], 0.9f, 0.999f, 1e-8f, 0.001f, 1f, 1f, threads: 2));
        Assert.Contains("4, 3, 4 and 4", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameAsSerial<T>(int length, T decay)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(length);
        T[] theta = Fill<T>(length, random);
        T[] g = Fill<T>(length, random);
        T[] v = Fill<T>(length, random);
        T[] s = [.. Fill<T>(length, random).Select(T.Abs)];
        (T[] thetaSerial, T[] vSerial, T[] sSerial) = ([.. theta], [.. v], [.. s]);
        T beta1 = T.CreateChecked(0.9);
        T beta2 = T.CreateChecked(0.999);
        T epsilon = T.CreateChecked(1e-8);
        T stepSize = T.CreateChecked(0.01);
        T inverseRootC2 = T.CreateChecked(3.5);

        // Three steps, so each reads moments that the split pass wrote.
        var pass = new AdamPass<T>();
        for (int step = 0; step < 3; step++)
        {
            AdamKernel.Update<T>(thetaSerial, g, vSerial, sSerial, beta1, beta2, epsilon, stepSize, inverseRootC2, decay);
            pass.Update(theta, g, v, s, beta1, beta2, epsilon, stepSize, inverseRootC2, decay, threads: 2);
        }

        Assert.Equal(thetaSerial, theta);
        Assert.Equal(vSerial, v);
        Assert.Equal(sSerial, s);
    }

    private static T[] Fill<T>(int length, Random random)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateChecked(random.NextDouble() - 0.5);
        }

        return values;
    }
}
