using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Feedforward.Cli.Gradients;
using Feedforward.Tensors;
using Feedforward.Training;

namespace Feedforward.Cli.Commands;

/// <summary>
/// <c>ffnn gradients CASE.json [--check]</c>: prints J and every gradient of a network written
/// out in full, computed in double, and with --check compares them with finite differences.
/// </summary>
internal static class GradientsCommand
{
    /// <summary>The largest relative error between backpropagation and finite differences that --check accepts.</summary>
    public const double Tolerance = 1e-7;

    public static Command Create(CliContext context)
    {
        var caseArgument = new Argument<string>("case")
        {
            Description = "JSON file with \"layers\" (activation, weights, bias), \"cost\", \"inputs\" and \"targets\"; matrices are arrays of rows, one column per example. An activation or cost is a snake_case name, or an object with \"name\" and numeric parameters such as { \"name\": \"leaky_relu\", \"slope\": 0.1 }. Targets follow the cost: one row of class indices for sparse_categorical_cross_entropy, -1 or +1 for hinge and squared_hinge.",
        };
        var checkOption = new Option<bool>("--check")
        {
            Description = $"Also compute every gradient by finite differences, and exit with 1 if a relative error exceeds {Tolerance.ToString(CultureInfo.InvariantCulture)}.",
        };
        var command = new Command("gradients", "Print the cost and every gradient (dJ/dW, dJ/db, dJ/dX) of a small network, as JSON.")
        {
            caseArgument,
            checkOption,
        };
        command.SetAction(parsed => Run(context, parsed.GetValue(caseArgument)!, parsed.GetValue(checkOption)));
        return command;
    }

    private static int Run(CliContext context, string casePath, bool check)
    {
        GradientCase gradientCase = GradientCase.Load(casePath);
        Network<double> network = gradientCase.Network;
        double cost = network.ComputeGradients(gradientCase.Inputs, gradientCase.Targets, computeInputGradient: true);
        GradientCheckReport? report = check ? GradientCheck.Run(network, gradientCase.Inputs, gradientCase.Targets) : null;

        context.Out.WriteLine(JsonOutput.Serialize(Describe(network, cost, report)));
        if (report is null)
        {
            return 0;
        }

        TensorGradientCheck? worst = report.Tensors.FirstOrDefault(t => !(t.MaxRelativeError <= Tolerance));
        if (worst is not null)
        {
            context.Error.WriteLine(
                $"error: gradient check failed: {worst.Name} has relative error {worst.MaxRelativeError.ToString("G3", CultureInfo.InvariantCulture)}, above the tolerance {Tolerance.ToString(CultureInfo.InvariantCulture)}");
            return CliException.FailureExitCode;
        }

        return 0;
    }

    private static JsonObject Describe(Network<double> network, double cost, GradientCheckReport? report)
    {
        var layers = new JsonArray();
        foreach (var layer in network.Layers)
        {
            layers.Add(new JsonObject
            {
                ["weights"] = JsonOutput.Rows(layer.WeightGradient),
                ["bias"] = JsonOutput.Flat(layer.BiasGradient),
            });
        }

        var result = new JsonObject
        {
            ["cost"] = JsonOutput.Number(cost),
            ["layers"] = layers,
            ["inputs"] = JsonOutput.Rows(network.InputGradient),
        };
        if (report is not null)
        {
            result["check"] = DescribeCheck(network.Layers.Count, report);
        }

        return result;
    }

    /// <summary>Returns the tolerance, the verdict, and per tensor the errors and numeric gradient, shaped like the result.</summary>
    private static JsonObject DescribeCheck(int layerCount, GradientCheckReport report)
    {
        var byName = report.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var layers = new JsonArray();
        for (int l = 0; l < layerCount; l++)
        {
            layers.Add(new JsonObject
            {
                ["weights"] = DescribeTensorCheck(byName[$"layers.{l}.weights"], JsonOutput.Rows),
                ["bias"] = DescribeTensorCheck(byName[$"layers.{l}.bias"], JsonOutput.Flat),
            });
        }

        return new JsonObject
        {
            ["tolerance"] = Tolerance,
            ["max_relative_error"] = JsonOutput.Number(report.MaxRelativeError),
            ["passed"] = report.Tensors.All(t => t.MaxRelativeError <= Tolerance),
            ["layers"] = layers,
            ["inputs"] = DescribeTensorCheck(byName["inputs"], JsonOutput.Rows),
        };
    }

    private static JsonObject DescribeTensorCheck(TensorGradientCheck tensor, Func<Matrix<double>, JsonArray> shape) => new()
    {
        ["max_relative_error"] = JsonOutput.Number(tensor.MaxRelativeError),
        ["max_absolute_error"] = JsonOutput.Number(tensor.MaxAbsoluteError),
        ["numeric"] = shape(tensor.Numeric),
    };
}
