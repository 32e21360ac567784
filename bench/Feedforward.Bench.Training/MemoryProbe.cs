using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Feedforward.Bench.Training;

/// <summary>
/// Peak memory, one framework per child process so that neither counts the other's libraries
/// and buffers. Each child trains 10 steps and runs 10 forward passes at batch 1024 on one
/// thread, then prints its peak working set (Linux VmHWM).
/// </summary>
internal static class MemoryProbe
{
    public const string Baseline = "baseline";
    public const string Feedforward = "feedforward";
    public const string TorchSharp = "torchsharp";
    private const string OutputKey = "peak_working_set_bytes=";
    private const int BatchSize = 1024;

    /// <summary>The body of a child process; returns its exit code.</summary>
    public static int RunChild(string framework, ModelShape model, SyntheticData data)
    {
        switch (framework)
        {
            case Baseline:
                break;
            case Feedforward:
                var feedforward = new FeedforwardSide(model, data, seed: 42);
                for (int s = 0; s < 10; s++)
                {
                    feedforward.Step(s, BatchSize);
                    feedforward.Forward(s, BatchSize);
                }

                break;
            case TorchSharp:
                global::TorchSharp.torch.set_num_threads(1);
                using (var torch = new TorchSide(model, data, source: null))
                {
                    for (int s = 0; s < 10; s++)
                    {
                        torch.Step(s, BatchSize);
                        torch.Forward(s, BatchSize);
                    }
                }

                break;
            default:
                Console.Error.WriteLine($"unknown framework '{framework}': expected {Baseline}, {Feedforward} or {TorchSharp}");
                return 2;
        }

        using Process self = Process.GetCurrentProcess();
        Console.WriteLine($"{OutputKey}{self.PeakWorkingSet64}");
        return 0;
    }

    /// <summary>Starts one child process per framework and model and collects their peaks.</summary>
    public static List<MemoryResult> MeasureAll(IEnumerable<ModelShape> models)
    {
        var results = new List<MemoryResult>();
        foreach (ModelShape model in models)
        {
            foreach (string framework in new[] { Baseline, Feedforward, TorchSharp })
            {
                results.Add(new MemoryResult(model, framework, RunProbe(framework, model)));
            }
        }

        return results;
    }

    private static long RunProbe(string framework, ModelShape model)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown, so no child process can be started");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };

        // Under `dotnet app.dll` the host is dotnet and needs the assembly; an apphost needs nothing.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("--memory-probe");
        start.ArgumentList.Add(framework);
        start.ArgumentList.Add(model.Name);
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith(OutputKey, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"the memory probe for {framework} on {model.Name} failed with exit code {child.ExitCode}; its output was:\n{output}");
        }

        return long.Parse(line[OutputKey.Length..].Trim(), CultureInfo.InvariantCulture);
    }
}
