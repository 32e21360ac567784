#!/usr/bin/env bash
# Compiles the GEMM bench ahead of time for x86-64-v4 (AVX-512) with NativeAOT. It then counts,
# in each float micro-kernel, the instructions that move a vector register to or from the
# stack. These are register spills, and inside the k loop they would slow every step. The code
# is compiled, never run, so this works on a machine without AVX-512. Exits with 1 when the
# Vector512 kernel spills.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A copy of the working tree, so the repository's own build outputs stay as they are.
tar --exclude=bin --exclude=obj --exclude=.git -cf - . | tar -xf - -C "$work"
cat > "$work/Directory.Build.targets" <<EOF
<Project>
  <ItemGroup Condition="'\$(MSBuildProjectName)' == 'Feedforward.Bench'">
    <IlcArg Include="--codegenopt:JitDisasm=Run" />
    <IlcArg Include="--codegenopt:JitStdOutFile=$work/disasm.txt" />
  </ItemGroup>
</Project>
EOF
dotnet publish "$work/bench/Feedforward.Bench" -c Release -r linux-x64 -p:PublishAot=true \
    -p:IlcInstructionSet=x86-64-v4 -o "$work/out" >"$work/publish.log" 2>&1 || {
    cat "$work/publish.log"
    exit 2
}

awk '
    /^; Assembly listing for method / {
        method = ($0 ~ /Feedforward\.Tensors\.[A-Za-z0-9]*Kernel`1\[float\]:Run\(/) ? $6 : ""
        if (method != "") { order[++count] = method; spills[method] = 0 }
        next
    }
    method != "" && /[xyz]mm[0-9]+.*\[(rsp|rbp)|\[(rsp|rbp)[^]]*\], *[xyz]mm/ { spills[method]++ }
    END {
        for (i = 1; i <= count; i++) printf "%-90s %d vector stack moves\n", order[i], spills[order[i]]
        for (i = 1; i <= count; i++) if (order[i] ~ /Vector512Kernel/ && spills[order[i]] > 0) exit 1
        if (count == 0) { print "no micro-kernel listing found"; exit 2 }
    }
' "$work/disasm.txt"
