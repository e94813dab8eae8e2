NAME = "llama-decode"
DESCRIPTION = "Llama-3.2-1B-shaped batched decode step: one new token for each of BATCH sequences against a KV cache of SEQ tokens, bf16"
BATCH = 32
SEQ = 1024


def build(batch=BATCH, seq=SEQ):
    import torch
    import torch.nn.functional as F
    from _common import make_on_gpu
    from _llama import LLAMA_1B as S

    hidden, inter, layers = S["hidden_size"], S["intermediate_size"], S["num_hidden_layers"]
    heads, kv_heads, hd = S["num_attention_heads"], S["num_key_value_heads"], S["head_dim"]
    dtype = torch.bfloat16

    class Layer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1 = torch.nn.RMSNorm(hidden)
            self.ln2 = torch.nn.RMSNorm(hidden)
            self.qkv = torch.nn.Linear(hidden, (heads + 2 * kv_heads) * hd, bias=False)
            self.o = torch.nn.Linear(heads * hd, hidden, bias=False)
            self.gate_up = torch.nn.Linear(hidden, 2 * inter, bias=False)
            self.down = torch.nn.Linear(inter, hidden, bias=False)
            # Static KV cache: the new token's K/V are written at position `seq - 1` (fixed shapes: graph-capturable).
            self.register_buffer("k", torch.randn(batch, kv_heads, seq, hd) * 0.1)
            self.register_buffer("v", torch.randn(batch, kv_heads, seq, hd) * 0.1)

        def forward(self, x):
            b = x.shape[0]
            q, k, v = self.qkv(self.ln1(x)).split([heads * hd, kv_heads * hd, kv_heads * hd], dim=-1)
            q = q.view(b, 1, heads, hd).transpose(1, 2)
            self.k[:, :, seq - 1:seq] = k.view(b, 1, kv_heads, hd).transpose(1, 2)
            self.v[:, :, seq - 1:seq] = v.view(b, 1, kv_heads, hd).transpose(1, 2)
            a = F.scaled_dot_product_attention(q, self.k, self.v, enable_gqa=True)
            x = x + self.o(a.transpose(1, 2).reshape(b, 1, heads * hd))
            g, u = self.gate_up(self.ln2(x)).chunk(2, dim=-1)
            return x + self.down(F.silu(g) * u)

    class Decoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = torch.nn.Embedding(S["vocab_size"], hidden)
            self.layers = torch.nn.ModuleList(Layer() for _ in range(layers))
            self.norm = torch.nn.RMSNorm(hidden)

        def forward(self, ids):
            x = self.embed(ids)
            for layer in self.layers:
                x = layer(x)
            logits = self.norm(x) @ self.embed.weight.t()  # tied LM head
            return logits.argmax(-1)

    model = make_on_gpu(Decoder, dtype)
    ids = torch.randint(0, S["vocab_size"], (batch, 1), device="cuda")

    @torch.inference_mode()
    def run():
        return model(ids)

    return run
