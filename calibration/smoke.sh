#!/usr/bin/env bash
# First look at a GPU host: tools, GPM support, and a small co-run set through the real runner.
set -u
OUT=${OUT:-/tmp/coloc-smoke}
mkdir -p "$OUT"
{
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv
  which ncu nvidia-cuda-mps-control; ncu --version | tail -1
  python3 -c "import torch, transformers, torchvision, timm; print(torch.__version__, torch.version.cuda, transformers.__version__, torchvision.__version__, timm.__version__)"
  python3 -c "
import pynvml as N; N.nvmlInit(); h=N.nvmlDeviceGetHandleByIndex(0)
print('gpm support', N.nvmlGpmQueryDeviceSupport(h).isSupportedDevice)"
  nproc
} > "$OUT/env.txt" 2>&1
cat "$OUT/env.txt"
