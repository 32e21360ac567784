using Feedforward.Tensors;

namespace Feedforward.Activations;

/// <summary>Computes a = g(z) for one column z of a layer (n elements in, n out).</summary>
public delegate void ColumnFunction(ReadOnlySpan<double> z, Span<double> a);

/// <summary>
/// Computes dz = Jᵀ da for one column, where J[i, k] = da_i/dz_k is the Jacobian of g at z and
/// a = g(z) is given because many Jacobians are cheaper from it. <paramref name="dz"/> never
/// overlaps <paramref name="da"/>.
/// </summary>
public delegate void ColumnJacobianTransposeProduct(ReadOnlySpan<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> da, Span<double> dz);

/// <summary>
/// Fills the n x n <paramref name="jacobian"/> with J[i, k] = da_i/dz_k at one column z, where
/// a = g(z). The matrix arrives filled with zeros.
/// </summary>
public delegate void ColumnJacobian(ReadOnlySpan<double> z, ReadOnlySpan<double> a, Matrix<double> jacobian);
