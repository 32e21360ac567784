using Feedforward.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Feedforward.Bench.Training;

/// <summary>
/// The same network in TorchSharp: Linear layers with ReLU between them, CrossEntropyLoss on
/// the logits (mean over the batch, as Feedforward's J) and torch.optim.Adam.
/// </summary>
internal sealed class TorchSide : IDisposable
{
    private readonly SyntheticData _data;
    private readonly Tensor _inputs;
    private readonly Tensor _labels;
    private readonly Linear[] _linears;
    private readonly Sequential _model;
    private readonly CrossEntropyLoss _loss;
    private readonly optim.Optimizer _optimizer;

    /// <summary>
    /// Builds the layers of <paramref name="shape"/>; with <paramref name="source"/> their weights
    /// and biases are copied from it, otherwise TorchSharp's default initialization stays.
    /// </summary>
    public TorchSide(ModelShape shape, SyntheticData data, Network<float>? source)
    {
        _data = data;
        _inputs = tensor(data.Inputs, [data.Examples, data.InputSize]);
        _labels = tensor(data.Labels, [data.Examples]);
        int layers = shape.Sizes.Length - 1;
        _linears = new Linear[layers];
        var modules = new List<nn.Module<Tensor, Tensor>>();
        for (int l = 0; l < layers; l++)
        {
            _linears[l] = nn.Linear(shape.Sizes[l], shape.Sizes[l + 1]);
            modules.Add(_linears[l]);
            if (l < layers - 1)
            {
                modules.Add(nn.ReLU());
            }
        }

        _model = nn.Sequential(modules);
        if (source is not null)
        {
            CopyParameters(source);
        }

        _loss = nn.CrossEntropyLoss();
        _optimizer = optim.Adam(_model.parameters(), lr: 0.001);
    }

    /// <summary>Runs one Adam step; returns the loss before the update when <paramref name="readLoss"/> is set, else NaN.</summary>
    public float Step(long step, int batchSize, bool readLoss = false)
    {
        using DisposeScope scope = NewDisposeScope();
        int start = _data.BatchStart(step, batchSize);
        _optimizer.zero_grad();
        Tensor logits = _model.forward(_inputs.narrow(0, start, batchSize));
        Tensor loss = _loss.forward(logits, _labels.narrow(0, start, batchSize));
        loss.backward();
        _optimizer.step();
        return readLoss ? loss.item<float>() : float.NaN;
    }

    /// <summary>
    /// Runs forward propagation only, without recording the graph, up to the class
    /// probabilities: the model ends at the logits, so softmax is applied here, as Feedforward's
    /// softmax output layer does.
    /// </summary>
    public void Forward(long step, int batchSize)
    {
        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        int start = _data.BatchStart(step, batchSize);
        _model.forward(_inputs.narrow(0, start, batchSize)).softmax(1);
    }

    /// <summary>Runs forward propagation and the loss with the graph recorded, as in training, without backward.</summary>
    public void ForwardWithLoss(long step, int batchSize)
    {
        using DisposeScope scope = NewDisposeScope();
        int start = _data.BatchStart(step, batchSize);
        Tensor logits = _model.forward(_inputs.narrow(0, start, batchSize));
        _loss.forward(logits, _labels.narrow(0, start, batchSize));
    }

    /// <summary>Runs optimizer.step() alone, on the gradients the last backward pass left.</summary>
    public void UpdateOnly() => _optimizer.step();

    /// <summary>Runs forward and backward propagation, without the optimizer update.</summary>
    public void ComputeGradients(long step, int batchSize)
    {
        using DisposeScope scope = NewDisposeScope();
        int start = _data.BatchStart(step, batchSize);
        _optimizer.zero_grad();
        Tensor logits = _model.forward(_inputs.narrow(0, start, batchSize));
        _loss.forward(logits, _labels.narrow(0, start, batchSize)).backward();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _loss.Dispose();
        _model.Dispose();
        _inputs.Dispose();
        _labels.Dispose();
    }

    /// <summary>
    /// Copies W[l] and b[l]. Feedforward's Weights is units x inputs column-major, element (i, k)
    /// at k * units + i; torch's Linear.weight is [out, in] row-major, element (i, k) at
    /// i * in + k. The copy transposes the storage, not the matrix.
    /// </summary>
    private void CopyParameters(Network<float> source)
    {
        using IDisposable noGrad = no_grad();
        for (int l = 0; l < _linears.Length; l++)
        {
            DenseLayer<float> layer = source.Layers[l];
            int units = layer.Units;
            int inputs = layer.InputSize;
            var rowMajor = new float[units * inputs];
            for (int i = 0; i < units; i++)
            {
                for (int k = 0; k < inputs; k++)
                {
                    rowMajor[(i * inputs) + k] = layer.Weights[i, k];
                }
            }

            using Tensor weight = tensor(rowMajor, [units, inputs]);
            using Tensor bias = tensor(layer.Bias.AsSpan().ToArray(), [units]);
            _linears[l].weight!.copy_(weight);
            _linears[l].bias!.copy_(bias);
        }
    }
}
