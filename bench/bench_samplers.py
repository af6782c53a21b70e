"""Per-call sampler overhead: our Euler/Heun against k-diffusion's and diffusers' step loops on the same sigmas.

A trivial model (one multiply) on a batch of 16x3x32x32, EDM's rho=7 sigmas with 50 steps, one torch thread, so the
time measured is the samplers' own (Python, tensor bookkeeping, validation). Ratios are peer time / our time
(>= 1.0 means ours is at least as fast). Also checks that our samplers equal k-diffusion's to 1e-6.

    OMP_NUM_THREADS=1 python bench/bench_samplers.py [--repeats 30]
"""
import argparse, math, statistics, time
import torch
from diffusion_notes.core import num_threads
from diffusion_notes.samplers import sample_euler, sample_heun, sigmas_edm
from diffusion_notes._nbsupport import k_diffusion_sampling

def denoiser(x, sigma): return x * 0.9          # trivial D(x; sigma): one elementwise kernel
def eps_model(x, t): return x * 0.1             # trivial eps(x; t) for diffusers' epsilon-prediction loop

def diffusers_loop(kind, sigmas):
    "A function running diffusers' Euler/Heun scheduler step loop on `sigmas` (None if diffusers is missing)."
    try: from diffusers import EulerDiscreteScheduler, HeunDiscreteScheduler
    except ImportError: return None
    s32 = sigmas.float()
    if kind == 'euler':
        sched = EulerDiscreteScheduler(num_train_timesteps=1000)
        def reset():
            sched.set_timesteps(sigmas=s32[:-1].tolist())
            sched.sigmas = s32.clone()                  # exactly our sequence, ending in 0
    else:
        sched = HeunDiscreteScheduler(num_train_timesteps=1000)
        def reset():
            sched.set_timesteps(len(s32) - 1)
            sched.sigmas = torch.cat([s32[:1], s32[1:-1].repeat_interleave(2), s32[-1:]])   # diffusers' Heun layout
            sched._step_index = None
    def run(x):
        for t in sched.timesteps:
            x_in = sched.scale_model_input(x, t)
            x = sched.step(eps_model(x_in, t), t, x).prev_sample
        return x
    return reset, run

def timeit(fn, reset=None, repeats=30):
    "Median wall time of fn() over `repeats` runs (after one warm-up)."
    if reset: reset()
    fn()
    ts = []
    for _ in range(repeats):
        if reset: reset()
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts)

def main(repeats=30, steps=50):
    with num_threads(1):
        sig = sigmas_edm(steps)
        g = torch.Generator().manual_seed(0)
        x = torch.randn(16, 3, 32, 32, generator=g) * sig[0].item()
        K = k_diffusion_sampling()
        rows = []
        for name, ours, n_eval in (('euler', sample_euler, steps), ('heun', sample_heun, 2 * steps - 1)):
            t_ours = timeit(lambda: ours(denoiser, x, sig), repeats=repeats)
            line = {'sampler': name, 'ours_ms': 1e3 * t_ours, 'per_eval_us': 1e6 * t_ours / n_eval}
            if K is not None:
                theirs = getattr(K, f'sample_{name}')
                sig32 = sig.float()
                line['k-diffusion'] = timeit(lambda: theirs(denoiser, x, sig32, disable=True), repeats=repeats) / t_ours
                # equality to 1e-6 (float64, a non-trivial denoiser so that every term matters)
                x64, D64 = x.double()[:4], (lambda x, s: x / (1 + s[:, None, None, None] ** 2))
                a, b = ours(D64, x64, sig), theirs(D64, x64, sig, disable=True)
                err = (a - b).abs().max().item()
                assert torch.allclose(a, b, rtol=1e-6, atol=1e-6), f"{name}: ours and k-diffusion differ by {err:.3g}"
                line['max|ours-kdiff|'] = err
            dl = diffusers_loop(name, sig)
            if dl is not None:
                reset, run = dl
                line['diffusers'] = timeit(lambda: run(x), reset, repeats) / t_ours
            rows.append(line)
    if K is None: print('k-diffusion not available:', k_diffusion_sampling.reason)
    for r in rows:
        peers = '  '.join(f"{k} {r[k]:.2f}x" for k in ('k-diffusion', 'diffusers') if k in r)
        eq = f"  max|ours - k-diffusion| = {r['max|ours-kdiff|']:.1e}" if 'max|ours-kdiff|' in r else ''
        print(f"{r['sampler']:<6} ours {r['ours_ms']:.2f} ms per call ({r['per_eval_us']:.0f} us per evaluation); "
              f"peer time / ours: {peers}{eq}")
    worst = min((r[k] for r in rows for k in ('k-diffusion', 'diffusers') if k in r), default=math.nan)
    print(f"target >= 1.0x against every peer: {'met' if worst >= 1.0 else 'NOT met'} (worst {worst:.2f}x)")
    return rows

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--repeats', type=int, default=30)
    p.add_argument('--steps', type=int, default=50)
    a = p.parse_args()
    main(a.repeats, a.steps)
