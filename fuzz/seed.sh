#!/usr/bin/env bash
# Fill fuzz/corpus/<target> with seeds taken from the repository: the bundled methodologies,
# their equations, every example and error reproducer. Run from anywhere; idempotent.
set -euo pipefail
cd "$(dirname "$0")"
root=..
for t in expr methodology project monitoring calc; do mkdir -p "corpus/$t"; done
n=0
seed() { n=$((n + 1)); cat > "corpus/$1/seed-$n"; }
for m in "$root"/methodologies/*.toml "$root"/tests/errors/*/methodology.toml "$root"/tests/check/*/methodology.toml; do
  [ -f "$m" ] || continue
  seed methodology < "$m"
  # Each equation's expression: the text between `expr = "` and the next `"`.
  grep -o 'expr = "[^"]*"' "$m" | sed 's/^expr = "//; s/"$//' | while IFS= read -r e; do printf '%s' "$e" | seed expr; done
done
for p in "$root"/examples/*/project.toml "$root"/examples/*/*/project.toml "$root"/tests/errors/*/project.toml "$root"/tests/check/*/project.toml "$root"/tests/fixtures/*/project.toml; do
  [ -f "$p" ] || continue
  seed project < "$p"
  d=$(dirname "$p")
  # calc: the project, a `#---` line, then its first monitoring file (named monitoring.csv).
  csv=$(ls "$d"/*.csv 2>/dev/null | head -n 1 || true)
  if [ -n "$csv" ]; then
    sed 's/^file = .*/file = "monitoring.csv"/' "$p" | { cat; printf '\n#---\n'; cat "$csv"; } | seed calc
  else
    seed calc < "$p"
  fi
done
for c in "$root"/examples/*/*.csv "$root"/tests/errors/*/*.csv "$root"/tests/check/*/*.csv; do
  [ -f "$c" ] || continue
  head -c 4096 "$c" | seed monitoring
done
# The monitoring target's own project reads EG per point, in any energy unit.
printf 'date,point,EG [GJ]\n2021-01-31,PV1,1.2\n2021-02-28,PV2,1.2\n2022-03-01,PV1,18\n' | seed monitoring
printf 'date,point,EG [kWh],note\n2021-01-31,PV1,"1,234.5",x\n2023-06-30,PV2,1e3,\n' | seed monitoring
printf '(a + b) * c - d / e\n' | seed expr
printf "if(x == 'grid', sum(i, EG[i] * 3.6 [GJ/MWh]), -past(y, W[y] * exp(-0.1 * age(y))))" | seed expr
echo "seeded $(find corpus -type f | wc -l) files in fuzz/corpus"
