"""A user's own workload, written for validation: not one of coloc's catalog workloads.
It only uses the public interface: build() returns a zero-argument callable running one request on the GPU."""
import torch

NAME = "vit-b16"
DESCRIPTION = "ViT-Base/16 image classifier (timm), 224x224, batch 32, fp16, random weights"


def build():
    import timm

    model = timm.create_model("vit_base_patch16_224", pretrained=False).to("cuda", torch.float16).eval()
    x = torch.randn(32, 3, 224, 224, device="cuda", dtype=torch.float16)

    @torch.inference_mode()
    def run():
        return model(x)

    return run
