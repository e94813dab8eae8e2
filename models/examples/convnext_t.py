"""A user's own workload, written for validation: not one of coloc's catalog workloads.
It only uses the public interface: build() returns a zero-argument callable running one request on the GPU."""
import torch

NAME = "convnext-t"
DESCRIPTION = "ConvNeXt-Tiny image classifier (timm), 224x224, batch 32, fp16 channels-last, random weights"
BATCH = 32
SEQ = 224


def build(batch=BATCH, seq=SEQ):
    import timm

    model = timm.create_model("convnext_tiny", pretrained=False)
    model = model.to("cuda", torch.float16, memory_format=torch.channels_last).eval()
    x = torch.randn(batch, 3, seq, seq, device="cuda", dtype=torch.float16).to(memory_format=torch.channels_last)

    @torch.inference_mode()
    def run():
        return model(x)

    return run
