using System.Numerics.Tensors;
using Feedforward.Tensors;

namespace Feedforward.Data;

/// <summary>The per-row map x' = (x - offset) / scale that both scalers apply.</summary>
internal static class AffineScaling
{
    public static void Apply(Matrix<float> features, float[] offset, float[] scale, string scalerName)
    {
        ValidateRows(features, offset.Length, scalerName);
        for (int j = 0; j < features.Columns; j++)
        {
            Span<float> column = features.Column(j);
            TensorPrimitives.Subtract(column, offset, column);
            TensorPrimitives.Divide(column, scale, column);
        }
    }

    public static void Invert(Matrix<float> features, float[] offset, float[] scale, string scalerName)
    {
        ValidateRows(features, offset.Length, scalerName);
        for (int j = 0; j < features.Columns; j++)
        {
            Span<float> column = features.Column(j);
            TensorPrimitives.Multiply(column, scale, column);
            TensorPrimitives.Add(column, offset, column);
        }
    }

    /// <summary>Replaces a zero scale by 1, so that a constant feature maps to 0 instead of NaN.</summary>
    public static float NonZeroScale(float scale) => scale == 0 ? 1 : scale;

    public static float[] CopyFinite(float[] values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}, but scaler parameters must be finite numbers", name);
            }
        }

        return (float[])values.Clone();
    }

    public static void ValidateNotEmpty(Matrix<float> features, string scalerName)
    {
        if (features.Columns == 0)
        {
            throw new ArgumentException(
                $"a {scalerName} cannot be fitted on 0 examples; pass the training features", nameof(features));
        }
    }

    private static void ValidateRows(Matrix<float> features, int featureCount, string scalerName)
    {
        if (features.Rows != featureCount)
        {
            throw new ArgumentException(
                $"the {scalerName} was fitted on {featureCount} features but the matrix has {features.Rows} rows; " +
                "scale data with the same features as the training data",
                nameof(features));
        }
    }
}
