NAME = "llama8b"
DESCRIPTION = "Llama-3.1-8B-shaped prefill (HF LlamaForCausalLM), fp16, random weights"
BATCH = 1
SEQ = 512


def build(batch=BATCH, seq=SEQ):
    from _llama import LLAMA_8B, llama_prefill
    return llama_prefill(LLAMA_8B, batch, seq, "float16")
