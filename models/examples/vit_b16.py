"""A user's own workload, written for validation: not one of coloc's catalog workloads.
It only uses the public interface: build() returns a zero-argument callable running one request on the GPU."""
import torch

NAME = "vit-b16"
DESCRIPTION = "ViT-Base/16 image classifier (timm), 224x224, batch 32, fp16, random weights"
BATCH = 32   # optional: coloc keys measurements by model, batch size and sequence length (here the image side)
SEQ = 224


def build():
    import timm

    model = timm.create_model("vit_base_patch16_224", pretrained=False).to("cuda", torch.float16).eval()
    x = torch.randn(BATCH, 3, SEQ, SEQ, device="cuda", dtype=torch.float16)

    @torch.inference_mode()
    def run():
        return model(x)

    return run
