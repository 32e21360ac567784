using Feedforward.Tensors;

namespace Feedforward.Tests;

/// <summary>Seeded random matrices for tests.</summary>
internal static class TestData
{
    public static Matrix<double> Uniform(int rows, int columns, Random random, double low = -1, double high = 1)
    {
        var m = new Matrix<double>(rows, columns);
        Span<double> s = m.AsSpan();
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = low + ((high - low) * random.NextDouble());
        }

        return m;
    }

    /// <summary>Returns one-hot targets with a random class per column.</summary>
    public static Matrix<double> OneHot(int classes, int columns, Random random)
    {
        var m = new Matrix<double>(classes, columns);
        for (int j = 0; j < columns; j++)
        {
            m[random.Next(classes), j] = 1;
        }

        return m;
    }

    /// <summary>Returns targets of 0 or 1 in every element.</summary>
    public static Matrix<double> Binary(int rows, int columns, Random random)
    {
        var m = new Matrix<double>(rows, columns);
        Span<double> s = m.AsSpan();
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = random.Next(2);
        }

        return m;
    }
}
