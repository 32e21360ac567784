using Feedforward.Tensors;

namespace Feedforward.Bench.Training;

/// <summary>Median seconds of the three products of one layer at one batch size.</summary>
/// <param name="InputGradient">0 for the first layer, whose dA is not computed in training.</param>
internal sealed record GemmSplit(int Layer, int Units, int Inputs, double Forward, double WeightGradient, double InputGradient, double Gflops);

/// <summary>Times Feedforward's <see cref="Gemm.Multiply{T}"/> on the shapes a training step uses.</summary>
internal static class GemmProfile
{
    public static IEnumerable<GemmSplit> Measure(ModelShape model, int batchSize, int samples)
    {
        var random = new Random(7);
        for (int l = 1; l < model.Sizes.Length; l++)
        {
            int n = model.Sizes[l];
            int k = model.Sizes[l - 1];
            int m = batchSize;
            Matrix<float> w = SyntheticData.Filled(n, k, random);
            Matrix<float> a = SyntheticData.Filled(k, m, random);
            Matrix<float> z = SyntheticData.Filled(n, m, random);
            Matrix<float> dW = new(n, k);
            Matrix<float> dA = new(k, m);

            void ForwardProduct() => Gemm.Multiply(Transpose.None, Transpose.None, 1f, w, a, 1f, z);
            void WeightGradientProduct() => Gemm.Multiply(Transpose.None, Transpose.Transposed, 1f, z, a, 0f, dW);
            void InputGradientProduct() => Gemm.Multiply(Transpose.Transposed, Transpose.None, 1f, w, z, 0f, dA);

            Timing.WarmUp(0.05, 3, ForwardProduct);
            Timing.WarmUp(0.05, 3, WeightGradientProduct);
            double forward = Timing.MedianSeconds(samples, ForwardProduct);
            double weightGradient = Timing.MedianSeconds(samples, WeightGradientProduct);
            double inputGradient = 0;
            int products = 2;
            if (l > 1)
            {
                Timing.WarmUp(0.05, 3, InputGradientProduct);
                inputGradient = Timing.MedianSeconds(samples, InputGradientProduct);
                products = 3;
            }

            double flops = products * 2.0 * n * k * m;
            yield return new GemmSplit(l, n, k, forward, weightGradient, inputGradient, flops / (forward + weightGradient + inputGradient) / 1e9);
        }
    }
}
