"""Fréchet distance: diffusion_notes.fid.frechet_distance vs pytorch-fid's calculate_frechet_distance.

Same float64 statistics (np.mean / np.cov of 2048-d post-ReLU features from 10k samples per set), both methods
timed in this one run (interleaved, best of --reps), values and the speed-up printed together.

    python bench/bench_fid.py [--n 10000] [--d 2048] [--reps 2] [--threads 1]

Both methods run with the same number of BLAS/LAPACK threads (torch, MKL and OpenBLAS alike), 1 by default: on a
machine shared with other jobs, multi-threaded LAPACK slows down erratically (2-4x on a busy 2-core box) and the ratio
becomes noise. `--threads 0` keeps the libraries' defaults.
"""
import argparse, os, sys, time, warnings
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--n', type=int, default=10_000, help='samples per set')
    p.add_argument('--d', type=int, default=2048, help='feature dimension')
    p.add_argument('--reps', type=int, default=2, help='timed repetitions of each method (best is reported)')
    p.add_argument('--threads', type=int, default=1, help='BLAS/LAPACK threads for both methods (0: library defaults)')
    return p.parse_args()


a = parse_args()
if a.threads:  # must be set before numpy/torch load their BLAS
    for v in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ[v] = str(a.threads)
import numpy as np, torch
from diffusion_notes.fid import frechet_distance
from pytorch_fid.fid_score import calculate_frechet_distance  # dev dependency


def relu_features(n, d, W, shift, gen):
    "Post-ReLU features with a decaying spectrum, like Inception pool3 features."
    return torch.relu(torch.randn(n, d, generator=gen, dtype=torch.float64) @ W + shift)


def main():
    if a.threads: torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(0)
    scale = torch.arange(1, a.d + 1, dtype=torch.float64).pow(-0.75)[:, None]
    W = torch.randn(a.d, a.d, generator=gen, dtype=torch.float64) * scale / a.d ** 0.5
    W2 = W + 0.05 * torch.randn(a.d, a.d, generator=gen, dtype=torch.float64) * scale / a.d ** 0.5
    stats = []
    for Wi, shift in ((W, 0.0), (W2, 0.02)):
        x = relu_features(a.n, a.d, Wi, shift, gen).numpy()
        stats.append((x.mean(0), np.cov(x, rowvar=False)))
    (mu1, s1), (mu2, s2) = stats
    print(f"statistics: d={a.d}, {a.n} samples per set, float64; torch threads={torch.get_num_threads()}")

    t_ours, t_ref = [], []
    frechet_distance(mu1[:8], s1[:8, :8], mu2[:8], s2[:8, :8])  # warm up LAPACK/threads
    for _ in range(a.reps):
        t = time.perf_counter(); fd_ours = frechet_distance(mu1, s1, mu2, s2); t_ours.append(time.perf_counter() - t)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)  # scipy>=1.16: sqrtm(disp=...) is deprecated
            t = time.perf_counter(); fd_ref = float(calculate_frechet_distance(mu1, s1, mu2, s2)); t_ref.append(time.perf_counter() - t)
    rel = abs(fd_ours - fd_ref) / abs(fd_ref)
    print(f"pytorch-fid calculate_frechet_distance (scipy sqrtm): FID {fd_ref:.10f}  time {min(t_ref):7.2f} s")
    print(f"diffusion_notes frechet_distance (cholesky+eigvalsh): FID {fd_ours:.10f}  time {min(t_ours):7.2f} s")
    print(f"relative difference {rel:.1e} (required <= 1e-6); speed-up {min(t_ref) / min(t_ours):.1f}x (required >= 10x)")


if __name__ == '__main__':
    main()
