NAME = "mobilenet"
DESCRIPTION = "MobileNetV3-large image classifier (torchvision), 224x224, fp16, channels-last, random weights"
BATCH = 64
SEQ = 224


def build(batch=BATCH, seq=SEQ):
    import torchvision
    from _common import vision
    return vision(torchvision.models.mobilenet_v3_large(weights=None), batch, seq)
