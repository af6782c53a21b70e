"""Bits/dim evaluation: diffusion_notes.vlb.nll_bpd (chunks of (image, t) pairs) vs nll_bpd_loop (one pass per t).

Same model (the digits UNet with a learned variance, random weights), same images, same noise for every
(image, t) pair; both timed in this one run (best of --reps), throughput in (image, t) pairs per second, the
bits/dim of both and their largest difference printed together, for several numbers of images. Not a test: run
it by hand.

The loop makes T passes of N images, so it is only as efficient as a batch of N; the chunked version makes
passes of --batch-size pairs whatever N is. The gain is therefore largest for few images (improved-diffusion's
image_nll.py evaluates one image at a time) and shrinks once N alone fills the network's efficient batch size.

    python bench/bench_vlb.py [--n 1 8 32] [--T 1000] [--batch-size 128] [--reps 2] [--threads N] [--dtype float32]
"""
import argparse, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import torch
from diffusion_notes.datasets import digits
from diffusion_notes.nets import unet
from diffusion_notes.iddpm import LearnedVarDDPM
from diffusion_notes.vlb import nll_bpd, nll_bpd_loop


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, nargs='+', default=[1, 8, 32], help='numbers of test images evaluated (one comparison each)')
    p.add_argument('--T', type=int, default=1000, help='diffusion steps (cosine schedule)')
    p.add_argument('--batch-size', type=int, default=128, help='(image, t) pairs per forward pass in nll_bpd')
    p.add_argument('--reps', type=int, default=2, help='timed repetitions of each method (best is reported)')
    p.add_argument('--threads', type=int, default=None, help='torch threads (default: leave torch\'s setting)')
    p.add_argument('--dtype', default='float32', choices=['float32', 'float64'],
                   help='model and data dtype')
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    dtype = getattr(torch, a.dtype)
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = unet('digits', out_ch=2).eval()
        torch.nn.init.normal_(model.out[-1].weight, std=0.02)  # the output conv starts at zero; make the model non-trivial
    model = model.to(dtype)
    ddpm = LearnedVarDDPM('cosine', T=a.T)
    data = digits('test')
    print(f"digits test images, T={a.T} cosine steps, {a.dtype}, torch threads={torch.get_num_threads()}")
    ok = True
    for n in a.n: ok &= compare(ddpm, model, data.x[:n].to(dtype), data.grey_levels, a)
    print('OK' if ok else 'FAILED')
    return 0 if ok else 1


def compare(ddpm, model, x0, grey_levels, a):
    n = len(x0)
    noise = torch.randn(n, a.T, *x0.shape[1:], generator=torch.Generator().manual_seed(1), dtype=x0.dtype)
    kw = dict(var='learned_range', grey_levels=grey_levels, noise=noise)
    pairs = n * a.T
    nll_bpd(ddpm, model, x0[:1], **{**kw, 'noise': noise[:1]}, batch_size=a.batch_size)  # warm up
    t_vec, t_loop = [], []
    for _ in range(a.reps):
        t = time.perf_counter(); vec = nll_bpd(ddpm, model, x0, batch_size=a.batch_size, **kw); t_vec.append(time.perf_counter() - t)
        t = time.perf_counter(); ref = nll_bpd_loop(ddpm, model, x0, **kw); t_loop.append(time.perf_counter() - t)
    diff = max((vec[k] - ref[k]).abs().max().item() for k in ('total', 'terms'))
    ok = diff <= 1e-6 and min(t_vec) < min(t_loop)
    print(f"N={n:>3} images, {pairs} (image, t) pairs, bits/dim {vec['total'].mean():.6f} (chunked) {ref['total'].mean():.6f} (loop)")
    print(f"      loop    ({a.T} passes of {n:>3}):  {min(t_loop):7.2f} s {pairs / min(t_loop):8.0f} pairs/s")
    print(f"      chunked ({-(-pairs // a.batch_size):>4} passes of <= {a.batch_size}): {min(t_vec):7.2f} s {pairs / min(t_vec):8.0f} pairs/s")
    print(f"      largest difference {diff:.1e} bits/dim (required <= 1e-6); speed-up {min(t_loop) / min(t_vec):.2f}x (required > 1)"
          f" -> {'OK' if ok else 'FAILED'}")
    return ok


if __name__ == '__main__':
    sys.exit(main())
