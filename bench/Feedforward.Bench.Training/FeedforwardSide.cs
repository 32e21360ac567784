using System.Reflection;
using Feedforward.Activations;
using Feedforward.Costs;
using Feedforward.Layers;
using Feedforward.Optimizers;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Bench.Training;

/// <summary>One Feedforward network and its Adam trainer, stepping over <see cref="SyntheticData"/>.</summary>
internal sealed class FeedforwardSide
{
    private readonly SyntheticData _data;
    private readonly Matrix<float> _inputs;
    private readonly Matrix<float> _targets;
    private readonly Trainer<float> _trainer;

    public FeedforwardSide(ModelShape shape, SyntheticData data, int seed)
    {
        _data = data;
        var layers = new List<LayerSpec>();
        for (int l = 1; l < shape.Sizes.Length; l++)
        {
            Activation activation = l == shape.Sizes.Length - 1 ? ActivationCatalog.Softmax : ActivationCatalog.Relu;
            layers.Add(new LayerSpec(shape.Sizes[l], activation));
        }

        Network = Network<float>.Create(shape.Inputs, layers, CostCatalog.CategoricalCrossEntropy, seed);
        _trainer = new Trainer<float>(Network, new Adam(), new TrainingOptions { LearningRate = 0.001 });
        _inputs = new Matrix<float>(data.Inputs, data.InputSize, data.Examples);
        _targets = new Matrix<float>(data.OneHot, data.Classes, data.Examples);
    }

    public Network<float> Network { get; }

    /// <summary>
    /// Applies one Adam update to every W[l] and b[l] from the gradients already in the layers,
    /// through separate optimizer states, so the profile can time the update alone.
    /// </summary>
    public void UpdateOnly(OptimizerState<float>[] states, long stepNumber)
    {
        for (int l = 0; l < Network.Layers.Count; l++)
        {
            DenseLayer<float> layer = Network.Layers[l];
            states[2 * l].Update(layer.Weights.AsSpan(), layer.WeightGradient.AsSpan(), stepNumber, 0.001f);
            states[(2 * l) + 1].Update(layer.Bias.AsSpan(), layer.BiasGradient.AsSpan(), stepNumber, 0.001f);
        }
    }

    /// <summary>Creates optimizer states for <see cref="UpdateOnly"/>.</summary>
    public OptimizerState<float>[] CreateAdamStates()
    {
        var adam = new Adam();
        return [.. Network.Layers.SelectMany(layer => new[] { adam.CreateState<float>(layer.Weights.Length), adam.CreateState<float>(layer.Bias.Length) })];
    }

    /// <summary>Runs one Adam step on batch number <paramref name="step"/> and returns J before the update.</summary>
    public float Step(long step, int batchSize)
    {
        int start = _data.BatchStart(step, batchSize);
        return _trainer.Step(_inputs.ColumnRange(start, batchSize), _targets.ColumnRange(start, batchSize));
    }

    /// <summary>Runs forward propagation only.</summary>
    public void Forward(long step, int batchSize)
    {
        int start = _data.BatchStart(step, batchSize);
        Network.Forward(_inputs.ColumnRange(start, batchSize));
    }

    /// <summary>Runs forward propagation and computes J, without gradients.</summary>
    public void ForwardWithCost(long step, int batchSize)
    {
        int start = _data.BatchStart(step, batchSize);
        Network.ComputeCost(_inputs.ColumnRange(start, batchSize), _targets.ColumnRange(start, batchSize));
    }

    /// <summary>Runs forward and backward propagation, without the optimizer update.</summary>
    public void ComputeGradients(long step, int batchSize)
    {
        int start = _data.BatchStart(step, batchSize);
        Network.ComputeGradients(_inputs.ColumnRange(start, batchSize), _targets.ColumnRange(start, batchSize));
    }

    /// <summary>
    /// Sets the library's thread limit when this build has one
    /// (<c>Feedforward.Tensors.Parallelism.MaxThreads</c>) and returns whether it did.
    /// </summary>
    /// <remarks>Found through reflection, so the bench builds whether or not the library has it yet.</remarks>
    public static bool TrySetMaxThreads(int threads)
    {
        Type? parallelism = typeof(Gemm).Assembly.GetType("Feedforward.Tensors.Parallelism");
        PropertyInfo? maxThreads = parallelism?.GetProperty("MaxThreads", BindingFlags.Public | BindingFlags.Static);
        if (maxThreads is null || !maxThreads.CanWrite)
        {
            return false;
        }

        maxThreads.SetValue(null, threads);
        return true;
    }
}
