using System.Numerics;
using Feedforward.Activations;
using Feedforward.Tensors;

namespace Feedforward.Initialization;

/// <summary>Draws initial weights from a seeded generator, so one seed fixes the whole network.</summary>
internal static class WeightInitialization
{
    public static Initializer Resolve(Initializer initializer, Activation activation) =>
        initializer != Initializer.Default ? initializer
        : activation is Relu or LeakyRelu or Elu ? Initializer.HeUniform
        : Initializer.GlorotUniform;

    public static void Fill<T>(Matrix<T> weights, Initializer initializer, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int fanIn = weights.Columns;
        int fanOut = weights.Rows;
        Span<T> w = weights.AsSpan();
        switch (initializer)
        {
            case Initializer.HeNormal:
                FillNormal(w, Math.Sqrt(2.0 / fanIn), random);
                break;
            case Initializer.HeUniform:
                FillUniform(w, Math.Sqrt(6.0 / fanIn), random);
                break;
            case Initializer.GlorotNormal:
                FillNormal(w, Math.Sqrt(2.0 / (fanIn + fanOut)), random);
                break;
            case Initializer.GlorotUniform:
                FillUniform(w, Math.Sqrt(6.0 / (fanIn + fanOut)), random);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(initializer), initializer, "resolve Initializer.Default before filling");
        }
    }

    private static void FillUniform<T>(Span<T> values, double limit, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateChecked(((2 * random.NextDouble()) - 1) * limit);
        }
    }

    /// <summary>Fills with N(0, σ²) through the Box-Muller transform.</summary>
    private static void FillNormal<T>(Span<T> values, double sigma, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double radius = sigma * Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = T.CreateChecked(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length)
            {
                values[i + 1] = T.CreateChecked(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }
}
