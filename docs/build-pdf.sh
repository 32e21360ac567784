#!/usr/bin/env bash
# Builds docs/derivation.pdf from docs/derivation.md: pandoc with the Lua filter
# docs/derivation-filter.lua writes LaTeX, and xelatex typesets it.
#
# On a machine without the tools it installs Debian's packages (as root, or through sudo).
# The build fails when the filter finds a numbering error, when LaTeX stops, or when the
# log reports an undefined reference, a reference still changing after the last run, or a
# character missing from the fonts.
set -euo pipefail

docs_dir="$(cd "$(dirname "$0")" && pwd)"
packages=(pandoc texlive-xetex texlive-latex-recommended texlive-fonts-recommended lmodern)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    echo "build-pdf: installing ${missing[*]}" >&2
    as_root=()
    if [[ "$(id -u)" -ne 0 ]]; then
        as_root=(sudo)
    fi
    "${as_root[@]}" apt-get update
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

# Date the PDF by the last commit of the source, so rebuilding an unchanged document gives
# the same file.
if commit_time="$(git -C "$docs_dir" log -1 --format=%ct -- derivation.md 2>/dev/null)" && [[ -n "$commit_time" ]]; then
    export SOURCE_DATE_EPOCH="$commit_time"
    export FORCE_SOURCE_DATE=1
fi

pandoc "$docs_dir/derivation.md" \
    --from markdown \
    --to latex \
    --standalone \
    --lua-filter "$docs_dir/derivation-filter.lua" \
    --number-sections \
    --toc --toc-depth=1 \
    -V secnumdepth=1 \
    -V papersize=a4 \
    -V geometry:margin=2.5cm \
    -V colorlinks=true \
    -V linkcolor=blue \
    -V urlcolor=blue \
    -o "$work_dir/derivation.tex"

# Three runs: the table of contents and the equation numbers settle on the second, and the
# third confirms that nothing moved.
for run in 1 2 3; do
    if ! (cd "$work_dir" && xelatex -interaction=nonstopmode -halt-on-error derivation.tex > "xelatex-$run.out"); then
        tail -n 40 "$work_dir/xelatex-$run.out" >&2
        echo "build-pdf: xelatex failed on run $run" >&2
        exit 1
    fi
done

if grep -E 'undefined|Rerun to get|Missing character' "$work_dir/derivation.log" >&2; then
    echo "build-pdf: the LaTeX log lines above report unresolved references or missing glyphs" >&2
    exit 1
fi

cp "$work_dir/derivation.pdf" "$docs_dir/derivation.pdf"
echo "build-pdf: wrote $docs_dir/derivation.pdf"
