NAME = "deepseek"
DESCRIPTION = ("DeepSeek-V3-shaped mixture-of-experts block stack (hidden 7168, 64 routed experts of 2048 with top-8 "
               "routing + 1 shared expert, 56-head attention), bf16, fixed-capacity sort-based dispatch so it captures in a CUDA graph")
BATCH = 1
SEQ = 512
LAYERS = 4
EXPERTS = 64
TOP_K = 8
HIDDEN = 7168
EXPERT_INTER = 2048
HEADS = 56


def build(batch=BATCH, seq=SEQ):
    import torch
    import torch.nn.functional as F
    from _common import make_on_gpu

    tokens = batch * seq
    capacity = max(8, 2 * tokens * TOP_K // EXPERTS)  # capacity factor 2
    hd = HIDDEN // HEADS

    class MoE(torch.nn.Module):
        """Top-k routed experts with a static per-expert capacity: every shape is fixed, no host sync."""

        def __init__(self):
            super().__init__()
            self.router = torch.nn.Linear(HIDDEN, EXPERTS, bias=False)
            self.w_in = torch.nn.Parameter(torch.randn(EXPERTS, HIDDEN, 2 * EXPERT_INTER) * HIDDEN ** -0.5)
            self.w_out = torch.nn.Parameter(torch.randn(EXPERTS, EXPERT_INTER, HIDDEN) * EXPERT_INTER ** -0.5)
            self.shared_in = torch.nn.Linear(HIDDEN, 2 * EXPERT_INTER, bias=False)
            self.shared_out = torch.nn.Linear(EXPERT_INTER, HIDDEN, bias=False)

        def forward(self, x):  # x: [T, H]
            t = x.shape[0]
            scores = self.router(x).float().sigmoid()
            weight, expert = scores.topk(TOP_K, dim=-1)
            weight = (weight / weight.sum(-1, keepdim=True)).to(x.dtype)
            flat = expert.reshape(-1)                                   # [T*k]
            # Each routed token's position within its expert, from a stable sort of the expert ids and each
            # expert's start (as a fused MoE's align step does), not a cumulative sum over the T*k x E one-hot
            # matrix, which PyTorch runs as one 64-thread block for 0.76 ms (benchmarks/experiments/moe-dispatch).
            order = torch.sort(flat, stable=True).indices
            counts = F.one_hot(flat, EXPERTS).sum(0)                    # [E]
            starts = counts.cumsum(0) - counts
            pos = torch.empty_like(flat).scatter_(0, order, torch.arange(flat.numel(), device=flat.device) - starts[flat[order]])
            keep = pos < capacity
            slot = torch.where(keep, flat * capacity + pos, torch.full_like(pos, EXPERTS * capacity))
            buf = x.new_zeros(EXPERTS * capacity + 1, HIDDEN)
            buf.index_copy_(0, slot, x.repeat_interleave(TOP_K, dim=0))
            h = torch.bmm(buf[:-1].view(EXPERTS, capacity, HIDDEN), self.w_in)
            g, u = h.chunk(2, dim=-1)
            y = torch.bmm(F.silu(g) * u, self.w_out).view(EXPERTS * capacity, HIDDEN)
            y = torch.cat([y, y.new_zeros(1, HIDDEN)])[slot] * (weight.reshape(-1, 1) * keep[:, None])
            sg, su = self.shared_in(x).chunk(2, dim=-1)
            return y.view(t, TOP_K, HIDDEN).sum(1) + self.shared_out(F.silu(sg) * su)

    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1 = torch.nn.RMSNorm(HIDDEN)
            self.ln2 = torch.nn.RMSNorm(HIDDEN)
            self.qkv = torch.nn.Linear(HIDDEN, 3 * HIDDEN, bias=False)
            self.o = torch.nn.Linear(HIDDEN, HIDDEN, bias=False)
            self.moe = MoE()

        def forward(self, x):  # [B, S, H]
            b, s, _ = x.shape
            q, k, v = self.qkv(self.ln1(x)).view(b, s, 3, HEADS, hd).permute(2, 0, 3, 1, 4)
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + self.o(a.transpose(1, 2).reshape(b, s, HIDDEN))
            return x + self.moe(self.ln2(x).view(b * s, HIDDEN)).view(b, s, HIDDEN)

    class Stack(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = torch.nn.ModuleList(Block() for _ in range(LAYERS))

        def forward(self, x):
            for blk in self.blocks:
                x = blk(x)
            return x

    model = make_on_gpu(Stack, torch.bfloat16)
    x = torch.randn(batch, seq, HIDDEN, device="cuda", dtype=torch.bfloat16)

    @torch.inference_mode()
    def run():
        return model(x)

    return run
