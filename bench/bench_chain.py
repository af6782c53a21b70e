"""Per-step overhead of the discrete-chain loop (`ddpm.run_chain`): today's loop against the old per-step route, same run.

The old route (kept here as `old_sample`, a copy of `run_chain` as it was before the per-call coefficient tables) called
`chain.p_mean_var` at every step: about ten `DDPM.extract` gathers (index, cast, reshape) for x0, eps, the posterior
mean and the variance, plus DDIM's own two. Today's loop reads every coefficient of a step from rows made once per
sampler call (0-d tensors in x's dtype, on x's device), so a step only does the arithmetic.

A trivial model (one multiply) on a 16x3x32x32 batch, one torch thread, a respaced chain of 50 steps of a T=1000 linear
chain (clip=True, as for images): the time measured is the loop's own (Python, tensor bookkeeping). Prints the median
CPU time per step of each route for ancestral sampling and DDIM (eta 0), the ratio old / new (> 1: the new loop is
cheaper), and the largest difference of the two results (the same arithmetic: 0 up to rounding).

    OMP_NUM_THREADS=1 python bench/bench_chain.py [--repeats 20] [--steps 50] [--batch 16]
"""
import argparse, statistics, sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
import torch
from diffusion_notes.core import num_threads, randn_like
from diffusion_notes.ddpm import DDPM, sample_chain_ancestral, _finite_guard, _check_sums
from diffusion_notes.respacing import respace, sample_chain_ddim

def eps_model(x, t): return x * 0.1    # trivial eps(x_t, t): one elementwise kernel

@torch.no_grad()
def old_sample(chain, model, x, kind='ancestral', var='small', clip=False, eta=0., generator=None, check_finite=True):
    "The old route: `p_mean_var` at every step (each coefficient gathered with `extract`), then the update's formula."
    step_no = [0]
    net, sums = _finite_guard(model, step_no, check_finite, {})
    tmap = getattr(chain, 'timestep_map', None)
    t_net = list(range(chain.T)) if tmap is None else tmap.tolist()
    describe = lambda k: f"{k} (t={t_net[chain.T - 1 - k]})"
    ts = torch.arange(chain.T, device=x.device)
    with chain._sampling():
        for k, i in enumerate(range(chain.T - 1, -1, -1)):
            step_no[0] = k
            t = ts[i].expand(x.shape[0])
            out = chain.p_mean_var(net, x, t, var=var, clip=clip)
            if kind == 'ancestral':
                x = out['mean'] + (0.5 * out['log_var']).exp() * randn_like(x, generator) if i > 0 else out['mean']
            else:
                ab, ab_prev = chain.extract(chain.alpha_bar, t, x), chain.extract(chain.alpha_bar_prev, t, x)
                sigma = eta * ((1 - ab_prev) / (1 - ab) * (1 - ab / ab_prev)).sqrt()
                mean = ab_prev.sqrt() * out['x0'] + (1 - ab_prev - sigma ** 2).clamp(min=0).sqrt() * out['eps']
                x = mean + sigma * randn_like(x, generator) if i > 0 and eta > 0 else mean
            if (k + 1) % 16 == 0: _check_sums(sums, describe)
    _check_sums(sums, describe)
    return x

def cpu_time(fn, repeats):
    "Median process-CPU time of fn() over `repeats` runs (after one warm-up), and its last result."
    out = fn(); ts = []
    for _ in range(repeats):
        t0 = time.process_time(); out = fn(); ts.append(time.process_time() - t0)
    return statistics.median(ts), out

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--repeats', type=int, default=20)
    p.add_argument('--steps', type=int, default=50, help='steps of the respaced chain')
    p.add_argument('--batch', type=int, default=16)
    a = p.parse_args()
    with num_threads(1):
        chain = respace(DDPM('linear', T=1000), str(a.steps))
        x = torch.randn(a.batch, 3, 32, 32, generator=torch.Generator().manual_seed(0))
        g = lambda: torch.Generator().manual_seed(1)
        runs = {
            'ancestral': (lambda: sample_chain_ancestral(chain, eps_model, x, generator=g(), clip=True),
                          lambda: old_sample(chain, eps_model, x, 'ancestral', clip=True, generator=g())),
            'DDIM eta=0': (lambda: sample_chain_ddim(chain, eps_model, x, clip=True),
                           lambda: old_sample(chain, eps_model, x, 'ddim', clip=True)),
        }
        print(f"trivial model, batch {a.batch}x3x32x32, {a.steps}-step respaced chain, clip=True, 1 thread, torch {torch.__version__}")
        print(f"{'':>12} {'old us/step':>12} {'new us/step':>12} {'old/new':>8} {'max |new - old|':>16}")
        for name, (new, old) in runs.items():
            t_old, x_old = cpu_time(old, a.repeats)
            t_new, x_new = cpu_time(new, a.repeats)
            print(f"{name:>12} {1e6 * t_old / a.steps:12.1f} {1e6 * t_new / a.steps:12.1f} {t_old / t_new:8.2f}x "
                  f"{(x_new - x_old).abs().max().item():16.2e}")

if __name__ == '__main__':
    main()
