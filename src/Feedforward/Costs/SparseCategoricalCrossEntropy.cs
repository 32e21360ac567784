using System.Numerics;
using Feedforward.Activations;
using Feedforward.Tensors;

namespace Feedforward.Costs;

/// <summary>
/// Categorical cross-entropy with integer class labels instead of one-hot targets:
/// J = -(1/m) Σ_j ln a_(c_j, j), where c_j is the class of example j, with dJ/da_ij = -1 / (a_ij m)
/// for i = c_j and 0 for the other rows: equation (7.8) eq:sparse-categorical-cross-entropy in
/// docs/derivation.md.
/// </summary>
/// <remarks>
/// <para>
/// Targets are a 1 x m matrix (one row, one column per example) whose element j is the class
/// index c_j: a whole number from 0 to n - 1 for an output layer of n units. It is stored in
/// the network's element type, which is exact in float up to 2²⁴ classes. Anything else is
/// rejected with the example and the value. No n x m one-hot matrix is built.
/// </para>
/// <para>
/// The general path clamps a to at least ε (1e-7 for float, 1e-15 for double), so a
/// probability of exactly 0 for the true class gives a large finite J. After a softmax layer
/// the fused form is used: J = (1/m) Σ_j (LSE(z_j) - z_(c_j, j)) from the logits, and
/// dZ = (A - onehot(c)) / m. This is PyTorch's CrossEntropyLoss with class-index targets and
/// Keras's SparseCategoricalCrossentropy; with one term per example their mean equals J.
/// </para>
/// </remarks>
public sealed class SparseCategoricalCrossEntropy : Cost
{
    /// <inheritdoc/>
    public override string Name => "sparse_categorical_cross_entropy";

    /// <summary>Returns 1: the targets are one row of class indices, whatever the number of outputs.</summary>
    public override int TargetRows(int outputUnits) => 1;

    /// <inheritdoc/>
    public override T Value<T>(Matrix<T> output, Matrix<T> targets)
    {
        CostChecks.SparseShape(output, targets);
        T eps = CostChecks.ProbabilityFloor<T>();
        T sum = T.Zero;
        for (int j = 0; j < output.Columns; j++)
        {
            int c = CostChecks.ClassIndex(targets[0, j], output.Rows, j);
            sum -= T.Log(T.Max(output[c, j], eps));
        }

        return sum * CostChecks.InverseCount<T>(output.Columns);
    }

    /// <inheritdoc/>
    public override void Gradient<T>(Matrix<T> output, Matrix<T> targets, Matrix<T> gradient)
    {
        CostChecks.SparseShape(output, targets);
        T eps = CostChecks.ProbabilityFloor<T>();
        T inverseM = CostChecks.InverseCount<T>(output.Columns);
        gradient.AsSpan().Clear();
        for (int j = 0; j < output.Columns; j++)
        {
            int c = CostChecks.ClassIndex(targets[0, j], output.Rows, j);
            gradient[c, j] = -inverseM / T.Max(output[c, j], eps);
        }
    }

    /// <inheritdoc/>
    public override FusedOutput? FuseWith(Activation outputActivation) =>
        outputActivation is Softmax ? SoftmaxSparseCrossEntropy.Instance : null;
}

/// <summary>
/// Softmax followed by sparse categorical cross-entropy, from the logits z of each column:
/// loss = LSE(z) - z_c for class c, and dz = (a - onehot(c)) / m: equation (7.16)
/// eq:softmax-sparse-cross-entropy in docs/derivation.md.
/// </summary>
internal sealed class SoftmaxSparseCrossEntropy : FusedOutput
{
    public static SoftmaxSparseCrossEntropy Instance { get; } = new();

    public override T Value<T>(Matrix<T> logits, Matrix<T> targets)
    {
        CostChecks.SparseShape(logits, targets);
        T sum = T.Zero;
        for (int j = 0; j < logits.Columns; j++)
        {
            int c = CostChecks.ClassIndex(targets[0, j], logits.Rows, j);
            sum += SoftmaxCrossEntropy.LogSumExp<T>(logits.Column(j)) - logits[c, j];
        }

        return sum * CostChecks.InverseCount<T>(logits.Columns);
    }

    public override void Gradient<T>(Matrix<T> activations, Matrix<T> targets, Matrix<T> logitsGradient)
    {
        CostChecks.SparseShape(activations, targets);
        T inverseM = CostChecks.InverseCount<T>(activations.Columns);
        System.Numerics.Tensors.TensorPrimitives.Multiply(activations.AsSpan(), inverseM, logitsGradient.AsSpan());
        for (int j = 0; j < activations.Columns; j++)
        {
            int c = CostChecks.ClassIndex(targets[0, j], activations.Rows, j);
            logitsGradient[c, j] -= inverseM;
        }
    }
}
