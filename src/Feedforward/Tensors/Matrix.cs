using System.Numerics;
using System.Runtime.CompilerServices;

namespace Feedforward.Tensors;

/// <summary>
/// A dense column-major matrix, or a view of a range of columns of one. Each column is one
/// example, so a mini-batch of consecutive examples is a view that shares memory with the
/// whole data set and costs no copy.
/// </summary>
/// <remarks>
/// Element (i, j) lives at <c>Buffer[Offset + j * Rows + i]</c>: the leading dimension is always
/// <see cref="Rows"/>, and the whole matrix is one contiguous span. The struct is a view: copying
/// it copies the reference, not the elements.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> for training, <see cref="double"/> for gradient checks.</typeparam>
public readonly struct Matrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]? _buffer;

    /// <summary>Creates a matrix of zeros with the given shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    public Matrix(int rows, int columns)
    {
        Guard.NonNegative(rows);
        Guard.NonNegative(columns);
        _buffer = new T[checked(rows * columns)];
        Rows = rows;
        Columns = columns;
        Offset = 0;
    }

    /// <summary>Wraps existing column-major storage without copying it.</summary>
    /// <exception cref="ArgumentException">The buffer is shorter than <paramref name="offset"/> + rows x columns.</exception>
    public Matrix(T[] buffer, int rows, int columns, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        Guard.NonNegative(rows);
        Guard.NonNegative(columns);
        Guard.NonNegative(offset);
        if ((long)offset + (long)rows * columns > buffer.Length)
        {
            throw new ArgumentException(
                $"a {rows} x {columns} matrix at offset {offset} needs {(long)offset + (long)rows * columns} elements, but the buffer has {buffer.Length}",
                nameof(buffer));
        }

        _buffer = buffer;
        Rows = rows;
        Columns = columns;
        Offset = offset;
    }

    /// <summary>Number of rows: units of a layer, or features of an input.</summary>
    public int Rows { get; }

    /// <summary>Number of columns: examples in a batch.</summary>
    public int Columns { get; }

    /// <summary>Index of element (0, 0) in <see cref="Buffer"/>.</summary>
    public int Offset { get; }

    /// <summary>Number of elements, rows x columns.</summary>
    public int Length => Rows * Columns;

    /// <summary>The array that stores the elements (shared with other views of it).</summary>
    public T[] Buffer => _buffer ?? [];

    /// <summary>Gets or sets element (row, column).</summary>
    public ref T this[int row, int column]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
            {
                ThrowIndex(row, column);
            }

            return ref Buffer[Offset + column * Rows + row];
        }
    }

    /// <summary>Returns all elements, column after column.</summary>
    public Span<T> AsSpan() => Buffer.AsSpan(Offset, Length);

    /// <summary>Returns the elements of one column.</summary>
    public Span<T> Column(int column)
    {
        if ((uint)column >= (uint)Columns)
        {
            ThrowIndex(0, column);
        }

        return Buffer.AsSpan(Offset + column * Rows, Rows);
    }

    /// <summary>Returns a view of <paramref name="count"/> columns starting at <paramref name="start"/>, sharing memory.</summary>
    public Matrix<T> ColumnRange(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Columns)
        {
            throw new ArgumentOutOfRangeException(
                nameof(start),
                $"columns {start}..{start + count - 1} are outside a matrix of {Columns} columns");
        }

        return new Matrix<T>(Buffer, Rows, count, Offset + start * Rows);
    }

    /// <summary>Creates a matrix from rows given as jagged arrays (the order people write matrices in).</summary>
    /// <exception cref="ArgumentException">The rows differ in length.</exception>
    public static Matrix<T> FromRows(IReadOnlyList<IReadOnlyList<T>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int columns = rows.Count == 0 ? 0 : rows[0].Count;
        var result = new Matrix<T>(rows.Count, columns);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Count != columns)
            {
                throw new ArgumentException(
                    $"row {i} has {rows[i].Count} elements but row 0 has {columns}: all rows need the same length",
                    nameof(rows));
            }

            for (int j = 0; j < columns; j++)
            {
                result[i, j] = rows[i][j];
            }
        }

        return result;
    }

    /// <summary>Returns the matrix as an array of rows.</summary>
    public T[][] ToRows()
    {
        var rows = new T[Rows][];
        for (int i = 0; i < Rows; i++)
        {
            rows[i] = new T[Columns];
            for (int j = 0; j < Columns; j++)
            {
                rows[i][j] = this[i, j];
            }
        }

        return rows;
    }

    /// <summary>Copies the elements into a new matrix of the same shape.</summary>
    public Matrix<T> Clone()
    {
        var copy = new Matrix<T>(Rows, Columns);
        AsSpan().CopyTo(copy.AsSpan());
        return copy;
    }

    /// <summary>Returns "rows x columns", the shape notation used in error messages.</summary>
    public string Shape => $"{Rows} x {Columns}";

    /// <inheritdoc/>
    public override string ToString() => $"Matrix<{typeof(T).Name}> {Shape}";

    private void ThrowIndex(int row, int column) =>
        throw new ArgumentOutOfRangeException(
            nameof(row), $"element ({row}, {column}) is outside a {Rows} x {Columns} matrix");
}
