"""Times the size-faithful stand-ins (models/realsize) with onnxruntime's Python binding.

    python3 time_ort.py <graph dir> <out.json> [--provider cuda|cpu] [--chunk N] [--runs N] [--only k1,k2]

Per graph: session creation, the first run (kernel selection, allocations) and the median of the
timed runs after it. The VAE row runs vae_kv once, then queries `totalPoints` points against its kv in
chunks of --chunk and reports the time for all of them (extrapolated from the chunks run when
--max-chunks cuts it short, which the row says). Inputs and outputs cross the host boundary on every
run (plain session.run), as the app's stages do.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
NP_TYPES = {"tensor(float)": np.float32, "tensor(float16)": np.float16, "tensor(int64)": np.int64, "tensor(int32)": np.int32}


def arg(flag, default):
    return sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else default


def shape_of(inp, dims, overrides):
    return [d if isinstance(d, int) else overrides.get(inp.name, {}).get(d, dims.get(d, 1)) for d in inp.shape]


def feeds_for(sess, spec, rng, extra):
    feeds = {}
    for inp in sess.get_inputs():
        dtype = NP_TYPES[inp.type]
        shape = shape_of(inp, spec["dims"], {})
        value = spec["values"].get(inp.name)
        if inp.name in extra:
            feeds[inp.name] = extra[inp.name]
        elif value == "ids":
            ids = np.zeros(shape, dtype=dtype)
            ids[..., :5] = [1, 20, 30, 40, 499]
            feeds[inp.name] = ids
        elif value == "parts":
            feeds[inp.name] = (np.arange(shape[0]) % spec["values"]["num_parts"][0]).astype(dtype)
        elif isinstance(value, list):
            feeds[inp.name] = np.broadcast_to(np.array(value, dtype=dtype), shape).copy()
        else:
            feeds[inp.name] = (rng.standard_normal(shape) * 0.5).astype(dtype)
    return feeds


def main():
    graph_dir, out_path = sys.argv[1], sys.argv[2]
    provider = arg("--provider", "cuda")
    runs = int(arg("--runs", "3"))
    chunk = int(arg("--chunk", "262144"))
    max_chunks = int(arg("--max-chunks", "1000000"))
    only = arg("--only", "")
    spec_all = json.load(open(os.path.join(HERE, "feeds.json")))["graphs"]
    available = ort.get_available_providers()
    print(f"onnxruntime {ort.__version__}, providers available: {available}", flush=True)
    name = {"cuda": "CUDAExecutionProvider", "cpu": "CPUExecutionProvider"}[provider]
    if name not in available:
        print(f"TIMING SETUP ERROR: {name} is not in this onnxruntime build ({available})", flush=True)
        json.dump({"error": f"{name} missing", "available": available}, open(out_path, "w"))
        sys.exit(3)
    providers = [name, "CPUExecutionProvider"] if provider == "cuda" else [name]
    rng = np.random.default_rng(0)
    rows, kv = [], None
    for spec in spec_all:
        if only and spec["key"] not in only.split(","):
            continue
        path = os.path.join(graph_dir, spec["file"])
        if not os.path.exists(path):
            continue
        so = ort.SessionOptions()
        so.log_severity_level = 3
        t0 = time.perf_counter()
        try:
            sess = ort.InferenceSession(path, so, providers=providers)
        except Exception as e:  # report and go on: one graph failing says something too
            print(f"{spec['key']}: session FAILED: {str(e)[:300]}", flush=True)
            rows.append({"key": spec["key"], "error": str(e)[:300]})
            continue
        create = time.perf_counter() - t0
        row = {"key": spec["key"], "provider": sess.get_providers()[0], "createS": create}
        try:
            if spec["key"] == "vaeQuery":
                total = spec["totalPoints"]
                n = min(chunk, total)
                feeds = feeds_for(sess, spec, rng, {"kv": kv, "points": (rng.random((1, n, 3), dtype=np.float32) * 2 - 1)})
                t0 = time.perf_counter()
                sess.run(None, feeds)
                row["firstRunS"] = time.perf_counter() - t0
                chunks = min(-(-total // n), max_chunks)
                t0 = time.perf_counter()
                for _ in range(chunks):
                    out = sess.run(None, feeds)
                done = time.perf_counter() - t0
                row.update({"chunk": n, "chunksRun": chunks, "points": total, "runS": done * (-(-total // n)) / chunks,
                            "extrapolated": chunks * n < total})
            else:
                feeds = feeds_for(sess, spec, rng, {})
                t0 = time.perf_counter()
                out = sess.run(None, feeds)
                row["firstRunS"] = time.perf_counter() - t0
                times = []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    out = sess.run(None, feeds)
                    times.append(time.perf_counter() - t0)
                row["runS"] = statistics.median(times) if times else row["firstRunS"]
                if spec["key"] == "vaeKv":
                    kv = out[0]
            row["finite"] = bool(all(np.isfinite(np.asarray(o, dtype=np.float32)).all() for o in out))
            row["outputShapes"] = [list(np.shape(o)) for o in out]
        except Exception as e:
            row["error"] = str(e)[:300]
        print(json.dumps(row), flush=True)
        rows.append(row)
        del sess
        # After every row: a timeout further on keeps what was measured.
        json.dump({"onnxruntime": ort.__version__, "provider": provider, "rows": rows}, open(out_path, "w"), indent=1)


if __name__ == "__main__":
    main()
