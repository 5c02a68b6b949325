"""Our compiled graphs in onnxruntime (Python): the CPU EP always, the CUDA EP when this onnxruntime
build has it. Needs onnxruntime and numpy only."""

import os


def execution_providers(ort, notes):
    """[(label, providers)]: CPU, then CUDA with TF32 off (TF32 matmuls round to ~1e-3, which would hide
    nothing structural but would fail a float32 tolerance for reasons that are not ours)."""
    eps = [("cpu", ["CPUExecutionProvider"])]
    available = ort.get_available_providers()
    if "CUDAExecutionProvider" in available:
        eps.append(("cuda", [("CUDAExecutionProvider", {"use_tf32": "0"}), "CPUExecutionProvider"]))
    else:
        notes.append(f"onnxruntime has no CUDA EP here (providers: {', '.join(available)}): CPU EP only")
    return eps


class Graphs:
    """Sessions for one variant folder on one EP, opened on first use."""

    def __init__(self, ort, kit_dir, index, variant, ep_label, providers, notes):
        self.ort = ort
        self.dir = os.path.join(kit_dir, variant["dir"])
        self.files = index["graphFiles"]
        self.ep_label = ep_label
        self.providers = providers
        self.notes = notes
        self.sessions = {}
        self.fell_back = False
        # False once the CUDA EP refused use_tf32=0: its float32 results then carry TF32 rounding.
        self.exact_float32 = True

    def session(self, graph):
        if graph not in self.sessions:
            so = self.ort.SessionOptions()
            so.log_severity_level = 3
            path = os.path.join(self.dir, self.files[graph])
            try:
                s = self.ort.InferenceSession(path, so, providers=self.providers)
            except Exception as e:  # an option this build does not know: retry without it, and say so
                if self.ep_label != "cuda":
                    raise
                self.notes.append(f"CUDA EP refused {self.providers[0][1]} ({str(e).splitlines()[0]}); TF32 left at its default")
                self.providers = ["CUDAExecutionProvider", "CPUExecutionProvider"]
                self.exact_float32 = False
                s = self.ort.InferenceSession(path, so, providers=self.providers)
            if self.ep_label == "cuda" and s.get_providers()[0] != "CUDAExecutionProvider":
                self.fell_back = True
            self.sessions[graph] = s
        return self.sessions[graph]

    def run(self, case, inputs):
        if case["kind"] == "vae_decode":
            (kv,) = self.session("vaeKv").run(["kv"], {"latents": inputs["latents"]})
            (out,) = self.session("vaeQuery").run(["logits"], {"points": inputs["points"], "kv": kv})
            return out
        (graph,) = case["graphs"]
        (out,) = self.session(graph).run([case["output"]], inputs)
        return out
