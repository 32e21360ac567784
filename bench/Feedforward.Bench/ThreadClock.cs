using System.Runtime.InteropServices;

namespace Feedforward.Bench;

/// <summary>
/// CPU time of the calling thread (Linux clock_gettime with CLOCK_THREAD_CPUTIME_ID). On a shared
/// machine it leaves out the time the thread waits for a core, which wall time includes.
/// </summary>
internal static partial class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static double Seconds
    {
        get
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out TimeSpec time) != 0)
            {
                throw new InvalidOperationException($"clock_gettime failed with error {Marshal.GetLastPInvokeError()}");
            }

            return time.Seconds + (time.Nanoseconds * 1e-9);
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
