NAME = "resnet50"
DESCRIPTION = "ResNet-50 image classifier (torchvision), 224x224, fp16, channels-last, random weights"
BATCH = 32
SEQ = 224


def build(batch=BATCH, seq=SEQ):
    import torchvision
    from _common import vision
    return vision(torchvision.models.resnet50(weights=None), batch, seq)
