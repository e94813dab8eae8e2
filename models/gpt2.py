NAME = "gpt2"
DESCRIPTION = "GPT-2 small (124M) prefill, fp16, random weights"
BATCH = 8
SEQ = 512


def build(batch=BATCH, seq=SEQ):
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel
    from _common import hf_prefill, make_on_gpu

    cfg = GPT2Config(n_positions=max(1024, seq))
    model = make_on_gpu(lambda: GPT2LMHeadModel(cfg), torch.float16)
    ids = torch.randint(0, cfg.vocab_size, (batch, seq), device="cuda")
    return hf_prefill(model, ids)
