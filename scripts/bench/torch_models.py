"""PyTorch CPU twins of Latent Lab's default models, for `npm run bench` (training throughput).

Same layer sizes, activations, losses and optimisers as src/lib/ml/models (tfjs); data is random
in [0, 1] as in the tfjs benchmark (step cost does not depend on pixel values).
Run with OPENBLAS_NUM_THREADS=1 (the bench sets it) so BLAS and torch threads do not oversubscribe.

  python3 scripts/bench/torch_models.py --batch 64 --warmup 3 --seconds 10 [--models dense-ae,conv-ae,vae,dcgan]
Prints one JSON object: {model: {"steps": n, "seconds": s, "cpu_seconds": c, "samples_per_sec": r}}.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def dense_ae():
    m = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 32),
                      nn.Linear(32, 256), nn.ReLU(), nn.Linear(256, 784), nn.Sigmoid())
    opt = torch.optim.Adam(m.parameters(), 1e-3)

    def step(x):
        opt.zero_grad()
        loss = F.binary_cross_entropy(m(x), x.flatten(1))
        loss.backward()
        opt.step()
    return step


def conv_ae():
    enc = nn.Sequential(nn.Conv2d(1, 32, 3, 2, 1), nn.ReLU(), nn.Conv2d(32, 64, 3, 2, 1), nn.ReLU(),
                        nn.Flatten(), nn.Linear(7 * 7 * 64, 32))
    dec = nn.Sequential(nn.Linear(32, 7 * 7 * 64), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)),
                        nn.ConvTranspose2d(64, 32, 3, 2, 1, output_padding=1), nn.ReLU(),
                        nn.ConvTranspose2d(32, 1, 3, 2, 1, output_padding=1), nn.Sigmoid())
    m = nn.Sequential(enc, dec)
    opt = torch.optim.Adam(m.parameters(), 1e-3)

    def step(x):
        opt.zero_grad()
        loss = F.mse_loss(m(x), x)
        loss.backward()
        opt.step()
    return step


def vae():
    enc = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 4))
    dec = nn.Sequential(nn.Linear(2, 512), nn.ReLU(), nn.Linear(512, 784), nn.Sigmoid())
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), 1e-3)

    def step(x):
        opt.zero_grad()
        mu, log_var = enc(x).chunk(2, dim=1)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * log_var)
        rec = F.binary_cross_entropy(dec(z), x.flatten(1), reduction='none').sum(1).mean()
        kl = (-0.5 * (1 + log_var - mu ** 2 - log_var.exp()).sum(1)).mean()
        (rec + kl).backward()
        opt.step()
    return step


def dcgan():
    g = nn.Sequential(nn.Linear(100, 7 * 7 * 128, bias=False), nn.BatchNorm1d(7 * 7 * 128), nn.ReLU(),
                      nn.Unflatten(1, (128, 7, 7)),
                      nn.ConvTranspose2d(128, 64, 5, 2, 2, output_padding=1, bias=False),
                      nn.BatchNorm2d(64), nn.ReLU(),
                      nn.ConvTranspose2d(64, 1, 5, 2, 2, output_padding=1), nn.Tanh())
    d = nn.Sequential(nn.Conv2d(1, 64, 5, 2, 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
                      nn.Conv2d(64, 128, 5, 2, 2), nn.LeakyReLU(0.2), nn.Dropout(0.3),
                      nn.Flatten(), nn.Linear(7 * 7 * 128, 1))
    og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))

    def step(x):
        n = x.shape[0]
        real = x * 2 - 1
        fake = g(torch.randn(n, 100))
        od.zero_grad()
        ld = F.binary_cross_entropy_with_logits(d(real), torch.full((n, 1), 0.9)) + \
            F.binary_cross_entropy_with_logits(d(fake.detach()), torch.zeros(n, 1))
        ld.backward()
        od.step()
        og.zero_grad()
        lg = F.binary_cross_entropy_with_logits(d(fake), torch.ones(n, 1))
        lg.backward()
        og.step()
    return step


MODELS = {'dense-ae': dense_ae, 'conv-ae': conv_ae, 'vae': vae, 'dcgan': dcgan}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--seconds', type=float, default=10)
    p.add_argument('--models', default=','.join(MODELS))
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    out = {'torch': torch.__version__}
    for name in a.models.split(','):
        step = MODELS[name]()
        x = torch.rand(a.batch, 1, 28, 28)
        for _ in range(a.warmup):
            step(x)
        n = 0
        t0, c0 = time.perf_counter(), time.process_time()
        while time.perf_counter() - t0 < a.seconds or n < 3:
            step(x)
            n += 1
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        out[name] = {'steps': n, 'seconds': wall, 'cpu_seconds': cpu,
                     'samples_per_sec': n * a.batch / wall, 'samples_per_cpu_sec': n * a.batch / cpu}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
