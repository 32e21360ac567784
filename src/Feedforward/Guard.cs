using System.Runtime.CompilerServices;

namespace Feedforward;

/// <summary>Argument checks whose messages name the argument and its value.</summary>
internal static class Guard
{
    public static void NonNegative(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be 0 or more, got {value}");
        }
    }

    public static void Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1, got {value}");
        }
    }

    public static void Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number, got {value}");
        }
    }

    public static void Shape<T>(Feedforward.Tensors.Matrix<T> matrix, int rows, int columns, [CallerArgumentExpression(nameof(matrix))] string? name = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (matrix.Rows != rows || matrix.Columns != columns)
        {
            throw new ArgumentException(
                $"{name} is {matrix.Rows} x {matrix.Columns} but {rows} x {columns} is expected", name);
        }
    }
}
