namespace Feedforward.Tensors;

/// <summary>Integer arithmetic for splitting a dimension into blocks.</summary>
internal static class BlockMath
{
    /// <summary>Returns the number of blocks of <paramref name="divisor"/> that cover <paramref name="value"/>.</summary>
    public static int Ceiling(int value, int divisor) => (value + divisor - 1) / divisor;

    /// <summary>Returns <paramref name="value"/> rounded up to a multiple of <paramref name="multiple"/>.</summary>
    public static int RoundUp(int value, int multiple) => Ceiling(value, multiple) * multiple;
}
