"""Helpers shared by the catalog workloads. A user's workload file needs none of this: it only has to define
build() returning a zero-argument callable that runs one inference request on the current CUDA device."""
import contextlib
import inspect

import torch


@contextlib.contextmanager
def default_dtype(dtype):
    prev = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(prev)


def make_on_gpu(factory, dtype):
    """Build a module directly on the GPU in `dtype` (random weights, nothing downloaded)."""
    with default_dtype(dtype), torch.device("cuda"):
        model = factory()
    return model.to(dtype).eval()


def hf_prefill(model, ids, **extra):
    """One prefill request of a HuggingFace model. Causal LMs write their KV cache and compute logits for the last
    token only (what a serving engine does); with a cache, transformers also skips its packed-sequence check, whose
    host sync would break CUDA-graph capture. Encoders keep no cache."""
    params = inspect.signature(model.forward).parameters
    kwargs = dict(input_ids=ids)
    causal_lm = "logits_to_keep" in params
    if "use_cache" in params:
        kwargs["use_cache"] = causal_lm
    if causal_lm:
        kwargs["logits_to_keep"] = 1
    kwargs.update(extra)

    @torch.inference_mode()
    def run():
        return model(**kwargs)[0]

    return run


def vision(model, batch, side, dtype=torch.float16):
    model = model.to(device="cuda", dtype=dtype, memory_format=torch.channels_last).eval()
    x = torch.randn(batch, 3, side, side, device="cuda", dtype=dtype).to(memory_format=torch.channels_last)

    @torch.inference_mode()
    def run():
        return model(x)

    return run
