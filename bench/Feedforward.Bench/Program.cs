using Feedforward.Bench;

string mode = args.Length > 0 ? args[0] : "help";
string[] options = args.Skip(1).ToArray();
switch (mode)
{
    case "gemm":
        GemmBench.Run(options);
        break;
    case "threads":
        ThreadOverheadBench.Run();
        break;
    case "peak":
        Console.WriteLine($"FMA peak, one thread: {PeakBench.MeasureGflops():F1} GFLOP/s");
        break;
    default:
        Console.WriteLine("usage: Feedforward.Bench gemm [--reps N] [--threads 1,2] [--set square|network|all] [--cases NN,NT,TN,TT] [--peak GFLOPS] [--filter TEXT] [--against openblas|own-packing|phases|unpipelined|narrow-stores]");
        Console.WriteLine("       Feedforward.Bench threads   per-call cost of Parallel.For against the kernel workers");
        Console.WriteLine("       Feedforward.Bench peak      FMA throughput of one core, for the share-of-peak column");
        break;
}
