using System.Numerics;
using System.Runtime.InteropServices;
using Feedforward.Tensors;

namespace Feedforward.Activations;

/// <summary>
/// A vector-valued activation given by a user's g and either its Jacobian-transpose product or
/// its full Jacobian, all in double.
/// </summary>
/// <remarks>
/// The instance keeps scratch columns between calls, so it allocates only when the layer size
/// grows, but it must not run on two threads at once. With a full Jacobian each column costs
/// O(n²) for the product instead of the O(n) a hand-written product usually needs.
/// </remarks>
internal sealed class CustomVectorActivation : VectorActivation
{
    private readonly ColumnFunction _function;
    private readonly ColumnJacobianTransposeProduct? _product;
    private readonly ColumnJacobian? _jacobian;
    private double[] _z = [];
    private double[] _a = [];
    private double[] _da = [];
    private double[] _dz = [];
    private Matrix<double> _jacobianBuffer;

    public CustomVectorActivation(string name, ColumnFunction function, ColumnJacobianTransposeProduct? product, ColumnJacobian? jacobian)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        Name = name;
        _function = function;
        _product = product;
        _jacobian = jacobian;
    }

    public override string Name { get; }

    protected override void ForwardColumn<T>(ReadOnlySpan<T> z, Span<T> a)
    {
        EnsureScratch(z.Length);
        Span<double> zd = _z.AsSpan(0, z.Length);
        Span<double> ad = _a.AsSpan(0, z.Length);
        ToDouble(z, zd);
        _function(zd, ad);
        FromDouble(ad, a);
    }

    protected override void BackwardColumn<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> da, Span<T> dz)
    {
        int n = z.Length;
        EnsureScratch(n);
        Span<double> zd = _z.AsSpan(0, n);
        Span<double> ad = _a.AsSpan(0, n);
        Span<double> dad = _da.AsSpan(0, n);
        Span<double> dzd = _dz.AsSpan(0, n);
        ToDouble(z, zd);
        ToDouble(a, ad);
        ToDouble(da, dad);
        if (_product is not null)
        {
            _product(zd, ad, dad, dzd);
        }
        else
        {
            Matrix<double> jacobian = _jacobianBuffer.ColumnRange(0, n);
            jacobian.AsSpan().Clear();
            _jacobian!(zd, ad, jacobian);

            // Equation (6.20) eq:custom-activation in docs/derivation.md: dz_k = Σ_i J[i, k] da_i,
            // column k of J dotted with da.
            for (int k = 0; k < n; k++)
            {
                dzd[k] = System.Numerics.Tensors.TensorPrimitives.Dot<double>(jacobian.Column(k), dad);
            }
        }

        FromDouble(dzd, dz);
    }

    private void EnsureScratch(int n)
    {
        if (_z.Length < n)
        {
            _z = new double[n];
            _a = new double[n];
            _da = new double[n];
            _dz = new double[n];
        }

        if (_jacobian is not null && _jacobianBuffer.Rows != n)
        {
            _jacobianBuffer = new Matrix<double>(n, n);
        }
    }

    private static void ToDouble<T>(ReadOnlySpan<T> source, Span<double> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            MemoryMarshal.Cast<T, double>(source).CopyTo(destination);
            return;
        }

        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = double.CreateChecked(source[i]);
        }
    }

    private static void FromDouble<T>(ReadOnlySpan<double> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            source.CopyTo(MemoryMarshal.Cast<T, double>(destination));
            return;
        }

        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = T.CreateChecked(source[i]);
        }
    }
}
