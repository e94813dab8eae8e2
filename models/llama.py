NAME = "llama"
DESCRIPTION = "Llama-3.2-1B-shaped prefill (HF LlamaForCausalLM), bf16, random weights"
BATCH = 1
SEQ = 1024


def build(batch=BATCH, seq=SEQ):
    from _llama import LLAMA_1B, llama_prefill
    return llama_prefill(LLAMA_1B, batch, seq, "bfloat16")
