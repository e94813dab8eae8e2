NAME = "bert"
DESCRIPTION = "BERT-base encoder (110M), fp16, random weights"
BATCH = 16
SEQ = 128


def build(batch=BATCH, seq=SEQ):
    import torch
    from transformers import BertConfig, BertModel
    from _common import hf_prefill, make_on_gpu

    cfg = BertConfig()
    model = make_on_gpu(lambda: BertModel(cfg, add_pooling_layer=False), torch.float16)
    ids = torch.randint(0, cfg.vocab_size, (batch, seq), device="cuda")
    return hf_prefill(model, ids)
