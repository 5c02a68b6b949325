"""DRY RUN ONLY (dry-run.sh puts this folder on PYTHONPATH): lets upstream's modules run on Debian's
PyTorch 1.13, the only PyTorch this CPU machine can install. diffusers touches a few torch 2 names at
import (float8 dtypes), and the TripoSG/PartCrafter processors need F.scaled_dot_product_attention,
which 1.13 lacks: here it is the plain softmax(q·kᵀ/√d)·v that SDPA computes for these calls (no mask,
no dropout, not causal, default scale). Nothing here is used on the device machine."""

import math

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # not a torch interpreter: nothing to fill in
    torch = None

if torch is not None and not hasattr(F, "scaled_dot_product_attention"):
    for name in ("float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz"):
        if not hasattr(torch, name):
            setattr(torch, name, torch.float16)  # only compared against, never computed in
    for name in ("uint16", "uint32", "uint64"):
        if not hasattr(torch, name):
            setattr(torch, name, torch.int32)

    def scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
        if attn_mask is not None or dropout_p or is_causal:
            raise NotImplementedError("dry-run SDPA: only the unmasked, dropout-free form upstream uses here")
        s = (q @ k.transpose(-1, -2)) * (scale if scale is not None else 1 / math.sqrt(q.shape[-1]))
        return torch.softmax(s, dim=-1) @ v

    F.scaled_dot_product_attention = scaled_dot_product_attention
    print("[dry run] torch 1.13: float8 names and a math scaled_dot_product_attention filled in", flush=True)
