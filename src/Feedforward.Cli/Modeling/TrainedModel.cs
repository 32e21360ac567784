using Feedforward.Data;
using Feedforward.Serialization;
using Feedforward.Tensors;

namespace Feedforward.Cli.Modeling;

/// <summary>A network loaded from a model file written by ffnn train, with everything needed to feed it data.</summary>
internal sealed class TrainedModel
{
    private TrainedModel(string path, Network<float> network, ModelInfo info, LabelEncoding encoding)
    {
        Path = path;
        Network = network;
        Info = info;
        Encoding = encoding;
    }

    public string Path { get; }

    public Network<float> Network { get; }

    public ModelInfo Info { get; }

    public LabelEncoding Encoding { get; }

    /// <summary>Loads a model file and checks that its metadata agrees with its network.</summary>
    /// <exception cref="CliException">The file is missing, or its ffnn metadata is missing or inconsistent.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt, or from a newer format version.</exception>
    public static TrainedModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"model file '{path}' does not exist: check the path, or train a model with 'ffnn train --model {path}'");
        }

        LoadedModel<float> loaded = ModelFile.Load<float>(path);
        ModelInfo info = ModelInfo.FromMetadata(path, loaded.Metadata);
        Network<float> network = loaded.Network;
        if (info.FeatureNames.Count != network.InputSize)
        {
            throw new CliException($"model file '{path}' lists {info.FeatureNames.Count} feature names but its network takes {network.InputSize} inputs: train the model again");
        }

        LabelEncoding encoding = LabelEncoding.Restore(info.Task, info.ClassNames, network);
        int expectedOutputs = info.Task switch
        {
            LearningTask.Regression => 1,
            LearningTask.Classification when info.ClassNames.Count == 2 && network.OutputSize == 1 => 1,
            _ => info.ClassNames.Count,
        };
        if (network.OutputSize != expectedOutputs)
        {
            throw new CliException($"model file '{path}' has {network.OutputSize} outputs but lists {info.ClassNames.Count} classes: train the model again");
        }

        return new TrainedModel(path, network, info, encoding);
    }

    /// <summary>
    /// Checks that the data has the model's features and returns them scaled as in training.
    /// Column names are compared whenever the data has them (CSV input), so columns in another
    /// order or from another data set are caught.
    /// </summary>
    /// <exception cref="CliException">The number of features, or a CSV column name, differs from training.</exception>
    public Matrix<float> PrepareFeatures(Matrix<float> features, IReadOnlyList<string>? featureNames, string source)
    {
        if (features.Rows != Network.InputSize)
        {
            throw new CliException(
                $"{source} has {features.Rows} features but model '{Path}' was trained on {Network.InputSize} ({DescribeFeatureNames()}): use data with the same feature columns as in training");
        }

        if (featureNames is not null)
        {
            for (int i = 0; i < featureNames.Count; i++)
            {
                if (featureNames[i] != Info.FeatureNames[i])
                {
                    throw new CliException(
                        $"{source}: feature column {i + 1} is '{featureNames[i]}' but model '{Path}' was trained with '{Info.FeatureNames[i]}' there: use the columns of the training file, in the same order");
                }
            }
        }

        return Info.FeatureScaler?.Transform(features) ?? features.Clone();
    }

    private string DescribeFeatureNames()
    {
        IReadOnlyList<string> names = Info.FeatureNames;
        return names.Count <= 6
            ? string.Join(", ", names)
            : $"{string.Join(", ", names.Take(3))}, ..., {string.Join(", ", names.Skip(names.Count - 2))}";
    }

    /// <summary>Returns the network outputs for prepared features, with regression outputs turned back into the target's units.</summary>
    public Matrix<float> Predict(Matrix<float> preparedFeatures)
    {
        var outputs = new Matrix<float>(Network.OutputSize, preparedFeatures.Columns);
        const int batchSize = 1024;
        for (int start = 0; start < preparedFeatures.Columns; start += batchSize)
        {
            int count = Math.Min(batchSize, preparedFeatures.Columns - start);
            Network.Forward(preparedFeatures.ColumnRange(start, count)).AsSpan().CopyTo(outputs.ColumnRange(start, count).AsSpan());
        }

        Info.TargetScaler?.InverseTransformInPlace(outputs);
        return outputs;
    }
}
