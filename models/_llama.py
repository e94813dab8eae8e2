"""Llama-shaped configs (random weights)."""
LLAMA_1B = dict(vocab_size=128256, hidden_size=2048, intermediate_size=8192, num_hidden_layers=16,
                num_attention_heads=32, num_key_value_heads=8, head_dim=64, tie_word_embeddings=True)
LLAMA_8B = dict(vocab_size=128256, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                num_attention_heads=32, num_key_value_heads=8, head_dim=128, tie_word_embeddings=False)


def llama_prefill(shape, batch, seq, dtype):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM
    from _common import hf_prefill, make_on_gpu

    cfg = LlamaConfig(max_position_embeddings=max(4096, seq), rope_theta=500000.0, **shape)
    model = make_on_gpu(lambda: LlamaForCausalLM(cfg), getattr(torch, dtype))
    ids = torch.randint(0, cfg.vocab_size, (batch, seq), device="cuda")
    return hf_prefill(model, ids)
