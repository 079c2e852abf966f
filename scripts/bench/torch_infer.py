"""PyTorch CPU twins of Latent Lab's inference networks, for `npm run bench:infer` (latency).

The colour denoiser (10 conv 3x3 layers, 32 features, residual output) on a whole image, the
phone-sized fast stylizer, and the DCGAN generator (latent 100) producing a batch. Weights are random: latency does not depend on them.
Single thread (OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(1)), eval mode, no autograd.

  python3 scripts/bench/torch_infer.py --runs 5
Prints one JSON object: {"torch": version, "<case>": {"ms": [..], "p50": .., "p95": ..}}.
"""
import argparse
import json
import time

import torch
import torch.nn as nn


def denoiser(channels=3, depth=10, features=32):
    layers = [nn.Conv2d(channels, features, 3, padding=1), nn.ReLU()]
    for _ in range(depth - 2):
        layers += [nn.Conv2d(features, features, 3, padding=1), nn.ReLU()]
    layers.append(nn.Conv2d(features, channels, 3, padding=1))
    return nn.Sequential(*layers).eval()


def generator(latent=100):
    return nn.Sequential(nn.Linear(latent, 7 * 7 * 128, bias=False), nn.BatchNorm1d(7 * 7 * 128), nn.ReLU(),
                         nn.Unflatten(1, (128, 7, 7)),
                         nn.ConvTranspose2d(128, 64, 5, 2, 2, output_padding=1, bias=False),
                         nn.BatchNorm2d(64), nn.ReLU(),
                         nn.ConvTranspose2d(64, 1, 5, 2, 2, output_padding=1), nn.Tanh()).eval()


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3, bias=False), nn.InstanceNorm2d(c, affine=True),
                                  nn.ReLU(), nn.ReflectionPad2d(1), nn.Conv2d(c, c, 3, bias=False),
                                  nn.InstanceNorm2d(c, affine=True))

    def forward(self, x):
        return x + self.body(x)


def stylizer(c=16, blocks=3):
    """The phone-sized fast stylizer of src/lib/ml/models/stylizer (Johnson et al. with instance norm)."""
    def block(cin, cout, k, stride=1):
        return [nn.ReflectionPad2d(k // 2), nn.Conv2d(cin, cout, k, stride, bias=False),
                nn.InstanceNorm2d(cout, affine=True), nn.ReLU()]
    layers = block(3, c, 9) + block(c, 2 * c, 3, 2) + block(2 * c, 4 * c, 3, 2)
    layers += [Residual(4 * c) for _ in range(blocks)]
    layers += [nn.Upsample(scale_factor=2)] + block(4 * c, 2 * c, 3) + [nn.Upsample(scale_factor=2)] + block(2 * c, c, 3)
    layers += [nn.ReflectionPad2d(4), nn.Conv2d(c, 3, 9), nn.Sigmoid()]
    return nn.Sequential(*layers).eval()


def percentile(xs, q):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--runs', type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    den, gen, sty = denoiser(), generator(), stylizer()
    cases = {
        'denoise-256x256': (lambda x: x - den(x), torch.rand(1, 3, 256, 256), a.runs),
        'denoise-512x512': (lambda x: x - den(x), torch.rand(1, 3, 512, 512), a.runs),
        'denoise-2048x1536': (lambda x: x - den(x), torch.rand(1, 3, 1536, 2048), max(2, a.runs // 2)),
        'stylize-512x512': (sty, torch.rand(1, 3, 512, 512), a.runs),
        'stylize-1024x768': (sty, torch.rand(1, 3, 768, 1024), a.runs),
        'stylize-2048x1536': (sty, torch.rand(1, 3, 1536, 2048), max(2, a.runs // 2)),
        'generate-64': (gen, torch.randn(64, 100), a.runs * 4),
    }
    out = {'torch': torch.__version__}
    with torch.no_grad():
        for name, (fn, x, runs) in cases.items():
            fn(x)
            ms = []
            for _ in range(runs):
                t0 = time.perf_counter()
                fn(x)
                ms.append((time.perf_counter() - t0) * 1000)
            out[name] = {'ms': ms, 'p50': percentile(ms, 0.5), 'p95': percentile(ms, 0.95)}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
