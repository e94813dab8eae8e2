"""A user's own workload, written for validation: not one of coloc's catalog workloads.
It only uses the public interface: build() returns a zero-argument callable running one request on the GPU."""
import torch

NAME = "qwen2-0.5b"
DESCRIPTION = "Qwen2-0.5B-shaped prefill (HF Qwen2ForCausalLM), batch 4 x 512 tokens, bf16, random weights"
BATCH = 4
SEQ = 512


def build(batch=BATCH, seq=SEQ):
    from transformers import Qwen2Config, Qwen2ForCausalLM

    cfg = Qwen2Config(vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                      num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=max(4096, seq),
                      tie_word_embeddings=True)
    torch.set_default_dtype(torch.bfloat16)
    try:
        with torch.device("cuda"):
            model = Qwen2ForCausalLM(cfg)
    finally:
        torch.set_default_dtype(torch.float32)
    model = model.to(torch.bfloat16).eval()
    ids = torch.randint(0, cfg.vocab_size, (batch, seq), device="cuda")

    # A serving engine's prefill: write the KV cache, compute logits for the last token only.
    @torch.inference_mode()
    def run():
        return model(input_ids=ids, use_cache=True, logits_to_keep=1).logits

    return run
