using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Tensors;

namespace Feedforward.Tests.Core;

/// <summary>
/// A 2-3-2 network (ReLU hidden layer, linear output, mean squared error) on one example,
/// every value worked out by hand:
/// x = (1, 2); W1 = [[1, 0], [0, 1], [1, -1]], b1 = (0, -1, 0.5) → Z1 = (1, 1, -0.5), A1 = (1, 1, 0);
/// W2 = [[1, 2, 3], [-1, 0, 1]], b2 = (0, 1) → Z2 = A2 = (3, 0); y = (1, 1) → J = 2² + 1² = 5;
/// dA2 = dZ2 = 2 (A2 - y) = (4, -2); dW2 = dZ2 A1ᵀ = [[4, 4, 0], [-2, -2, 0]]; db2 = (4, -2);
/// dA1 = W2ᵀ dZ2 = (6, 8, 10); dZ1 = dA1 ⊙ relu'(Z1) = (6, 8, 0);
/// dW1 = dZ1 xᵀ = [[6, 12], [8, 16], [0, 0]]; db1 = (6, 8, 0); dX = W1ᵀ dZ1 = (6, 8).
/// </summary>
public class HandWorkedNetworkTests
{
    private static Network<double> Build()
    {
        var hidden = new DenseLayer<double>(2, 3, ActivationCatalog.Relu);
        Load(hidden.Weights, [[1, 0], [0, 1], [1, -1]]);
        Load(hidden.Bias, [[0], [-1], [0.5]]);
        var output = new DenseLayer<double>(3, 2, ActivationCatalog.Linear);
        Load(output.Weights, [[1, 2, 3], [-1, 0, 1]]);
        Load(output.Bias, [[0], [1]]);
        return new Network<double>([hidden, output], CostCatalog.MeanSquaredError);
    }

    private static void Load(Matrix<double> target, double[][] rows) =>
        Matrix<double>.FromRows(rows).AsSpan().CopyTo(target.AsSpan());

    private static readonly Matrix<double> Input = Matrix<double>.FromRows([[1.0], [2.0]]);
    private static readonly Matrix<double> Target = Matrix<double>.FromRows([[1.0], [1.0]]);

    [Fact]
    public void Forward_values_match_hand_computation()
    {
        Network<double> network = Build();
        Matrix<double> output = network.Forward(Input);

        Assert.Equal([1.0, 1.0, -0.5], network.Layers[0].WeightedSums.AsSpan().ToArray());
        Assert.Equal([1.0, 1.0, 0.0], network.Layers[0].Activations.AsSpan().ToArray());
        Assert.Equal([3.0, 0.0], output.AsSpan().ToArray());
    }

    [Fact]
    public void Cost_is_five()
    {
        Assert.Equal(5.0, Build().ComputeCost(Input, Target));
    }

    [Fact]
    public void Gradients_match_hand_computation()
    {
        Network<double> network = Build();
        double cost = network.ComputeGradients(Input, Target, computeInputGradient: true);

        Assert.Equal(5.0, cost);
        Assert.Equal(new double[][] { [4, 4, 0], [-2, -2, 0] }, network.Layers[1].WeightGradient.ToRows());
        Assert.Equal([4.0, -2.0], network.Layers[1].BiasGradient.AsSpan().ToArray());
        Assert.Equal(new double[][] { [6, 12], [8, 16], [0, 0] }, network.Layers[0].WeightGradient.ToRows());
        Assert.Equal([6.0, 8.0, 0.0], network.Layers[0].BiasGradient.AsSpan().ToArray());
        Assert.Equal([6.0, 8.0], network.InputGradient.AsSpan().ToArray());
    }

    [Fact]
    public void Gradients_of_two_identical_examples_equal_one()
    {
        // J averages over examples, so duplicating the example leaves J and every gradient
        // unchanged: the 1/m inside J cancels the sum over the two columns.
        Network<double> network = Build();
        var inputs = Matrix<double>.FromRows([[1.0, 1.0], [2.0, 2.0]]);
        var targets = Matrix<double>.FromRows([[1.0, 1.0], [1.0, 1.0]]);
        double cost = network.ComputeGradients(inputs, targets);

        Assert.Equal(5.0, cost);
        Assert.Equal(new double[][] { [6, 12], [8, 16], [0, 0] }, network.Layers[0].WeightGradient.ToRows());
    }
}
