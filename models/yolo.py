NAME = "yolo"
DESCRIPTION = ("YOLOv8s-shaped detector (CSP backbone with C2f blocks, SPPF, PAN neck, decoupled anchor-free head), "
               "640x640, fp16, channels-last, random weights")
BATCH = 8
SEQ = 640
WIDTH = 0.50   # YOLOv8s scales
DEPTH = 0.33


def build(batch=BATCH, seq=SEQ):
    import math

    import torch
    import torch.nn as nn
    from _common import vision

    def ch(c):
        return max(16, int(math.ceil(c * WIDTH / 8) * 8))

    def n(d):
        return max(1, round(d * DEPTH))

    class Conv(nn.Sequential):
        def __init__(self, c1, c2, k=1, s=1):
            super().__init__(nn.Conv2d(c1, c2, k, s, k // 2, bias=False), nn.BatchNorm2d(c2), nn.SiLU())

    class Bottleneck(nn.Module):
        def __init__(self, c, shortcut=True):
            super().__init__()
            self.cv1, self.cv2, self.add = Conv(c, c, 3), Conv(c, c, 3), shortcut

        def forward(self, x):
            y = self.cv2(self.cv1(x))
            return x + y if self.add else y

    class C2f(nn.Module):
        def __init__(self, c1, c2, reps, shortcut=True):
            super().__init__()
            self.c = c2 // 2
            self.cv1 = Conv(c1, 2 * self.c)
            self.cv2 = Conv((2 + reps) * self.c, c2)
            self.m = nn.ModuleList(Bottleneck(self.c, shortcut) for _ in range(reps))

        def forward(self, x):
            y = list(self.cv1(x).chunk(2, 1))
            for m in self.m:
                y.append(m(y[-1]))
            return self.cv2(torch.cat(y, 1))

    class SPPF(nn.Module):
        def __init__(self, c1, c2):
            super().__init__()
            self.cv1, self.cv2 = Conv(c1, c1 // 2), Conv(c1 * 2, c2)
            self.pool = nn.MaxPool2d(5, 1, 2)

        def forward(self, x):
            x = self.cv1(x)
            y1 = self.pool(x)
            y2 = self.pool(y1)
            return self.cv2(torch.cat([x, y1, y2, self.pool(y2)], 1))

    class Detect(nn.Module):
        def __init__(self, chs, nc=80, reg_max=16):
            super().__init__()
            c2, c3 = max(16, chs[0] // 4, reg_max * 4), max(chs[0], min(nc, 100))
            self.box = nn.ModuleList(nn.Sequential(Conv(c, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, 4 * reg_max, 1)) for c in chs)
            self.cls = nn.ModuleList(nn.Sequential(Conv(c, c3, 3), Conv(c3, c3, 3), nn.Conv2d(c3, nc, 1)) for c in chs)

        def forward(self, feats):
            outs = [torch.cat([b(f), c(f)], 1).flatten(2) for f, b, c in zip(feats, self.box, self.cls)]
            return torch.cat(outs, 2)

    class YOLOv8(nn.Module):
        def __init__(self):
            super().__init__()
            c64, c128, c256, c512, c1024 = ch(64), ch(128), ch(256), ch(512), ch(1024)
            self.stem = nn.Sequential(Conv(3, c64, 3, 2), Conv(c64, c128, 3, 2), C2f(c128, c128, n(3)))
            self.p3 = nn.Sequential(Conv(c128, c256, 3, 2), C2f(c256, c256, n(6)))
            self.p4 = nn.Sequential(Conv(c256, c512, 3, 2), C2f(c512, c512, n(6)))
            self.p5 = nn.Sequential(Conv(c512, c1024, 3, 2), C2f(c1024, c1024, n(3)), SPPF(c1024, c1024))
            self.up = nn.Upsample(scale_factor=2, mode="nearest")
            self.h1 = C2f(c1024 + c512, c512, n(3), False)
            self.h2 = C2f(c512 + c256, c256, n(3), False)
            self.d1, self.h3 = Conv(c256, c256, 3, 2), C2f(c256 + c512, c512, n(3), False)
            self.d2, self.h4 = Conv(c512, c512, 3, 2), C2f(c512 + c1024, c1024, n(3), False)
            self.detect = Detect((c256, c512, c1024))

        def forward(self, x):
            p3 = self.p3(self.stem(x))
            p4 = self.p4(p3)
            p5 = self.p5(p4)
            t4 = self.h1(torch.cat([self.up(p5), p4], 1))
            o3 = self.h2(torch.cat([self.up(t4), p3], 1))
            o4 = self.h3(torch.cat([self.d1(o3), t4], 1))
            o5 = self.h4(torch.cat([self.d2(o4), p5], 1))
            return self.detect([o3, o4, o5])

    return vision(YOLOv8(), batch, seq)
