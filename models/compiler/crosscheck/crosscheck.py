#!/usr/bin/env python3
"""Cross-check of our compiled PartCrafter graphs against upstream's PyTorch modules, on the tiny random
checkpoint of a kit made by `npm run crosscheck:kit` (see README.md beside this file).

For every kit case it runs upstream (PartCrafterDiTModel, TripoSGVAEModel, transformers' Dinov2Model;
float32, CPU, called as the pipeline calls them) and our graphs in onnxruntime (CPU EP, CUDA EP when
present), prints max abs / max relative error per case and per graph with PASS/FAIL, and writes
crosscheck-summary.json plus upstream's outputs (.npy) into --out ($OUT on the device machine).

Tolerance (gated rows): max |ours - upstream| / max |upstream| <= 1e-4 per case. Both sides compute in
float32; over these graphs' few hundred ops float32 rounding measures ~1e-6 against the float64 TS
reference, while any structural mismatch (head packing, skip order, part ids, a missing norm) is O(1).
The 4-bit variant's error is informational: it is quantization, sized by the compiler's own tests.

Exit status: 0 every gated row passed; 1 a gated row failed; 2 the check could not run (setup)."""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import kitio  # noqa: E402

TOLERANCE = 1e-4


def parse_args(argv):
    root = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kit", default=os.path.join(root, ".crosscheck", "kit"))
    p.add_argument("--upstream", default=os.path.join(root, ".crosscheck", "upstream"))
    p.add_argument("--out", default=os.environ.get("OUT") or os.path.join(root, ".crosscheck", "out"))
    p.add_argument("--diffusers", help="use this carried diffusers tag (e.g. v0.34.0) instead of the first that imports")
    p.add_argument("--skip", default="", help="comma-separated case kinds to leave out (e.g. image_encoder without transformers)")
    p.add_argument("--no-ort", action="store_true", help="compare upstream with the kit's stored outputs only (no onnxruntime here)")
    p.add_argument("--force-stubs", default="", help=argparse.SUPPRESS)  # testing the import stand-ins
    p.add_argument("--probe-import", metavar="DIFFUSERS_SRC", help=argparse.SUPPRESS)  # internal: see choose_diffusers
    return p.parse_args(argv)


def versions():
    """Installed distributions, read from their metadata: importing them here could load an installed
    einops or Pillow ahead of the carried copy or the stand-ins."""
    from importlib import metadata

    out = {"python": platform.python_version(), "numpy": np.__version__, "platform": platform.platform()}
    for label, dists in (("torch", ["torch"]), ("transformers", ["transformers"]), ("huggingface_hub", ["huggingface-hub"]),
                         ("onnxruntime", ["onnxruntime-gpu", "onnxruntime"]), ("Pillow", ["Pillow", "pillow"]), ("einops", ["einops"]),
                         ("requests", ["requests"]), ("safetensors", ["safetensors"]), ("peft", ["peft"]), ("accelerate", ["accelerate"])):
        out[label] = "not installed"
        for d in dists:
            try:
                out[label] = f"{metadata.version(d)}" + (f" ({d})" if len(dists) > 1 else "")
                break
            except metadata.PackageNotFoundError:
                continue
    return out


def probe_import(args):
    """Child process: can upstream be imported on this diffusers copy? Exit 0 if so."""
    import upstream

    notes = []
    upstream.put_on_path(args.upstream, args.probe_import)
    upstream.install_import_stubs(notes, force=tuple(filter(None, args.force_stubs.split(","))))
    upstream.import_upstream()
    return 0


def choose_diffusers(args, listing, notes):
    """The first carried diffusers (or the one asked for) on which upstream imports, each tried in a fresh
    interpreter so a failed attempt leaves nothing half-imported behind."""
    candidates = [d for d in listing["diffusers"] if not args.diffusers or d["tag"] == args.diffusers]
    if not candidates:
        raise kitio.KitError(f"no carried diffusers tagged {args.diffusers!r} (have {[d['tag'] for d in listing['diffusers']]})")
    for d in candidates:
        src = os.path.join(args.upstream, d["path"])
        cmd = [sys.executable, os.path.abspath(__file__), "--upstream", args.upstream, "--probe-import", src, "--force-stubs", args.force_stubs]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
        if r.returncode == 0:
            notes.append(f"diffusers {d['tag']} ({d['commit'][:10]}) imports here: using it")
            return d, src
        last = (r.stderr.strip().splitlines() or ["(no output)"])[-1]
        notes.append(f"diffusers {d['tag']} does not import here: {last}")
        print(f"  diffusers {d['tag']}: import failed:\n{r.stderr[-3000:]}", flush=True)
    raise kitio.KitError("upstream imports on none of the carried diffusers versions (see above)")


def compare(report, case, graph, upstream_out, ours):
    """Rows for one case: every output we have against upstream's."""
    for label, got, tol in ours:
        report.add(case["name"], graph, label, kitio.error_stats(upstream_out, got), tol)


def run_ours(runners, case, inputs, notes):
    """(label, output, tolerance) for every variant on every EP. A CUDA EP that cannot run a graph is a
    note, not a crash: the question here is equivalence with upstream, which the CPU EP answers."""
    ours = []
    for v, ep_label, graphs in runners:
        gate = TOLERANCE if v["role"] == "gate" else None
        label = f"ORT {ep_label} {v['name']} vs upstream"
        try:
            got = graphs.run(case, inputs)
        except Exception as e:  # noqa: BLE001
            if ep_label == "cpu":
                raise
            notes.append(f"{case['name']}: {label} could not run: {str(e).splitlines()[0]}")
            continue
        if not graphs.exact_float32:
            label, gate = label + " (TF32 on)", None  # ~1e-3 rounding that is not ours: reported, not gated
        ours.append((label + (" (fell back to CPU)" if graphs.fell_back else ""), got, gate))
    return ours


def main(argv):
    args = parse_args(argv)
    if args.probe_import:
        return probe_import(args)
    started = time.time()
    os.makedirs(args.out, exist_ok=True)
    report = kitio.Report()
    env = versions()
    print("installed: " + ", ".join(f"{k} {v}" for k, v in env.items()), flush=True)

    index = kitio.load_kit(args.kit)
    with open(os.path.join(args.upstream, "UPSTREAM.json"), encoding="utf-8") as f:
        listing = json.load(f)
    skip = set(filter(None, args.skip.split(",")))
    with_dino = "image_encoder" not in skip

    import upstream

    chosen, src = choose_diffusers(args, listing, report.notes)
    upstream.put_on_path(args.upstream, src)
    upstream.install_import_stubs(report.notes, force=tuple(filter(None, args.force_stubs.split(","))))
    import torch

    torch.set_grad_enabled(False)
    up = upstream.Upstream(os.path.join(args.kit, index["checkpoint"]), report.notes, with_dino=with_dino)
    print(f"upstream built ({time.time() - started:.1f} s): PartCrafter {listing['partcrafter']['commit'][:10]}, diffusers {chosen['tag']}", flush=True)

    runners = []
    if not args.no_ort:
        import onnxruntime as ort

        import ort_runner

        for ep_label, providers in ort_runner.execution_providers(ort, report.notes):
            for v in index["variants"]:
                runners.append((v, ep_label, ort_runner.Graphs(ort, args.kit, index, v, ep_label, providers, report.notes)))

    os.makedirs(os.path.join(args.out, "upstream"), exist_ok=True)
    for case in index["cases"]:
        if case["kind"] in skip:
            report.note(f"{case['name']}: skipped (--skip)")
            continue
        graph = "+".join(case["graphs"])
        inputs = {k: kitio.load_array(args.kit, ref) for k, ref in case["inputs"].items()}
        ref_up = up.run(case, inputs)
        np.save(os.path.join(args.out, "upstream", f"{case['name']}.npy"), ref_up)
        ours = run_ours(runners, case, inputs, report.notes)
        for v in index["variants"]:
            gate = TOLERANCE if v["role"] == "gate" else None
            ours.append((f"kit: node ORT cpu {v['name']} vs upstream", kitio.load_array(args.kit, case["outputs"][v["name"]]), gate))
        ours.append(("kit: TS reference (float64) vs upstream", kitio.load_array(args.kit, case["reference"]), TOLERANCE))
        compare(report, case, graph, ref_up, ours)
        for label, got, _ in ours:
            for v in index["variants"]:
                if label == f"ORT cpu {v['name']} vs upstream":  # the same graph on the same EP in two bindings
                    node = kitio.load_array(args.kit, case["outputs"][v["name"]])
                    report.add(case["name"], graph, f"ORT cpu {v['name']} vs kit's node ORT (same graph)", kitio.error_stats(node, got))
        print(f"  {case['name']}: done", flush=True)
    for _, ep_label, graphs in runners:
        if graphs.fell_back:
            report.note(f"ORT {ep_label}: some session fell back to CPUExecutionProvider (CUDA EP could not load)")

    print("\n".join(["", *report.lines(), ""]))
    for label in sorted({r["compare"] for r in report.rows if r["compare"].startswith("ORT ")}):
        print(f"per graph, {label}:")
        for g, w in report.per_graph(label).items():
            print(f"  {g:<16} max abs {w['max_abs']:.2e}  max rel {w['max_rel']:.2e}  ({w['cases']} case{'s' if w['cases'] > 1 else ''})")
    report.notes[:] = list(dict.fromkeys(report.notes))  # one line per distinct note
    for n in report.notes:
        print(f"note: {n}")
    extra = {
        "tolerance": TOLERANCE, "environment": env, "upstream": listing, "diffusers_used": chosen["tag"],
        "kit": {"format": index["format"], "variants": index["variants"]}, "seconds": round(time.time() - started, 1),
    }
    with open(os.path.join(args.out, "crosscheck-summary.json"), "w", encoding="utf-8") as f:
        json.dump(report.summary(extra), f, indent=2)
    failed = [r for r in report.gated if not r["pass"]]
    verdict = "PASS" if report.passed else "FAIL"
    print(f"\nCROSSCHECK {verdict}: {len(report.gated) - len(failed)} passed, {len(failed)} failed (max rel tolerance {TOLERANCE:.0e}); "
          f"{time.time() - started:.1f} s; summary in {os.path.join(args.out, 'crosscheck-summary.json')}")
    return 0 if report.passed else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except kitio.KitError as e:
        print(f"CROSSCHECK SETUP ERROR: {e}", file=sys.stderr)
        sys.exit(2)
    except Exception:  # noqa: BLE001 — anything else is a setup failure with its traceback
        traceback.print_exc()
        print("CROSSCHECK SETUP ERROR: see the traceback above", file=sys.stderr)
        sys.exit(2)
